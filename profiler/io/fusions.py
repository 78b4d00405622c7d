"""Fusion-caller outputs: one registry of readers, one place that decides the format.

Like CNVkit's `skgenome/tabio`, callers are named in `FUSION_READERS` and detected from
their header line only, so a new caller is one module plus one registry entry. Every
reader returns `Fusion` objects in file order and raises `InputError` (file, line,
field) instead of returning part of a file.

Detection order matters where headers overlap: ctat-LR-fusion, FusionInspector and
STAR-Fusion all start with `#FusionName`; ctat-LR-fusion is recognised first by its
`num_LR` column, FusionInspector next by its `LeftLocalBreakpoint` column; the simple
table (`gene5`/`gene3`) is tried last. DRAGEN (`#FusionGene`), JAFFA (a CSV naming
`fusion genes`) and cBioPortal's data_sv.txt (`Sample_Id`, `Site1/2_Hugo_Symbol`) have
headers of their own; the last two are cohort tables whose sample `sample` picks.
A VCF is FusionCatcher's own
(`fc2vcf.py` output: RNA calls with gene, read and frame fields, see fusioncatcher_vcf.py)
when its header defines FusionCatcher's FUSION/GENE5/GENE3 INFO keys, and a
structural-variant VCF otherwise. Structural-variant VCFs (`##fileformat=VCF`, or BCF) are
the one format that needs more than the path: their breakends are placed in genes with the
knowledge base's spans, so `read_fusions` takes `kb` (and optionally `assembly` and the
tumor `sample`) for them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError
from profiler.io.arriba import is_arriba_header, read_arriba
from profiler.io.cbioportal_sv import (
    is_cbioportal_sv_header,
    read_cbioportal_sv,
    read_cbioportal_sv_calls,
)
from profiler.io.ctat_lr_fusion import is_ctat_lr_fusion_header, read_ctat_lr_fusion
from profiler.io.dragen_fusion import is_dragen_fusion_header, read_dragen_fusion
from profiler.io.files import require_regular
from profiler.io.fusion_samples import SampleTableCalls
from profiler.io.fusion_tsv import is_fusion_tsv_header, read_fusion_tsv
from profiler.io.fusioncatcher import is_fusioncatcher_header, read_fusioncatcher
from profiler.io.fusioncatcher_vcf import is_fusioncatcher_vcf, read_fusioncatcher_vcf
from profiler.io.jaffa import is_jaffa_header, read_jaffa, read_jaffa_calls
from profiler.io.star_fusion import (
    is_fusion_inspector_header,
    is_star_fusion_header,
    read_fusion_inspector,
    read_star_fusion,
)
from profiler.io.sv_vcf import read_sv_vcf, read_sv_vcf_calls
from profiler.io.tabular import detect_by_first_line, sniff
from profiler.kb.entries import KnowledgeBase
from profiler.model import Fusion

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- registry

SV_VCF = "sv-vcf"
FUSIONCATCHER_VCF = "fusioncatcher-vcf"
CBIOPORTAL_SV = "cbioportal-sv"
JAFFA = "jaffa"

# Cohort tables: one sample is chosen (`sample`, i.e. --sv-sample) and unused rows named.
_SAMPLE_TABLES: dict[str, Callable[..., SampleTableCalls]] = {
    CBIOPORTAL_SV: read_cbioportal_sv_calls,
    JAFFA: read_jaffa_calls,
}

# Table readers take the path only; the SV VCF reader also needs kb (see read_fusions).
FUSION_READERS: dict[str, Callable[..., list[Fusion]]] = {
    "star-fusion": read_star_fusion,
    "fusioninspector": read_fusion_inspector,
    "ctat-lr-fusion": read_ctat_lr_fusion,
    "arriba": read_arriba,
    "fusioncatcher": read_fusioncatcher,
    FUSIONCATCHER_VCF: read_fusioncatcher_vcf,
    "dragen": read_dragen_fusion,
    JAFFA: read_jaffa,
    CBIOPORTAL_SV: read_cbioportal_sv,
    "fusion-tsv": read_fusion_tsv,
    SV_VCF: read_sv_vcf,
}

# Tried in this order: ctat-LR-fusion before FusionInspector before STAR-Fusion (all
# `#FusionName`), the generic table last.
_HEADER_TESTS: dict[str, Callable[[str], bool]] = {
    "ctat-lr-fusion": is_ctat_lr_fusion_header,
    "fusioninspector": is_fusion_inspector_header,
    "star-fusion": is_star_fusion_header,
    "arriba": is_arriba_header,
    "fusioncatcher": is_fusioncatcher_header,
    "dragen": is_dragen_fusion_header,
    JAFFA: is_jaffa_header,
    CBIOPORTAL_SV: is_cbioportal_sv_header,
    SV_VCF: lambda line: line.startswith("##fileformat=VCF"),
    "fusion-tsv": is_fusion_tsv_header,
}

_HEADER_HINTS = {
    "star-fusion": "'#FusionName' (STAR-Fusion fusion_predictions[.abridged].tsv)",
    "fusioninspector": "'#FusionName' with LeftLocalBreakpoint (FusionInspector fusions.tsv)",
    "ctat-lr-fusion": "'#FusionName' with num_LR (ctat-LR-fusion fusion_predictions.tsv)",
    "dragen": "'#FusionGene' with NumSplitReads (DRAGEN fusion_candidates.final)",
    JAFFA: "CSV naming 'fusion genes' and 'spanning reads' (JAFFA jaffa_results.csv)",
    CBIOPORTAL_SV: "Sample_Id, Site1_Hugo_Symbol, Site2_Hugo_Symbol (cBioPortal data_sv.txt)",
    "arriba": "'#gene1' (Arriba fusions.tsv)",
    "fusioncatcher": "'Gene_1_symbol(5end_fusion_partner)' (FusionCatcher final-list)",
    "fusion-tsv": "a header naming gene5 and gene3 (simple fusion table)",
    FUSIONCATCHER_VCF: "'##fileformat=VCF' with INFO FUSION/GENE5/GENE3 (FusionCatcher VCF)",
    SV_VCF: "'##fileformat=VCF' (Manta/GRIDSS/DELLY structural-variant VCF, or BCF)",
}


def detect_fusion_format(path: str | Path) -> str:
    """The registry name of the caller that wrote `path`, judged by its header line.

    Only the header decides: file names are renamed by pipelines, and a wrong guess
    would make one caller's columns be read as another's.
    """
    if sniff(path, 3) == b"BCF":
        return SV_VCF
    fmt = detect_by_first_line(path, "fusion-caller", _HEADER_TESTS, _HEADER_HINTS)
    if fmt == SV_VCF and is_fusioncatcher_vcf(path):
        return FUSIONCATCHER_VCF
    return fmt


@dataclass(frozen=True)
class FusionCalls:
    """One fusion file's calls, its format, the samples it names and rows not read.

    `notes` name the rows a cohort table holds for the sample that are not fusions
    (for the report's methods).
    """

    fusions: list[Fusion]
    fmt: str
    tumor_sample: str | None = None
    normal_sample: str | None = None
    notes: tuple[str, ...] = ()


def read_fusions(
    path: str | Path,
    fmt: str | None = None,
    *,
    kb: KnowledgeBase | None = None,
    assembly: str | None = None,
    sample: str | None = None,
) -> list[Fusion]:
    """Read one fusion-caller output, detecting the caller unless `fmt` names it.

    Returns every call in file order (filtering is the caller's business, not the
    reader's) or raises InputError; never a partial list. `kb`, `assembly` and
    `sample` are used for structural-variant VCFs only, and `kb` is required for them.
    """
    return read_fusion_calls(path, fmt, kb=kb, assembly=assembly, sample=sample).fusions


def read_fusion_calls(
    path: str | Path,
    fmt: str | None = None,
    *,
    kb: KnowledgeBase | None = None,
    assembly: str | None = None,
    sample: str | None = None,
    tumor_sample_id: str | None = None,
) -> FusionCalls:
    """As `read_fusions`, also giving the format and the sample names the file holds.

    Structural-variant VCFs name samples (their columns), and so do the cohort tables
    (cBioPortal data_sv.txt, JAFFA results), whose sample `sample` picks; the tables of
    single-sample callers do not. `tumor_sample_id` (the case's) picks an SV VCF's tumor
    column as in `open_vcf`.
    """
    path = Path(path)
    require_regular(path)  # before htslib or a sniff opens it: a FIFO would block
    if fmt is None:
        fmt = detect_fusion_format(path)
    elif fmt not in FUSION_READERS:
        raise InputError(
            f"unknown fusion format {fmt!r}; known formats: {', '.join(FUSION_READERS)}",
            path=path,
        )
    if fmt == SV_VCF:
        if kb is None:
            raise InputError(
                "a structural-variant VCF needs the knowledge base's gene spans "
                "(read_fusions(..., kb=...))",
                path=path,
            )
        calls = read_sv_vcf_calls(
            path, kb, assembly, sample=sample, tumor_sample_id=tumor_sample_id
        )
        log.info("%s: read %d fusion call(s) as %s", path, len(calls.fusions), fmt)
        return FusionCalls(calls.fusions, fmt, calls.tumor_sample, calls.normal_sample)
    if fmt in _SAMPLE_TABLES:
        table = _SAMPLE_TABLES[fmt](path, sample)
        log.info("%s: read %d fusion call(s) as %s", path, len(table.fusions), fmt)
        return FusionCalls(table.fusions, fmt, table.sample, notes=table.notes)
    fusions = FUSION_READERS[fmt](path)
    log.info("%s: read %d fusion call(s) as %s", path, len(fusions), fmt)
    return FusionCalls(fusions, fmt)
