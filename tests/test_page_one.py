"""Page 1 holds everything it promises (issue 12, item 1), for the demo and for a rich case.

Page 1 must carry the patient/specimen block, the actionable findings with their best
option, the biomarker panel, the whole pertinent-negatives checklist and the warnings.
It once overflowed: the last three checklist rows (KRAS G12C, MSI, TMB) fell onto page 2
because the trial-screening labs filled the header. The PDF checks read page 1 with
`pdftotext -f 1 -l 1`, as a reader sees it. Also here: no command-line flags in the MSI
threshold text, the demo's options, the trial bullets and the fusion card's caller cell.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from profiler.api import ReportOptions, build, demo_options
from profiler.cli import main
from profiler.model import ChecklistItem
from profiler.render.view import build_view
from profiler.render.view_panel import checklist_coverage_note, checklist_view
from profiler.resources import data_dir

DATA = Path(__file__).parent / "data"
DEMO = data_dir("sample_data")
DEMO_CASE = DEMO / "CCA-DEMO-001.case.json"
DEMO_FUSIONS = DEMO / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv"
CHECKLIST_LABELS = (
    "FGFR2 fusion",
    "IDH1 R132",
    "BRAF V600E",
    "HER2",
    "NTRK fusion",
    "RET fusion",
    "NRG1 fusion",
    "KRAS G12C",
    "MSI",
    "TMB",
)
FLAG = re.compile(r"(?<![\w-])--[a-z][\w-]*")
# The labs and screening facts that only decide trial criteria: not on page 1.
SCREENING_ONLY = ("ANC", "PLATELETS", "HAEMOGLOBIN", "ALBUMIN", "TOTAL BILIRUBIN",
                  "SERUM CREATININE", "LIFE EXPECTANCY", "LIVER METASTASES",
                  "BONE METASTASES")  # fmt: skip


def page_text(pdf: Path, first: int, last: int | None = None) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", str(first), "-l", str(last or first), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def checklist_rows(page: str) -> dict[str, str]:
    """Each checklist label found at the start of a line of page 1, with that line."""
    section = page.split("PERTINENT NEGATIVES", 1)[1]
    lines = [line.strip() for line in section.splitlines()]
    return {label: label for label in CHECKLIST_LABELS if label in lines}


def assert_page_one_complete(pdf: Path) -> str:
    page = page_text(pdf, 1)
    assert "SUMMARY" in page and "BIOMARKERS" in page and "PERTINENT NEGATIVES" in page
    assert set(checklist_rows(page)) == set(CHECKLIST_LABELS), page
    biomarkers = page.split("BIOMARKERS", 1)[1].split("PERTINENT NEGATIVES", 1)[0]
    for name in ("MSI", "TMB", "HER2"):
        assert name in biomarkers.split(), name
    # the checklist's last row and the note under it are on page 1, not page 2
    assert "Read depth at the loci of" in page
    assert "PERTINENT NEGATIVES" not in page_text(pdf, 2)
    assert not FLAG.search(page), FLAG.search(page)
    return page


# ------------------------------------------------------------------------------ PDFs


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--report-date", "2026-12-02"]) == 0
    return out / "report.pdf"


@pytest.fixture(scope="module")
def rich_pdf(tmp_path_factory) -> Path:
    """Another patient's VCF (identity warning), an amendment, four actionable findings
    (FGFR2 and NTRK1 fusions, IDH1 R132C, BRAF V600E), copy number and an MSI score whose
    mode is not stated (the longest threshold text)."""
    out = tmp_path_factory.mktemp("rich")
    code = main(
        ["report", "--vcf", str(DATA / "vcf" / "mutect2_vep_grch38.vcf"),
         "--fusions", str(DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"),
         "--fusions", str(DEMO_FUSIONS),
         "--cnv", str(DATA / "cnv" / "cnvkit_tumor.call.cns"),
         "--msi", str(DATA / "msi" / "CCA042_T_vs_N.msisensor"),
         "--case", str(DEMO_CASE),
         "--amends", "0123456789abcdef", "--amendment-reason", "Specimen id corrected",
         "--report-date", "2026-12-02", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    return out / "report.pdf"


@pytest.mark.slow
def test_demo_page_one_holds_the_whole_checklist_and_the_biomarker_panel(demo_pdf):
    page = assert_page_one_complete(demo_pdf)
    flat = " ".join(page.split())
    # the MSI value, tool and threshold (sample_data/CCA-DEMO-001_T_vs_N.msisensor)
    assert "0.8% · MSIsensor, tumor-normal" in flat
    assert "MSIsensor tumor-normal: score >= 10 MSI-H" in flat
    assert "MSS (MSIsensor score 0.8%)" in flat
    # what an oncologist reads a recommendation against stays on page 1
    for label in ("DIAGNOSIS", "STAGE", "ECOG", "LINE OF THERAPY", "PRIOR THERAPIES",
                  "HER2 IHC", "MMR IHC", "CREATININE", "TUMOR PURITY", "COLLECTION DATE",
                  "REPORT DATE"):  # fmt: skip
        assert label in page, label
    for label in SCREENING_ONLY:
        assert label not in page.upper().split("\n"), label
    # "coverage not assessed" once, under the checklist, not on three rows
    assert flat.count("no BAM/CRAM given") == 1
    assert "Read depth at the loci of IDH1 R132, BRAF V600E, KRAS G12C: not assessed" in flat


@pytest.mark.slow
def test_rich_case_page_one_holds_warnings_amendment_findings_and_checklist(rich_pdf):
    page = assert_page_one_complete(rich_pdf)
    flat = " ".join(page.split())
    assert "Sample identity: no input's tumor sample name contains" in flat
    assert "Amended report: replaces 0123456789abcdef" in flat
    for title in ("FGFR2::BICC1 fusion", "IDH1 R132C", "BRAF V600E", "TPM3::NTRK1"):
        assert title in flat, title
    assert "indeterminate" in flat and "13.79% · MSIsensor" in flat


@pytest.mark.slow
def test_trial_criteria_to_confirm_are_printed_once(demo_pdf):
    text = " ".join(page_text(demo_pdf, 1, 99).split())
    criterion = "Voluntary enrolment with informed consent signed by the patient"
    assert text.count(criterion) == 1  # the criteria table's row, not a bullet too
    assert "All criteria recorded in the case data are met." in text
    assert "CLINICAL CONTEXT FOR TRIAL SCREENING" in text.upper()


# ----------------------------------------------------------------------- view-model


@pytest.fixture(scope="module")
def demo_view(tmp_path_factory) -> dict:
    return build_view(build(demo_options(tmp_path_factory.mktemp("view"))))


def test_trial_bullets_keep_the_verdict_and_count_the_criteria_to_confirm(demo_view):
    (trial,) = demo_view["trials"]
    confirm = [c for c in trial["criteria"] if c["outcome_code"] == "confirm"]
    assert len(confirm) == 15
    assert trial["reasons"] == [
        "All criteria recorded in the case data are met.",
        '15 criteria to confirm at screening (outcome "confirm" in the table).',
    ]


def test_fusion_card_names_the_caller_not_its_file(demo_view):
    fgfr2 = next(f for f in demo_view["actionable"] if f["gene"] == "FGFR2")
    assert fgfr2["sources"] == "STAR-Fusion"
    assert [c["source"] for c in fgfr2["calls"]] == [f"{DEMO_FUSIONS.name}, line 2"]


def test_demo_biomarker_panel_shows_the_msi_value_tool_and_threshold(demo_view):
    msi = demo_view["biomarker_panel"][0]
    assert msi == {
        "name": "MSI",
        "result": "MSS",
        "value": "0.8% · MSIsensor, tumor-normal",
        "basis": "MSIsensor tumor-normal: score >= 10 MSI-H, 3 to < 10 indeterminate "
        "(Middha et al., JCO Precis Oncol 2017)",
    }
    tmb = demo_view["biomarker_panel"][1]
    assert tmb["result"] == "not assessed"  # no callable territory for the demo's VCF


def test_no_alignments_is_said_once_and_the_json_keeps_it_per_item(tmp_path):
    report = build(demo_options(tmp_path))
    with_coverage = [i.label for i in report.checklist if i.coverage]
    assert with_coverage == ["IDH1 R132", "BRAF V600E", "KRAS G12C"]
    rows = checklist_view(report.checklist)
    assert not any("coverage" in row["detail"] for row in rows)
    assert checklist_coverage_note(report.checklist) == (
        "Read depth at the loci of IDH1 R132, BRAF V600E, KRAS G12C: "
        "not assessed (no BAM/CRAM given)."
    )


def test_measured_depths_stay_on_their_rows():
    items = (
        ChecklistItem("idh1_r132", "IDH1 R132", "not_detected", "no call", "covered at 412x"),
        ChecklistItem("braf_v600e", "BRAF V600E", "indeterminate", "no call", "read at 8x"),
    )
    assert [row["detail"] for row in checklist_view(items)] == [
        "no call; coverage covered at 412x",
        "no call; coverage read at 8x",
    ]
    assert checklist_coverage_note(items) == ""


# ------------------------------------------------------------ MSI text without flags

MSI = DATA / "msi"


@pytest.mark.parametrize(
    ("msi", "options"),
    [
        (MSI / "CCA042_T_vs_N.msisensor", {}),  # mode not stated: both conventions
        (MSI / "CCA042_T_vs_N.msisensor", {"msi_mode": "tumor_normal"}),
        (MSI / "CCA042_T_vs_N.msisensor", {"msi_mode": "tumor_only"}),
        (MSI / "CCA042_T_vs_N.msisensor", {"msi_threshold": 15.0}),  # lab-calibrated
        (MSI / "CCA042_T.msisensor2", {"msi_tool": "MSIsensor2"}),
        (MSI / "CCA042_T.msisensor_pro", {}),  # no universal cut-off: not interpreted
        (MSI / "CCA042_mantis.txt.status", {}),
        (MSI / "msisensor_zero_sites", {}),
    ],
    ids=["unstated", "paired", "tumor-only", "override", "sensor2", "pro", "mantis", "zero"],
)
def test_msi_threshold_text_on_page_one_has_no_command_line_flags(tmp_path, msi, options):
    report = build(ReportOptions(out_dir=tmp_path, msi=msi, case=DEMO_CASE, **options))
    view = build_view(report)
    page_one = json.dumps(
        [view["biomarker_panel"], view["checklist"], view["checklist_note"], view["summary"]]
    )
    assert not FLAG.search(page_one), FLAG.search(page_one)
    assert report.biomarkers.msi is not None and report.biomarkers.msi.threshold


# -------------------------------------------------------------------- demo options


def test_demo_takes_format_signer_and_report_date(tmp_path, capsys):
    out = tmp_path / "demo"
    args = ["demo", "--out", str(out), "--format", "json", "--signed-by", "Dr. A. Pathologist",
            "--report-date", "2026-12-01"]  # fmt: skip
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["status"] == "final"
    assert document["sign_out"] == {"signed_by": "Dr. A. Pathologist", "report_date": "2026-12-01"}
    assert document["provenance"]["generated_at"] is None  # a report date: no wall-clock time
    assert capsys.readouterr().out.strip() == str(out / "report.json")


def test_demo_replaces_no_report(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--out", str(tmp_path / "d"), "--amends", "0123456789abcdef"])
    assert exit_info.value.code == 2
    assert "--amends" in capsys.readouterr().err


def test_warnings_beyond_identity_are_written_out_on_page_one(tmp_path):
    report = build(
        ReportOptions(out_dir=tmp_path, msi=MSI / "CCA042_T.msisensor_pro", case=DEMO_CASE)
    )
    summary = build_view(report)["summary"]
    assert summary["warnings_listed"] == list(report.warnings)
    assert summary["warnings_listed"][0].startswith(
        "MSI score 1.12 from MSIsensor-pro was not interpreted"
    )
    assert (summary["warnings_more"], summary["warnings_in_identity_box"]) == (0, 0)


def test_identity_warnings_are_not_repeated_in_the_summary(tmp_path):
    report = build(
        ReportOptions(out_dir=tmp_path, vcf=DATA / "vcf" / "mutect2_vep_grch38.vcf", case=DEMO_CASE)
    )
    summary = build_view(report)["summary"]
    assert report.sample.identity_warnings and report.warnings
    assert summary["warnings_listed"] == [
        w for w in report.warnings if w not in report.sample.identity_warnings
    ]
    assert summary["warnings_in_identity_box"] == len(report.sample.identity_warnings)
