"""The model of page 1's typed results: the biomarker panel and the pertinent-negatives list.

A pathologist signs what was tested and not found as much as what was found: each
checklist item says "detected", "not detected" or "not assessed" and why, and the
biomarkers carry their numbers (value, denominator, threshold) as fields, not prose,
so that a pipeline reads them without parsing sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CheckState = Literal["detected", "not_detected", "not_assessed", "indeterminate"]

# The BTC pertinent-negatives list, in the order page 1 shows it (issue 12).
CHECKLIST_IDS: tuple[str, ...] = (
    "fgfr2_fusion",
    "idh1_r132",
    "braf_v600e",
    "her2",
    "ntrk_fusion",
    "ret_fusion",
    "nrg1_fusion",
    "kras_g12c",
    "msi",
    "tmb",
)


@dataclass(frozen=True)
class ChecklistItem:
    """One pertinent negative (or positive): what was looked for, and what was found."""

    id: str  # one of CHECKLIST_IDS
    label: str  # "FGFR2 fusion", "IDH1 R132", ...
    state: CheckState
    detail: str  # what was detected, what "not detected" rests on, or why not assessed
    # Read depth at the locus from the tumour alignments ("covered at 412x"); None: the item
    # has no locus (fusions, MSI, TMB). "indeterminate": the locus was read below the depth
    # threshold, so no call there excludes nothing (annotate/checklist.with_coverage).
    coverage: str | None = None


@dataclass(frozen=True)
class TmbPanel:
    """TMB as computed from the VCF: the count, the denominator and the rule applied."""

    status: str  # "TMB-H" | "TMB-low"
    value_mut_per_mb: float
    mutations: int
    megabases: float
    threshold: float  # mut/Mb at or above which the status is TMB-H
    rule: str


@dataclass(frozen=True)
class MsiPanel:
    """MSI from a caller's score and the threshold that belongs to that tool and mode."""

    status: str  # "MSI-H" | "MSS" | "indeterminate" | "not_interpretable"
    score: float
    unit: str | None  # "%" or the tool's own unit ("distance")
    tool: str
    mode: str | None  # "tumor_normal" | "tumor_only" | None when neither file nor option says
    threshold: str  # the threshold applied, as the methods section prints it


@dataclass(frozen=True)
class Her2Panel:
    """The one HER2 call (annotate/her2.py) and the facts it was made from."""

    status: str  # positive | equivocal | negative | discordant | amplified | not_assessed
    ihc: str | None
    ish: str | None
    erbb2_copy_number: float | None  # absolute copy number of an ERBB2 amplification call


@dataclass(frozen=True)
class CopyNumberEntry:
    """A gene-level copy-number call as the report lists it."""

    gene: str
    copy_number: float | None  # None: a discrete level (+2 / -2) without a number
    call: str  # "amplification" | "deep_deletion"
    log2: float | None = None


@dataclass(frozen=True)
class Biomarkers:
    """The typed biomarker panel; None where the biomarker was not assessed."""

    tmb: TmbPanel | None = None
    msi: MsiPanel | None = None
    her2: Her2Panel | None = None
    copy_number: tuple[CopyNumberEntry, ...] = ()


@dataclass(frozen=True)
class NotReported:
    """A call that is shown only in the "not reported" appendix, with the reason."""

    category: str  # "fusion" | "small_variant" | "copy_number"
    name: str  # "AF117829.1::PIP4P2 fusion"
    reason: str
    source: str | None = None
