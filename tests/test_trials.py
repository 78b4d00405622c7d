"""Trial eligibility: one test per criterion of NCT06946849, then the overall verdict."""

import dataclasses

import pytest

from profiler.model import CaseInfo, Metastases
from profiler.recommend.trials import evaluate_trial

ELIGIBLE = CaseInfo(
    diagnosis="intrahepatic_cholangiocarcinoma",
    line_of_therapy=2,
    ecog=1,
    age=61,
    metastases=Metastases(count=3, max_per_organ=2),
    creatinine_clearance_ml_min=78,
)


@pytest.fixture(scope="module")
def trial(kb):
    (entry,) = [t for t in kb.trials if t.nct_id == "NCT06946849"]
    return entry


def outcome(trial, case, criterion_id):
    result = evaluate_trial(trial, case)
    (criterion,) = [c for c in result.criteria if c.id == criterion_id]
    return criterion.outcome, result.eligibility


@pytest.mark.parametrize(
    ("criterion", "change", "expected"),
    [
        ("diagnosis", {"diagnosis": "intrahepatic_cholangiocarcinoma"}, "met"),
        ("diagnosis", {"diagnosis": "perihilar_cholangiocarcinoma"}, "not_met"),
        ("diagnosis", {"diagnosis": None}, "unknown"),
        ("after_first_line", {"line_of_therapy": 2}, "met"),
        ("after_first_line", {"line_of_therapy": 1}, "not_met"),
        ("after_first_line", {"line_of_therapy": 3}, "not_met"),
        ("after_first_line", {"line_of_therapy": None}, "unknown"),
        ("ecog", {"ecog": 0}, "met"),
        ("ecog", {"ecog": 1}, "met"),
        ("ecog", {"ecog": 2}, "not_met"),
        ("ecog", {"ecog": None}, "unknown"),
        ("age", {"age": 18}, "met"),
        ("age", {"age": 80}, "met"),
        ("age", {"age": 17}, "not_met"),
        ("age", {"age": 81}, "not_met"),
        ("age", {"age": None}, "unknown"),
        ("metastases_total", {"metastases": Metastases(5, 3)}, "met"),
        ("metastases_total", {"metastases": Metastases(6, 3)}, "not_met"),
        ("metastases_total", {"metastases": None}, "unknown"),
        ("metastases_per_organ", {"metastases": Metastases(5, 3)}, "met"),
        ("metastases_per_organ", {"metastases": Metastases(4, 4)}, "not_met"),
        ("renal_function", {"creatinine_clearance_ml_min": 61}, "met"),
        ("renal_function", {"creatinine_clearance_ml_min": 60}, "unknown"),
        ("renal_function", {"creatinine_clearance_ml_min": None}, "unknown"),
    ],
)
def test_each_criterion(trial, criterion, change, expected):
    case = dataclasses.replace(ELIGIBLE, **change)
    got, eligibility = outcome(trial, case, criterion)
    assert got == expected
    verdict = {"met": "eligible", "not_met": "not_eligible", "unknown": "possibly_eligible"}
    assert eligibility == verdict[expected]


def test_low_creatinine_clearance_names_the_alternative(trial):
    case = dataclasses.replace(ELIGIBLE, creatinine_clearance_ml_min=45)
    result = evaluate_trial(trial, case)
    assert result.eligibility == "possibly_eligible"
    assert any("serum creatinine" in r for r in result.reasons)


def test_confirm_criteria_never_exclude_but_are_listed(trial):
    result = evaluate_trial(trial, ELIGIBLE)
    assert result.eligibility == "eligible"
    confirms = [c for c in result.criteria if c.outcome == "confirm"]
    assert {c.id for c in confirms} >= {"unresectable", "radiotherapy_amenable"}
    assert sum(r.startswith("Confirm at screening") for r in result.reasons) == len(confirms)


def test_not_eligible_names_every_failed_criterion(trial):
    case = dataclasses.replace(ELIGIBLE, ecog=2, age=85)
    result = evaluate_trial(trial, case)
    assert result.eligibility == "not_eligible"
    assert len(result.reasons) == 2
    assert any("ECOG" in r and "2" in r for r in result.reasons)
    assert any("Age" in r and "85" in r for r in result.reasons)


def test_status_and_last_updated_come_from_the_registry_record(trial):
    result = evaluate_trial(trial, ELIGIBLE)
    assert (result.status, result.last_updated) == ("NOT_YET_RECRUITING", "2025-04-27")
    assert result.references and result.references[0].id == "NCT06946849"
