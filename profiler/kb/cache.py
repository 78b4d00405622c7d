"""Remembered KB validations: "these exact bytes were valid", and nothing more.

A marker file in `${XDG_CACHE_HOME:-~/.cache}/profiler/` is named by a SHA-256 over the
bytes of every KB file, the schema, the modules that validate (kb/loader.py, schemas.py)
and the profiler, jsonschema and PyYAML versions. Only a valid result is ever written, so
a KB that fails validation is refused on every run and any edit validates afresh.
PROFILER_NO_KB_CACHE=1 turns this off; an unwritable cache directory means validating
every time.

The cache holds no content: the KB is read and parsed from its own files on every run,
and a marker only lets the schema validation of those very bytes be skipped. (It once
also kept the parsed document; a tampered copy put "POISONED-Futibatinib" on a report,
since a SHA-256 stored beside the content proves nothing about who wrote it.) A marker is
opened only if it is a small regular file, without blocking: a FIFO or /dev/zero put in
its place is ignored, and the KB is validated instead.

Why it is kept (measured after the document cache was dropped: the indexed JSON-only
demo report, whole process, best of 10 runs alternating the two modes, three rounds,
2-CPU AMD EPYC under a load average of ~4, Python 3.11, jsonschema 4.26, PyYAML 6.0.4):
user+sys CPU 0.64-0.67 s with the marker warm against 0.85-0.88 s with
PROFILER_NO_KB_CACHE=1, a saving of 0.21-0.24 s, which is jsonschema validating the KB
(wall times were too noisy on the shared machine to quote). Parsing the YAML every run
costs 0.06-0.08 s (plus ~0.05 s importing PyYAML) over the old document cache. Remove
the cache if its saving falls below 0.2 s.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from profiler import __version__
from profiler.errors import InputError
from profiler.io.files import open_regular, read_limited
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


_MARKER_LIMIT = 4096  # a marker is one short JSON object


def is_marked_valid(marker: Path) -> bool:
    """Does a well-formed marker of this name exist (a small regular file, read unblocked)?"""
    try:
        with open_regular(marker) as handle:
            content = json.loads(read_limited(handle, _MARKER_LIMIT, marker))
    except (OSError, ValueError, InputError):
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
