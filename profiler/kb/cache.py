"""Remembered KB validations: "these exact bytes were valid", and what they parsed to.

A marker file in `${XDG_CACHE_HOME:-~/.cache}/profiler/` is named by a SHA-256 over the
bytes of every KB file, the schema, the modules that validate (kb/loader.py, schemas.py)
and the profiler, jsonschema and PyYAML versions. Only a valid result is ever written, so
a KB that fails validation is refused on every run and any edit validates afresh. Beside
the marker the parsed document is kept (marshal, with a SHA-256 of its bytes); a missing,
damaged or foreign copy only means parsing the YAML again. PROFILER_NO_KB_CACHE=1 turns
all of this off; an unwritable cache directory means validating every time.

Why it is kept (measured after jsonschema became the only validator, one run, best of 5,
2-CPU AMD EPYC, Python 3.11, jsonschema 4.26): the indexed JSON-only demo report takes
0.41 s whole-process with the cache warm and 0.66 s with PROFILER_NO_KB_CACHE=1, a saving
of 0.26 s (0.20 to 0.26 s in 11 of 12 repeated runs, 0.15 s once with another job on the
machine: a narrow margin). Most of it is jsonschema validating the KB (~0.18 s); importing
PyYAML and parsing the KB is ~0.04 s. Remove the cache if that saving falls below 0.2 s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from profiler import __version__
from profiler.resources import schema_path

log = logging.getLogger(__name__)

_VALIDATING_MODULES = (
    Path(__file__).with_name("loader.py"),
    Path(__file__).parents[1] / "schemas.py",
)


_MARKER_FORMAT = "profiler-kb-valid/1"


def _cache_dir() -> Path | None:
    if os.environ.get("PROFILER_NO_KB_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return root / "profiler"


def validity_marker(files: dict[str, bytes]) -> Path | None:
    """The marker file that stands for "these exact bytes validated", or None (no cache)."""
    directory = _cache_dir()
    if directory is None:
        return None
    jsonschema_version = _distribution_version("jsonschema")
    if jsonschema_version is None:  # no cache rather than a wrong one
        return None
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    yaml_version = _distribution_version("yaml", "PyYAML")
    if yaml_version is None:  # no dist-info to read it from: ask PyYAML itself
        import yaml

        yaml_version = yaml.__version__
    part("format", _MARKER_FORMAT.encode())
    part("versions", f"{__version__} {jsonschema_version} {yaml_version}".encode())
    part("loader", ("CSafeLoader" if _has_libyaml() else "SafeLoader").encode())
    try:
        for module in _VALIDATING_MODULES:
            part(module.name, module.read_bytes())
        part("schema", schema_path("knowledgebase").read_bytes())
    except OSError:
        return None
    for stem, data in files.items():
        part(stem, data)
    return directory / f"kb-valid-{digest.hexdigest()}.json"


def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _distribution_version(module: str, distribution: str | None = None) -> str | None:
    """The installed version of a package, from its dist-info folder's name.

    importlib.metadata would do, but importing it costs ~0.05 s; this finds the package
    without importing it and reads the version off `<distribution>-<version>.dist-info`
    beside it (`distribution` defaults to the module's name: jsonschema; PyYAML is yaml).
    """
    folder = _package_dir(module)
    if folder is None:
        return None
    name = distribution or module
    # installers spell the folder as the project does (PyYAML-6.0.1) or lower-cased
    # (pyyaml-6.0.3): match either
    pattern = "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in name)
    versions = [
        entry.name[len(name) + 1 : -len(".dist-info")]
        for entry in folder.parent.glob(f"{pattern}-*.dist-info")
    ]
    return versions[0] if len(versions) == 1 else None


def _has_libyaml() -> bool:
    """Does PyYAML carry its libyaml extension (yaml/_yaml.*), hence CSafeLoader?

    Read off the files, not `yaml.CSafeLoader`, so that the key is the same whether or
    not PyYAML has been imported already.
    """
    folder = _package_dir("yaml")
    return folder is not None and any(folder.glob("_yaml.*"))


def is_marked_valid(marker: Path) -> bool:
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(content, dict) and content.get("marker") == marker.name


def mark_valid(marker: Path, kb_dir: Path) -> None:
    """Write the marker (atomically); any failure only means validating again next time."""
    content = {"marker": marker.name, "format": _MARKER_FORMAT, "kb_dir": str(kb_dir)}
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        handle, staged = tempfile.mkstemp(dir=marker.parent, prefix=".kb-valid-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out)
            os.replace(staged, marker)
        except BaseException:
            Path(staged).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.debug("knowledge-base validation not cached (%s)", exc)


# The parsed document, beside its marker: a header naming the format, the marshal and
# Python versions (marshal's format may change between Pythons) and the SHA-256 of the
# payload, then the marshalled document.
_DOCUMENT_FORMAT = "profiler-kb-document/1"


def _document_header() -> str:
    python = ".".join(map(str, sys.version_info[:2]))
    return f"{_DOCUMENT_FORMAT} marshal {marshal.version} python {python} sha256 "


def _document_path(marker: Path) -> Path:
    return marker.with_suffix(".marshal")


def remembered_document(marker: Path, stems: tuple[str, ...]) -> dict[str, Any] | None:
    """The document remembered for these KB bytes, or None (absent, damaged, foreign)."""
    try:
        data = _document_path(marker).read_bytes()
    except OSError:
        return None
    head, newline, payload = data.partition(b"\n")
    expected = _document_header().encode()
    if not newline or not head.startswith(expected):
        return None
    if head[len(expected) :] != hashlib.sha256(payload).hexdigest().encode():
        return None
    try:
        document = marshal.loads(payload)
    except Exception:  # ValueError, EOFError, TypeError: damaged after all
        return None
    if not isinstance(document, dict) or list(document) != list(stems):
        return None
    return document


def remember_document(marker: Path, document: dict[str, Any]) -> None:
    """Write the parsed document (atomically); a failure only means parsing next time."""
    try:
        payload = marshal.dumps(document)
    except ValueError:  # not plain data: never expected from the safe loader
        return
    head = (_document_header() + hashlib.sha256(payload).hexdigest()).encode()
    target = _document_path(marker)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, staged = tempfile.mkstemp(dir=target.parent, prefix=".kb-document-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(head + b"\n" + payload)
            os.replace(staged, target)
        except BaseException:
            Path(staged).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.debug("knowledge-base document not cached (%s)", exc)
