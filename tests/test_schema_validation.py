"""Schema validation (profiler/schemas.py): jsonschema's verdict and errors, nothing else.

The real report, KB and case documents validate; an invalid one gets jsonschema's own
error with its location; the format checker still rejects impossible calendar dates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from profiler.errors import InputError
from profiler.io.case import read_case
from profiler.kb.loader import default_kb_dir, read_kb_document
from profiler.schemas import error_location, schema_errors

DATA = Path(__file__).parent / "data"


def _demo_report() -> dict:
    """The golden demo report, with the values tests/test_golden_demo.py normalises."""
    report = json.loads((DATA / "golden" / "demo_report.json").read_text(encoding="utf-8"))
    report["provenance"]["generated_at"] = "2026-11-21T10:00:00Z"
    report["provenance"]["tool_version"] = "0.1.0"
    report["report_id"] = "0123456789abcdef"
    return report


def _documents() -> list[tuple[str, Any]]:
    cases = sorted((DATA / "case").glob("*.json"))
    return [
        ("report", _demo_report()),
        ("knowledgebase", read_kb_document(default_kb_dir())),
        *[("case", json.loads(p.read_text(encoding="utf-8"))) for p in cases],
    ]


@pytest.mark.parametrize(("name", "document"), _documents())
def test_real_documents_validate(name, document):
    assert schema_errors(name, document) == []


def test_schema_errors_come_from_jsonschema():
    report = _demo_report()
    report["findings"][1]["gene"] = ""
    (error,) = schema_errors("report", report)
    assert isinstance(error, jsonschema.ValidationError)
    assert error_location(error) == "findings/1/gene"
    assert error.message == "'' should be non-empty"


def test_errors_are_listed_in_document_order():
    report = _demo_report()
    report["findings"][2]["gene"] = ""
    report["findings"][0]["gene"] = ""
    locations = [error_location(e) for e in schema_errors("report", report)]
    assert locations == ["findings/0/gene", "findings/2/gene"]


def test_an_impossible_collection_date_is_refused(tmp_path):
    case = json.loads((DATA / "case" / "icca_line2.json").read_text(encoding="utf-8"))
    case["collection_date"] = "2023-02-29"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    with pytest.raises(InputError, match="is not a 'date'") as raised:
        read_case(path)
    assert "collection_date" in str(raised.value)


def test_an_impossible_kb_review_date_is_refused():
    kb = read_kb_document(default_kb_dir())
    kb["trials"]["trials"][0]["review_date"] = "2025-13-01"
    (error,) = schema_errors("knowledgebase", kb)
    assert error_location(error) == "trials/trials/0/review_date"
    assert "is not a 'date'" in error.message
