"""Fusion-caller outputs: one registry of readers, one place that decides the format.

Like CNVkit's `skgenome/tabio`, callers are named in `FUSION_READERS` and detected from
their header line only, so a new caller is one module plus one registry entry. Every
reader returns `Fusion` objects in file order and raises `InputError` (file, line,
field) instead of returning part of a file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from profiler.errors import InputError
from profiler.io.arriba import is_arriba_header, read_arriba
from profiler.io.star_fusion import is_star_fusion_header, read_star_fusion
from profiler.io.tabular import read_text_lines
from profiler.model import Fusion

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- registry

FUSION_READERS: dict[str, Callable[[Path], list[Fusion]]] = {
    "star-fusion": read_star_fusion,
    "arriba": read_arriba,
}

_HEADER_TESTS: dict[str, Callable[[str], bool]] = {
    "star-fusion": is_star_fusion_header,
    "arriba": is_arriba_header,
}

_HEADER_HINTS = {
    "star-fusion": "'#FusionName' (STAR-Fusion fusion_predictions[.abridged].tsv)",
    "arriba": "'#gene1' (Arriba fusions.tsv)",
}


def _known_formats() -> str:
    return "; ".join(f"{name}: header starts with {_HEADER_HINTS[name]}" for name in FUSION_READERS)


def detect_fusion_format(path: str | Path) -> str:
    """The registry name of the caller that wrote `path`, judged by its header line.

    Only the header decides: file names are renamed by pipelines, and a wrong guess
    would make one caller's columns be read as another's.
    """
    path = Path(path)
    lines = read_text_lines(path)
    if not lines or not any(line.strip() for line in lines):
        raise InputError(
            f"empty file, expected fusion-caller output ({_known_formats()})", path=path
        )
    header = lines[0]
    for name, test in _HEADER_TESTS.items():
        if test(header):
            log.debug("%s: detected %s output", path, name)
            return name
    start = header.split("\t", 1)[0][:40]
    raise InputError(
        f"unrecognised fusion-caller output (first line starts with {start!r}); "
        f"known formats: {_known_formats()}",
        path=path,
        line=1,
    )


def read_fusions(path: str | Path, fmt: str | None = None) -> list[Fusion]:
    """Read one fusion-caller output, detecting the caller unless `fmt` names it.

    Returns every call in file order (filtering is the caller's business, not the
    reader's) or raises InputError; never a partial list.
    """
    path = Path(path)
    if fmt is None:
        fmt = detect_fusion_format(path)
    elif fmt not in FUSION_READERS:
        raise InputError(
            f"unknown fusion format {fmt!r}; known formats: {', '.join(FUSION_READERS)}",
            path=path,
        )
    fusions = FUSION_READERS[fmt](path)
    log.info("%s: read %d fusion call(s) as %s", path, len(fusions), fmt)
    return fusions
