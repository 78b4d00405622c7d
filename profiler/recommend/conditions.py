"""Evaluate the knowledge base's `when` clauses against a case, in three states.

A clause holds (True), fails (False), or cannot be decided because the case does not
give a fact (None, with the facts named). The report shows undecided items with their
condition instead of guessing, so a missing ECOG never silently hides or shows a regimen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from profiler.model import CaseInfo, Finding
from profiler.recommend.prior import PriorTherapies

CHECKPOINT_INHIBITOR = "checkpoint_inhibitor"  # agents.yaml class
CISPLATIN_MIN_CRCL_ML_MIN = 60  # seed 001: creatinine clearance < 60 mL/min contraindicates

FACT_LABELS = {
    "line": "line of therapy",
    "ecog": "ECOG performance status",
    "cisplatin_eligible": "cisplatin eligibility (creatinine clearance)",
    "diagnosis": "diagnosis (anatomical subtype)",
    "her2_status": "HER2 status (IHC/ISH)",
    "actionable": "actionable alterations",
    "prior_immunotherapy": "prior therapies",
    "jaundice": "jaundice / biliary obstruction",
    "creatinine_clearance": "creatinine clearance",
}


@dataclass(frozen=True)
class CaseFacts:
    """The facts `when` clauses speak about, derived once from the case and findings."""

    line: int | None
    ecog: int | None
    cisplatin_eligible: bool | None
    diagnosis: str | None
    her2_status: str | None  # positive | negative | equivocal | None (unknown)
    actionable: bool
    prior_immunotherapy: bool | None
    jaundice: bool | None
    creatinine_clearance: float | None = None


def her2_status(case: CaseInfo) -> str | None:
    """HER2 from pathology: IHC 3+ (or 2+ with ISH amplification) is positive; IHC 0/1+
    (or 2+ with ISH not amplified) without amplification is negative; anything else
    (IHC 2+ without ISH, or IHC discordant with ISH) is equivocal; no IHC is unknown."""
    ihc, ish = case.her2_ihc, case.her2_ish
    if ihc is None:
        return None
    if ihc == "3+" or (ihc == "2+" and ish == "amplified"):
        return "positive"
    if ihc in ("0", "1+") and ish != "amplified":
        return "negative"
    if ihc == "2+" and ish == "not_amplified":
        return "negative"
    if ihc in ("0", "1+"):  # IHC 0/1+ with ISH amplified: discordant, resolved in one finding
        return "discordant"
    return "equivocal"


def cisplatin_eligible(case: CaseInfo) -> bool | None:
    """Seed 001: cisplatin is contraindicated by CrCl < 60 mL/min or cardiac disease."""
    if case.cardiac_contraindication:
        return False
    if case.creatinine_clearance_ml_min is None:
        return None
    return case.creatinine_clearance_ml_min >= CISPLATIN_MIN_CRCL_ML_MIN


def derive_facts(
    case: CaseInfo,
    findings: Iterable[Finding],
    prior: PriorTherapies,
    classes: Mapping[str, str],
) -> CaseFacts:
    """`classes` maps agent ids to their drug class (agents.yaml)."""
    findings = list(findings)
    her2 = her2_status(case)
    if any(f.detail.get("her2_status") == "discordant" for f in findings):
        her2 = "discordant"  # IHC negative, ERBB2 amplified by sequencing: one finding says why
    return CaseFacts(
        line=case.line_of_therapy,
        ecog=case.ecog,
        cisplatin_eligible=cisplatin_eligible(case),
        diagnosis=case.diagnosis,
        her2_status=her2,
        actionable=any(f.actionable for f in findings),
        prior_immunotherapy=(
            any(classes.get(a) == CHECKPOINT_INHIBITOR for a in prior.agents)
            if prior.known
            else None
        ),
        jaundice=case.jaundice,
        creatinine_clearance=case.creatinine_clearance_ml_min,
    )


def _check(key: str, expected: Any, value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(expected, Mapping):  # a {min, max} range
        low, high, below = expected.get("min"), expected.get("max"), expected.get("below")
        return (
            (low is None or value >= low)
            and (high is None or value <= high)
            and (below is None or value < below)
        )
    if isinstance(expected, list):
        return value in expected
    return value == expected


def evaluate(when: Mapping[str, Any], facts: CaseFacts) -> tuple[bool | None, tuple[str, ...]]:
    """(True, ()) when every condition holds, (False, ()) when one fails, else
    (None, the unknown facts by label)."""
    missing: list[str] = []
    for key, expected in when.items():
        outcome = _check(key, expected, getattr(facts, key))
        if outcome is False:
            return False, ()
        if outcome is None:
            missing.append(FACT_LABELS[key])
    return (None, tuple(missing)) if missing else (True, ())
