"""A hypothesis run over numeric fields (issue 15): options and case JSON numbers.

Any value, however hostile (NaN, infinities, 5,000-digit integers, negative zero, values
just outside the documented bounds), must give either a run whose numbers are all finite
and in range, or an InputError: never another exception, never NaN or inf in report.json
or in the report's HTML. Derandomized and bounded like tests/test_fuzz_readers.py.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io.case import read_case
from profiler.options import NUMERIC_OPTIONS
from profiler.render.html import render_html
from profiler.render.json_report import render_json
from profiler.schemas import schema_path

DATA = Path(__file__).parent / "data"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"
CASE = json.loads((DATA / "case" / "icca_line2.json").read_text(encoding="utf-8"))
_NOT_FINITE_TEXT = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
FUZZ = settings(
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE_TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "-0.0",
    "9" * 5000,
    "-" + "9" * 30,
    "0.5",
    "1e308",
]


def _numeric_case_fields() -> list[tuple[str, ...]]:
    """Every number-typed field of case.schema.json, as a path (labs and metastases too)."""
    schema = json.loads(schema_path("case").read_text(encoding="utf-8"))

    def walk(properties: dict, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = []
        for name, spec in properties.items():
            kinds = spec.get("type", [])
            kinds = [kinds] if isinstance(kinds, str) else kinds
            if "properties" in spec:
                found += walk(spec["properties"], (*prefix, name))
            elif "number" in kinds or "integer" in kinds:
                found.append((*prefix, name))
        return found

    return walk(schema["properties"], ())


CASE_FIELDS = _numeric_case_fields()
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([float("nan"), float("inf"), -0.0, 5e-324, 1e-300]),
)


def _assert_finite(document: object) -> None:
    if isinstance(document, float):
        assert math.isfinite(document)
    elif isinstance(document, dict):
        for value in document.values():
            _assert_finite(value)
    elif isinstance(document, list):
        for value in document:
            _assert_finite(value)


@FUZZ
@given(name=st.sampled_from(sorted(NUMERIC_OPTIONS)), value=numbers)
def test_any_numeric_option_is_in_bounds_or_an_input_error(tmp_path, name, value):
    flag, kind, bounds = NUMERIC_OPTIONS[name]
    try:
        options = ReportOptions(out_dir=tmp_path, fusions=(STAR,), **{name: value})
    except InputError as exc:
        assert str(exc).startswith(f"{flag} ")
        return
    accepted = getattr(options, name)
    assert isinstance(accepted, kind)
    assert math.isfinite(accepted) and bounds.contains(accepted)


@FUZZ
@given(
    field=st.sampled_from(CASE_FIELDS),
    token=st.one_of(
        st.sampled_from(HOSTILE_TOKENS),
        numbers.filter(lambda v: not isinstance(v, float) or math.isfinite(v)).map(repr),
    ),
)
def test_any_case_number_gives_a_finite_report_or_an_input_error(tmp_path, kb, field, token):
    document = json.loads(json.dumps(CASE))
    holder = document
    for part in field[:-1]:
        holder = holder.setdefault(part, {})
        if field[:-1] == ("metastases",):
            holder.setdefault("count", 1)
            holder.setdefault("max_per_organ", 1)
    holder[field[-1]] = "@@"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document).replace('"@@"', token), encoding="utf-8")
    try:
        read_case(path)
    except InputError:
        return
    report = build(ReportOptions(out_dir=tmp_path, fusions=(STAR,), case=path, write_pdf=False), kb)
    _assert_finite(json.loads(render_json(report), parse_constant=_refuse))
    html = render_html(report)
    assert not _NOT_FINITE_TEXT.search(re.sub(r"<[^>]+>", " ", html))


def _refuse(token: str) -> float:
    raise AssertionError(f"report.json holds the non-standard token {token}")
