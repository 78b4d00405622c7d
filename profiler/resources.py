"""Where the package's data directories live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the directory `name` (knowledgebase, schemas, sample_data).

    A wheel carries them under `profiler/_data/`; a source checkout (editable install,
    tests) keeps them at the repository root, where curators edit them.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"profiler data directory {name!r} is missing from this installation")


def schema_path(name: str) -> Path:
    """Path of one JSON Schema, e.g. schema_path("report")."""
    return data_dir("schemas") / f"{name}.schema.json"
