"""`import profiler; profiler.run_report(...)`: the function the CLI calls, for Python pipelines.

Files as str or Path, `fusions` one file (never its characters) or several, the case as a
file or a dict validated by the same schema, other options as keywords forwarded to
ReportOptions. The README example is run here as written.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import profiler
from profiler.api import ReportOptions, build
from profiler.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data"
VCF = DEMO / "CCA-DEMO-001.mutect2.vep.vcf.gz"
FUSIONS = DEMO / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv"
CASE = DEMO / "CCA-DEMO-001.case.json"

# The README's example, verbatim (run from the repository's top folder).
README_EXAMPLE = """\
from pathlib import Path

import profiler

report = profiler.run_report(
    out_dir="reports/CCA-DEMO-001",
    vcf="sample_data/CCA-DEMO-001.mutect2.vep.vcf.gz",
    fusions="sample_data/CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv",
    case={
        "patient_id": "CCA-DEMO-001",
        "diagnosis": "intrahepatic_cholangiocarcinoma",
        "line_of_therapy": 2,
        "ecog": 1,
    },
    write_pdf=False,
)
for finding in report.actionable:
    print(finding.gene, finding.alteration, finding.tier)
print(sorted(path.name for path in Path("reports/CCA-DEMO-001").iterdir()))
"""
README_OUTPUT = """\
FGFR2 FGFR2::BICC1 fusion IA
IDH1 R132C IA
['report.json']
"""


def test_readme_example_runs_as_written(tmp_path, monkeypatch):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"```python\n{README_EXAMPLE}```" in readme  # the example here is the README's
    for name in (VCF.name, VCF.name + ".tbi", FUSIONS.name):
        (tmp_path / "sample_data").mkdir(exist_ok=True)
        (tmp_path / "sample_data" / name).symlink_to(DEMO / name)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(README_EXAMPLE, "README example", "exec"), {})
    assert out.getvalue() == README_OUTPUT
    report = json.loads((tmp_path / "reports/CCA-DEMO-001/report.json").read_text())
    assert report["case"]["diagnosis"] == "intrahepatic_cholangiocarcinoma"
    assert "case (dict)" in [i["path"] for i in report["provenance"]["inputs"]]


def test_the_top_level_function_is_the_one_the_cli_calls():
    from profiler import api

    assert profiler.run_report is api.run_report
    assert profiler.ReportOptions is ReportOptions


def test_import_profiler_loads_neither_the_api_nor_weasyprint():
    code = (
        "import sys, profiler; "
        "sys.exit(('profiler.api' in sys.modules) + 2 * ('weasyprint' in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_case_dict_gives_the_same_report_as_the_case_file(tmp_path):
    facts = json.loads(CASE.read_text())
    from_file = build(ReportOptions(out_dir=tmp_path, vcf=VCF, fusions=FUSIONS, case=CASE))
    from_dict = build(ReportOptions(out_dir=tmp_path, vcf=VCF, fusions=FUSIONS, case=facts))
    assert from_dict.case == from_file.case
    assert from_dict.findings == from_file.findings
    assert from_dict.standard_therapy == from_file.standard_therapy
    assert "case (dict)" in [i.path for i in from_dict.provenance.inputs]


def test_case_dict_is_copied_so_later_edits_do_not_change_the_run(tmp_path):
    facts = json.loads(CASE.read_text())
    options = ReportOptions(out_dir=tmp_path, fusions=FUSIONS, case=facts)
    facts["ecog"] = 3
    facts["labs"]["bilirubin_x_uln"] = 5.0
    assert build(options).case.ecog == 1
    assert build(options).case.labs.bilirubin_x_uln == 0.9


def test_case_dict_is_validated_by_the_case_schema_naming_case_dict(tmp_path):
    with pytest.raises(InputError, match=r"^case \(dict\) \(field ecog\): 9 is greater"):
        build(ReportOptions(out_dir=tmp_path, fusions=FUSIONS, case={"ecog": 9}))
    with pytest.raises(InputError, match=r"^case \(dict\).*unknown_field"):
        build(ReportOptions(out_dir=tmp_path, fusions=FUSIONS, case={"unknown_field": 1}))


def test_case_dict_refuses_what_a_json_file_could_not_hold(tmp_path):
    with pytest.raises(InputError, match=r"^case \(dict\): not JSON data"):
        ReportOptions(out_dir=tmp_path, case={"creatinine_clearance_ml_min": float("nan")})
    with pytest.raises(InputError, match=r"^case \(dict\): not JSON data"):
        ReportOptions(out_dir=tmp_path, case={"collection_date": object()})


def test_run_report_keywords_reach_report_options(tmp_path):
    result = profiler.run_report(
        out_dir=tmp_path / "out", fusions=str(FUSIONS), write_pdf=False, min_fusion_reads=100
    )
    # 45 junction + 22 spanning reads is below a minimum of 100: not reportable
    assert not result.actionable
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json"]


def test_run_report_refuses_an_unknown_keyword_by_name(tmp_path):
    with pytest.raises(TypeError, match="min_vfa"):
        profiler.run_report(out_dir=tmp_path, vcf=VCF, min_vfa=0.1)
    with pytest.raises(TypeError, match="not both"):
        profiler.run_report(ReportOptions(out_dir=tmp_path, vcf=VCF), vcf=VCF)
