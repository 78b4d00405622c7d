"""The CLI contract pipelines depend on: names, exit codes, outputs, and no partial files."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from profiler import __version__
from profiler.cli import main
from profiler.resources import schema_path

DATA = Path(__file__).parent / "data"
VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"
ARRIBA = DATA / "fusions" / "arriba_v2_fusions.tsv"
CASE = DATA / "case" / "icca_line2.json"


def run(args, capsys):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def full_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    code = main(
        [
            "report",
            "--vcf",
            str(VCF),
            "--fusions",
            str(STAR),
            "--fusions",
            str(ARRIBA),
            "--case",
            str(CASE),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out


def test_report_writes_json_and_pdf(full_report):
    assert sorted(p.name for p in full_report.iterdir()) == ["report.json", "report.pdf"]


def test_json_validates_and_carries_findings(full_report):
    document = json.loads((full_report / "report.json").read_text())
    schema = json.loads(schema_path("report").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    by_alteration = {f["alteration"]: f for f in document["findings"]}
    idh1 = by_alteration["R132C"]
    assert idh1["actionable"] and idh1["tier"] == "IA"
    assert idh1["transcript"] == "ENST00000345146.7" and idh1["hgvs_c"] == "c.394C>T"
    assert [t["label"] for t in idh1["therapies"]] == ["Ivosidenib"]
    assert all(t["references"] for f in document["findings"] for t in f["therapies"])
    assert by_alteration["V600E"]["gene"] == "BRAF"
    kras = by_alteration["G12C"]
    assert not kras["actionable"] and "weak_evidence" in kras["notes"][0]
    fgfr2 = by_alteration["FGFR2::BICC1 fusion"]
    assert fgfr2["actionable"]
    assert {c["caller"] for c in fgfr2["detail"]["calls"]} == {"STAR-Fusion", "Arriba"}
    assert "Infigratinib" in [t["label"] for t in fgfr2["excluded_therapies"]]
    provenance = document["provenance"]
    assert provenance["tool_version"] == __version__
    assert {i["role"] for i in provenance["inputs"]} == {"vcf", "fusions", "case"}
    assert document["sample"]["assembly"] == "GRCh38"
    assert document["sample"]["patient_id"] == "CCA-017"


def test_pdf_names_patient_finding_and_agent(full_report):
    text = pdf_text(full_report / "report.pdf")
    for expected in ("CCA-017", "R132C", "Ivosidenib", "FGFR2::BICC1", "Pemigatinib"):
        assert expected in text, expected
    # Targeted options, then the standard-therapy fallback, then trials, in that order.
    flat = " ".join(text.split())
    positions = [
        flat.find(m) for m in ("ACTIONABLE FINDINGS", "STANDARD THERAPY", "CLINICAL TRIALS")
    ]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "FOLFOX" in flat and "NCT06946849" in flat


def test_fusion_only_run_without_vcf(tmp_path, capsys):
    code, _, err = run(["report", "--fusions", STAR, "--no-pdf", "--out", tmp_path], capsys)
    assert code == 0, err
    document = json.loads((tmp_path / "report.json").read_text())
    assert "small variants (no variant calls provided)" in document["methods"]["not_assessed"]
    assert not (tmp_path / "report.pdf").exists()


def test_her2_ihc_and_dmmr_from_case_are_actionable(tmp_path, capsys):
    case = DATA / "case" / "her2_3plus_dmmr.json"
    code, _, err = run(
        ["report", "--fusions", STAR, "--case", case, "--no-pdf", "--out", tmp_path], capsys
    )
    assert code == 0, err
    findings = json.loads((tmp_path / "report.json").read_text())["findings"]
    labels = {f["alteration"]: f for f in findings if f["actionable"]}
    assert "Zanidatamab" in [t["label"] for t in labels["HER2-positive (IHC 3+)"]["therapies"]]
    assert "Pembrolizumab" in [t["label"] for t in labels["MMR-deficient (dMMR, IHC)"]["therapies"]]


# ------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--vcf", DATA / "vcf" / "multisample_no_tumor_header.vcf"], "S1_TUMOR_LIB"),
        (["--vcf", VCF, "--assembly", "GRCh37"], "contradicts"),
        (["--fusions", DATA / "fusions" / "star_fusion_noninteger_count.tsv"], "line"),
        (["--fusions", STAR, "--case", DATA / "fusions" / "arriba_v2_fusions.tsv"], "JSON"),
        (["--vcf", DATA / "nope.vcf"], "not found"),
        (["--vcf", DATA / "vcf" / "malformed_position.vcf"], "record 4"),
        ([], "nothing to report"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_files(tmp_path, capsys, args, needle):
    out = tmp_path / "out"
    code, stdout, err = run(["report", *args, "--out", out], capsys)
    assert code == 2
    assert stdout == ""
    assert err.startswith("profiler: error: ") and err.count("\n") == 1
    assert needle in err
    assert not out.exists() or list(out.iterdir()) == []


def test_invalid_kb_exits_3(tmp_path, capsys):
    (tmp_path / "kb").mkdir()
    code, _, err = run(
        ["report", "--fusions", STAR, "--kb", tmp_path / "kb", "--out", tmp_path / "o"], capsys
    )
    assert code == 3 and "knowledge-base file is missing" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"profiler {__version__}"


def test_json_only_run_does_not_import_weasyprint(tmp_path):
    code = (
        "import sys; from profiler.cli import main; "
        f"rc = main(['report', '--vcf', {str(VCF)!r}, '--no-pdf', '--out', {str(tmp_path)!r}]); "
        "sys.exit(rc if 'weasyprint' not in sys.modules else 99)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_installed_entry_point_runs(tmp_path):
    exe = Path(sys.executable).parent / "profiler"
    if not exe.exists():
        pytest.skip("no console script next to this interpreter (not installed in a venv)")
    result = subprocess.run(
        [str(exe), "report", "--vcf", str(VCF), "--no-pdf", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.json").exists()


def test_every_recommendation_in_json_carries_references(full_report):
    document = json.loads((full_report / "report.json").read_text())
    recommendations = [t for f in document["findings"] for t in f["therapies"]]
    recommendations += document["standard_therapy"]["options"]
    recommendations += document["standard_therapy"]["guidance"]
    recommendations += document["trials"]
    assert len(recommendations) > 10
    for item in recommendations:
        assert item["references"], item
        assert all(ref["id"] for ref in item["references"])


def test_line_two_report_prefers_targeted_therapy_and_lists_the_trial(full_report):
    document = json.loads((full_report / "report.json").read_text())
    standard = document["standard_therapy"]
    assert standard["status"] == "recommended"
    assert standard["options"][0]["id"] == "folfox"
    guidance = {g["id"] for g in standard["guidance"] if g["applies"]}
    assert "targeted_before_second_line_chemotherapy" in guidance
    assert "her2_negative_no_her2_agents" in guidance  # the case is HER2 IHC 1+
    (trial,) = document["trials"]
    assert (trial["nct_id"], trial["eligibility"]) == ("NCT06946849", "eligible")


# ---------------------------------------------------- copy number, MSI, SV (issue 4)

CNV = DATA / "cnv" / "cnvkit_tumor.call.cns"
MSI = DATA / "msi" / "CCA042_T_vs_N.msisensor"
MANTA = DATA / "sv" / "manta_somaticSV_grch38.vcf"


def report_json(tmp_path, capsys, *args):
    code, _, err = run(["report", *args, "--no-pdf", "--out", tmp_path], capsys)
    assert code == 0, err
    return json.loads((tmp_path / "report.json").read_text())


def test_cnv_msi_and_case_in_one_report(tmp_path, capsys):
    document = report_json(
        tmp_path,
        capsys,
        "--cnv",
        CNV,
        "--assembly",
        "GRCh38",
        "--msi",
        MSI,
        "--msi-mode",
        "tumor_normal",
        "--case",
        DATA / "case" / "her2_3plus_dmmr.json",
    )
    by = {(f["gene"], f["alteration"]): f for f in document["findings"]}
    her2 = by[("HER2", "HER2-positive (IHC 3+, ERBB2 amplified)")]
    assert her2["actionable"] and her2["detail"]["copy_number"] == 16.0
    cdkn2a = by[("CDKN2A", "homozygous deletion")]
    assert not cdkn2a["actionable"] and not cdkn2a["therapies"]
    msi = by[("MSI", "MSI-H and dMMR (concordant)")]
    assert msi["actionable"]
    assert {t["label"] for t in msi["therapies"]} == {"Pembrolizumab", "Dostarlimab"}
    assert not [f for f in document["findings"] if f["gene"] == "MMR"]  # one finding, not two
    assert {"cnv", "msi", "case"} <= {i["role"] for i in document["provenance"]["inputs"]}
    assessments = " ".join(document["methods"]["assessments"])
    assert "3 x ploidy" in assessments and "Middha" in assessments


def test_sv_vcf_fusion_is_conditional_on_rna_confirmation(tmp_path, capsys):
    document = report_json(tmp_path, capsys, "--fusions", MANTA, "--sv-sample", "CCA042_T")
    fgfr2 = next(f for f in document["findings"] if f["gene"] == "FGFR2" and f["actionable"])
    assert fgfr2["alteration"].startswith("FGFR2::")
    assert all("RNA" in t["condition"] for t in fgfr2["therapies"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--cnv", DATA / "cnv" / "cnvkit_nonnumeric_log2.cns"], "line 3"),
        (["--cnv", DATA / "cnv" / "cnvkit_tumor.cns"], "--assembly"),
        (["--msi", DATA / "msi" / "msisensor_nonnumeric_score"], "msisensor_nonnumeric_score"),
        (["--fusions", MANTA], "--sv-sample"),
        (["--callable-mb", "1.2", "--fusions", STAR], "TMB needs the VCF"),
    ],
)
def test_biomarker_input_errors(tmp_path, capsys, args, needle):
    out = tmp_path / "out"
    code, _, err = run(["report", *args, "--out", out], capsys)
    assert code == 2 and needle in err and err.count("\n") == 1
    assert not out.exists() or list(out.iterdir()) == []


def test_kb_list_into_a_closed_pipe_is_not_a_traceback(monkeypatch):
    """Regression: `profiler kb list | head -1` ended in a BrokenPipeError traceback."""
    import io
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone: every write raises BrokenPipeError
    with io.TextIOWrapper(open(write_end, "wb", buffering=0), write_through=True) as closed:
        monkeypatch.setattr(sys, "stdout", closed)
        assert main(["kb", "list"]) == 0
