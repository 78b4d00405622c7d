"""Copy-number inputs (`--cnv`): one registry of readers, one place that decides the format.

Like the fusion registry (`profiler.io.fusions`): formats are named in `CNV_READERS`,
detected from the first line only (file names are renamed by pipelines), and each
reader lives in its own module under `profiler/io/copynumber/`. Every reader returns a
`CopyNumberTable`: `CopySegment`s with 1-based inclusive coordinates, in file order,
and the rows it skipped with the reason; or it raises InputError.

    cnvkit         CNVkit .cns / .call.cns      first line `chromosome start end gene ...`
    gatk           GATK .called.seg, .cr.seg,   SAM header (`@HD`...) or `CONTIG START END`
                   .modelFinal.seg
    seg            DNAcopy/CBS/IGV/GISTIC SEG   sample, chrom, start, end, mean columns
    discrete-long  cBioPortal DISCRETE_LONG,    gene, level (and sample) columns
                   oncokb-annotator individual
    discrete-wide  cBioPortal data_CNA, GISTIC  `Hugo_Symbol`/`Gene Symbol` first, then
                   by_genes, oncokb-annotator   one column per sample
    gene-table     gene-level table             `gene` and `copy_number` columns

The order matters only for tables matching several tests; the gene table is tried last.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from profiler.errors import InputError
from profiler.io.copynumber import CopyNumberTable
from profiler.io.copynumber.cnvkit import is_cnvkit_header, read_cnvkit_table
from profiler.io.copynumber.discrete import (
    is_discrete_long_header,
    is_discrete_wide_header,
    read_discrete_long_table,
    read_discrete_wide_table,
)
from profiler.io.copynumber.gatk import is_gatk_header, read_gatk_seg
from profiler.io.copynumber.gene_table import is_gene_table_header, read_gene_table
from profiler.io.copynumber.seg import is_seg_header, read_seg_table
from profiler.io.tabular import detect_by_first_line
from profiler.model import CopySegment

log = logging.getLogger(__name__)

# Every reader: (path, sample, tumor_sample_id) -> CopyNumberTable. `sample` picks one
# sample of a multi-sample file (SEG, discrete tables) and must match a GATK file's
# `@RG SM`; CNVkit and gene tables do not name their sample, so it is not checked there.
Reader = Callable[[Path, "str | None", "str | None"], CopyNumberTable]

CNV_READERS: dict[str, Reader] = {
    "cnvkit": lambda path, sample, case_id: read_cnvkit_table(path),
    "gatk": lambda path, sample, case_id: CopyNumberTable(read_gatk_seg(path, sample)),
    "seg": read_seg_table,
    "discrete-long": read_discrete_long_table,
    "discrete-wide": read_discrete_wide_table,
    "gene-table": lambda path, sample, case_id: CopyNumberTable(read_gene_table(path)),
}

_HEADER_TESTS: dict[str, Callable[[str], bool]] = {
    "cnvkit": is_cnvkit_header,
    "gatk": is_gatk_header,
    "seg": is_seg_header,
    "discrete-long": is_discrete_long_header,
    "discrete-wide": is_discrete_wide_header,
    "gene-table": is_gene_table_header,
}

_HINTS = {
    "cnvkit": "'chromosome start end ... log2' (CNVkit .cns/.call.cns)",
    "gatk": "'@HD'/'@SQ' lines or 'CONTIG START END' (GATK .called.seg/.cr.seg/.modelFinal.seg)",
    "seg": "'ID chrom loc.start loc.end num.mark seg.mean' or another spelling (SEG)",
    "discrete-long": "'Hugo_Symbol Sample_Id Value' (cBioPortal long / oncokb-annotator CNA)",
    "discrete-wide": "'Hugo_Symbol Entrez_Gene_Id <sample>...' (cBioPortal data_CNA / GISTIC)",
    "gene-table": "'gene' and 'copy_number' columns (gene-level table)",
}


def detect_cnv_format(path: str | Path) -> str:
    """The registry name of the copy-number format of `path`, judged by its first line."""
    return detect_by_first_line(path, "copy-number", _HEADER_TESTS, _HINTS)


def read_copy_number(
    path: str | Path,
    fmt: str | None = None,
    *,
    sample: str | None = None,
    tumor_sample_id: str | None = None,
) -> list[CopySegment]:
    """Read one copy-number file's segments, detecting its format unless `fmt` names it.

    `sample` picks one sample of a multi-sample SEG or discrete table and must match the
    `@RG SM` of a GATK file; `tumor_sample_id` (the case's) picks it when `sample` does
    not. Segments carry the sample name the file gives (`CopySegment.sample`).
    """
    return read_copy_number_table(
        path, fmt, sample=sample, tumor_sample_id=tumor_sample_id
    ).segments


def read_copy_number_table(
    path: str | Path,
    fmt: str | None = None,
    *,
    sample: str | None = None,
    tumor_sample_id: str | None = None,
) -> CopyNumberTable:
    """As `read_copy_number`, with the rows skipped (and why) and the format read."""
    path = Path(path)
    if fmt is None:
        fmt = detect_cnv_format(path)
    elif fmt not in CNV_READERS:
        raise InputError(
            f"unknown copy-number format {fmt!r}; known formats: {', '.join(CNV_READERS)}",
            path=path,
        )
    table = CNV_READERS[fmt](path, sample, tumor_sample_id)
    if not table.segments:
        log.warning("%s: no copy-number segments", path)
    log.info(
        "%s: read %d copy-number row(s) as %s, %d skipped",
        path,
        len(table.segments),
        fmt,
        len(table.skipped),
    )
    return CopyNumberTable(table.segments, table.skipped, fmt=fmt, sample=table.sample)
