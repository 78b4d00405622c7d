"""CNVkit segments: `.cns` (`cnvkit.py segment`) and `.call.cns` (`cnvkit.py call`).

Columns by name (CNVkit docs, "File formats": `chromosome start end gene log2 depth
probes weight`, `segmetrics` adds `ci_lo`/`ci_hi`/`p_ttest`..., `call` adds `cn` and,
with a VCF, `baf cn1 cn2`; e.g. `chromosome start end gene log2 baf cn cn1 cn2 depth
probes weight`). Only chromosome, start, end and log2 are required.

- Coordinates are 0-based like BED ("Genomic coordinates are 0-indexed, like BED" for
  .cnn/.cnr/.cns): start + 1, end unchanged gives 1-based inclusive.
- `gene` joins the genes of the segment's bins with commas; '-' marks bins without a
  gene, and off-target bins are named Antitarget (Background in old releases): none of
  these is a gene, so they are dropped.
- `cn` (written by `call`) is the caller's absolute integer copy number: kept as
  `copy_number` and, as written, as `caller_call`. Without it (a plain .cns) the
  conversion from log2 with purity and ploidy is interpretation, not done here.
- A segment without bins is skipped and counted, not a refusal of the file: CNVkit
  itself writes segments with `probes` 0 (`repair_segments` adds a `log2` 0.0
  placeholder for a chromosome without segments) and segments whose end lies before
  their start (a segment with no usable bins, etal/cnvkit issue #677). Neither measures
  anything, and refusing the file lost every real call in it (a CDKN2A deep deletion).
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.io.copynumber import COPIES, LOG2, CopyNumberTable, SkippedRow, positions
from profiler.io.tabular import (
    column_index,
    data_rows,
    parse_count,
    parse_number,
    parse_optional_number,
    read_caller_table,
    require_columns,
    split_row,
)
from profiler.model import CopySegment

log = logging.getLogger(__name__)

CALLER = "CNVkit"
_REQUIRED = ("chromosome", "start", "end", "log2")
_NOT_GENES = {"", "-", ".", "CGH", "Antitarget", "Background"}


def is_cnvkit_header(line: str) -> bool:
    """True for a CNVkit table header: `chromosome start end gene ...`.

    log2 is not part of the test, so that a CNVkit file without it is refused by name
    (missing column log2) rather than as an unknown format; a gene-level table that
    happens to start the same way is left to the gene-table reader by its copy_number.
    """
    names = [name.strip() for name in line.split("\t")]
    cnvkit_start = names[:4] == ["chromosome", "start", "end", "gene"]
    return cnvkit_start and ("log2" in names or "copy_number" not in names)


def read_cnvkit(path: str | Path) -> list[CopySegment]:
    """Read a CNVkit .cns / .call.cns into CopySegments, in file order."""
    return read_cnvkit_table(path).segments


def read_cnvkit_table(path: str | Path) -> CopyNumberTable:
    """A CNVkit .cns / .call.cns: its segments and the bin-less segments skipped."""
    path = Path(path)
    lines = read_caller_table(path, CALLER, is_cnvkit_header, "'chromosome start end gene'")
    header = [name.strip() for name in lines[0].split("\t")]
    index = column_index(header)
    require_columns(index, _REQUIRED, CALLER, path)
    segments = []
    skipped = []
    for number, line in data_rows(lines, 1):
        fields = split_row(line, len(header), path, number)

        def cell(name: str, fields: list[str] = fields) -> str:
            return fields[index[name]].strip() if name in index else ""

        start, end = positions(
            cell("start"), cell("end"), path, number, ("start", "end"), zero_based=True
        )
        probes = parse_count(cell("probes"), path, number, "probes") if cell("probes") else None
        if end < start or probes == 0:
            why = "end before start" if end < start else "0 probes"
            skipped.append(SkippedRow(number, f"CNVkit segment without bins ({why})"))
            continue
        genes = dict.fromkeys(g.strip() for g in cell("gene").split(","))
        cn = cell("cn")
        segments.append(
            CopySegment(
                chrom=cell("chromosome"),
                start=start,
                end=end,
                source=str(path),
                log2=parse_number(cell("log2"), path, number, "log2", LOG2),
                copy_number=parse_optional_number(cn, path, number, "cn", COPIES) if cn else None,
                genes=tuple(g for g in genes if g not in _NOT_GENES),
                probes=probes,
                caller_call=cn or None,
                record=number,
            )
        )
    log.debug("%s: %d CNVkit segment(s), %d skipped", path, len(segments), len(skipped))
    return CopyNumberTable(segments, tuple(skipped), fmt="cnvkit")
