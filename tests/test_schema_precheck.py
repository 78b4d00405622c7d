"""The schema pre-check (profiler/schemas.py) answers exactly as jsonschema does, or not at all.

schema_errors() skips jsonschema when the pre-check finds a document valid, so the pre-check
must never call valid what jsonschema rejects; and because `not`, `if` and `oneOf` invert
answers, it must not be stricter either. Every document here, real or altered, is given to
both: whenever the pre-check answers, its answer is jsonschema's.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from profiler import schemas
from profiler.kb.loader import default_kb_dir, read_kb_document
from profiler.resources import schema_path

DATA = Path(__file__).parent / "data"

# Values of every JSON type and the Python look-alikes jsonschema tells apart (True is
# not 1; 1.0 is an integer; a tuple is not an array).
REPLACEMENTS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.0,
    0.5,
    1.5,
    -0.1,
    "",
    "x",
    "IA",
    "1",
    "NCT01234567",
    "NCT0123456",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2026-11-21T10:00:00Z",
    "2026-11-21T10:00:00+01:00",
    "2026-11-21t10:00:00z",
    "2026-02-30T10:00:00Z",
    "2026-11-21 10:00:00",
    "GRCh38",
    "1.2.3",
    [],
    ["x"],
    [1],
    [None],
    ["x", "x"],
    {},
    {"x": 1},
    {"kind": "pmid", "id": "1"},
    ("x",),
]


@functools.cache
def _jsonschema(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _jsonschema_valid(name: str, document: Any) -> bool:
    return _jsonschema(name).is_valid(document)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_paths(value, (*prefix, i)))
    return out


def _mutants(document: Any, count: int, seed: int) -> list[Any]:
    """Copies of `document` with one or two random changes each."""
    rng = random.Random(seed)
    paths = _paths(document)
    out = []
    for _ in range(count):
        mutant = copy.deepcopy(document)
        for _ in range(rng.choice((1, 1, 2))):
            path = rng.choice(paths)
            parent = mutant
            try:
                for step in path[:-1]:
                    parent = parent[step]
                target = parent[path[-1]] if path else mutant
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed the way there
            if path and not isinstance(parent, (dict, list)):
                continue
            action = rng.random()
            if not path:
                mutant = rng.choice(REPLACEMENTS)
            elif action < 0.45:
                parent[path[-1]] = copy.deepcopy(rng.choice(REPLACEMENTS))
            elif action < 0.6 and isinstance(parent, dict):
                del parent[path[-1]]
            elif action < 0.7 and isinstance(parent, dict):
                parent[f"extra_{rng.randint(0, 9)}"] = rng.choice(REPLACEMENTS)
            elif action < 0.8 and isinstance(target, list):
                if target and rng.random() < 0.5:
                    target.append(copy.deepcopy(target[0]))
                else:
                    target.clear()
            elif action < 0.9 and isinstance(target, str):
                parent[path[-1]] = rng.choice((target + " ", target[:-1], target.lower()))
            else:
                parent[path[-1]] = copy.deepcopy(rng.choice(paths and [target]))
        out.append(mutant)
    return out


def _demo_report() -> dict:
    """The golden demo report, with the values tests/test_golden_demo.py normalises."""
    report = json.loads((DATA / "golden" / "demo_report.json").read_text(encoding="utf-8"))
    report["provenance"]["generated_at"] = "2026-11-21T10:00:00Z"
    report["provenance"]["tool_version"] = "0.1.0"
    return report


def _cases() -> list[dict]:
    return [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / "case").glob("*.json"))
    ]


def _documents() -> list[tuple[str, Any]]:
    return [
        ("report", _demo_report()),
        ("knowledgebase", read_kb_document(default_kb_dir())),
        *[("case", c) for c in _cases()],
    ]


def _pieces() -> list[tuple[str, str, Any, int]]:
    """(schema, JSON pointer of a subschema, a valid piece of document, mutants to try).

    Whole documents for the report and the cases; for the KB, whose full validation
    takes ~0.1 s, each section's first entries against the section's own definition.
    """
    out: list[tuple[str, str, Any, int]] = [("report", "#", _demo_report(), 80)]
    out += [("case", "#", c, 120) for c in _cases()]
    report = _demo_report()
    out += [("report", "#/$defs/finding", f, 60) for f in report["findings"][:8]]
    kb_schema = json.loads(schema_path("knowledgebase").read_text(encoding="utf-8"))
    kb = read_kb_document(default_kb_dir())
    for stem, section in kb.items():
        sub = kb_schema["properties"][stem]
        if "$ref" in sub:
            out.append(("knowledgebase", sub["$ref"], section, 60))
            continue
        for key, entries in section.items():
            items = sub["properties"][key].get("items", {})
            if isinstance(entries, list) and "$ref" in items:
                out += [("knowledgebase", items["$ref"], e, 25) for e in entries[:4]]
            else:
                pointer = f"#/$defs/_sections/{stem}/properties/{key}"
                out.append(("knowledgebase", pointer, entries, 40))
    return out


@functools.cache
def _subschema(name: str, pointer: str) -> tuple[Any, jsonschema.Draft202012Validator]:
    """The pre-check and a jsonschema validator of one subschema of schemas/<name>."""
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    if pointer != "#":
        defs = {**schema["$defs"], "_sections": schema["properties"]}
        schema = {"$schema": schema["$schema"], "$defs": defs, "$ref": pointer}
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return schemas._Compiler(schema).ref("#"), validator


@pytest.mark.parametrize("name", ["report", "knowledgebase", "case"])
def test_every_schema_of_ours_is_prechecked(name):
    assert schemas._precheck(name) is not None


@pytest.mark.parametrize(("name", "document"), _documents())
def test_real_documents_pass_without_jsonschema(name, document):
    assert _jsonschema_valid(name, document)
    assert schemas.is_surely_valid(name, document)


def test_precheck_agrees_with_jsonschema_on_altered_documents():
    decided = invalid = total = 0
    for seed, (name, pointer, piece, count) in enumerate(_pieces()):
        check, validator = _subschema(name, pointer)
        assert check(piece) is True and validator.is_valid(piece), (name, pointer)
        for mutant in _mutants(piece, count, seed=seed):
            total += 1
            truth = validator.is_valid(mutant)
            invalid += not truth
            try:
                answer = check(mutant)
            except schemas._Undecided:
                continue
            decided += 1
            assert answer == truth, (name, pointer, mutant)
            if pointer == "#":
                assert schemas.is_surely_valid(name, mutant) == truth
                assert (not schemas.schema_errors(name, mutant)) == truth
    assert total > 1000
    assert invalid > total // 4  # the alterations do break documents
    assert decided > total * 3 // 4  # and the pre-check decides most of them


def test_schema_errors_still_come_from_jsonschema():
    report = _demo_report()
    report["findings"][1]["gene"] = ""
    (error,) = schemas.schema_errors("report", report)
    assert isinstance(error, jsonschema.ValidationError)
    assert schemas.error_location(error) == "findings/1/gene"
    assert error.message == "'' should be non-empty"


def _precheck_of(schema: dict) -> Any:
    return schemas._Compiler({"$schema": schemas._DRAFT_2020_12, **schema}).ref("#")


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        ({"enum": [1, "a", None]}, True),
        ({"enum": [True]}, 1),
        ({"const": 0}, False),
        ({"const": 1}, 1.0),
        ({"type": "integer"}, 2.0),
        ({"type": "integer"}, True),
        ({"type": "number"}, False),
        ({"type": "array"}, ("a",)),
        ({"type": "object", "required": ["a"]}, {"a": None}),
        ({"not": {"type": "integer"}}, 3.0),
        ({"if": {"const": 1}, "then": {"type": "string"}}, 1.0),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1.5),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1),
        ({"uniqueItems": True}, ["a", "b", "a"]),
        ({"minLength": 2}, "é"),
        ({"pattern": "^\\d+$"}, "١٢"),  # Arabic-Indic digits match \d in both
        ({"format": "date"}, "2024-02-29"),
        (
            {"patternProperties": {"^x": {"type": "string"}}, "additionalProperties": False},
            {"x": 1},
        ),
        (
            {"patternProperties": {"^x": {"type": "string"}}, "additionalProperties": False},
            {"y": 1},
        ),
        ({"contains": {"const": "a"}}, []),
        ({"minimum": 0}, -0.0),
        ({"maximum": 1}, True),
    ],
)
def test_precheck_edge_cases_match_jsonschema(schema, instance):
    full = {"$schema": schemas._DRAFT_2020_12, **schema}
    truth = jsonschema.Draft202012Validator(
        full, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).is_valid(instance)
    try:
        answer = _precheck_of(schema)(instance)
    except schemas._Undecided:
        return
    assert answer == truth


@pytest.mark.parametrize(
    "schema",
    [
        {"unevaluatedProperties": False},
        {"$ref": "other.schema.json#/x"},
        {"$dynamicRef": "#meta"},
        {"prefixItems": [{}], "items": False},
        {"format": "email"},
        {"enum": [[1]]},
        {"properties": {"a": {"$id": "https://elsewhere/"}}},
    ],
)
def test_schemas_beyond_the_precheck_are_left_to_jsonschema(schema):
    with pytest.raises(schemas._Unsupported):
        _precheck_of(schema)


def test_a_valid_report_is_written_without_importing_jsonschema(tmp_path):
    vcf = DATA / "vcf" / "mutect2_vep_grch38.vcf"
    case = DATA / "case" / "icca_line2.json"
    code = (
        "import sys; from profiler.cli import main; "
        f"rc = main(['report', '--vcf', {str(vcf)!r}, '--case', {str(case)!r}, '--no-pdf', "
        f"'--out', {str(tmp_path)!r}]); "
        "sys.exit(rc or 10 * ('jsonschema' in sys.modules))"
    )
    env = {**os.environ, "PROFILER_NO_KB_CACHE": "1"}  # the KB is validated too
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.json").is_file()
