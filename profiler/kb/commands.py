"""`profiler kb validate` and `profiler kb list`: the curator's view of the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from profiler.errors import KnowledgeBaseError
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


def list_table(kb_dir: Path | None, out: TextIO) -> int:
    """One row per (alteration, therapy): what the KB would recommend, and on what evidence."""
    kb = load_knowledgebase(kb_dir)
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
