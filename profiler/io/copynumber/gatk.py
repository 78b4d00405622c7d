"""GATK4 somatic copy-number segments: `CallCopyRatioSegments` `.called.seg` and
`ModelSegments` `.cr.seg` / `.modelFinal.seg`.

All three start with a SAM-style header (`@HD VN:1.6`, the `@SQ` sequence dictionary,
`@RG ID:GATKCopyNumber SM:<sample>`) and then a table whose columns are found by name
(GATK `ModeledSegmentCollection`, `CalledCopyRatioSegmentCollection`):

- `.cr.seg`: CONTIG START END NUM_POINTS_COPY_RATIO MEAN_LOG2_COPY_RATIO
- `.called.seg`: the same plus CALL (`+` amplification, `-` deletion, `0` neutral)
- `.modelFinal.seg`: CONTIG START END NUM_POINTS_COPY_RATIO NUM_POINTS_ALLELE_FRACTION
  LOG2_COPY_RATIO_POSTERIOR_10/50/90 MINOR_ALLELE_FRACTION_POSTERIOR_10/50/90

Coordinates are 1-based inclusive (GATK intervals), kept. log2 is MEAN_LOG2_COPY_RATIO,
else the posterior median LOG2_COPY_RATIO_POSTERIOR_50 (NaN, as GATK writes it for a
segment without copy-ratio points, becomes None). NUM_POINTS_COPY_RATIO is `probes`.
GATK gives no absolute copy number, so `copy_number` is None.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.copynumber import LOG2, one_based
from profiler.io.tabular import (
    column_index,
    data_rows,
    optional_text,
    parse_count,
    parse_number,
    parse_optional_number,
    read_text_lines,
    require_columns,
    split_row,
)
from profiler.model import CopySegment

log = logging.getLogger(__name__)

CALLER = "GATK"
_SAM = ("@HD", "@SQ", "@RG", "@CO", "@PG")
_REQUIRED = ("CONTIG", "START", "END")
_LOG2 = ("MEAN_LOG2_COPY_RATIO", "LOG2_COPY_RATIO_POSTERIOR_50")


def is_gatk_header(line: str) -> bool:
    """True for the first line of a GATK .seg: a SAM header line or the CONTIG table."""
    return line.startswith(_SAM) or line.startswith("CONTIG\tSTART\tEND")


def read_gatk_seg(path: str | Path, sample: str | None = None) -> list[CopySegment]:
    """Read a GATK .called.seg / .cr.seg / .modelFinal.seg into CopySegments.

    With `sample`, the file's `@RG SM:` must name it: segments of another sample than
    the one being reported are refused, not read.
    """
    path = Path(path)
    lines = read_text_lines(path)
    first = next((i for i, line in enumerate(lines) if not line.startswith("@")), None)
    if first is None or not lines[first].startswith("CONTIG"):
        raise InputError(
            "not GATK copy-number segments: no CONTIG header after the @ lines",
            path=path,
            line=first + 1 if first is not None else None,
        )
    names = [f[3:] for x in lines[:first] for f in x.split("\t") if f.startswith("SM:")]
    if sample is not None and names and sample not in names:
        raise InputError(f"the file is for sample {names[0]!r} (@RG SM), not {sample!r}", path=path)
    header = [name.strip() for name in lines[first].split("\t")]
    index = column_index(header)
    require_columns(index, _REQUIRED, CALLER, path, line=first + 1)
    value = next((name for name in _LOG2 if name in index), None)
    if value is None:
        raise InputError(
            f"GATK header lacks a log2 column ({' or '.join(_LOG2)})",
            path=path,
            line=first + 1,
            field=_LOG2[0],
        )
    segments = []
    for number, line in data_rows(lines, first + 1):
        fields = split_row(line, len(header), path, number)

        def cell(name: str, fields: list[str] = fields) -> str:
            return fields[index[name]].strip() if name in index else ""

        start, end = one_based(
            cell("START"), cell("END"), path, number, ("START", "END"), zero_based=False
        )
        log2 = (
            parse_number(cell(value), path, number, value, LOG2)
            if value == _LOG2[0]
            else parse_optional_number(cell(value), path, number, value, LOG2)
        )
        points = cell("NUM_POINTS_COPY_RATIO")
        segments.append(
            CopySegment(
                chrom=cell("CONTIG"),
                start=start,
                end=end,
                source=str(path),
                log2=log2,
                probes=parse_count(points, path, number, "NUM_POINTS_COPY_RATIO")
                if points
                else None,
                caller_call=optional_text(cell("CALL")),
                record=number,
                sample=names[0] if names else None,
            )
        )
    log.debug("%s: %d GATK segment(s) for sample %s", path, len(segments), names or "?")
    return segments
