"""Simple fusion table: the format for any caller or lab report without its own reader.

A tab-separated file whose header names at least `gene5` and `gene3` (the 5' and 3'
partners, in that meaning, HGNC symbols); optional columns are `breakpoint5`,
`breakpoint3` (kept as written, e.g. `chr10:121483698:-`), `junction_reads`,
`spanning_reads` (non-negative integers, empty or '.' when unknown), `reading_frame`
(as the source says it: in-frame, out-of-frame ...), `confidence` and `caller` (the
caller's name per row; "TSV" when absent or empty). Column names are matched without
case, a leading '#' on the header is allowed, and other columns are ignored so that a
spreadsheet export with extra columns still reads.

The partner order is taken on trust: this format has no breakpoint strands to check it
against, which is why it asks for `gene5`/`gene3` by name and not `gene1`/`gene2`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.tabular import (
    caller_rows,
    optional_text,
    parse_count,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

DEFAULT_CALLER = "TSV"
_REQUIRED = ("gene5", "gene3")


def _names(line: str) -> list[str]:
    names = [name.strip().lower() for name in line.split("\t")]
    if names:
        names[0] = names[0].lstrip("#").strip()
    return names


def is_fusion_tsv_header(line: str) -> bool:
    """True for a header line naming both `gene5` and `gene3` columns."""
    names = set(_names(line))
    return all(name in names for name in _REQUIRED)


def read_fusion_tsv(path: str | Path) -> list[Fusion]:
    """Read a simple fusion table into Fusions, one per row, in file order.

    Raises InputError naming file, line and column for a missing `gene5`/`gene3` column,
    a row of the wrong width, an empty partner or a read count that is not an integer.
    """
    path = Path(path)
    index, rows = caller_rows(
        path,
        "simple fusion table",
        is_fusion_tsv_header,
        "a header naming gene5 and gene3",
        _REQUIRED,
        _names,
    )
    fusions = [_fusion(fields, index, path, number) for number, fields in rows]
    log.debug("%s: %d fusion table row(s)", path, len(fusions))
    return fusions


def _fusion(fields: list[str], index: dict[str, int], path: Path, number: int) -> Fusion:
    def cell(name: str) -> str:
        return fields[index[name]].strip() if name in index else ""

    def count(name: str) -> int | None:
        value = cell(name)
        return None if value in {"", "."} else parse_count(value, path, number, name)

    for name in _REQUIRED:
        if not cell(name):
            raise InputError("empty partner gene", path=path, line=number, field=name)
    return Fusion(
        gene5=cell("gene5"),
        gene3=cell("gene3"),
        caller=optional_text(cell("caller")) or DEFAULT_CALLER,
        source=str(path),
        breakpoint5=optional_text(cell("breakpoint5")),
        breakpoint3=optional_text(cell("breakpoint3")),
        junction_reads=count("junction_reads"),
        spanning_reads=count("spanning_reads"),
        reading_frame=optional_text(cell("reading_frame")),
        confidence=optional_text(cell("confidence")),
        record=number,
    )
