#!/usr/bin/env bash
# Set up profiler in .venv/ on a fresh Debian machine: system libraries WeasyPrint needs
# (Pango, fonts), poppler-utils for PDF checks, then the package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

# ldconfig lives in /sbin, which is not on an ordinary user's PATH on Debian: without this
# every library looked missing to a non-root user and setup stopped asking for root.
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig)
libraries=$("$LDCONFIG" -p 2>/dev/null || true)
need_apt=()
grep -q 'libpango-1.0.so' <<<"$libraries" || need_apt+=(libpango-1.0-0)
grep -q 'libpangoft2-1.0.so' <<<"$libraries" || need_apt+=(libpangoft2-1.0-0)
grep -q 'libharfbuzz-subset.so' <<<"$libraries" || need_apt+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi 'DejaVuSans' || need_apt+=(fonts-dejavu-core fontconfig)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v bcftools >/dev/null || need_apt+=(bcftools)
command -v tabix >/dev/null || need_apt+=(tabix)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing system packages (${need_apt[*]}); run as root or install them" >&2
    exit 1
  fi
  echo "setup: installing ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
.venv/bin/profiler --version >&2
