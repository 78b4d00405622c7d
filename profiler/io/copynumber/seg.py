"""SEG files: DNAcopy/CBS segment tables as IGV, GISTIC and cBioPortal read them.

"The column names in the first line are not enforced, and can vary across
implementations" (CNVkit docs, "File formats", SEG: `ID chrom loc.start loc.end
[num.mark] seg.mean`, loc.start 1-indexed). Columns are therefore found by meaning
(`_ALIASES`), whatever the spelling. Coordinates are 1-based inclusive and kept.
`seg.mean` is usually log2 and is kept as `log2`. A segment with 0 markers measured
nothing (CNVkit exports its bin-less segments so): it is skipped and counted.

A SEG file often holds a cohort. Segments of one sample are returned: the `sample`
asked for, or the only one in the file; otherwise the file's samples are listed in the
error, because reading another patient's segments would be worse than stopping. The
case's `tumor_sample_id` picks the sample of a cohort file when `sample` is not given.
Every segment carries its sample name, for the report's identity check.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.io.copynumber import LOG2, CopyNumberTable, SkippedRow, choose_sample, one_based
from profiler.io.tabular import (
    data_rows,
    parse_count,
    parse_number,
    read_caller_table,
    split_row,
)
from profiler.model import CopySegment

log = logging.getLogger(__name__)

# Column roles and the names in use, compared without case, dots, underscores or spaces
# ("Start.bp", "start_bp" and "START BP" are one name): DNAcopy/CNVkit `ID chrom loc.start
# loc.end num.mark seg.mean`; IGV/GATK `Sample Chromosome Start End Num_Probes
# Segment_Mean`; GISTIC 2.0 `Sample Chromosome Start.bp End.bp Num.Markers Seg.CN`
# (GISTIC documents Seg.CN as log2(copy number) - 1, a log2 ratio like seg.mean).
_ALIASES = {
    "sample": ("id", "sample", "sampleid", "idref", "samplename"),
    "chrom": ("chrom", "chromosome", "chr"),
    "start": ("locstart", "start", "startbp", "startposition", "startpos"),
    "end": ("locend", "end", "endbp", "endposition", "endpos"),
    "marks": ("nummark", "nummarks", "nummarkers", "numprobes", "probes", "markers"),
    "mean": ("segmean", "segmentmean", "segcn", "log2ratio"),
}


def _normal(name: str) -> str:
    return "".join(ch for ch in name.strip().lower() if ch not in "._ ")


def _columns(header: list[str]) -> dict[str, int]:
    """Role -> position of the column this file uses for it (first match wins)."""
    normal = [_normal(name) for name in header]
    found = {}
    for role, names in _ALIASES.items():
        position = next((normal.index(n) for n in names if n in normal), None)
        if position is not None:
            found[role] = position
    return found


def is_seg_header(line: str) -> bool:
    """True for a SEG header: sample, chromosome, start, end and mean columns by any name."""
    found = _columns(line.split("\t"))
    return all(role in found for role in ("sample", "chrom", "start", "end", "mean"))


def read_seg(
    path: str | Path, sample: str | None = None, tumor_sample_id: str | None = None
) -> list[CopySegment]:
    """Read one sample's segments from a SEG file (see the module notes on `sample`)."""
    return read_seg_table(path, sample, tumor_sample_id).segments


def read_seg_table(
    path: str | Path, sample: str | None = None, tumor_sample_id: str | None = None
) -> CopyNumberTable:
    """One sample's segments from a SEG file, and its segments without markers skipped."""
    path = Path(path)
    lines = read_caller_table(path, "SEG", is_seg_header, "ID/chrom/loc.start/loc.end/seg.mean")
    header = [name.strip() for name in lines[0].split("\t")]
    col = _columns(header)
    rows = [(n, split_row(line, len(header), path, n)) for n, line in data_rows(lines, 1)]
    samples = list(dict.fromkeys(fields[col["sample"]].strip() for _, fields in rows))
    sample = choose_sample(samples, sample, tumor_sample_id, path, "SEG file")
    names = (header[col["start"]], header[col["end"]])
    segments = []
    skipped = []
    for number, fields in rows:
        if sample is not None and fields[col["sample"]].strip() != sample:
            continue
        marks = fields[col["marks"]].strip() if "marks" in col else ""
        probes = parse_count(marks, path, number, header[col["marks"]]) if marks else None
        if probes == 0:
            skipped.append(SkippedRow(number, "SEG segment with 0 markers (no measurement)"))
            continue
        start, end = one_based(
            fields[col["start"]], fields[col["end"]], path, number, names, zero_based=False
        )
        segments.append(
            CopySegment(
                chrom=fields[col["chrom"]].strip(),
                start=start,
                end=end,
                source=str(path),
                log2=parse_number(fields[col["mean"]], path, number, header[col["mean"]], LOG2),
                probes=probes,
                record=number,
                sample=fields[col["sample"]].strip() or None,
            )
        )
    log.debug("%s: %d SEG segment(s) of %s", path, len(segments), sample or samples)
    only = samples[0] if len(samples) == 1 else None
    return CopyNumberTable(segments, tuple(skipped), fmt="seg", sample=sample or only)
