"""DRAGEN RNA gene-fusion reader: `<prefix>.fusion_candidates.final` (and `.preliminary`).

DRAGEN's gene fusion module (`--enable-rna-gene-fusion`) writes a tab-separated table
whose header is `#FusionGene Score LeftBreakpoint RightBreakpoint Gene1Id Gene2Id
NumSplitReads NumSoftClippedReads NumPairedReads ReadNames` (as read by umccr/RNAsum's
`dragen_fusions_read` and by public fusion-merging scripts); later releases append
columns, which are ignored. Columns are found by name.

- Partners: `#FusionGene` is `GENE1--GENE2` and the left gene is read as the 5'
  partner, the `Left--Right` naming of the CTAT tables (STAR-Fusion) whose layout this
  table shares; the DRAGEN pages read do not state the order in words.
  `LeftBreakpoint`/`RightBreakpoint` (`chr10:121483698:-`) are kept as written.
- Reads: `NumSplitReads` are the junction (split) reads and `NumPairedReads` the
  spanning pairs. `NumSoftClippedReads` (reads soft-clipped at the junction, not
  aligned across it) are not counted: they do not show the partner's sequence.
- `Score` (DRAGEN's model probability, 0-1) is not a confidence class and is not used;
  the `.final` file holds the candidates that passed DRAGEN's own filters.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.io.tabular import (
    caller_rows,
    optional_text,
    parse_count,
    partner_genes,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "DRAGEN"
NAME = "FusionGene"
_REQUIRED = (NAME, "LeftBreakpoint", "RightBreakpoint", "NumSplitReads", "NumPairedReads")


def _names(line: str) -> list[str]:
    names = [name.strip() for name in line.split("\t")]
    names[0] = names[0].lstrip("#")
    return names


def is_dragen_fusion_header(line: str) -> bool:
    """True for the header of a DRAGEN fusion_candidates file (`#FusionGene`, `Score`)."""
    names = _names(line)
    return line.lstrip().startswith("#FusionGene") and "NumSplitReads" in names


def read_dragen_fusion(path: str | Path) -> list[Fusion]:
    """Read a DRAGEN fusion_candidates file into Fusions, one per row, in file order.

    Raises InputError naming file, line and column for a missing required column, a row
    of the wrong width, a fusion name that is not GENE--GENE or a non-integer count.
    """
    path = Path(path)
    index, rows = caller_rows(
        path,
        "DRAGEN fusion",
        is_dragen_fusion_header,
        "'#FusionGene' with NumSplitReads",
        _REQUIRED,
        _names,
    )
    fusions = [_fusion(fields, index, path, number) for number, fields in rows]
    log.debug("%s: %d DRAGEN fusion row(s)", path, len(fusions))
    return fusions


def _fusion(fields: list[str], index: dict[str, int], path: Path, number: int) -> Fusion:
    def cell(name: str) -> str:
        return fields[index[name]].strip()

    gene5, gene3 = partner_genes(cell(NAME), "--", path, number, "#FusionGene")
    return Fusion(
        gene5=gene5,
        gene3=gene3,
        caller=CALLER,
        source=str(path),
        breakpoint5=optional_text(cell("LeftBreakpoint")),
        breakpoint3=optional_text(cell("RightBreakpoint")),
        junction_reads=parse_count(cell("NumSplitReads"), path, number, "NumSplitReads"),
        spanning_reads=parse_count(cell("NumPairedReads"), path, number, "NumPairedReads"),
        record=number,
    )
