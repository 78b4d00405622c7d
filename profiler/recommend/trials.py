"""Evaluate curated trials against a case: eligible, possibly eligible, or not eligible.

Each criterion is met, not met, unknown (the case lacks the fact) or left for the
investigator to confirm (not in case data). One unmet criterion excludes; an unknown one
makes the case "possibly eligible" and names the missing fact. Criteria to confirm never
exclude: they are listed so that screening checks them.
"""

from __future__ import annotations

from collections.abc import Callable

from profiler.kb.entries import KnowledgeBase, TrialCriterion, TrialEntry
from profiler.model import CaseInfo, CriterionResult, Trial

_LABELS = {
    "diagnosis": "diagnosis",
    "line": "line of therapy",
    "ecog": "ECOG performance status",
    "age": "age",
    "metastases_total": "number of metastases",
    "metastases_per_organ": "metastases per organ",
    "creatinine_clearance": "creatinine clearance",
}


def _in_range(value: float, criterion: TrialCriterion) -> bool:
    low, high = criterion.min, criterion.max
    return (low is None or value >= low) and (high is None or value <= high)


def _case_value(case: CaseInfo, kind: str) -> object | None:
    getters: dict[str, Callable[[CaseInfo], object | None]] = {
        "diagnosis": lambda c: c.diagnosis,
        "line": lambda c: c.line_of_therapy,
        "ecog": lambda c: c.ecog,
        "age": lambda c: c.age,
        "metastases_total": lambda c: c.metastases.count if c.metastases else None,
        "metastases_per_organ": lambda c: c.metastases.max_per_organ if c.metastases else None,
        "creatinine_clearance": lambda c: c.creatinine_clearance_ml_min,
    }
    return getters[kind](case)


def evaluate_criterion(criterion: TrialCriterion, case: CaseInfo) -> CriterionResult:
    def result(outcome: str, detail: str | None = None) -> CriterionResult:
        return CriterionResult(criterion.id, criterion.text, outcome, detail)

    if criterion.kind == "confirm":
        return result("confirm")
    value = _case_value(case, criterion.kind)
    label = _LABELS[criterion.kind]
    if value is None:
        return result("unknown", f"{label} not recorded")
    shown = str(value).replace("_", " ")
    if criterion.kind in ("diagnosis", "line"):
        met = value in criterion.values
    elif criterion.kind == "creatinine_clearance":
        if value > criterion.min_exclusive:  # type: ignore[operator]
            return result("met", f"{label} {shown} mL/min")
        return result(
            "unknown",
            f"{label} {shown} mL/min does not meet the threshold; {criterion.alternative}",
        )
    else:
        met = _in_range(value, criterion)  # type: ignore[arg-type]
    return result("met" if met else "not_met", f"{label}: {shown}")


def evaluate_trial(trial: TrialEntry, case: CaseInfo) -> Trial:
    results = tuple(evaluate_criterion(c, case) for c in trial.criteria)
    failed = [r for r in results if r.outcome == "not_met"]
    unknown = [r for r in results if r.outcome == "unknown"]
    confirm = [r for r in results if r.outcome == "confirm"]
    if failed:
        eligibility = "not_eligible"
        reasons = [f"Not met: {r.text} ({r.detail})" for r in failed]
    elif unknown:
        eligibility = "possibly_eligible"
        reasons = [f"To establish: {r.text} ({r.detail})" for r in unknown]
    else:
        eligibility = "eligible"
        reasons = ["All criteria recorded in the case data are met."]
    reasons += [f"Confirm at screening: {r.text}" for r in confirm if eligibility != "not_eligible"]
    return Trial(
        nct_id=trial.nct_id,
        title=trial.title,
        status=trial.status,
        last_updated=trial.last_updated,
        eligibility=eligibility,
        reasons=tuple(reasons),
        phase=trial.phase,
        arms=trial.arms,
        criteria=results,
        references=trial.references,
    )


def evaluate_trials(kb: KnowledgeBase, case: CaseInfo) -> tuple[Trial, ...]:
    """Every curated trial, eligible ones first."""
    order = {"eligible": 0, "possibly_eligible": 1, "not_eligible": 2}
    trials = [evaluate_trial(t, case) for t in kb.trials]
    return tuple(sorted(trials, key=lambda t: order[t.eligibility]))
