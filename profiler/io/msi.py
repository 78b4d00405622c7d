"""MSI caller outputs (`--msi`): the MSIsensor family and MANTIS, read into one MsiResult.

MSIsensor, MSIsensor2, MSIsensor-pro. The score file (the `-o` prefix itself) is a
two-line table written by `Sample::pourOutMsiScore` (ding-lab/msisensor `sample.cpp`;
xjtu-omics/msisensor-pro `cpp/sample.cpp`; MSIsensor2 README "Output"):

    Total_Number_of_Sites   Number_of_Somatic_Sites   %      (MSIsensor, MSIsensor2,
    2987                    412                       13.79   early MSIsensor-pro)

MSIsensor-pro's `cpp/sample.cpp` writes `Number_of_Unstable_Sites` as the second column
in one version (@4ea1d8c) and `Number_of_Somatic_Sites` in another (@47c9b20). The %
is written with two decimals and is unstable/total x 100; a file whose % disagrees
with its own counts (by more than the rounding) is refused as edited or corrupt.

The tool and the mode cannot always be told from the file, and the thresholds differ
(FACTS Part 4: MSIsensor tumor-normal >= 10 MSI-H with 3-10 indeterminate; tumor-only
>= 20 %; MSIsensor-pro panel-specific). So `tool` and `mode` may be given, and what
can be detected is:
- tool: `Number_of_Unstable_Sites` is MSIsensor-pro's; otherwise "MSIsensor" unless
  `tool` says MSIsensor2 or MSIsensor-pro (a given tool always wins; a header that
  contradicts it is logged).
- mode: MSIsensor2 is tumor-only by design. Otherwise the files the tool writes next
  to the score file tell: `<prefix>_germline` is written only with a normal (msi mode
  with -n: tumor_normal); `<prefix>_unstable`/`<prefix>_all` only by MSIsensor-pro's
  tumor-only `pro` mode. Without either, mode is None (unknown), never guessed.
A total of 0 sites gives score 0.00 in the file; that is "not assessable", which the
interpretation must tell from MSS by `total_sites`.

MANTIS (OSU-SRLab/MANTIS `calculate_instability.py`, `Output_File_Formats.md`) writes,
for `-o out.txt`, a per-locus table `out.txt` (`Locus Normal_Reads Tumor_Reads
Difference Distance Dissimilarity`, last row `Average - - <DIF> <EUC> <COS>`) and
`out.txt.status`:

    Average Metric Value (Abbr)   Value    Threshold   Status
    Step-Wise Difference (DIF)    0.4123   0.4000      Unstable
    Euclidean Distance (EUC)      ...
    Cosine Dissimilarity (COS)    ...      (Value column repeats EUC: a MANTIS bug)

followed by a note recommending the step-wise difference. Either file is read; the
score is the DIF (default threshold 0.4, `mantis.py` defaults), `unit` "distance" as
the model names MANTIS scores, mode tumor_normal (MANTIS needs a matched normal). For
the per-locus file `total_sites` is the number of loci. The `_kmer_counts[_filtered]`
tables hold repeat counts, not a score, and are refused with a pointer to `.status`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from profiler.errors import InputError
from profiler.io.numbers import NON_NEGATIVE, Bounds
from profiler.io.tabular import (
    column_index,
    data_rows,
    detect_by_first_line,
    parse_count,
    parse_number,
    read_text_lines,
    split_row,
)
from profiler.model import MsiResult

log = logging.getLogger(__name__)

SENSOR_TOOLS = ("MSIsensor", "MSIsensor2", "MSIsensor-pro")
MODES = ("tumor_normal", "tumor_only")
_SENSOR = ("Total_Number_of_Sites", "%")
_SECOND = ("Number_of_Somatic_Sites", "Number_of_Unstable_Sites")
_STATUS = "Average Metric Value"
_LOCI = "Locus\tNormal_Reads\tTumor_Reads\tDifference"
_KMERS = "Locus\tRepeats\tNormal\tTumor"
# An MSIsensor score is a percentage of sites; a MANTIS distance is never negative.
PERCENT = Bounds(low=0, high=100)


def is_msisensor_header(line: str) -> bool:
    return line.split("\t", 1)[0].strip() == _SENSOR[0]


def is_mantis_header(line: str) -> bool:
    return line.startswith((_STATUS, _LOCI, _KMERS))


def read_msisensor(path: str | Path, tool: str | None = None, mode: str | None = None) -> MsiResult:
    """Read an MSIsensor / MSIsensor2 / MSIsensor-pro score file (see the module notes)."""
    path = Path(path)
    lines = read_text_lines(path)
    rows = data_rows(lines, 0)
    if not rows:
        raise InputError("empty file, expected an MSIsensor score table", path=path)
    number, head = rows[0]
    header = [name.strip() for name in head.split("\t")]
    if header[0] != _SENSOR[0]:
        raise InputError(
            f"missing header: the first line must be '{_SENSOR[0]}\\t...\\t%', found {head[:40]!r}",
            path=path,
            line=number,
        )
    if len(header) != 3 or header[1] not in _SECOND or header[2] != _SENSOR[1]:
        raise InputError(
            f"unexpected MSIsensor header {head!r}", path=path, line=number, field=header[0]
        )
    if len(rows) != 2:
        where = rows[2][0] if len(rows) > 2 else number
        raise InputError(
            f"expected exactly one data row after the header, found {len(rows) - 1}",
            path=path,
            line=where,
        )
    number, line = rows[1]
    total_text, unstable_text, score_text = split_row(line, 3, path, number)
    total = parse_count(total_text, path, number, header[0])
    unstable = parse_count(unstable_text, path, number, header[1])
    score = parse_number(score_text, path, number, "%", PERCENT)
    expected = 100.0 * unstable / total if total else 0.0
    if unstable > total or abs(expected - score) > 0.01:
        raise InputError(
            f"% {score} does not match {unstable} of {total} sites ({expected:.2f}); "
            "edited or corrupt file?",
            path=path,
            line=number,
            field="%",
        )
    found = "MSIsensor-pro" if header[1] == _SECOND[1] else None
    tool = _sensor_tool(tool, found, path)
    mode = _sensor_mode(tool, mode, path)
    return MsiResult(
        tool=tool,
        score=score,
        source=str(path),
        unit="percent",
        total_sites=total,
        unstable_sites=unstable,
        mode=mode,
        record=number,
    )


def _sensor_tool(given: str | None, found: str | None, path: Path) -> str:
    if given is None:
        return found or "MSIsensor"
    if given not in SENSOR_TOOLS:
        raise InputError(
            f"unknown MSIsensor tool {given!r}; known: {', '.join(SENSOR_TOOLS)}", path=path
        )
    if found and found != given:
        log.warning("%s: header written by %s, read as %s as asked", path, found, given)
    return given


def _sensor_mode(tool: str, given: str | None, path: Path) -> str | None:
    if given is not None and given not in MODES:
        raise InputError(f"unknown MSI mode {given!r}; known: {', '.join(MODES)}", path=path)
    if tool == "MSIsensor2":
        if given == "tumor_normal":
            raise InputError("MSIsensor2 scores tumor-only data only", path=path)
        return "tumor_only"
    if given is not None:
        return given
    sibling = path.with_name
    if sibling(path.name + "_germline").is_file():
        log.info("%s: %s_germline beside it: tumor_normal mode", path, path.name)
        return "tumor_normal"
    if any(sibling(path.name + s).is_file() for s in ("_unstable", "_all")):
        log.info("%s: MSIsensor-pro pro-mode files beside it: tumor_only mode", path)
        return "tumor_only"
    return None


def read_mantis(path: str | Path, tool: str | None = None, mode: str | None = None) -> MsiResult:
    """Read a MANTIS `.status` file or its per-locus table (see the module notes)."""
    path = Path(path)
    if tool not in (None, "MANTIS"):
        raise InputError(f"a MANTIS file cannot be read as {tool}", path=path)
    if mode not in (None, "tumor_normal"):
        raise InputError(
            "MANTIS compares tumor with a matched normal; its mode is tumor_normal", path=path
        )
    lines = read_text_lines(path)
    rows = data_rows(lines, 0)
    if not rows or not is_mantis_header(rows[0][1]):
        raise InputError("not MANTIS output", path=path, line=rows[0][0] if rows else None)
    head = rows[0][1]
    if head.startswith(_KMERS):
        raise InputError(
            "MANTIS k-mer repeat counts hold no score; give the .status file (or the "
            "per-locus table with its Average row)",
            path=path,
            line=rows[0][0],
        )
    if head.startswith(_STATUS):
        picked = [(n, x) for n, x in rows[1:] if x.startswith("Step-Wise Difference")]
        value_column, total = 1, None
    else:
        picked = [(n, x) for n, x in rows[1:] if x.split("\t", 1)[0].strip() == "Average"]
        value_column = column_index(head.split("\t"))["Difference"]
        total = len(rows) - 1 - len(picked)
    if len(picked) != 1:
        what = "Step-Wise Difference (DIF) row" if total is None else "Average row"
        raise InputError(
            f"expected one {what}, found {len(picked)}",
            path=path,
            line=picked[1][0] if len(picked) > 1 else None,
        )
    number, line = picked[0]
    fields = line.split("\t")
    if len(fields) <= value_column:
        raise InputError("row is cut short", path=path, line=number)
    column = "Value" if total is None else "Difference"
    return MsiResult(
        tool="MANTIS",
        score=parse_number(fields[value_column], path, number, column, NON_NEGATIVE),
        source=str(path),
        unit="distance",
        total_sites=total,
        mode="tumor_normal",
        record=number,
    )


# --------------------------------------------------------------------------- registry

MSI_READERS: dict[str, Callable[..., MsiResult]] = {
    "msisensor": read_msisensor,
    "mantis": read_mantis,
}
_HEADER_TESTS = {"msisensor": is_msisensor_header, "mantis": is_mantis_header}
_HINTS = {
    "msisensor": "'Total_Number_of_Sites ... %'",
    "mantis": ".status or per-locus table",
}


def detect_msi_format(path: str | Path) -> str:
    """The registry name of the MSI tool that wrote `path`, judged by its first line."""
    return detect_by_first_line(path, "MSI", _HEADER_TESTS, _HINTS, explain=_headerless_row)


def _headerless_row(line: str) -> str:
    cells = line.split("\t")
    if len(cells) == 3 and all(c.strip().replace(".", "", 1).isdigit() for c in cells):
        return " (an MSIsensor data row without its header line?)"
    return ""


def read_msi(
    path: str | Path, fmt: str | None = None, *, tool: str | None = None, mode: str | None = None
) -> MsiResult:
    """Read one MSI caller output; `tool` and `mode` state what the file cannot say."""
    path = Path(path)
    if fmt is None:
        fmt = detect_msi_format(path)
    elif fmt not in MSI_READERS:
        raise InputError(
            f"unknown MSI format {fmt!r}; known formats: {', '.join(MSI_READERS)}", path=path
        )
    result = MSI_READERS[fmt](path, tool, mode)
    log.info("%s: %s score %s (%s, mode %s)", path, result.tool, result.score, fmt, result.mode)
    return result
