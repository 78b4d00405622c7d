"""The domain model: what readers produce, what matching adds, what renderers consume.

Everything is a frozen dataclass so that a Report, once built, cannot be changed by a
renderer; data flows one way (readers -> model -> annotate -> recommend -> render).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Assembly = Literal["GRCh37", "GRCh38"]
ASSEMBLIES: tuple[Assembly, ...] = ("GRCh37", "GRCh38")


# --------------------------------------------------------------------------- inputs


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

    @property
    def name(self) -> str:
        return f"{self.gene5}::{self.gene3}"

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


# ----------------------------------------------------------------- interpretation


@dataclass(frozen=True)
class Reference:
    """A citation a clinician can follow: PMID, PMCID, DOI, NCT id, FDA action, OncoKB release."""

    # "pmid", "pmcid", "doi", "nct", "fda", "oncokb", "guideline", "publication", "url",
    # "database" (the KB schema's reference kinds)
    kind: str
    id: str
    note: str | None = None

    def __str__(self) -> str:
        return f"PMID:{self.id}" if self.kind == "pmid" else self.id


@dataclass(frozen=True)
class TherapyOption:
    """A targeted option for a finding, with the evidence an oncologist needs to weigh it."""

    agents: tuple[str, ...]
    oncokb_level: str | None  # "1", "2", "3A", "3B", "4"; None where not established
    amp_tier: str  # "IA", "IB", "IIC", "IID" (AMP/ASCO/CAP tier and level)
    approval_status: str  # approved | approved_accelerated | not_approved | withdrawn
    approval_scope: str  # btc | tumor_agnostic | other_tumor | none
    evidence_category: str  # approved_btc | approved_tumor_agnostic | guideline | investigational
    approval_date: str | None = None
    pivotal_trial: str | None = None
    nct_ids: tuple[str, ...] = ()
    key_result: str | None = None
    escat_tier: str | None = None
    unverified: tuple[str, ...] = ()  # names of fields that are not verified
    notes: tuple[str, ...] = ()
    condition: str | None = None  # e.g. "HER2 IHC 3+ required"
    references: tuple[Reference, ...] = ()
    exclusion_reason: str | None = None  # set on excluded options: why it is not recommended
    # The FDA label's coverage (KB `indication`) and how it fits this patient.
    indication: str | None = None  # the label's wording; None: no FDA label
    label_scope: str | None = None  # biliary_tract_cancer | cholangiocarcinoma | ... | None
    label_line: str | None = None  # previously_treated | no_satisfactory_alternative | any
    scope_fit: str = "unlabelled"  # on_label | off_label | depends | unlabelled
    timing: str = "now"  # now | after_first_line | depends
    caveats: tuple[str, ...] = ()  # patient-specific qualifications printed with the option
    depends_on: tuple[str, ...] = ()  # clinical facts the case lacks that decide the option

    @property
    def label(self) -> str:
        return " + ".join(self.agents)


@dataclass(frozen=True)
class Finding:
    """One detected alteration, interpreted against the knowledge base."""

    gene: str
    alteration: str  # as an oncologist writes it: R132C, V600E, FGFR2::BICC1 fusion, MSI-H
    category: str  # small_variant | fusion | copy_number | biomarker
    actionable: bool
    tier: str  # AMP/ASCO/CAP tier: "IA", "IB", "IIC", "IID", "III"
    kb_id: str | None = None
    transcript: str | None = None
    hgvs_c: str | None = None
    hgvs_p: str | None = None
    consequence: str | None = None
    vaf: float | None = None
    depth: int | None = None
    alt_reads: int | None = None
    locus: str | None = None
    sources: tuple[str, ...] = ()  # callers / files / IHC
    detail: dict[str, object] = field(default_factory=dict, hash=False, compare=False)
    therapies: tuple[TherapyOption, ...] = ()
    excluded_therapies: tuple[TherapyOption, ...] = ()  # withdrawn etc.: shown, never recommended
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegimenOption:
    """A standard-therapy regimen offered for this patient, with its evidence.

    `applies` is False when the regimen depends on clinical facts the case does not give;
    `depends_on` then names them, so the report shows the condition instead of guessing.
    """

    id: str
    name: str
    role: str  # preferred | alternative | option
    evidence_status: str  # approved | guideline | option | investigational
    applies: bool
    depends_on: tuple[str, ...] = ()
    trial: str | None = None
    nct_ids: tuple[str, ...] = ()
    result: str | None = None
    approval: str | None = None
    notes: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    status: str = "offered"  # offered | conditional | already_received | not_offered
    cautions: tuple[str, ...] = ()  # dose adjustments, individual decisions for this patient
    reason: str | None = None  # why it is already received / not offered


@dataclass(frozen=True)
class GuidanceItem:
    """A warning, pitfall or recommendation from the guidance, as it applies to this case."""

    id: str
    severity: str  # recommendation | warning | info
    text: str
    applies: bool
    depends_on: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True)
class PriorTherapyEntry:
    """One entry of the case's `prior_therapies`, as written, and what it was read as."""

    text: str
    agents: tuple[str, ...]  # KB agent ids recognised in it
    unrecognised: tuple[str, ...] = ()  # parts naming no known agent: shown, never guessed

    @property
    def recognised(self) -> bool:
        return bool(self.agents) and not self.unrecognised


@dataclass(frozen=True)
class StandardTherapy:
    """The standard-therapy fallback for this patient's line of therapy (always present)."""

    status: str  # "recommended" (the engine ran) or "placeholder"
    summary: str
    options: tuple[RegimenOption, ...] = ()
    guidance: tuple[GuidanceItem, ...] = ()
    missing_facts: tuple[str, ...] = ()
    prior_therapies: tuple[PriorTherapyEntry, ...] | None = None  # None: not recorded


@dataclass(frozen=True)
class CriterionResult:
    id: str
    text: str
    outcome: str  # met | not_met | unknown | confirm
    detail: str | None = None


@dataclass(frozen=True)
class Trial:
    nct_id: str
    title: str
    status: str
    last_updated: str
    eligibility: str  # eligible | possibly_eligible | not_eligible | not_evaluated
    reasons: tuple[str, ...] = ()
    phase: str | None = None
    arms: tuple[str, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()
    references: tuple[Reference, ...] = ()
    recruiting: bool = False  # the registry status is RECRUITING
    record_age_months: int | None = None  # registry record's age at the report date
    # "Not yet recruiting (registry record last updated 2025-04-27, 19 months before this
    # report)", and the eligibility with it ("Possibly eligible — Not yet recruiting (…)"):
    # shown together wherever the eligibility is shown.
    recruitment: str = ""
    statement: str = ""


@dataclass(frozen=True)
class InputSample:
    """A sample name one input file gives, so the report shows whose data each file holds."""

    role: str  # "vcf", "maf", "fusions", "cnv"
    path: str
    sample: str
    kind: str  # "tumor" | "normal"


@dataclass(frozen=True)
class SampleInfo:
    patient_id: str | None
    specimen_id: str | None
    tumor_sample: str | None
    normal_sample: str | None
    assembly: Assembly | None
    assembly_source: str | None  # how the assembly was decided
    input_samples: tuple[InputSample, ...] = ()
    identity_check: str | None = None  # what was compared with the case's ids, and the outcome
    identity_warnings: tuple[str, ...] = ()  # mismatches (also among the report's warnings)


@dataclass(frozen=True)
class Provenance:
    tool_version: str
    kb_version: str
    kb_release_date: str
    command_line: tuple[str, ...]
    generated_at: str  # ISO 8601 UTC
    inputs: tuple[InputFile, ...]


@dataclass(frozen=True)
class Methods:
    """How the report was produced: thresholds and what was read, for the methods section."""

    pass_only: bool
    variant_stats: VariantStats | None
    fusion_callers: tuple[str, ...]
    not_assessed: tuple[str, ...]  # e.g. "copy number (no --cnv input)"
    min_depth: int | None = None  # small-variant reporting thresholds in force (None: no VCF/MAF)
    min_vaf: float | None = None
    small_variant_methods: tuple[str, ...] = ()  # how VCF/MAF calls were read and judged
    assessments: tuple[str, ...] = ()  # how CNV / MSI / TMB were called, thresholds included


@dataclass(frozen=True)
class Report:
    schema_version: str
    sample: SampleInfo
    case: CaseInfo
    findings: tuple[Finding, ...]
    standard_therapy: StandardTherapy
    trials: tuple[Trial, ...]
    warnings: tuple[str, ...]
    methods: Methods
    provenance: Provenance

    @property
    def actionable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.actionable)

    @property
    def other(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.actionable)
