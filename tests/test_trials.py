"""Trial eligibility: one test per criterion of NCT06946849, then the overall verdict."""

import dataclasses
import json

import pytest
import yaml

from profiler.errors import KnowledgeBaseError
from profiler.kb import load_knowledgebase
from profiler.model import LAB_FIELDS, CaseInfo, Labs, Metastases
from profiler.recommend.trials import evaluate_trial
from profiler.resources import schema_path

LABS_IN_RANGE = Labs(
    anc_10e9_per_l=3.2,
    platelets_10e9_per_l=210,
    hemoglobin_g_dl=11.8,
    albumin_g_dl=3.6,
    bilirubin_x_uln=0.8,
    alt_x_uln=1.1,
    ast_x_uln=1.3,
    alp_x_uln=1.9,
    serum_creatinine_x_uln=0.9,
)
ELIGIBLE = CaseInfo(
    diagnosis="intrahepatic_cholangiocarcinoma",
    line_of_therapy=2,
    ecog=1,
    age=61,
    metastases=Metastases(count=3, max_per_organ=2),
    creatinine_clearance_ml_min=78,
    labs=LABS_IN_RANGE,
    life_expectancy_weeks=40,
    liver_metastases=False,
    bone_metastases=False,
)
REPORT_DATE = "2026-12-02T09:30:00Z"


def labs(**values):
    return dataclasses.replace(LABS_IN_RANGE, **values)


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
        (
            "renal_function",
            {"creatinine_clearance_ml_min": 60, "labs": labs(serum_creatinine_x_uln=None)},
            "unknown",
        ),
        (
            "renal_function",
            {"creatinine_clearance_ml_min": None, "labs": labs(serum_creatinine_x_uln=None)},
            "unknown",
        ),
        # either half decides: serum creatinine within the limit rescues a low CrCl
        ("renal_function", {"creatinine_clearance_ml_min": 45}, "met"),
        ("renal_function", {"creatinine_clearance_ml_min": None}, "met"),
        (
            "renal_function",
            {"creatinine_clearance_ml_min": 45, "labs": labs(serum_creatinine_x_uln=1.5)},
            "met",
        ),
        (
            "renal_function",
            {"creatinine_clearance_ml_min": 45, "labs": labs(serum_creatinine_x_uln=1.6)},
            "not_met",
        ),
        (
            "renal_function",
            {"creatinine_clearance_ml_min": None, "labs": labs(serum_creatinine_x_uln=1.6)},
            "unknown",
        ),
        ("life_expectancy", {"life_expectancy_weeks": 13}, "met"),
        ("life_expectancy", {"life_expectancy_weeks": 12}, "not_met"),
        ("life_expectancy", {"life_expectancy_weeks": None}, "unknown"),
        ("neutrophils", {"labs": labs(anc_10e9_per_l=1.5)}, "met"),
        ("neutrophils", {"labs": labs(anc_10e9_per_l=1.4)}, "not_met"),
        ("neutrophils", {"labs": labs(anc_10e9_per_l=None)}, "unknown"),
        ("neutrophils", {"labs": None}, "unknown"),
        ("platelets", {"labs": labs(platelets_10e9_per_l=100)}, "met"),
        ("platelets", {"labs": labs(platelets_10e9_per_l=99)}, "not_met"),
        ("platelets", {"labs": labs(platelets_10e9_per_l=None)}, "unknown"),
        ("hemoglobin", {"labs": labs(hemoglobin_g_dl=9)}, "met"),
        ("hemoglobin", {"labs": labs(hemoglobin_g_dl=8.9)}, "not_met"),
        ("hemoglobin", {"labs": labs(hemoglobin_g_dl=None)}, "unknown"),
        ("albumin", {"labs": labs(albumin_g_dl=2.8)}, "met"),
        ("albumin", {"labs": labs(albumin_g_dl=2.7)}, "not_met"),
        ("albumin", {"labs": labs(albumin_g_dl=None)}, "unknown"),
        ("bilirubin", {"labs": labs(bilirubin_x_uln=1.5)}, "met"),
        ("bilirubin", {"labs": labs(bilirubin_x_uln=1.6)}, "not_met"),
        ("bilirubin", {"labs": labs(bilirubin_x_uln=None)}, "unknown"),
        ("bilirubin", {"labs": labs(bilirubin_x_uln=None), "jaundice": True}, "not_met"),
        # a measured value decides even when the case says jaundiced (after drainage)
        ("bilirubin", {"labs": labs(bilirubin_x_uln=1.2), "jaundice": True}, "met"),
        ("transaminases", {"labs": labs(alt_x_uln=2.5, ast_x_uln=2.5)}, "met"),
        ("transaminases", {"labs": labs(alt_x_uln=2.6)}, "not_met"),
        ("transaminases", {"labs": labs(ast_x_uln=2.6)}, "not_met"),
        ("transaminases", {"labs": labs(ast_x_uln=None)}, "unknown"),
        ("transaminases", {"labs": labs(alt_x_uln=3, ast_x_uln=None)}, "not_met"),
        ("transaminases", {"labs": labs(alt_x_uln=4.8), "liver_metastases": True}, "met"),
        ("transaminases", {"labs": labs(alt_x_uln=5.1), "liver_metastases": True}, "not_met"),
        ("transaminases", {"labs": labs(alt_x_uln=4.8), "liver_metastases": None}, "unknown"),
        # bone metastases raise the ALP limit, not the ALT/AST one
        ("transaminases", {"labs": labs(alt_x_uln=4.8), "bone_metastases": True}, "not_met"),
        ("alkaline_phosphatase", {"labs": labs(alp_x_uln=2.5)}, "met"),
        ("alkaline_phosphatase", {"labs": labs(alp_x_uln=2.6)}, "not_met"),
        ("alkaline_phosphatase", {"labs": labs(alp_x_uln=None)}, "unknown"),
        ("alkaline_phosphatase", {"labs": labs(alp_x_uln=4.9), "bone_metastases": True}, "met"),
        ("alkaline_phosphatase", {"labs": labs(alp_x_uln=4.9), "liver_metastases": True}, "met"),
        (
            "alkaline_phosphatase",
            {"labs": labs(alp_x_uln=4.9), "liver_metastases": None},
            "unknown",
        ),
        ("alkaline_phosphatase", {"labs": labs(alp_x_uln=5.2), "bone_metastases": True}, "not_met"),
    ],
)
def test_each_criterion(trial, criterion, change, expected):
    case = dataclasses.replace(ELIGIBLE, **change)
    got, eligibility = outcome(trial, case, criterion)
    assert got == expected
    verdict = {"met": "eligible", "not_met": "not_eligible", "unknown": "possibly_eligible"}
    assert eligibility == verdict[expected]


def test_low_creatinine_clearance_names_the_alternative(trial):
    case = dataclasses.replace(
        ELIGIBLE, creatinine_clearance_ml_min=45, labs=labs(serum_creatinine_x_uln=None)
    )
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


def test_jaundiced_patient_without_bilirubin_is_not_eligible(trial):
    """The symptom: a jaundiced patient was reported eligible (no bilirubin criterion)."""
    case = dataclasses.replace(ELIGIBLE, jaundice=True, labs=labs(bilirubin_x_uln=None))
    result = evaluate_trial(trial, case, REPORT_DATE)
    assert result.eligibility == "not_eligible"
    assert result.reasons == (
        "Not met: Total bilirubin <= 1.5 x ULN (jaundiced: total bilirubin above 1.5 x ULN "
        "expected; re-screen after biliary drainage)",
    )
    assert result.statement.startswith("Not eligible — Not yet recruiting")


def test_patient_with_every_lab_in_range_is_eligible_with_status_and_record_date(trial):
    result = evaluate_trial(trial, ELIGIBLE, REPORT_DATE)
    assert result.eligibility == "eligible"
    assert not [c for c in result.criteria if c.outcome in ("unknown", "not_met")]
    assert result.recruiting is False
    assert result.record_age_months == 19
    assert result.statement == (
        "Eligible — Not yet recruiting (registry record last updated 2025-04-27, "
        "19 months before this report)"
    )


def test_liver_metastases_raise_the_alt_ast_limit_to_five_times_uln(trial):
    high = labs(alt_x_uln=4.2, ast_x_uln=3.0)
    without = evaluate_trial(trial, dataclasses.replace(ELIGIBLE, labs=high))
    with_liver = evaluate_trial(
        trial, dataclasses.replace(ELIGIBLE, labs=high, liver_metastases=True)
    )
    assert without.eligibility == "not_eligible"
    assert any(
        "ALT and AST" in r and "ALT 4.2 x ULN" in r and "limit 2.5 x ULN" in r
        for r in without.reasons
    )
    assert with_liver.eligibility == "eligible"
    (criterion,) = [c for c in with_liver.criteria if c.id == "transaminases"]
    assert criterion.detail == "ALT 4.2 x ULN, AST 3 x ULN; limit 5 x ULN with liver metastases"


def test_site_not_recorded_leaves_a_value_between_the_limits_unknown(trial):
    case = dataclasses.replace(ELIGIBLE, labs=labs(alt_x_uln=3.5), liver_metastases=None)
    result = evaluate_trial(trial, case)
    assert result.eligibility == "possibly_eligible"
    assert any("ALT 3.5 x ULN" in r and "liver metastases" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("change", "criterion_text", "value_text"),
    [
        ({"labs": labs(anc_10e9_per_l=1.1)}, "neutrophil", "ANC 1.1 x 10^9/L"),
        ({"labs": labs(platelets_10e9_per_l=80)}, "Platelet", "Platelets 80 x 10^9/L"),
        ({"labs": labs(hemoglobin_g_dl=8.1)}, "Haemoglobin", "Haemoglobin 8.1 g/dL"),
        ({"labs": labs(albumin_g_dl=2.5)}, "albumin", "Albumin 2.5 g/dL"),
        ({"labs": labs(bilirubin_x_uln=3.2)}, "bilirubin", "Total bilirubin 3.2 x ULN"),
        ({"labs": labs(alp_x_uln=3.1)}, "Alkaline phosphatase", "ALP 3.1 x ULN"),
        ({"life_expectancy_weeks": 8}, "Life expectancy", "life expectancy 8 weeks"),
        (
            {"creatinine_clearance_ml_min": 40, "labs": labs(serum_creatinine_x_uln=2)},
            "creatinine",
            "creatinine clearance 40 mL/min; Serum creatinine 2 x ULN",
        ),
    ],
)
def test_each_unmet_reason_names_the_criterion_and_the_case_value(
    trial, change, criterion_text, value_text
):
    result = evaluate_trial(trial, dataclasses.replace(ELIGIBLE, **change))
    assert result.eligibility == "not_eligible"
    (reason,) = result.reasons
    assert criterion_text in reason and value_text in reason


def test_every_seed_criterion_is_in_the_kb(trial):
    """Seed 002's inclusions and exclusions, each once: decided ones and ones to confirm."""
    ids = {c.id for c in trial.criteria}
    assert ids >= {
        "life_expectancy", "neutrophils", "platelets", "hemoglobin", "albumin", "bilirubin",
        "transaminases", "alkaline_phosphatase", "renal_function", "lung_function",
        "pregnancy_test_contraception", "no_mixed_histology", "no_complete_response",
        "no_new_metastases_over_five", "no_uncontrolled_cns_or_cord",
        "no_uncontrolled_effusion", "not_pregnant_or_breastfeeding",
        "no_uncontrolled_disease", "no_other_malignancy",
    }  # fmt: skip
    kinds = {c.id: c.kind for c in trial.criteria}
    assert kinds["lung_function"] == kinds["no_complete_response"] == "confirm"


@pytest.mark.parametrize(
    ("report_date", "age_text"),
    [
        ("2025-04-27T00:00:00Z", "less than a month before this report"),
        ("2025-05-27T00:00:00Z", "1 month before this report"),
        ("2026-11-26T00:00:00Z", "18 months before this report"),
        ("2026-11-27T00:00:00Z", "19 months before this report"),
        ("2025-01-01T00:00:00Z", "dated after this report"),
    ],
)
def test_record_age_is_counted_in_whole_months_to_the_report_date(trial, report_date, age_text):
    result = evaluate_trial(trial, ELIGIBLE, report_date)
    assert result.statement.endswith(f"(registry record last updated 2025-04-27, {age_text})")


def test_without_a_report_date_the_record_date_is_still_shown(trial):
    result = evaluate_trial(trial, ELIGIBLE)
    assert result.record_age_months is None
    assert result.statement == (
        "Eligible — Not yet recruiting (registry record last updated 2025-04-27)"
    )


def test_a_recruiting_trial_says_so_with_its_eligibility(trial):
    recruiting = dataclasses.replace(trial, status="RECRUITING")
    result = evaluate_trial(recruiting, ELIGIBLE, REPORT_DATE)
    assert result.recruiting is True
    assert result.statement.startswith("Eligible — Recruiting (registry record last updated")


# ------------------------------------------------------- KB schema for the new kinds


def _criteria_edit(kb_copy, edit):
    kb_dir = kb_copy()
    path = kb_dir / "trials.yaml"
    document = yaml.safe_load(path.read_text())
    edit(document["trials"][0]["criteria"])
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return kb_dir


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # a lab criterion must name its labs, and only known (unit-named) labs
        (
            lambda cs: cs.append({"id": "x", "kind": "lab", "min": 1, "text": "t"}),
            "'labs' is a required property",
        ),
        (
            lambda cs: cs.append(
                {"id": "x", "kind": "lab", "labs": ["bilirubin"], "max": 1, "text": "t"}
            ),
            "'bilirubin' is not one of",
        ),
        # a limit raised by a metastatic site needs the ordinary limit too
        (
            lambda cs: cs.append(
                {
                    "id": "x",
                    "kind": "lab",
                    "labs": ["alt_x_uln"],
                    "min": 0,
                    "raised_max": {"max": 5, "with": ["liver_metastases"]},
                    "text": "t",
                }
            ),
            "'max' is a required property",
        ),
        # renal function needs both halves
        (
            lambda cs: cs.append({"id": "x", "kind": "renal_function", "max": 1.5, "text": "t"}),
            "'min_exclusive' is a required property",
        ),
        # the retired kind is refused rather than silently never evaluated
        (
            lambda cs: cs.append(
                {"id": "x", "kind": "creatinine_clearance", "min_exclusive": 60, "text": "t"}
            ),
            "'creatinine_clearance' is not one of",
        ),
    ],
)
def test_malformed_trial_criteria_are_refused(kb_copy, monkeypatch, edit, expected):
    monkeypatch.setenv("PROFILER_NO_KB_CACHE", "1")
    with pytest.raises(KnowledgeBaseError, match=expected):
        load_knowledgebase(_criteria_edit(kb_copy, edit))


def _schema(name):
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def test_lab_names_agree_across_model_case_schema_and_kb_schema():
    """A lab the KB may name must be one a case can give, with a label to show it."""
    case_labs = _schema("case")["properties"]["labs"]["properties"]
    kb_labs = _schema("knowledgebase")["$defs"]["trial_criterion"]["properties"]["labs"]
    assert list(case_labs) == list(LAB_FIELDS) == kb_labs["items"]["enum"]
    assert [f.name for f in dataclasses.fields(Labs)] == list(LAB_FIELDS)
