"""Tab-separated caller outputs: reading lines, splitting rows, parsing counts.

Shared by the fusion readers (and later tabular readers): gzip by magic bytes, CRLF,
UTF-8 BOM, field widths and integer counts, each failure an InputError naming the file,
line and column.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable
from pathlib import Path

from profiler.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
_COUNT = re.compile(r"[0-9]+")


def read_text_lines(path: str | Path) -> list[str]:
    """Every line of a text file, without line endings.

    gzip is recognised by its magic bytes, not the file name, because pipelines often
    compress outputs without renaming them (and bgzip output is multi-member gzip,
    which `gzip.decompress` reads). CRLF endings and a UTF-8 byte-order mark are
    tolerated so that files saved by spreadsheet tools still read line for line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=path) from exc
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"corrupt or truncated gzip data ({exc})", path=path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})", path=path) from exc
    # split on "\n" only: str.splitlines() would also split on form feeds and other
    # separators inside a field and shift every reported line number after them.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def read_caller_table(
    path: str | Path, tool: str, is_header: Callable[[str], bool], expected: str
) -> list[str]:
    """The lines of a caller's table, refusing an empty file or a foreign header line."""
    path = Path(path)
    lines = read_text_lines(path)
    if not lines:
        raise InputError(f"empty file, expected {tool} output", path=path)
    if not is_header(lines[0]):
        first = lines[0].split("\t", 1)[0][:40]
        raise InputError(
            f"not {tool} output: the header line must start with {expected}, found {first!r}",
            path=path,
            line=1,
        )
    return lines


def split_row(line: str, width: int, path: Path, number: int) -> list[str]:
    """The tab-separated fields of one data row, which must match the header's width.

    Empty fields beyond the header are accepted (some STAR-Fusion versions end every
    row with a tab); anything else of the wrong width means a truncated or hand-edited
    file, and guessing which column moved would misattribute reads, so it is refused.
    """
    fields = line.split("\t")
    if len(fields) > width and not any(f.strip() for f in fields[width:]):
        fields = fields[:width]
    if len(fields) != width:
        raise InputError(
            f"expected {width} tab-separated fields as in the header, found {len(fields)}"
            " (truncated or edited file?)",
            path=path,
            line=number,
        )
    return fields


def parse_count(text: str, path: Path, number: int, column: str) -> int:
    """A read count: a non-negative integer, nothing else (no '.', no '12.0')."""
    value = text.strip()
    if not _COUNT.fullmatch(value):
        raise InputError(
            f"read count must be a non-negative integer, found {value!r}",
            path=path,
            line=number,
            field=column,
        )
    return int(value)


def column_index(header: list[str]) -> dict[str, int]:
    """Column name -> position of its first occurrence (old STAR-Fusion repeats names)."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip(), position)
    return index


def optional_text(value: str) -> str | None:
    """A caller's free-text cell, with its missing-value dot (or nothing) as None."""
    value = value.strip()
    return None if value in {"", "."} else value
