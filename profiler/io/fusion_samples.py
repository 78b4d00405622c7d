"""Fusion tables that hold several samples (cBioPortal data_sv.txt, JAFFA's results CSV).

A cohort table names each row's sample; the report is about one tumour, so one sample is
chosen (`--sv-sample`, else the only one) and the other samples' rows are not read.
Rows of the chosen sample that cannot be used as a fusion are counted and named in the
report's methods (`notes`), never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.model import Fusion

SAMPLE_OPTION = "--sv-sample"


@dataclass(frozen=True)
class SampleTableCalls:
    """One multi-sample table's calls for the chosen sample, and what was not used."""

    fusions: list[Fusion]
    sample: str | None
    notes: tuple[str, ...] = field(default=())


def choose_sample(
    samples: Iterable[str], requested: str | None, path: Path, what: str
) -> str | None:
    """`requested` if the table has it, else the only sample; several without one: error."""
    ordered = list(dict.fromkeys(s for s in samples if s))
    listing = ", ".join(ordered) if ordered else "(none)"
    if requested is not None:
        if requested not in ordered:
            raise InputError(
                f"{SAMPLE_OPTION} {requested!r} is not in the {what}; its samples are: {listing}",
                path=path,
            )
        return requested
    if len(ordered) > 1:
        raise InputError(
            f"the {what} holds {len(ordered)} samples; choose one with {SAMPLE_OPTION} "
            f"(samples: {listing})",
            path=path,
        )
    return ordered[0] if ordered else None


def unused_rows_note(path: Path, reasons: dict[str, list[int]]) -> tuple[str, ...]:
    """`data_sv.txt: 2 row(s) not read as fusions: one gene only (lines 4, 7).`"""
    parts = [
        f"{reason} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:10]))}"
        f"{', ...' if len(lines) > 10 else ''})"
        for reason, lines in reasons.items()
        if lines
    ]
    if not parts:
        return ()
    total = sum(len(lines) for lines in reasons.values())
    return (f"{path.name}: {total} row(s) not read as fusions: {'; '.join(parts)}.",)
