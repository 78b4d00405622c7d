"""SEG files: DNAcopy/CBS segment tables as IGV, GISTIC and cBioPortal read them.

"The column names in the first line are not enforced, and can vary across
implementations" (CNVkit docs, "File formats", SEG: `ID chrom loc.start loc.end
[num.mark] seg.mean`, loc.start 1-indexed). Columns are therefore found by any of the
names in use: DNAcopy/CNVkit `ID chrom loc.start loc.end num.mark seg.mean`, GISTIC/GATK
IGV style `Sample Chromosome Start End Num_Probes Segment_Mean`. Coordinates are
1-based inclusive and kept. `seg.mean` is usually log2 and is kept as `log2`.

A SEG file often holds a cohort. Segments of one sample are returned: the `sample`
asked for, or the only one in the file; otherwise the file's samples are listed in the
error, because reading another patient's segments would be worse than stopping. The
case's `tumor_sample_id` picks the sample of a cohort file when `sample` is not given.
Every segment carries its sample name, for the report's identity check.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.copynumber import one_based
from profiler.io.tabular import (
    column_index,
    data_rows,
    parse_count,
    parse_number,
    read_caller_table,
    split_row,
)
from profiler.model import CopySegment

log = logging.getLogger(__name__)

_ALIASES = {
    "sample": ("ID", "Sample", "sample", "ID_REF"),
    "chrom": ("chrom", "Chromosome", "chromosome", "chr", "Chr", "CHROM"),
    "start": ("loc.start", "Start", "start", "Start_Position"),
    "end": ("loc.end", "End", "end", "End_Position"),
    "marks": ("num.mark", "Num_Probes", "num.marks", "Num_Markers", "num_probes"),
    "mean": ("seg.mean", "Segment_Mean", "seg_mean", "Seg.Mean"),
}


def _columns(header: list[str]) -> dict[str, str]:
    """Role -> the column name this file uses for it."""
    index = column_index(header)
    found = {}
    for role, names in _ALIASES.items():
        name = next((n for n in names if n in index), None)
        if name is not None:
            found[role] = name
    return found


def is_seg_header(line: str) -> bool:
    """True for a SEG header: sample, chromosome, start, end and mean columns by any name."""
    found = _columns([name.strip() for name in line.split("\t")])
    return all(role in found for role in ("sample", "chrom", "start", "end", "mean"))


def read_seg(
    path: str | Path, sample: str | None = None, tumor_sample_id: str | None = None
) -> list[CopySegment]:
    """Read one sample's segments from a SEG file (see the module notes on `sample`)."""
    path = Path(path)
    lines = read_caller_table(path, "SEG", is_seg_header, "ID/chrom/loc.start/loc.end/seg.mean")
    header = [name.strip() for name in lines[0].split("\t")]
    index = column_index(header)
    col = {role: index[name] for role, name in _columns(header).items()}
    rows = [(n, split_row(line, len(header), path, n)) for n, line in data_rows(lines, 1)]
    samples = list(dict.fromkeys(fields[col["sample"]].strip() for _, fields in rows))
    if sample is None and tumor_sample_id is not None and len(samples) > 1:
        if tumor_sample_id not in samples:
            raise InputError(
                f"the case's tumor_sample_id {tumor_sample_id!r} is not in the SEG file; "
                f"its samples are: {', '.join(samples)}",
                path=path,
            )
        sample = tumor_sample_id
    if sample is None and len(samples) > 1:
        raise InputError(
            f"the SEG file holds {len(samples)} samples ({', '.join(samples)}); name one "
            "with --cnv-sample",
            path=path,
        )
    if sample is not None and sample not in samples:
        raise InputError(
            f"--cnv-sample {sample!r} is not in the SEG file; its samples are: "
            f"{', '.join(samples) or '(none)'}",
            path=path,
        )
    names = (header[col["start"]], header[col["end"]])
    segments = []
    for number, fields in rows:
        if sample is not None and fields[col["sample"]].strip() != sample:
            continue
        start, end = one_based(
            fields[col["start"]], fields[col["end"]], path, number, names, zero_based=False
        )
        marks = fields[col["marks"]].strip() if "marks" in col else ""
        segments.append(
            CopySegment(
                chrom=fields[col["chrom"]].strip(),
                start=start,
                end=end,
                source=str(path),
                log2=parse_number(fields[col["mean"]], path, number, header[col["mean"]]),
                probes=parse_count(marks, path, number, header[col["marks"]]) if marks else None,
                record=number,
                sample=fields[col["sample"]].strip() or None,
            )
        )
    log.debug("%s: %d SEG segment(s) of %s", path, len(segments), sample or samples)
    return segments
