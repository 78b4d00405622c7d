"""The model of what readers produce: variants, fusions, copy number, MSI, case facts, inputs.

Readers (profiler/io) build only these; interpretation adds to them elsewhere
(profiler.model.interpretation), so a reader never knows about therapies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Assembly = Literal["GRCh37", "GRCh38"]
ASSEMBLIES: tuple[Assembly, ...] = ("GRCh37", "GRCh38")


@dataclass(frozen=True)
class SmallVariant:
    """One ALT allele of one VCF record, with the annotation chosen for reporting.

    `gene`, `transcript`, `hgvs_c`, `hgvs_p` and `consequence` come from one transcript
    only (MANE Select, else canonical, else the KB's transcript), or from the KB's
    hotspot table for unannotated VCFs (`annotation_source` says which).
    """

    chrom: str
    pos: int
    ref: str
    alt: str
    filters: tuple[str, ...] = ()  # empty = PASS
    gene: str | None = None
    transcript: str | None = None
    hgvs_c: str | None = None
    hgvs_p: str | None = None
    consequence: str | None = None
    vaf: float | None = None
    depth: int | None = None
    alt_reads: int | None = None
    annotation_source: str = "none"  # "VEP", "SnpEff", "KB hotspot", "KB gene span", "none"
    record: int | None = None  # 1-based line number of the record in the VCF
    population_af: float | None = None  # largest gnomAD/MAX_AF the annotation gives
    # The annotator's own protein change when it is not on the KB's MANE Select transcript
    # ("V640E on ENST00000644969.2 (MANE Plus Clinical)"), kept so that a name taken
    # from the genomic position instead can say what it replaced.
    annotated_as: str | None = None
    notes: tuple[str, ...] = ()  # how the reported name was reached, for the report

    @property
    def passed(self) -> bool:
        return not self.filters

    @property
    def locus(self) -> str:
        return f"{self.chrom}:{self.pos} {self.ref}>{self.alt}"


@dataclass(frozen=True)
class Fusion:
    """A gene fusion call; gene5 is the 5' (upstream) partner, gene3 the 3' partner."""

    gene5: str
    gene3: str
    caller: str
    source: str  # file the call came from
    breakpoint5: str | None = None  # "chr10:121483698:-"
    breakpoint3: str | None = None
    junction_reads: int | None = None
    spanning_reads: int | None = None
    reading_frame: str | None = None  # "in-frame", "out-of-frame", "stop-codon" ... as called
    confidence: str | None = None  # caller's own confidence (Arriba high/medium/low)
    record: int | None = None  # 1-based line number in the source file
    # The caller's own rejection of the call, as it wrote it (VCF FILTER values other than
    # PASS, Arriba filters that discarded the whole event); empty when the caller kept it.
    filters: tuple[str, ...] = ()
    # The gene symbol shown for a partner whose gene5/gene3 is not one: Arriba's intergenic
    # `SH2D2A(4811),NTRK1(1207)` is kept verbatim in gene3 (it must never match a KB gene)
    # and named by the reader after one neighbour. None: the partner is its own name.
    label5: str | None = None
    label3: str | None = None

    @property
    def name(self) -> str:
        """`GENE5::GENE3`, the display name: labels where the partner is not a symbol."""
        return f"{self.label5 or self.gene5}::{self.label3 or self.gene3}"

    @property
    def supporting_reads(self) -> int | None:
        if self.junction_reads is None and self.spanning_reads is None:
            return None
        return (self.junction_reads or 0) + (self.spanning_reads or 0)


@dataclass(frozen=True)
class CopySegment:
    """One copy-number segment (or one gene row of a gene-level table), as the caller wrote it.

    Readers keep the caller's own values; turning segments into gene-level calls (KB gene
    spans, purity/ploidy, thresholds) is interpretation and happens in annotate/.
    """

    chrom: str | None
    start: int | None
    end: int | None
    source: str
    log2: float | None = None
    copy_number: float | None = None  # absolute copy number when the caller gives one
    genes: tuple[str, ...] = ()  # genes the caller annotated on the segment / gene-level row
    probes: int | None = None
    caller_call: str | None = None  # the caller's own call (GATK "+"/"-"/"0", CNVkit cn ...)
    record: int | None = None  # 1-based line number in the source file
    sample: str | None = None  # the sample the file names (SEG ID, GATK @RG SM); None: none
    discrete: int | None = None  # cBioPortal/GISTIC level -2..2 of a discrete table


@dataclass(frozen=True)
class MsiResult:
    """An MSI caller's score for the sample, with what is needed to apply its threshold."""

    tool: str  # "MSIsensor", "MSIsensor2", "MSIsensor-pro", "MANTIS"
    score: float  # as the tool reports it (MSIsensor: % of unstable sites; MANTIS: distance)
    source: str
    unit: str = "percent"  # "percent" | "distance"
    total_sites: int | None = None
    unstable_sites: int | None = None
    mode: str | None = None  # "tumor_normal" | "tumor_only" | None when the file does not say
    record: int | None = None


@dataclass(frozen=True)
class CopyNumber:
    """A gene-level copy-number call."""

    gene: str
    call: str  # "amplification", "gain", "loss", "deep_deletion"
    copy_number: float | None = None
    source: str | None = None
    log2: float | None = None  # the segment's log2 ratio, when the caller gave one


@dataclass(frozen=True)
class Biomarker:
    """A sample-level biomarker: MSI, TMB, HER2 IHC, MMR IHC."""

    name: str  # "MSI", "TMB", "HER2_IHC", "HER2_ISH", "MMR_IHC"
    status: str  # "MSI-H", "TMB-H", "3+", "amplified", "deficient" ...
    value: float | None = None
    unit: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Metastases:
    count: int
    max_per_organ: int


# Laboratory values a trial's organ-function criteria are decided on: field name (the unit
# is part of the name) -> (label, unit as shown). Values relative to the upper limit of
# normal ("x_uln") are used because each lab sets its own ULN.
LAB_FIELDS: dict[str, tuple[str, str]] = {
    "anc_10e9_per_l": ("ANC", "x 10^9/L"),
    "platelets_10e9_per_l": ("Platelets", "x 10^9/L"),
    "hemoglobin_g_dl": ("Haemoglobin", "g/dL"),
    "albumin_g_dl": ("Albumin", "g/dL"),
    "bilirubin_x_uln": ("Total bilirubin", "x ULN"),
    "alt_x_uln": ("ALT", "x ULN"),
    "ast_x_uln": ("AST", "x ULN"),
    "alp_x_uln": ("ALP", "x ULN"),
    "serum_creatinine_x_uln": ("Serum creatinine", "x ULN"),
}


@dataclass(frozen=True)
class Labs:
    """Screening laboratory values from the case JSON; each may be unknown (None)."""

    anc_10e9_per_l: float | None = None
    platelets_10e9_per_l: float | None = None
    hemoglobin_g_dl: float | None = None
    albumin_g_dl: float | None = None
    bilirubin_x_uln: float | None = None
    alt_x_uln: float | None = None
    ast_x_uln: float | None = None
    alp_x_uln: float | None = None
    serum_creatinine_x_uln: float | None = None

    def value(self, name: str) -> float | None:
        """One lab by its field name (a name from LAB_FIELDS)."""
        return getattr(self, name)


@dataclass(frozen=True)
class CaseInfo:
    """Clinical facts from the case JSON; every field may be unknown (None)."""

    patient_id: str | None = None
    specimen_id: str | None = None
    diagnosis: str | None = None
    stage: str | None = None
    age: int | None = None
    ecog: int | None = None
    line_of_therapy: int | None = None
    prior_therapies: tuple[str, ...] | None = None
    creatinine_clearance_ml_min: float | None = None
    her2_ihc: str | None = None
    her2_ish: str | None = None
    mmr_ihc: str | None = None
    metastases: Metastases | None = None
    tumor_purity: float | None = None
    jaundice: bool | None = None
    cardiac_contraindication: bool | None = None
    sex: str | None = None
    collection_date: str | None = None
    ordering_physician: str | None = None
    institution: str | None = None
    tumor_sample_id: str | None = None  # the exact tumour sample name every input must carry
    labs: Labs | None = None
    life_expectancy_weeks: float | None = None
    liver_metastases: bool | None = None
    bone_metastases: bool | None = None

    KEY_FACTS = (
        "diagnosis",
        "ecog",
        "line_of_therapy",
        "creatinine_clearance_ml_min",
        "her2_ihc",
        "mmr_ihc",
    )

    def unknown_facts(self) -> tuple[str, ...]:
        """The clinical facts a recommendation depends on that the case does not give."""
        return tuple(name for name in self.KEY_FACTS if getattr(self, name) is None)


@dataclass(frozen=True)
class VariantStats:
    """What the VCF reader saw, so that nothing is dropped without being counted."""

    records: int = 0
    alleles: int = 0
    passed: int = 0
    filtered: int = 0
    annotated_with: str = "none"
    scope: str = "whole file"  # or "target regions only (...)" when an index was used


@dataclass(frozen=True)
class InputFile:
    """An input as provenance sees it."""

    role: str  # "vcf", "fusions", "case", ...
    path: str
    sha256: str
    format: str | None = None
