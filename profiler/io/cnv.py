"""Copy-number inputs (`--cnv`): one registry of readers, one place that decides the format.

Like the fusion registry (`profiler.io.fusions`): formats are named in `CNV_READERS`,
detected from the first line only (file names are renamed by pipelines), and each
reader lives in its own module under `profiler/io/copynumber/`. Every reader returns
`CopySegment`s with 1-based inclusive coordinates, in file order, or raises InputError.

    cnvkit      CNVkit .cns / .call.cns       first line `chromosome start end ... log2`
    gatk        GATK .called.seg, .cr.seg,    SAM header (`@HD`...) or `CONTIG START END`
                .modelFinal.seg
    seg         DNAcopy/CBS/IGV SEG            sample, chrom, start, end, seg.mean columns
    gene-table  gene-level table               `gene` and `copy_number` columns

The order matters only for tables matching several tests; the gene table is tried last.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from profiler.errors import InputError
from profiler.io.copynumber.cnvkit import is_cnvkit_header, read_cnvkit
from profiler.io.copynumber.gatk import is_gatk_header, read_gatk_seg
from profiler.io.copynumber.gene_table import is_gene_table_header, read_gene_table
from profiler.io.copynumber.seg import is_seg_header, read_seg
from profiler.io.tabular import detect_by_first_line
from profiler.model import CopySegment

log = logging.getLogger(__name__)

CNV_READERS: dict[str, Callable[..., list[CopySegment]]] = {
    "cnvkit": read_cnvkit,
    "gatk": read_gatk_seg,
    "seg": read_seg,
    "gene-table": read_gene_table,
}

_NAME_A_SAMPLE = {"seg", "gatk"}  # formats whose files say which sample they are

_HEADER_TESTS: dict[str, Callable[[str], bool]] = {
    "cnvkit": is_cnvkit_header,
    "gatk": is_gatk_header,
    "seg": is_seg_header,
    "gene-table": is_gene_table_header,
}

_HINTS = {
    "cnvkit": "'chromosome start end ... log2' (CNVkit .cns/.call.cns)",
    "gatk": "'@HD'/'@SQ' lines or 'CONTIG START END' (GATK .called.seg/.cr.seg/.modelFinal.seg)",
    "seg": "'ID chrom loc.start loc.end num.mark seg.mean' (SEG)",
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
    """Read one copy-number file, detecting its format unless `fmt` names it.

    `sample` picks one sample of a multi-sample SEG file and must match the `@RG SM` of
    a GATK file; CNVkit and gene tables do not name their sample, so it is not checked.
    `tumor_sample_id` (the case's) picks a SEG file's sample when `sample` does not.
    SEG and GATK segments carry the sample name the file gives (`CopySegment.sample`).
    """
    path = Path(path)
    if fmt is None:
        fmt = detect_cnv_format(path)
    elif fmt not in CNV_READERS:
        raise InputError(
            f"unknown copy-number format {fmt!r}; known formats: {', '.join(CNV_READERS)}",
            path=path,
        )
    reader = CNV_READERS[fmt]
    if fmt == "seg":
        segments = read_seg(path, sample, tumor_sample_id)
    else:
        segments = reader(path, sample) if fmt in _NAME_A_SAMPLE else reader(path)
    if not segments:
        log.warning("%s: no copy-number segments", path)
    log.info("%s: read %d copy-number row(s) as %s", path, len(segments), fmt)
    return segments
