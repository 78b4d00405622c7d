"""Gene-level copy-number table: the format for panels that report per gene.

Tab-separated, a header naming `gene` and `copy_number` (absolute copies, a decimal
number) and optionally `call` (the lab's own word: amplification, gain, loss,
deep_deletion ...); names are matched without case and other columns are ignored. Rows
carry no coordinates (`chrom`, `start`, `end` are None) and their gene is the segment's
only gene. Deciding amplification from copy number is interpretation, done later.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.copynumber import COPIES
from profiler.io.tabular import (
    column_index,
    data_rows,
    optional_text,
    parse_number,
    read_caller_table,
    require_columns,
    split_row,
)
from profiler.model import CopySegment

log = logging.getLogger(__name__)

_REQUIRED = ("gene", "copy_number")


def _names(line: str) -> list[str]:
    return [name.strip().lower() for name in line.split("\t")]


def is_gene_table_header(line: str) -> bool:
    """True for a header naming `gene` and `copy_number` columns."""
    names = set(_names(line))
    return all(name in names for name in _REQUIRED)


def read_gene_table(path: str | Path) -> list[CopySegment]:
    """Read a gene-level copy-number table into one CopySegment per row."""
    path = Path(path)
    lines = read_caller_table(
        path, "gene-level copy-number table", is_gene_table_header, "gene and copy_number"
    )
    header = _names(lines[0])
    index = column_index(header)
    require_columns(index, _REQUIRED, "gene table", path)
    segments = []
    for number, line in data_rows(lines, 1):
        fields = split_row(line, len(header), path, number)
        gene = fields[index["gene"]].strip()
        if not gene:
            raise InputError("empty gene name", path=path, line=number, field="gene")
        segments.append(
            CopySegment(
                chrom=None,
                start=None,
                end=None,
                source=str(path),
                copy_number=parse_number(
                    fields[index["copy_number"]], path, number, "copy_number", COPIES
                ),
                genes=(gene,),
                caller_call=optional_text(fields[index["call"]]) if "call" in index else None,
                record=number,
            )
        )
    log.debug("%s: %d gene row(s)", path, len(segments))
    return segments
