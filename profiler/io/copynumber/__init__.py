"""Copy-number format readers, one module per caller; the registry is `profiler.io.cnv`.

Every reader returns `CopySegment`s with 1-based, inclusive coordinates whatever the
file's own convention, the caller's values as written (log2, absolute copy number,
call), and raises InputError (file, line, field) instead of returning part of a file.
"""

from __future__ import annotations

from pathlib import Path

from profiler.errors import InputError
from profiler.io.tabular import parse_position


def one_based(
    start: str, end: str, path: Path, number: int, names: tuple[str, str], zero_based: bool
) -> tuple[int, int]:
    """(start, end) as 1-based inclusive; a segment ending before it starts is refused.

    `zero_based` is for BED-like files (start 0-based, end exclusive): start + 1, end kept.
    """
    first = parse_position(start, path, number, names[0]) + (1 if zero_based else 0)
    last = parse_position(end, path, number, names[1])
    if last < first:
        raise InputError(
            f"segment ends ({last}) before it starts ({first})",
            path=path,
            line=number,
            field=names[1],
        )
    return first, last
