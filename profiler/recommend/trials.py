"""Evaluate curated trials against a case: eligible, possibly eligible, or not eligible.

Each criterion is met, not met, unknown (the case lacks the fact) or left for the
investigator to confirm (not in case data). One unmet criterion excludes; an unknown one
makes the case "possibly eligible" and names the missing fact. Criteria to confirm never
exclude: they are listed so that screening checks them. Every reason names the criterion
and the case value it was decided on.

Jaundice and the bilirubin limit (a product decision): a `bilirubin` criterion is decided
by the measured `labs.bilirubin_x_uln` whenever the case gives it. Without a measurement, a
case recorded as jaundiced (`jaundice: true`) does NOT meet the limit rather than being
"unknown" (which would only make the case "possibly eligible"): a patient jaundiced now
is not expected to be within 1.5 x ULN, and offering the trial before the bilirubin is
known would repeat the error of calling a jaundiced patient eligible. The reason asks to re-screen
after biliary drainage (the standard-therapy guidance `biliary_drainage_first` already puts
drainage before chemotherapy); a bilirubin measured then decides the criterion.

Limits that depend on metastatic sites (ALT/AST <= 5 x ULN with liver metastases instead
of 2.5 x ULN) use the higher limit only when the case says the site is involved; a value
between the two limits with the site not recorded is "unknown", not a guess either way.

The recruitment status and the registry record's date travel with the eligibility: each
Trial carries a `statement` ("Possibly eligible — Not yet recruiting (registry record
last updated 2025-04-27, 19 months before this report)") that every output shows where
it shows the eligibility, so a trial that is not recruiting is never read as an option
open today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from profiler.kb.entries import KnowledgeBase, TrialCriterion, TrialEntry
from profiler.model import LAB_FIELDS, CaseInfo, CriterionResult, Trial

_LABELS = {
    "diagnosis": "diagnosis",
    "line": "line of therapy",
    "ecog": "ECOG performance status",
    "age": "age",
    "metastases_total": "number of metastases",
    "metastases_per_organ": "metastases per organ",
}
_ELIGIBILITY_LABELS = {
    "eligible": "Eligible",
    "possibly_eligible": "Possibly eligible",
    "not_eligible": "Not eligible",
    "not_evaluated": "Not evaluated",
}
# ClinicalTrials.gov overall status, as the registry words it.
STATUS_LABELS = {
    "NOT_YET_RECRUITING": "Not yet recruiting",
    "RECRUITING": "Recruiting",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "COMPLETED": "Completed",
    "WITHDRAWN": "Withdrawn",
    "UNKNOWN": "Unknown status",
}
_SITE_LABELS = {"liver_metastases": "liver", "bone_metastases": "bone"}

Result = Callable[[str, str | None], CriterionResult]


def _num(value: float) -> str:
    return f"{value:g}"


def _lab(name: str, value: float) -> str:
    label, unit = LAB_FIELDS[name]
    return f"{label} {_num(value)} {unit}"


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
    }
    return getters[kind](case)


def _lab_value(case: CaseInfo, name: str) -> float | None:
    return case.labs.value(name) if case.labs is not None else None


def _sites(case: CaseInfo, names: tuple[str, ...]) -> bool | None:
    """True when any named site is involved, False when all are recorded absent, else None."""
    values = [getattr(case, n) for n in names]
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


def _life_expectancy(criterion: TrialCriterion, case: CaseInfo, result: Result) -> CriterionResult:
    weeks = case.life_expectancy_weeks
    if weeks is None:
        return result("unknown", "life expectancy not recorded")
    met = weeks > criterion.min_exclusive  # type: ignore[operator]
    return result("met" if met else "not_met", f"life expectancy {_num(weeks)} weeks")


def _renal(criterion: TrialCriterion, case: CaseInfo, result: Result) -> CriterionResult:
    crcl = case.creatinine_clearance_ml_min
    creat = _lab_value(case, "serum_creatinine_x_uln")
    crcl_text = (
        f"creatinine clearance {_num(crcl)} mL/min"
        if crcl is not None
        else "creatinine clearance not recorded"
    )
    creat_text = (
        _lab("serum_creatinine_x_uln", creat)
        if creat is not None
        else "serum creatinine x ULN not recorded"
    )
    crcl_ok = crcl > criterion.min_exclusive if crcl is not None else None  # type: ignore[operator]
    creat_ok = creat <= criterion.max if creat is not None else None  # type: ignore[operator]
    if crcl_ok:
        return result("met", crcl_text)
    if creat_ok:
        return result("met", creat_text)
    if crcl_ok is False and creat_ok is False:
        return result("not_met", f"{crcl_text}; {creat_text}")
    limits = (
        f"either creatinine clearance > {_num(criterion.min_exclusive)} mL/min or serum "  # type: ignore[arg-type]
        f"creatinine <= {_num(criterion.max)} x ULN qualifies"  # type: ignore[arg-type]
    )
    return result("unknown", f"{crcl_text}; {creat_text}; {limits}")


def _bilirubin(criterion: TrialCriterion, case: CaseInfo, result: Result) -> CriterionResult:
    value = _lab_value(case, "bilirubin_x_uln")
    limit = _num(criterion.max)  # type: ignore[arg-type]
    if value is not None:
        met = value <= criterion.max  # type: ignore[operator]
        detail = f"{_lab('bilirubin_x_uln', value)}; limit {limit} x ULN"
        return result("met" if met else "not_met", detail)
    if case.jaundice:
        return result(
            "not_met",
            f"jaundiced: total bilirubin above {limit} x ULN expected; "
            "re-screen after biliary drainage",
        )
    return result("unknown", "Total bilirubin not recorded")


def _lab_criterion(criterion: TrialCriterion, case: CaseInfo, result: Result) -> CriterionResult:
    """Every lab in the criterion within its limits; the max may be raised by a site."""
    raised = _sites(case, criterion.raised_with) if criterion.raised_max is not None else False
    sites = " or ".join(_SITE_LABELS[n] for n in criterion.raised_with)
    high = criterion.max
    if raised and criterion.raised_max is not None:
        high = criterion.raised_max
    failed, undecided, shown, missing = [], [], [], []
    for name in criterion.labs:
        value = _lab_value(case, name)
        if value is None:
            missing.append(f"{LAB_FIELDS[name][0]} not recorded")
            continue
        shown.append(_lab(name, value))
        if criterion.min is not None and value < criterion.min:
            failed.append(name)
        elif high is not None and value > high:
            if raised is None and value <= criterion.raised_max:  # type: ignore[operator]
                undecided.append(name)  # within the limit only if the site is involved
            else:
                failed.append(name)
    if high is not None:
        limit = f"limit {_num(high)} {LAB_FIELDS[criterion.labs[0]][1]}"
        if raised:
            limit += f" with {sites} metastases"
        elif raised is False and criterion.raised_max is not None:
            limit += f" without {sites} metastases"
    else:
        limit = f"limit >= {_num(criterion.min)} {LAB_FIELDS[criterion.labs[0]][1]}"  # type: ignore[arg-type]
    # the limit in force beside a measured value; a missing value is just named
    detail = ", ".join(shown + missing) + (f"; {limit}" if shown else "")
    if failed:
        return result("not_met", detail)
    if missing:
        return result("unknown", detail)
    if undecided:
        return result(
            "unknown",
            ", ".join(shown)
            + f": within the limit only with {sites} metastases "
            + f"(<= {_num(criterion.raised_max)} x ULN), not recorded in the case",  # type: ignore[arg-type]
        )
    return result("met", detail)


_DECIDERS: dict[str, Callable[[TrialCriterion, CaseInfo, Result], CriterionResult]] = {
    "life_expectancy": _life_expectancy,
    "renal_function": _renal,
    "bilirubin": _bilirubin,
    "lab": _lab_criterion,
}


def evaluate_criterion(criterion: TrialCriterion, case: CaseInfo) -> CriterionResult:
    """Decide one criterion from the case: met, not_met, unknown or confirm."""

    def result(outcome: str, detail: str | None = None) -> CriterionResult:
        return CriterionResult(criterion.id, criterion.text, outcome, detail)

    if criterion.kind == "confirm":
        return result("confirm")
    decide = _DECIDERS.get(criterion.kind)
    if decide is not None:
        return decide(criterion, case, result)
    value = _case_value(case, criterion.kind)
    label = _LABELS[criterion.kind]
    if value is None:
        return result("unknown", f"{label} not recorded")
    shown = str(value).replace("_", " ")
    if criterion.kind in ("diagnosis", "line"):
        met = value in criterion.values
    else:
        met = _in_range(value, criterion)  # type: ignore[arg-type]
    return result("met" if met else "not_met", f"{label}: {shown}")


def _months_between(earlier: str, later: str | None) -> int | None:
    """Whole months from one ISO date (or timestamp) to another; None when either is unusable."""
    if later is None:
        return None
    try:
        start = date.fromisoformat(earlier[:10])
        end = date.fromisoformat(later[:10])
    except ValueError:
        return None
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def recruitment_note(status: str, last_updated: str, age_months: int | None) -> str:
    """'Not yet recruiting (registry record last updated 2025-04-27, 19 months before …)'."""
    if age_months is None:
        age = ""
    elif age_months < 0:
        age = ", dated after this report"
    elif age_months == 0:
        age = ", less than a month before this report"
    else:
        age = f", {age_months} month{'s' if age_months != 1 else ''} before this report"
    label = STATUS_LABELS.get(status, status.replace("_", " ").capitalize())
    return f"{label} (registry record last updated {last_updated}{age})"


def evaluate_trial(trial: TrialEntry, case: CaseInfo, report_date: str | None = None) -> Trial:
    """The trial's eligibility for this case; `report_date` (ISO) dates the registry record."""
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
    age_months = _months_between(trial.last_updated, report_date)
    recruitment = recruitment_note(trial.status, trial.last_updated, age_months)
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
        recruiting=trial.status == "RECRUITING",
        record_age_months=age_months,
        recruitment=recruitment,
        statement=f"{_ELIGIBILITY_LABELS[eligibility]} — {recruitment}",
    )


def evaluate_trials(
    kb: KnowledgeBase, case: CaseInfo, report_date: str | None = None
) -> tuple[Trial, ...]:
    """Every curated trial, eligible ones first."""
    order = {"eligible": 0, "possibly_eligible": 1, "not_eligible": 2}
    trials = [evaluate_trial(t, case, report_date) for t in kb.trials]
    return tuple(sorted(trials, key=lambda t: order[t.eligibility]))
