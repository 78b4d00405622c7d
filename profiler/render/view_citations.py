"""Citations as a clinician follows them: a readable label, the note, and a link where one exists.

A PMID, PMCID, DOI or NCT id has one public address, so the report links it (a PDF link
annotation, an <a> in HTML: nothing is fetched while rendering). An FDA action, a label
section, an OncoKB release, a guideline or a publication named by title has no address
in the knowledge base, so it is shown as its citation text and never linked to a guessed
URL. A `url` reference is linked only when it is https (the KB schema refuses others).

References are numbered per section (a finding card, the standard-therapy table): each
therapy row shows the numbers it rests on and the section ends with the numbered list,
instead of repeating long citation strings in a narrow table column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from profiler.model import Reference

_LINKS = {
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{id}/",
    "pmcid": "https://pmc.ncbi.nlm.nih.gov/articles/{id}/",
    "doi": "https://doi.org/{id}",
    "nct": "https://clinicaltrials.gov/study/{id}",
}
_LABEL_PREFIX = {"pmid": "PMID ", "doi": "doi:"}


def reference_href(ref: Reference) -> str | None:
    """The public address of a citation, or None when the KB gives none to follow."""
    template = _LINKS.get(ref.kind)
    if template is not None:
        # quote() keeps a DOI's "/" and escapes anything that could end the attribute
        return template.format(id=quote(ref.id.strip(), safe="/:;()._-"))
    if ref.kind == "url" and ref.id.startswith("https://") and not any(c.isspace() for c in ref.id):
        return ref.id
    return None


def citation(ref: Reference) -> dict[str, Any]:
    """One citation as shown: label (linked when `href`), note, and the one-line text."""
    label = f"{_LABEL_PREFIX.get(ref.kind, '')}{ref.id}"
    text = f"{label} — {ref.note}" if ref.note else label
    return {"label": label, "note": ref.note or "", "href": reference_href(ref), "text": text}


def number_ranges(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 5] -> "1–3, 5": the reference numbers a row rests on, compactly."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for n in [*ordered, None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    return ", ".join(parts)


@dataclass
class CitationList:
    """The numbered references of one report section, each cited once however often used."""

    _numbers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    _entries: list[dict[str, Any]] = field(default_factory=list)

    def cite(self, refs: Iterable[Reference]) -> str:
        """Number the references (reusing numbers already given) and return "1–3, 5"."""
        used = []
        for ref in refs:
            key = (ref.kind, ref.id, ref.note or "")
            if key not in self._numbers:
                self._numbers[key] = len(self._entries) + 1
                self._entries.append({"number": self._numbers[key], **citation(ref)})
            used.append(self._numbers[key])
        return number_ranges(used)

    def entries(self) -> list[dict[str, Any]]:
        """The section's reference list, in the order first cited."""
        return list(self._entries)
