"""Copy-number format readers, one module per caller; the registry is `profiler.io.cnv`.

Every reader returns `CopySegment`s with 1-based, inclusive coordinates whatever the
file's own convention, the caller's values as written (log2, absolute copy number,
call, discrete level), and raises InputError (file, line, field) for a file it cannot
use. Rows that carry no usable measurement in an otherwise good file (a CNVkit segment
without probes, a discrete table's `NA`) are not a reason to refuse the file: they are
returned as `SkippedRow`s in a `CopyNumberTable`, so that the report can count and name
them instead of silently dropping them or losing the rest of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError
from profiler.io.numbers import Bounds
from profiler.io.tabular import parse_position
from profiler.model import CopySegment

# What a copy-number cell may hold. Absolute copies are never negative, and 10,000 copies
# is far beyond any measured amplification; a log2 ratio beyond +/-30 (a billion-fold)
# is no measurement (CNVkit writes -20 for bins without coverage) and 2.0**log2 would
# overflow near 1024. Beyond these a file is corrupt or not copy number: refused by line.
COPIES = Bounds(low=0, high=10_000)
LOG2 = Bounds(low=-30, high=30)


@dataclass(frozen=True)
class SkippedRow:
    """A data row that was read but not used, and why (printed in the report's methods)."""

    line: int
    reason: str
    gene: str | None = None  # the gene a gene-level row was about, when it names one


@dataclass(frozen=True)
class CopyNumberTable:
    """What one copy-number file gave: its segments, the rows not used, and its format."""

    segments: list[CopySegment]
    skipped: tuple[SkippedRow, ...] = ()
    fmt: str | None = None
    sample: str | None = None  # the sample column/ID read from a multi-sample table


def one_based(
    start: str, end: str, path: Path, number: int, names: tuple[str, str], zero_based: bool
) -> tuple[int, int]:
    """(start, end) as 1-based inclusive; a segment ending before it starts is refused.

    `zero_based` is for BED-like files (start 0-based, end exclusive): start + 1, end kept.
    """
    first, last = positions(start, end, path, number, names, zero_based)
    if last < first:
        raise InputError(
            f"segment ends ({last}) before it starts ({first})",
            path=path,
            line=number,
            field=names[1],
        )
    return first, last


def positions(
    start: str, end: str, path: Path, number: int, names: tuple[str, str], zero_based: bool
) -> tuple[int, int]:
    """(start, end) as 1-based inclusive, parsed but not checked for order."""
    first = parse_position(start, path, number, names[0]) + (1 if zero_based else 0)
    return first, parse_position(end, path, number, names[1])


def choose_sample(
    samples: list[str],
    sample: str | None,
    tumor_sample_id: str | None,
    path: Path,
    kind: str,
) -> str | None:
    """The one sample of a multi-sample table to read, or None when the file has one.

    `--cnv-sample` (`sample`) first, then the case's `tumor_sample_id` when the file
    holds several samples; several samples and neither is an error that lists them,
    because reading another patient's copy number would be worse than stopping.
    """
    if sample is None and tumor_sample_id is not None and len(samples) > 1:
        if tumor_sample_id not in samples:
            raise InputError(
                f"the case's tumor_sample_id {tumor_sample_id!r} is not in the {kind}; "
                f"its samples are: {', '.join(samples)}",
                path=path,
            )
        sample = tumor_sample_id
    if sample is None and len(samples) > 1:
        raise InputError(
            f"the {kind} holds {len(samples)} samples ({', '.join(samples)}); name one "
            "with --cnv-sample",
            path=path,
        )
    if sample is not None and sample not in samples:
        raise InputError(
            f"--cnv-sample {sample!r} is not in the {kind}; its samples are: "
            f"{', '.join(samples) or '(none)'}",
            path=path,
        )
    return sample
