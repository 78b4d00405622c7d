"""Typed, read-only views of knowledge-base entries (the YAML is validated before this)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from profiler.model import Assembly, Reference


def references_from(raw: list[dict[str, Any]]) -> tuple[Reference, ...]:
    return tuple(Reference(kind=r["kind"], id=str(r["id"]), note=r.get("note")) for r in raw)


@dataclass(frozen=True)
class GeneSpan:
    chrom: str
    start: int
    end: int

    def contains(self, chrom: str, pos: int) -> bool:
        return normalise_chrom(chrom) == self.chrom and self.start <= pos <= self.end


@dataclass(frozen=True)
class Gene:
    symbol: str
    strand: str | None  # None only for a gene whose span is not known (then spans is empty)
    mane_refseq: str | None
    mane_ensembl: str | None
    transcript_status: str
    other_transcripts: tuple[str, ...]
    spans: dict[Assembly, GeneSpan]

    def is_preferred_transcript(self, transcript_id: str | None) -> bool:
        """True for the gene's MANE Select transcript, RefSeq or Ensembl, any version."""
        if not transcript_id:
            return False
        bare = strip_version(transcript_id)
        return bare in {strip_version(t) for t in (self.mane_refseq, self.mane_ensembl) if t}


@dataclass(frozen=True)
class CodonBase:
    """One base of a codon: c. number, coding-strand base ('N' = unknown), + strand positions."""

    c: int
    base: str
    positions: dict[Assembly, int]


@dataclass(frozen=True)
class Codon:
    """A codon of interest (hotspots.yaml `codons`): translated for unannotated SNVs/MNVs."""

    id: str
    gene: str
    transcript: str
    number: int
    ref_aa: str
    strand: str
    bases: tuple[CodonBase, CodonBase, CodonBase]


@dataclass(frozen=True)
class HotspotLocus:
    chrom: str
    pos: int
    ref: str
    alt: str
    status: str


@dataclass(frozen=True)
class Hotspot:
    id: str
    gene: str
    protein_change: str
    hgvs_p: str
    hgvs_c: str
    transcript: str
    coordinates: dict[Assembly, HotspotLocus]


@dataclass(frozen=True)
class Indication:
    """Who an FDA label covers: evaluated against the case's diagnosis and line."""

    tumor_scope: str  # biliary_tract_cancer | cholangiocarcinoma | intrahepatic_... | solid_tumors
    line: str  # previously_treated | no_satisfactory_alternative | any
    text: str


@dataclass(frozen=True)
class Therapy:
    agents: tuple[str, ...]
    brand_names: tuple[str, ...]
    oncokb_level: str | None
    amp_tier: str
    fda_status: str
    fda_scope: str
    fda_date: str | None
    fda_detail: str | None
    pivotal_trial: str | None
    nct_ids: tuple[str, ...]
    key_result: str | None
    condition: str | None
    notes: tuple[str, ...]
    unverified: tuple[str, ...]
    references: tuple[Reference, ...]
    indication: Indication | None = None


@dataclass(frozen=True)
class Alteration:
    """A knowledge-base rule: which alteration, and what it means for treatment."""

    id: str
    label: str
    gene: str
    category: str
    match: dict[str, Any]
    oncokb_level: str | None
    escat_tier: str | None
    escat_status: str | None
    notes: tuple[str, ...]
    therapies: tuple[Therapy, ...]
    references: tuple[Reference, ...]
    review_date: str


@dataclass(frozen=True)
class ConditionalText:
    """A caution or contraindication: shown (or applied) when its `when` holds."""

    when: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Agent:
    """A drug the KB can recognise in a case's free-text prior therapies."""

    id: str
    drug_class: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class RegimenAlias:
    """A regimen written as one word (FOLFOX, GemCis) and the agents it stands for."""

    names: tuple[str, ...]
    agents: tuple[str, ...]


@dataclass(frozen=True)
class Regimen:
    """A standard-therapy regimen and the case conditions under which it applies."""

    id: str
    name: str
    role: str  # preferred | alternative | option
    when: dict[str, Any]
    evidence_status: str  # approved | guideline | option | investigational
    trial: str | None
    nct_ids: tuple[str, ...]
    result: str | None
    approval: str | None
    notes: tuple[str, ...]
    unverified: tuple[str, ...]
    references: tuple[Reference, ...]
    agents: tuple[str, ...] = ()
    cautions: tuple[ConditionalText, ...] = ()
    contraindications: tuple[ConditionalText, ...] = ()


@dataclass(frozen=True)
class Guidance:
    """A warning, pitfall or recommendation that applies under stated case conditions."""

    id: str
    severity: str  # recommendation | warning | info
    text: str
    when: dict[str, Any]
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class TrialCriterion:
    """One eligibility criterion; which fields apply depends on `kind` (see trials.yaml)."""

    id: str
    kind: str
    text: str
    values: tuple[Any, ...] = ()
    min: float | None = None
    max: float | None = None
    min_exclusive: float | None = None
    labs: tuple[str, ...] = ()  # case lab fields a `lab` criterion checks
    raised_max: float | None = None  # the higher limit when a `raised_with` fact is true
    raised_with: tuple[str, ...] = ()  # e.g. ("liver_metastases",)


@dataclass(frozen=True)
class TrialEntry:
    nct_id: str
    title: str
    phase: str
    status: str
    last_updated: str
    arms: tuple[str, ...]
    criteria: tuple[TrialCriterion, ...]
    references: tuple[Reference, ...]
    sponsor: str | None = None


@dataclass(frozen=True)
class AssemblyInfo:
    name: Assembly
    aliases: tuple[str, ...]
    contig_lengths: dict[str, int]


@dataclass(frozen=True)
class KnowledgeBase:
    name: str
    version: str
    release_date: str
    genes: dict[str, Gene]
    hotspots: tuple[Hotspot, ...]
    alterations: tuple[Alteration, ...]
    assemblies: dict[Assembly, AssemblyInfo]
    thresholds: tuple[dict[str, Any], ...]
    path: str
    codons: tuple[Codon, ...] = ()
    regimens: tuple[Regimen, ...] = ()
    guidance: tuple[Guidance, ...] = ()
    trials: tuple[TrialEntry, ...] = ()
    agents: tuple[Agent, ...] = ()
    regimen_aliases: tuple[RegimenAlias, ...] = ()
    # SHA-256 over the KB's files (name and bytes, sorted): a locally edited KB that kept its
    # version number is still told apart (report id, provenance). "" in hand-built KBs.
    content_sha256: str = ""

    def alterations_for(self, gene: str, category: str) -> tuple[Alteration, ...]:
        return tuple(a for a in self.alterations if a.gene == gene and a.category == category)


def agent_id(name: str) -> str:
    """'Trastuzumab deruxtecan' -> 'trastuzumab_deruxtecan': how therapies name agents.yaml ids."""
    return name.strip().lower().replace(" ", "_")


def strip_version(identifier: str) -> str:
    return identifier.split(".", 1)[0]


def normalise_chrom(chrom: str) -> str:
    """'chr7' -> '7', 'chrM' -> 'MT'; the KB stores chromosomes without a prefix."""
    bare = chrom[3:] if chrom.lower().startswith("chr") else chrom
    return "MT" if bare in {"M", "m"} else bare
