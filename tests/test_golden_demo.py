"""The demo case's report.json and page view-model, compared with reviewed golden copies.

Any change to what the demo reports (findings, therapies, fallback, trials, warnings,
methods) or to how the HTML/PDF page shows it (`build_view`: sort order, number formats,
labels) shows up here as a diff to review. After a deliberate change, regenerate with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_demo.py` and review the diff
of tests/data/golden/ before committing it.
"""

import dataclasses
import json
import os
from pathlib import Path

from profiler.api import build, demo_options
from profiler.model import Report
from profiler.render.json_report import report_to_dict
from profiler.render.view import build_view

GOLDEN = Path(__file__).parent / "data" / "golden" / "demo_report.json"
GOLDEN_VIEW = Path(__file__).parent / "data" / "golden" / "demo_view.json"


def normalised(document: dict) -> dict:
    """Drop what legitimately differs between machines and runs."""
    document["report_id"] = "<report_id>"  # a digest that includes the tool version
    provenance = document["provenance"]
    provenance["generated_at"] = "<generated_at>"
    provenance["tool_version"] = "<tool_version>"
    provenance["command_line"] = []
    for entry in provenance["inputs"]:
        entry["path"] = Path(entry["path"]).name
    for entry in document["sample"]["input_samples"]:
        entry["path"] = Path(entry["path"]).name
    for finding in document["findings"]:
        for call in finding["detail"].get("calls", []):
            call["source"] = Path(call["source"]).name
    return document


# A fixed report date: the trials' record age ("19 months before this report") is
# counted to it, so the golden copy does not change with the calendar.
REPORT_EPOCH = "1796205600"  # 2026-12-02T10:00:00Z


def compare_with_golden(document: dict, golden: Path) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_demo_report_matches_golden(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", REPORT_EPOCH)
    compare_with_golden(normalised(report_to_dict(build(demo_options(tmp_path)))), GOLDEN)


def machine_neutral(report: Report) -> Report:
    """The report with the tool version, command line and input directories fixed."""
    provenance = dataclasses.replace(
        report.provenance,
        tool_version="<tool_version>",
        command_line=(),
        inputs=tuple(
            dataclasses.replace(i, path=Path(i.path).name) for i in report.provenance.inputs
        ),
    )
    sign_out = dataclasses.replace(report.sign_out, report_id="<report_id>")
    return dataclasses.replace(report, provenance=provenance, sign_out=sign_out)


def test_demo_view_matches_golden(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", REPORT_EPOCH)
    compare_with_golden(build_view(machine_neutral(build(demo_options(tmp_path)))), GOLDEN_VIEW)
