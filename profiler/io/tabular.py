"""Tab-separated caller outputs: reading lines, splitting rows, parsing counts.

Shared by the fusion, copy-number and MSI readers: gzip by magic bytes, CRLF, UTF-8
BOM, field widths, integer counts, numbers and coordinates, each failure an InputError
naming the file, line and column.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from profiler.errors import InputError
from profiler.io.files import TABLE_LIMIT, open_regular, read_input_bytes, read_limited
from profiler.io.numbers import FINITE, NON_NEGATIVE, Bounds, read_float, read_int

GZIP_MAGIC = b"\x1f\x8b"
_COUNT = re.compile(r"[0-9]+")


def read_text_lines(path: str | Path, limit: int = TABLE_LIMIT) -> list[str]:
    """Every line of a text file, without line endings.

    Only a regular file of at most `limit` bytes (also once decompressed) is read
    (profiler/io/files.py says why).

    gzip is recognised by its magic bytes, not the file name, because pipelines often
    compress outputs without renaming them (and bgzip output is multi-member gzip,
    which `gzip.decompress` reads). CRLF endings and a UTF-8 byte-order mark are
    tolerated so that files saved by spreadsheet tools still read line for line.
    """
    path = Path(path)
    data = read_input_bytes(path, limit)
    if data[:2] == GZIP_MAGIC:
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
                data = read_limited(unpacked, limit, path)
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


def sniff(path: str | Path, size: int) -> bytes:
    """The first `size` bytes of a file, decompressed if gzip; b"" if it cannot be read.

    For telling binary formats (BCF) from text before reading a file as text; errors
    are left to the reader that follows, which reports them properly.
    """
    try:
        with open_regular(path) as raw:
            packed = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            if not packed:
                return raw.read(size)
            with gzip.GzipFile(fileobj=raw) as handle:
                return handle.read(size)
    except (OSError, EOFError, zlib.error, InputError):
        return b""


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


def caller_rows(
    path: Path,
    tool: str,
    is_header: Callable[[str], bool],
    expected: str,
    required: tuple[str, ...],
    names: Callable[[str], list[str]] = lambda line: line.split("\t"),
) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """A caller's table as its column index and its (line number, fields) data rows.

    The header is checked (`read_caller_table`) and must name every `required` column
    (`names` turns the header line into column names); each row is split as it is read,
    so an error names the first bad line in file order.
    """
    lines = read_caller_table(path, tool, is_header, expected)
    header = names(lines[0])
    index = column_index(header)
    require_columns(index, required, tool, path)
    rows = (
        (number, split_row(line, len(header), path, number)) for number, line in data_rows(lines, 1)
    )
    return index, rows


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
    return read_int(value, path, number, column, NON_NEGATIVE)


def column_index(header: list[str]) -> dict[str, int]:
    """Column name -> position of its first occurrence (old STAR-Fusion repeats names)."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip(), position)
    return index


def partner_genes(text: str, separator: str, path: Path, line: int, field: str) -> tuple[str, str]:
    """The 5' and 3' genes of a caller's fusion name ("FGFR2--BICC1", "FGFR2:BICC1")."""
    genes = [gene.strip() for gene in text.split(separator)]
    if len(genes) != 2 or not all(genes):
        raise InputError(
            f"cannot read the two partner genes: must be GENE1{separator}GENE2, found {text!r}",
            path=path,
            line=line,
            field=field,
        )
    return genes[0], genes[1]


def optional_text(value: str) -> str | None:
    """A caller's free-text cell, with its missing-value dot (or nothing) as None."""
    value = value.strip()
    return None if value in {"", "."} else value


_MISSING = {"", ".", "NA", "na", "NaN", "nan", "-"}


def parse_number(text: str, path: Path, number: int, column: str, bounds: Bounds = FINITE) -> float:
    """A required decimal value ('2.04', '-0.5', '1e-3') within `bounds`; NaN, inf and text
    are refused."""
    return read_float(text, path, number, column, bounds)


def parse_optional_number(
    text: str, path: Path, number: int, column: str, bounds: Bounds = FINITE
) -> float | None:
    """A decimal value, or None for the missing-value spellings callers use ('', NA, NaN)."""
    if text.strip() in _MISSING:
        return None
    return parse_number(text, path, number, column, bounds)


def parse_position(text: str, path: Path, number: int, column: str) -> int:
    """A genomic coordinate: a non-negative integer (no '1e6', no '12.0', no commas)."""
    value = text.strip()
    if not _COUNT.fullmatch(value):
        raise InputError(
            f"coordinate must be a non-negative integer, found {value!r}",
            path=path,
            line=number,
            field=column,
        )
    return read_int(value, path, number, column, NON_NEGATIVE)


def require_columns(
    index: dict[str, int], required: tuple[str, ...], tool: str, path: Path, line: int = 1
) -> None:
    """Refuse a header that lacks required columns, naming every missing one."""
    missing = [name for name in required if name not in index]
    if missing:
        raise InputError(
            f"{tool} header lacks required column(s) {', '.join(missing)}",
            path=path,
            line=line,
            field=missing[0],
        )


def data_rows(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(1-based line number, line) for the non-blank lines from index `first` on."""
    return [(i + 1, line) for i, line in enumerate(lines) if i >= first and line.strip()]


def detect_by_first_line(
    path: str | Path,
    what: str,
    tests: Mapping[str, Callable[[str], bool]],
    hints: Mapping[str, str],
    explain: Callable[[str], str] | None = None,
) -> str:
    """The registry name whose header test accepts the file's first non-empty line.

    The one place formats are told apart: only the header decides (file names are renamed
    by pipelines). A header another option reads (a VCF given to --cnv) is refused with
    that option's name; an unknown one with the formats that are known.
    """
    path = Path(path)
    known = "; ".join(f"{name}: {hint}" for name, hint in hints.items())
    first = next(
        ((number, line) for number, line in enumerate(read_text_lines(path), 1) if line.strip()),
        None,
    )
    if first is None:
        raise InputError(f"empty file, expected {what} output ({known})", path=path)
    number, line = first
    for name, test in tests.items():
        if test(line):
            return name
    from profiler.io.kinds import mixup_message  # kinds uses the registries, which use this

    mixup = mixup_message(path, what)
    if mixup is not None:  # another option's file: say so, not every format we know
        raise InputError(mixup, path=path, line=number)
    start = line.split("\t", 1)[0][:40]
    extra = explain(line) if explain else ""
    raise InputError(
        f"unrecognised {what} output (first line starts with {start!r}){extra}; "
        f"known formats: {known}",
        path=path,
        line=number,
    )
