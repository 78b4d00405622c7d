"""Opening a VCF with cyvcf2, and its index: read once, only when regions are read.

While htslib reads the header of a bgzipped VCF it also reads the .tbi beside it, to add
the contigs the index lists and the header lacks; cyvcf2 then reads the .tbi again for
the first region query. For a whole-genome index that is ~0.03 s each time. When the
header already declares every contig the index lists, that first reading changes
nothing: the header is then read through a link in a temporary folder, where htslib
finds no index, and the index is read once, when regions are read (never, when the
whole file is). Anything unexpected means opening the file as before.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import re
import struct
import tempfile
import zlib
from pathlib import Path

from profiler.errors import InputError

log = logging.getLogger(__name__)


def find_index(path: Path, *, quiet: bool = False) -> Path | None:
    """A usable .tbi/.csi next to the file; a stale index (older than the data) is ignored."""
    for suffix in (".tbi", ".csi"):
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            if candidate.stat().st_mtime < path.stat().st_mtime:
                if not quiet:
                    log.warning("%s: index %s is older than the file; not used", path, candidate)
                return None
            return candidate
    return None


def open_vcf_file(path: Path):
    """cyvcf2.VCF(path), as every reader opened it: htslib finds the index beside it."""
    from cyvcf2 import VCF

    try:
        return VCF(str(path), lazy=True)
    except (OSError, Exception) as exc:  # cyvcf2 raises bare Exception on unreadable headers
        raise InputError(f"not a readable VCF or BCF ({exc})", path=path) from exc


def open_with_index_deferred(path: Path, text: str | None) -> tuple[object, frozenset[str] | None]:
    """The cyvcf2 VCF, and the .tbi's contigs when it was opened without reading them."""
    index = find_index(path, quiet=True)  # open_vcf logs a stale one, as it always has
    if text == "gzip" and index is not None and index.suffix == ".tbi":
        contigs = _tbi_contigs(index)
        # the header's text first, so that a file opened as before is opened only once
        # (htslib's warnings about its header would otherwise be printed twice)
        if contigs and _contig_lines(path) >= contigs:
            vcf = _open_without_index(path)
            if vcf is not None and _declared_contigs(vcf) >= contigs:
                return vcf, contigs
    return open_vcf_file(path), None


def _open_without_index(path: Path):
    """cyvcf2.VCF through a link in a temporary folder, where htslib finds no index."""
    from cyvcf2 import VCF

    try:
        folder = tempfile.mkdtemp(prefix="profiler-")
    except OSError:
        return None
    link = os.path.join(folder, path.name)
    try:
        try:
            os.symlink(os.path.abspath(path), link)
        except OSError:  # no symlinks here: open it as before
            return None
        try:
            return VCF(link, lazy=True)
        except Exception as exc:  # cyvcf2 raises bare Exception on unreadable headers
            if folder in str(exc):
                return None  # its message names the link: open it as before, for the name
            # htslib has said why on stderr already: opening it again would say it twice
            raise InputError(f"not a readable VCF or BCF ({exc})", path=path) from exc
    finally:  # htslib holds the file open: the link is no longer needed
        with contextlib.suppress(OSError):
            os.unlink(link)
        with contextlib.suppress(OSError):
            os.rmdir(folder)


_CONTIG_LINE = re.compile(rb"##contig=<ID=([^,>]+)[,>]")


def _contig_lines(path: Path) -> frozenset[str]:
    """The IDs of the header's plain `##contig=<ID=...` lines, read from the text."""
    ids = set()
    try:
        with gzip.open(path, "rb") as handle:
            for line in handle:
                if not line.startswith(b"##"):
                    break
                m = _CONTIG_LINE.match(line)
                if m:
                    ids.add(m.group(1).decode("utf-8", "replace"))
    except (OSError, EOFError, zlib.error):
        return frozenset()
    return frozenset(ids)


def _declared_contigs(vcf) -> frozenset[str]:
    """The IDs of the header's ##contig records, as htslib looks them up."""
    return frozenset(
        str(record.info().get("ID", "")) for record in vcf.header_iter() if record.type == "CONTIG"
    )


def _tbi_contigs(index: Path) -> frozenset[str] | None:
    """The contig names a tabix index lists (they open the file), or None if unreadable."""
    try:
        with gzip.open(index, "rb") as handle:
            head = handle.read(36)
            if len(head) != 36 or head[:4] != b"TBI\x01":
                return None
            n_ref, *_, names_length = struct.unpack("<8i", head[4:])
            names = handle.read(names_length) if names_length >= 0 else b""
    except (OSError, EOFError, zlib.error, struct.error):
        return None
    if len(names) != names_length or not names.endswith(b"\0"):
        return None
    listed = names[:-1].split(b"\0")
    if len(listed) != n_ref:
        return None
    try:
        return frozenset(name.decode() for name in listed)
    except UnicodeDecodeError:
        return None
