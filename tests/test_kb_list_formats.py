"""`profiler kb list --format tsv|json` (issue 14): the KB's therapy rows for scripts.

The default stays the padded table for reading; tsv and json carry the same rows.
"""

from __future__ import annotations

import csv
import io
import json

from profiler.cli import main
from profiler.kb import load_knowledgebase
from profiler.kb.commands import LIST_FIELDS


def _run(capsys, *args: str) -> str:
    assert main(["kb", "list", *args]) == 0
    return capsys.readouterr().out


def _expected_rows() -> list[tuple[str, str]]:
    kb = load_knowledgebase(None)
    return [(a.label, " + ".join(t.agents)) for a in kb.alterations for t in a.therapies]


def test_json_lists_every_therapy_row_with_the_kb_version(capsys):
    document = json.loads(_run(capsys, "--format", "json"))
    kb = load_knowledgebase(None)
    assert (document["name"], document["version"], document["release_date"]) == (
        kb.name,
        kb.version,
        kb.release_date,
    )
    rows = document["therapies"]
    assert [(r["alteration"], " + ".join(r["agents"])) for r in rows] == _expected_rows()
    assert all(set(r) == set(LIST_FIELDS) for r in rows)
    infigratinib = next(r for r in rows if r["agents"] == ["Infigratinib"])
    assert infigratinib["fda_status"] == "withdrawn"
    assert infigratinib["oncokb_level"] is None  # unknown is null, never "-"


def test_tsv_has_a_header_and_one_row_per_therapy(capsys):
    text = _run(capsys, "--format", "tsv")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    assert tuple(rows[0]) == LIST_FIELDS
    assert [(r["alteration"], r["agents"]) for r in rows] == _expected_rows()
    assert all(len(line.split("\t")) == len(LIST_FIELDS) for line in text.splitlines())
    ivosidenib = next(r for r in rows if r["agents"] == "Ivosidenib")
    assert (ivosidenib["oncokb_level"], ivosidenib["amp_tier"]) == ("1", "IA")


def test_default_is_still_the_table(capsys):
    assert _run(capsys) == _run(capsys, "--format", "table")
    assert _run(capsys).startswith("# ")
