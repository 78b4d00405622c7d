"""Discrete (gene-level) copy-number tables: cBioPortal `data_CNA.txt`, wide and long,
GISTIC 2.0 `all_thresholded.by_genes.txt` and the oncokb-annotator CNA tables.

One level per gene and sample, in the cBioPortal/GISTIC convention: -2 deep loss
(possibly a homozygous deletion), -1 single-copy loss, 0 diploid, 1 low-level gain,
2 high-level amplification (cBioPortal docs, "File Formats", Discrete Copy Number Data).

- wide (`discrete-wide`): a gene column (`Hugo_Symbol`, or GISTIC's `Gene Symbol`),
  optional `Entrez_Gene_Id` / `Locus ID` / `Gene ID` and `Cytoband`, then one column per
  sample named by its sample id (cBioPortal DISCRETE; oncokb-annotator
  `data/example_cna.txt`, the "GISTIC" input of CnaAnnotator).
- long (`discrete-long`): one row per gene and sample, columns by meaning: sample
  (`Sample_Id`, `SAMPLE_ID`, `Tumor_Sample_Barcode`), gene (`Hugo_Symbol`,
  `HUGO_GENE_SYMBOL`, `GENE`) and level (`Value`, `Copy_Number_Alteration`,
  `ALTERATION`, `CNA`, `GISTIC`) (cBioPortal DISCRETE_LONG; oncokb-annotator
  `data/example_individual_cna.txt`, the "individual" input). The oncokb-annotator also
  accepts the words Amplification, Gain, Loss and Deletion for 2, 1, -1 and -2.

Names are compared without case; extra columns (cbp_driver, namespaces) are ignored.
The levels are kept as written (`CopySegment.discrete`); which of them are reportable is
decided in annotate/. Not used, counted and named: a missing level (`NA`, empty: the
gene was not profiled), -1.5 (outside the -2..2 convention read here; tools disagree
whether it is a deep or a shallow loss) and a row without a gene symbol (Entrez id only).
Any other value is not a discrete level, and the file is refused at that line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.copynumber import CopyNumberTable, SkippedRow, choose_sample
from profiler.io.tabular import data_rows, read_caller_table, split_row
from profiler.model import CopySegment

log = logging.getLogger(__name__)

_LONG = {
    "sample": ("sample_id", "tumor_sample_barcode", "sample"),
    "gene": ("hugo_symbol", "hugo_gene_symbol", "gene"),
    "value": ("value", "copy_number_alteration", "alteration", "cna", "gistic"),
}
_WIDE_GENE = ("hugo_symbol", "gene symbol")
_WIDE_ANNOTATION = {"hugo_symbol", "gene symbol", "entrez_gene_id", "locus id", "gene id"}
_WIDE_ANNOTATION |= {"cytoband"}
# a MAF (or any per-variant table) given as --cnv is not a wide table of samples
_NOT_SAMPLES = {"variant_classification", "start_position", "chromosome", "tumor_sample_barcode"}
_WORDS = {"amplification": 2, "gain": 1, "loss": -1, "deletion": -2}
_MISSING = {"", "na", "nan", "n/a", "null"}
_LEVELS = (-2, -1, 0, 1, 2)


def _names(line: str) -> list[str]:
    return [name.strip().lower() for name in line.split("\t")]


def _long_columns(names: list[str]) -> dict[str, int]:
    found = {}
    for role, aliases in _LONG.items():
        position = next((names.index(a) for a in aliases if a in names), None)
        if position is not None:
            found[role] = position
    return found


def is_discrete_long_header(line: str) -> bool:
    """True for a long table: gene and level columns (and usually a sample column)."""
    found = _long_columns(_names(line))
    return "gene" in found and "value" in found


def is_discrete_wide_header(line: str) -> bool:
    """True for a wide table: a gene-symbol column first and no per-variant columns."""
    names = _names(line)
    first = names[0] if names else ""
    gene_first = first in _WIDE_GENE or (first == "entrez_gene_id" and len(names) > 1)
    return gene_first and not is_discrete_long_header(line) and not _NOT_SAMPLES & set(names)


def _level(text: str, path: Path, number: int, column: str) -> int | str:
    """The level -2..2, or the reason the cell is not used (a str); else InputError."""
    value = text.strip()
    if value.lower() in _MISSING:
        return "no level (NA or empty: not profiled)"
    if value.lower() in _WORDS:
        return _WORDS[value.lower()]
    try:
        number_value = float(value)
    except ValueError:
        number_value = float("nan")
    if number_value == -1.5:
        return "level -1.5 (outside the -2..2 convention read here)"
    if number_value in _LEVELS:
        return int(number_value)
    raise InputError(
        "expected a discrete copy-number level (-2, -1, 0, 1, 2 or Amplification, Gain, "
        f"Loss, Deletion), found {value!r}",
        path=path,
        line=number,
        field=column,
    )


def _row(
    path: Path,
    number: int,
    gene: str,
    cell: str,
    column: str,
    sample: str | None,
    skipped: list[SkippedRow],
) -> CopySegment | None:
    if not gene or gene.upper() == "NA":
        skipped.append(SkippedRow(number, "no gene symbol (Entrez_Gene_Id only)"))
        return None
    level = _level(cell, path, number, column)
    if isinstance(level, str):
        skipped.append(SkippedRow(number, level, gene=gene))
        return None
    return CopySegment(
        chrom=None,
        start=None,
        end=None,
        source=str(path),
        genes=(gene,),
        caller_call=cell.strip(),
        record=number,
        sample=sample,
        discrete=level,
    )


def read_discrete_wide_table(
    path: str | Path, sample: str | None = None, tumor_sample_id: str | None = None
) -> CopyNumberTable:
    """One sample's column of a wide discrete table (cBioPortal data_CNA, GISTIC genes)."""
    path = Path(path)
    lines = read_caller_table(
        path, "discrete copy-number table", is_discrete_wide_header, "Hugo_Symbol"
    )
    header = [name.strip() for name in lines[0].split("\t")]
    names = [name.lower() for name in header]
    samples = [h for h in header if h and h.lower() not in _WIDE_ANNOTATION]
    if not samples:
        raise InputError(
            "the discrete copy-number table has no sample column after the gene columns",
            path=path,
            line=1,
        )
    chosen = choose_sample(samples, sample, tumor_sample_id, path, "discrete copy-number table")
    chosen = chosen or samples[0]
    column = header.index(chosen)
    gene_at = next((names.index(n) for n in _WIDE_GENE if n in names), None)
    segments = []
    skipped: list[SkippedRow] = []
    for number, line in data_rows(lines, 1):
        fields = split_row(line, len(header), path, number)
        gene = fields[gene_at].strip() if gene_at is not None else ""
        segment = _row(path, number, gene, fields[column], chosen, chosen, skipped)
        if segment is not None:
            segments.append(segment)
    log.debug("%s: %d discrete level(s) of %s", path, len(segments), chosen)
    return CopyNumberTable(segments, tuple(skipped), fmt="discrete-wide", sample=chosen)


def read_discrete_long_table(
    path: str | Path, sample: str | None = None, tumor_sample_id: str | None = None
) -> CopyNumberTable:
    """One sample's rows of a long discrete table (cBioPortal DISCRETE_LONG, oncokb)."""
    path = Path(path)
    lines = read_caller_table(
        path, "discrete copy-number table", is_discrete_long_header, "gene and level columns"
    )
    header = [name.strip() for name in lines[0].split("\t")]
    col = _long_columns([name.lower() for name in header])
    rows = [(n, split_row(line, len(header), path, n)) for n, line in data_rows(lines, 1)]
    chosen = None
    if "sample" in col:
        samples = list(dict.fromkeys(fields[col["sample"]].strip() for _, fields in rows))
        chosen = choose_sample(samples, sample, tumor_sample_id, path, "discrete copy-number table")
        chosen = chosen or (samples[0] if samples else None)
    segments = []
    skipped: list[SkippedRow] = []
    for number, fields in rows:
        if chosen is not None and fields[col["sample"]].strip() != chosen:
            continue
        gene = fields[col["gene"]].strip()
        value = header[col["value"]]
        segment = _row(path, number, gene, fields[col["value"]], value, chosen, skipped)
        if segment is not None:
            segments.append(segment)
    log.debug("%s: %d discrete level(s) of %s", path, len(segments), chosen or "?")
    return CopyNumberTable(segments, tuple(skipped), fmt="discrete-long", sample=chosen)
