"""The trial as a reader of the report sees it: eligibility always with the recruitment status
and the registry record's date, on page 1 and in the trial section of the PDF and in the
JSON; the screening labs the decision used shown with the trials (not on page 1).

Reports are rendered from real case fixtures through the CLI with a fixed report date
(SOURCE_DATE_EPOCH), so the record's age is known: 2025-04-27 to 2026-12-02 is 19 months.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from profiler.api import ReportOptions, build
from profiler.cli import main
from profiler.render.html import render_html
from profiler.render.view import build_view
from profiler.resources import schema_path

DATA = Path(__file__).parent / "data"
VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"
REPORT_DATE = datetime(2026, 12, 2, 9, 30, tzinfo=timezone.utc)
RECORD = (
    "Not yet recruiting (registry record last updated 2025-04-27, 19 months before this report)"
)


def render(out: Path, case: str, mp: pytest.MonkeyPatch, *, pdf: bool) -> tuple[dict, list[str]]:
    """Run the CLI; the JSON and, when rendered, each PDF page's text on one line."""
    mp.setenv("SOURCE_DATE_EPOCH", str(int(REPORT_DATE.timestamp())))
    args = ["report", "--vcf", str(VCF), "--case", str(DATA / "case" / case), "--out", str(out)]
    assert main(args if pdf else [*args, "--no-pdf"]) == 0
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    if not pdf:
        return document, []
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out / "report.pdf").pages]
    return document, pages


@pytest.fixture(scope="module")
def jaundiced(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        return render(tmp_path_factory.mktemp("j"), "icca_line2_jaundiced.json", mp, pdf=False)


@pytest.fixture(scope="module")
def in_range(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        return render(tmp_path_factory.mktemp("ok"), "icca_line2.json", mp, pdf=True)


def test_jaundiced_patient_is_not_eligible_and_the_reason_names_bilirubin(jaundiced):
    document, _ = jaundiced
    (trial,) = document["trials"]
    assert trial["eligibility"] == "not_eligible"
    assert trial["reasons"] == [
        "Not met: Total bilirubin <= 1.5 x ULN (jaundiced: total bilirubin above 1.5 x ULN "
        "expected; re-screen after biliary drainage)"
    ]
    # ALT 3.8 x ULN with liver metastases is within the raised 5 x ULN limit
    outcomes = {c["id"]: c["outcome"] for c in trial["criteria"]}
    assert outcomes["transaminases"] == outcomes["alkaline_phosphatase"] == "met"
    assert trial["statement"] == f"Not eligible — {RECORD}"


def test_eligible_patient_shows_status_and_record_date_with_the_eligibility(in_range):
    document, pages = in_range
    (trial,) = document["trials"]
    assert trial["eligibility"] == "eligible"
    assert trial["statement"] == f"Eligible — {RECORD}"
    assert (trial["recruiting"], trial["record_age_months"]) == (False, 19)
    assert (trial["status"], trial["last_updated"]) == ("NOT_YET_RECRUITING", "2025-04-27")
    assert f"NCT06946849: Eligible — {RECORD}" in pages[0]  # the page-1 summary line
    section = next(p for p in pages[1:] if "CLINICAL TRIALS" in p.upper())
    assert f"Eligible — {RECORD}" in section


def test_screening_labs_are_shown_with_the_trials_not_on_page_one(in_range):
    pages = in_range[1]
    section = next(p for p in pages[1:] if "CLINICAL TRIALS" in p.upper())
    screening = section.upper().split("CLINICAL CONTEXT FOR TRIAL SCREENING", 1)[1]
    for shown in (
        "LIFE EXPECTANCY 40 weeks",
        "LIVER METASTASES no",
        "ANC 3.4 x 10^9/L",
        "PLATELETS 215 x 10^9/L",
        "TOTAL BILIRUBIN 0.7 x ULN",
        "ALT 1.2 x ULN",
        "SERUM CREATININE 0.8 x ULN",
    ):
        assert shown.upper() in screening
    for absent in ("PLATELETS", "TOTAL BILIRUBIN", "LIFE EXPECTANCY"):  # page 1 keeps its room
        assert absent not in pages[0].upper()


def test_screening_facts_list_only_the_labs_given(tmp_path):
    case = DATA / "case" / "icca_line2_jaundiced.json"
    view = build_view(build(ReportOptions(out_dir=tmp_path, vcf=VCF, case=case)))
    rows = {row["label"]: row["value"] for row in view["screening_facts"]}
    assert rows["ALT"] == "3.8 x ULN" and rows["Liver metastases"] == "yes"
    assert "Total bilirubin" not in rows and "Bone metastases" not in rows  # not given
    page_one = {row["label"] for row in view["clinical_context"]}
    assert page_one == {
        "Prior therapies",
        "HER2 IHC",
        "HER2 ISH",
        "MMR IHC",
        "Creatinine clearance",
        "Tumor purity",
    }


@pytest.mark.parametrize("which", ["jaundiced", "in_range"])
def test_report_json_validates_against_the_report_schema(which, request):
    document, _ = request.getfixturevalue(which)
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["case"]["labs"] is not None


def test_a_status_that_is_not_recruiting_is_marked_beside_the_eligibility(tmp_path):
    case = DATA / "case" / "icca_line2_jaundiced.json"
    html = render_html(build(ReportOptions(out_dir=tmp_path, vcf=VCF, case=case)))
    verdict = html.split('class="trial-verdict"', 1)[1].split("</p>", 1)[0]
    assert "Not eligible</span> — " in verdict
    assert '<span class="trial-recruitment not-recruiting">Not yet recruiting' in verdict
