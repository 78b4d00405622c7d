"""`profiler kb validate` and `profiler kb list`: the curator's view of the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from profiler.errors import KnowledgeBaseError
from profiler.kb.entries import KnowledgeBase
from profiler.kb.loader import (
    default_kb_dir,
    load_knowledgebase,
    read_kb_document,
    validation_errors,
)


def validate(kb_dir: Path | None, out: TextIO) -> int:
    """Print every problem (not just the first); non-zero exit when there is any."""
    kb_dir = Path(kb_dir) if kb_dir else default_kb_dir()
    document = read_kb_document(kb_dir)
    errors = validation_errors(document)
    if errors:
        raise KnowledgeBaseError(f"{kb_dir}: {len(errors)} problem(s):\n  " + "\n  ".join(errors))
    kb = load_knowledgebase(kb_dir)
    therapies = sum(len(a.therapies) for a in kb.alterations)
    out.write(
        f"{kb.name} {kb.version} ({kb.release_date}): valid — {len(kb.alterations)} "
        f"alterations, {therapies} therapy entries, {len(kb.hotspots)} hotspots, "
        f"{len(kb.genes)} genes\n"
    )
    return 0


LIST_FIELDS = (
    "alteration",
    "agents",
    "oncokb_level",
    "amp_tier",
    "fda_status",
    "fda_scope",
    "fda_date",
    "pivotal_trial",
)


def list_table(kb_dir: Path | None, out: TextIO, fmt: str = "table") -> int:
    """One row per (alteration, therapy): what the KB would recommend, and on what evidence.

    `fmt` "table" is for reading; "tsv" (a header of LIST_FIELDS, empty cells for unknown)
    and "json" (the KB's name, version, release date and the rows, null for unknown) are
    for scripts, which should not parse a padded table.
    """
    kb = load_knowledgebase(kb_dir)
    if fmt != "table":
        return _list_for_scripts(kb, out, fmt)
    header = ("alteration", "agents", "OncoKB", "AMP", "FDA status", "scope", "date", "trial")
    rows = []
    for alteration in kb.alterations:
        for therapy in alteration.therapies:
            rows.append(
                (
                    alteration.label,
                    " + ".join(therapy.agents),
                    therapy.oncokb_level or "-",
                    therapy.amp_tier,
                    therapy.fda_status,
                    therapy.fda_scope,
                    therapy.fda_date or "-",
                    therapy.pivotal_trial or "-",
                )
            )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out.write(f"# {kb.name} {kb.version} (released {kb.release_date})\n")
    for row in [header, *rows]:
        out.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")
    return 0


def _list_for_scripts(kb: KnowledgeBase, out: TextIO, fmt: str) -> int:
    rows = [
        {
            "alteration": alteration.label,
            "agents": list(therapy.agents),
            "oncokb_level": therapy.oncokb_level,
            "amp_tier": therapy.amp_tier,
            "fda_status": therapy.fda_status,
            "fda_scope": therapy.fda_scope,
            "fda_date": therapy.fda_date,
            "pivotal_trial": therapy.pivotal_trial,
        }
        for alteration in kb.alterations
        for therapy in alteration.therapies
    ]
    if fmt == "json":
        document = {
            "name": kb.name,
            "version": kb.version,
            "release_date": kb.release_date,
            "therapies": rows,
        }
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if fmt != "tsv":
        raise ValueError(f"unknown kb list format {fmt!r}")
    out.write("\t".join(LIST_FIELDS) + "\n")
    for row in rows:
        cells = [" + ".join(row["agents"]) if k == "agents" else row[k] for k in LIST_FIELDS]
        out.write("\t".join(_tsv_cell(c) for c in cells) + "\n")
    return 0


def _tsv_cell(value: object) -> str:
    """A TSV cell: None is empty; tabs and line breaks (never expected) become spaces."""
    return "" if value is None else " ".join(str(value).replace("\t", " ").split())
