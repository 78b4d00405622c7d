"""The model of interpretation: findings, therapy options, standard-therapy regimens, trials.

What annotate/ and recommend/ make of the inputs, with the references a clinician can follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
class FusionPartner:
    """One partner of a fusion as its diagram draws it: side, breakpoint, place in the gene.

    `fraction` is how far along the gene, in its own 5'->3' direction, the breakpoint lies
    (0 = the gene's 5' end), computed from the KB's gene span and strand; None when the KB
    has no span for the gene (a partner outside the KB) or the breakpoint is not inside it.
    """

    gene: str
    side: str  # "5'" (contributes its 5' part, up to the breakpoint) or "3'" (from it on)
    breakpoint: str | None = None  # as the caller wrote it: "chr10:121483698:-"
    fraction: float | None = None
    span: str | None = None  # the KB span used: "GRCh38 10:121478334-121598458 (-)"


@dataclass(frozen=True)
class FusionLayout:
    """What a fusion diagram shows, taken only from the call and the KB (no domain map).

    `rule_side` is the side the KB's rule requires of `rule_gene` (FGFR2 5'; NTRK1/2/3,
    RET, NRG1 3'); `role_ok` says whether this call has the gene on that side. No protein
    domain is claimed: the KB carries partner rules, not domain coordinates.
    """

    five: FusionPartner
    three: FusionPartner
    frame: str | None = None
    rule_gene: str | None = None
    rule_side: str | None = None
    rule_label: str | None = None
    role_ok: bool | None = None


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
    # Fusions only: the partners, breakpoints and KB partner rule the diagram draws.
    fusion_layout: FusionLayout | None = field(default=None, hash=False, compare=False)


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
