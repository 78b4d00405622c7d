"""ctat-LR-fusion reader: `ctat-LR-fusion.fusion_predictions[.abridged].tsv` (long reads).

ctat-LR-fusion (Trinity CTAT, PacBio/ONT long reads) writes the CTAT `#FusionName` table
with FusionInspector's `LeftLocalBreakpoint`/`RightLocalBreakpoint` columns but counts long
reads, not junction reads and spanning fragments: `#FusionName num_LR LeftGene
LeftLocalBreakpoint LeftBreakpoint RightGene RightLocalBreakpoint RightBreakpoint
SpliceType LR_accessions LR_FFPM annots max_LR_FFPM frac_dom_iso above_frac_dom_iso`
(column list as in CTAT-LR-fusion's `PerlLib/CTAT_LR_parser.pm`; `LR_accessions` is
left out of the abridged file). With Illumina reads as well (`--left_fq/--right_fq`) it
adds FusionInspector's `JunctionReadCount` and `SpanningFragCount` (CTAT-LR-fusion
developer guide, "Output Format"). `num_LR` is what tells the file apart from a
FusionInspector one, which has no such column.

Reads. A long read that supports a fusion is one chimeric alignment across the junction,
so `num_LR` counts junction (split) reads; short-read junction reads, when present, are
added to it, and short-read spanning fragments are the spanning reads. LeftGene is the 5'
partner as in every CTAT table (the fusion is named Left--Right). Breakpoints are kept as
written (`chr10:121483698:-`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.star_fusion import gene_symbol, is_star_fusion_header
from profiler.io.tabular import (
    caller_rows,
    optional_text,
    parse_count,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "ctat-LR-fusion"
_REQUIRED = ("num_LR", "LeftGene", "LeftBreakpoint", "RightGene", "RightBreakpoint")


def _names(line: str) -> list[str]:
    names = [name.strip() for name in line.split("\t")]
    names[0] = names[0].lstrip("#")
    return names


def is_ctat_lr_fusion_header(line: str) -> bool:
    """True for a CTAT `#FusionName` header that counts long reads (`num_LR`)."""
    return is_star_fusion_header(line) and "num_LR" in _names(line)


def read_ctat_lr_fusion(path: str | Path) -> list[Fusion]:
    """Read a ctat-LR-fusion predictions file into Fusions, one per row, in file order.

    Raises InputError naming file, line and column for a missing required column, a row
    of the wrong width, an empty partner or a read count that is not an integer.
    """
    path = Path(path)
    index, rows = caller_rows(
        path, CALLER, is_ctat_lr_fusion_header, "'#FusionName' with num_LR", _REQUIRED, _names
    )
    fusions = [_fusion(fields, index, path, number) for number, fields in rows]
    log.debug("%s: %d ctat-LR-fusion row(s)", path, len(fusions))
    return fusions


def _fusion(fields: list[str], index: dict[str, int], path: Path, number: int) -> Fusion:
    def cell(name: str) -> str:
        return fields[index[name]].strip() if name in index else ""

    def count(name: str) -> int | None:  # None: the column is absent (long reads only)
        return parse_count(cell(name), path, number, name) if name in index else None

    gene5, gene3 = gene_symbol(cell("LeftGene")), gene_symbol(cell("RightGene"))
    for name, value in (("LeftGene", gene5), ("RightGene", gene3)):
        if not value:
            raise InputError("empty partner gene", path=path, line=number, field=name)
    return Fusion(
        gene5=gene5,
        gene3=gene3,
        caller=CALLER,
        source=str(path),
        breakpoint5=optional_text(cell("LeftBreakpoint")),
        breakpoint3=optional_text(cell("RightBreakpoint")),
        junction_reads=(count("num_LR") or 0) + (count("JunctionReadCount") or 0),
        spanning_reads=count("SpanningFragCount"),
        record=number,
    )
