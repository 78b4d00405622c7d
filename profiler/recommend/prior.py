"""What the patient has already received, read from the free text of `prior_therapies`.

Case files write prior treatment the way clinicians do: "GemCis + durvalumab x8",
"FOLFOX", "durva maintenance", "Pemazyre". Each entry is split into parts (on `+ / , ;`
and the words "and", "with", "plus", "then"); each part is matched, as whole words, against
the KB's agent names and one-word regimen names (knowledgebase/agents.yaml). A part that
names no known agent is kept as "not recognised" and shown on the report: it is never
guessed, and it never excludes a regimen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from profiler.kb.entries import KnowledgeBase
from profiler.model import PriorTherapyEntry as PriorEntry

_SPLIT = re.compile(r"\s*(?:[+/,;&]|\band\b|\bwith\b|\bplus\b|\bthen\b|->|→)\s*")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Words that qualify an entry without naming a drug ("x6 cycles", "maintenance", "2L").
_QUALIFIERS = re.compile(
    r"^(?:\d+|x\d+|\d+x|cycles?|c\d+|maintenance|adjuvant|neoadjuvant|palliative|"
    r"first|second|third|line|1l|2l|3l|\d+(?:st|nd|rd|th)|therapy|treatment|regimen|"
    r"mono|monotherapy|alone|modified|dose|reduced|months?|weeks?|until|progression|pd|"
    r"stopped|completed|of|for|on|after|in|the|a|ongoing|\d{4}-\d{2}(?:-\d{2})?|"
    r"[-–.:])$"
)


@dataclass(frozen=True)
class PriorTherapies:
    """Every entry, and the agents and drug classes they add up to (None: not recorded)."""

    entries: tuple[PriorEntry, ...] | None

    @property
    def known(self) -> bool:
        return self.entries is not None

    @property
    def agents(self) -> frozenset[str]:
        return frozenset(a for e in self.entries or () for a in e.agents)

    @property
    def unrecognised(self) -> tuple[str, ...]:
        return tuple(e.text for e in self.entries or () if e.unrecognised)

    def entries_with(self, agents: Iterable[str]) -> tuple[str, ...]:
        """The entries (as written) that gave any of these agents."""
        wanted = set(agents)
        return tuple(e.text for e in self.entries or () if wanted & set(e.agents))


class _Lexicon:
    """Names -> agent ids, longest name first so "trastuzumab deruxtecan" wins."""

    def __init__(self, kb: KnowledgeBase) -> None:
        names: dict[str, tuple[str, ...]] = {}
        for agent in kb.agents:
            for name in agent.names:
                names[name] = (agent.id,)
        for alias in kb.regimen_aliases:
            for name in alias.names:
                names[name] = alias.agents
        ordered = sorted(names, key=len, reverse=True)
        self._names = names
        self._pattern = re.compile(
            r"(?<![a-z0-9])(" + "|".join(re.escape(n) for n in ordered) + r")(?![a-z0-9])"
        )

    def agents_in(self, part: str) -> tuple[tuple[str, ...], str]:
        """(agent ids named in `part`, what is left of it once the names are removed)."""
        found: list[str] = []
        for match in self._pattern.finditer(part):
            found.extend(self._names[match.group(1)])
        return tuple(dict.fromkeys(found)), self._pattern.sub(" ", part)


def _leftover_is_qualifier(text: str) -> bool:
    return all(_QUALIFIERS.match(word) for word in text.split())


def read_prior_therapies(entries: Iterable[str] | None, kb: KnowledgeBase) -> PriorTherapies:
    """Recognise each free-text entry against the KB's agent and regimen names."""
    if entries is None:
        return PriorTherapies(entries=None)
    lexicon = _Lexicon(kb)
    result = []
    for text in entries:
        agents: list[str] = []
        unrecognised: list[str] = []
        bare = _PARENTHESES.sub(" ", text.lower())
        for part in filter(None, (p.strip() for p in _SPLIT.split(bare))):
            found, rest = lexicon.agents_in(part)
            agents.extend(found)
            if not found and not _leftover_is_qualifier(rest):
                unrecognised.append(part)
        result.append(
            PriorEntry(
                text=text,
                agents=tuple(dict.fromkeys(agents)),
                unrecognised=tuple(unrecognised),
            )
        )
    return PriorTherapies(entries=tuple(result))


def agent_classes(kb: KnowledgeBase, agents: Iterable[str]) -> dict[str, str]:
    """agent id -> drug class, for the agents given (unknown ids are left out)."""
    classes = {a.id: a.drug_class for a in kb.agents}
    return {a: classes[a] for a in agents if a in classes}
