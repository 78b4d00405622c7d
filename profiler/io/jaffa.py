"""JAFFA reader: `jaffa_results.csv` (JAFFA, JAFFAL and JAFFA-direct/hybrid).

A comma-separated file with quoted text, one row per fusion and sample, written by JAFFA's
`compile_results` step: `"sample","fusion genes","chrom1","base1","strand1","chrom2",
"base2","strand2","gap (kb)","spanning pairs","spanning reads","inframe","aligns",
"rearrangement","contig","contig break","classification","known"` (JAFFA 2.x; 1.x has no
strand columns, as in FuMa's `ReadJaffaResults` example; newer releases append
`geneCounts1/2`, `known mitelman`, `known cosmic` ...). Columns are found by name.

- Partners: `fusion genes` is `GENE5:GENE3` (`TCF3:PBX1`), 5' first: JAFFA orients each
  fusion by the transcripts it aligns to. Breakpoints are `chrom:base[:strand]`.
- Reads: `spanning reads` are reads that span the junction (junction reads) and
  `spanning pairs` read pairs that flank it (spanning fragments); JAFFA writes `-` for
  pairs in long-read (JAFFAL) and direct mode, read here as unknown.
- `inframe` TRUE/FALSE as in-frame/out-of-frame (NA or empty: unknown);
  `classification` (HighConfidence, MediumConfidence, LowConfidence,
  PotentialRegularTranscript) kept verbatim as the call's confidence.
- Samples: the file lists every sample of the run; `--sv-sample` picks one, a run of one
  sample needs none (profiler/io/fusion_samples.py).
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.fusion_samples import SampleTableCalls, choose_sample
from profiler.io.tabular import (
    column_index,
    parse_count,
    partner_genes,
    read_text_lines,
    require_columns,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "JAFFA"
_REQUIRED = ("fusion genes", "chrom1", "base1", "chrom2", "base2", "spanning reads")
_MISSING = {"", "-", "NA", "na", "."}
_FRAMES = {"TRUE": "in-frame", "FALSE": "out-of-frame"}


def _fields(line: str) -> list[str]:
    try:
        return [field.strip() for field in next(csv.reader([line]))]
    except (csv.Error, StopIteration):
        return []


def is_jaffa_header(line: str) -> bool:
    """True for a JAFFA results header: CSV naming `fusion genes` and `spanning reads`."""
    names = set(_fields(line))
    return "fusion genes" in names and "spanning reads" in names


def read_jaffa(path: str | Path, sample: str | None = None) -> list[Fusion]:
    """The chosen sample's fusions of a jaffa_results.csv, one per row, in file order."""
    return read_jaffa_calls(path, sample).fusions


def read_jaffa_calls(path: str | Path, sample: str | None = None) -> SampleTableCalls:
    """As `read_jaffa`, with the sample chosen (every row of it is a two-gene fusion).

    Raises InputError naming file, line and column for a missing required column, a row
    of the wrong width, a fusion name that is not GENE:GENE or a non-integer count.
    """
    path = Path(path)
    lines = read_text_lines(path)
    if not lines:
        raise InputError("empty file, expected JAFFA results", path=path)
    if not is_jaffa_header(lines[0]):
        raise InputError(
            "not JAFFA results: the header must name 'fusion genes' and 'spanning reads'",
            path=path,
            line=1,
        )
    header = _fields(lines[0])
    index = column_index(header)
    require_columns(index, _REQUIRED, CALLER, path)
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = _fields(line)
        if len(fields) != len(header):
            raise InputError(
                f"expected {len(header)} comma-separated fields as in the header, found "
                f"{len(fields)} (truncated or edited file?)",
                path=path,
                line=number,
            )
        rows.append((number, fields))
    samples = (fields[index["sample"]] for _, fields in rows) if "sample" in index else ()
    chosen = choose_sample(samples, sample, path, "JAFFA results")
    fusions = [
        _fusion(fields, index, path, number)
        for number, fields in rows
        if "sample" not in index or fields[index["sample"]] == chosen
    ]
    log.debug("%s: %d JAFFA row(s) of sample %s", path, len(fusions), chosen)
    return SampleTableCalls(fusions, chosen)


def _fusion(fields: list[str], index: dict[str, int], path: Path, number: int) -> Fusion:
    def cell(name: str) -> str:
        value = fields[index[name]] if name in index else ""
        return "" if value in _MISSING else value

    def count(name: str) -> int | None:
        value = cell(name)
        return None if not value else parse_count(value, path, number, name)

    def point(end: str) -> str | None:
        strand = fields[index[f"strand{end}"]] if f"strand{end}" in index else ""
        parts = [cell(f"chrom{end}"), cell(f"base{end}"), strand if strand in ("+", "-") else ""]
        return ":".join(p for p in parts if p) or None

    gene5, gene3 = partner_genes(cell("fusion genes"), ":", path, number, "fusion genes")
    return Fusion(
        gene5=gene5,
        gene3=gene3,
        caller=CALLER,
        source=str(path),
        breakpoint5=point("1"),
        breakpoint3=point("2"),
        junction_reads=count("spanning reads"),
        spanning_reads=count("spanning pairs"),
        reading_frame=_FRAMES.get(cell("inframe").upper()),
        confidence=cell("classification") or None,
        record=number,
    )
