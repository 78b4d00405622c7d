"""The sample sheet of `profiler batch` and the Snakemake workflow: one CSV row per sample.

    sample_id,vcf,fusions,cnv,msi,case[,maf]

A header names the columns (any order; only `sample_id` is required); empty cells are
inputs the sample does not have; `fusions` may list several files separated by `;`;
relative paths are taken from the sheet's folder, so a sheet and its data move together.
The sheet is checked whole before any sample runs: an unknown column, a duplicate or
unusable sample_id is an InputError naming the line, because a typo in a column name
would otherwise silently drop that input from every report.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError
from profiler.io.files import read_input_bytes

COLUMNS = ("sample_id", "vcf", "fusions", "cnv", "msi", "case", "maf")
FILE_COLUMNS = ("vcf", "cnv", "msi", "case", "maf")
# A sample_id names the sample's output folder: letters, digits, '.', '_' and '-' only,
# not starting with '.', so it can never climb out of --out or hide as a dot-folder.
SAMPLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
SHEET_LIMIT = 16 << 20  # 16 MiB: a sheet of 100,000 samples is a few MiB


@dataclass(frozen=True)
class SampleRow:
    """One sample of the sheet, paths resolved against the sheet's folder."""

    sample_id: str
    line: int  # line of the sheet, for messages
    vcf: Path | None = None
    fusions: tuple[Path, ...] = ()
    cnv: Path | None = None
    msi: Path | None = None
    case: Path | None = None
    maf: Path | None = None


def read_samplesheet(path: Path) -> tuple[SampleRow, ...]:
    """Every sample of the sheet, in order; InputError (file, line) on any sheet problem."""
    path = Path(path)
    raw = read_input_bytes(path, SHEET_LIMIT)
    try:
        text = raw.decode("utf-8-sig")  # a sheet saved by a spreadsheet may carry a BOM
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=path) from None
    lines = text.splitlines()
    reader = csv.reader(lines)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise InputError("empty sample sheet: no header line", path=path) from None
    _check_header(header, path)
    base = path.parent
    rows: list[SampleRow] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # a blank line (or a row of empty cells) is no sample
        if len(cells) > len(header):
            raise InputError(f"{len(cells)} cells for {len(header)} columns", path=path, line=line)
        values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        sample_id = values.get("sample_id", "")
        if not SAMPLE_ID.fullmatch(sample_id):
            raise InputError(
                f"sample_id {sample_id!r} is not usable as a folder name (letters, digits, "
                "'.', '_', '-'; not starting with '.'; at most 128 characters)",
                path=path,
                line=line,
            )
        if sample_id in seen:
            raise InputError(
                f"duplicate sample_id {sample_id!r} (first on line {seen[sample_id]})",
                path=path,
                line=line,
            )
        seen[sample_id] = line
        files = {name: _resolve(base, values.get(name, "")) for name in FILE_COLUMNS}
        fusions = tuple(
            _resolve(base, part) for part in values.get("fusions", "").split(";") if part.strip()
        )
        rows.append(SampleRow(sample_id=sample_id, line=line, fusions=fusions, **files))
    if not rows:
        raise InputError("the sample sheet lists no sample", path=path)
    return tuple(rows)


def _check_header(header: list[str], path: Path) -> None:
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise InputError(
            f"unknown column {unknown[0]!r} (the columns are {', '.join(COLUMNS)})",
            path=path,
            line=1,
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InputError(f"column {repeated[0]!r} appears twice", path=path, line=1)
    if "sample_id" not in header:
        raise InputError("no sample_id column", path=path, line=1)


def _resolve(base: Path, cell: str) -> Path | None:
    """A sheet cell as a path: empty is None, relative is taken from the sheet's folder."""
    cell = cell.strip()
    if not cell:
        return None
    return base / cell  # an absolute cell stays absolute (Path's `/` keeps it)
