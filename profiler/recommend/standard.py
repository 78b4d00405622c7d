"""The standard-therapy fallback: regimens and guidance from the KB, evaluated for the case."""

from __future__ import annotations

from collections.abc import Iterable

from profiler.kb.entries import KnowledgeBase
from profiler.model import CaseInfo, Finding, GuidanceItem, RegimenOption, StandardTherapy
from profiler.recommend.conditions import FACT_LABELS, CaseFacts, derive_facts, evaluate

_ROLE_ORDER = ("preferred", "alternative", "option")
_SEVERITY_ORDER = ("warning", "recommendation", "info")
_RELEVANT_FACTS = ("line", "ecog", "cisplatin_eligible", "diagnosis", "her2_status")


def build_standard_therapy(
    kb: KnowledgeBase, case: CaseInfo, findings: Iterable[Finding]
) -> StandardTherapy:
    """Always returns a section: what applies, what depends on missing facts, and why."""
    facts = derive_facts(case, list(findings))
    options = []
    for index, regimen in enumerate(kb.regimens):
        holds, missing = evaluate(regimen.when, facts)
        if holds is False:
            continue
        option = RegimenOption(
            id=regimen.id,
            name=regimen.name,
            role=regimen.role,
            evidence_status=regimen.evidence_status,
            applies=holds is True,
            depends_on=missing,
            trial=regimen.trial,
            nct_ids=regimen.nct_ids,
            result=regimen.result,
            approval=regimen.approval,
            notes=regimen.notes,
            unverified=regimen.unverified,
            references=regimen.references,
        )
        options.append((not option.applies, _ROLE_ORDER.index(option.role), index, option))
    guidance = []
    for index, item in enumerate(kb.guidance):
        holds, missing = evaluate(item.when, facts)
        if holds is False:
            continue
        entry = GuidanceItem(
            id=item.id,
            severity=item.severity,
            text=item.text,
            applies=holds is True,
            depends_on=missing,
            references=item.references,
        )
        guidance.append((not entry.applies, _SEVERITY_ORDER.index(entry.severity), index, entry))
    ordered_options = tuple(o for *_, o in sorted(options, key=lambda t: t[:3]))
    missing_facts = tuple(
        FACT_LABELS[name] for name in _RELEVANT_FACTS if getattr(facts, name) is None
    )
    return StandardTherapy(
        status="recommended",
        summary=_summary(facts, ordered_options),
        options=ordered_options,
        guidance=tuple(g for *_, g in sorted(guidance, key=lambda t: t[:3])),
        missing_facts=missing_facts,
    )


def _summary(facts: CaseFacts, options: tuple[RegimenOption, ...]) -> str:
    applying = [o for o in options if o.applies]
    preferred = [o.name for o in applying if o.role == "preferred"]
    if facts.ecog is not None and facts.ecog > 2:
        return (
            f"ECOG performance status {facts.ecog}: no chemotherapy (no survival benefit, "
            "more toxicity above ECOG 2); best supportive care, with quality of life as the goal."
        )
    parts = []
    if facts.line is not None:
        ecog = f", ECOG {facts.ecog}" if facts.ecog is not None else ""
        parts.append(f"Line {facts.line}{ecog}")
    if preferred:
        parts.append("standard: " + " or ".join(preferred))
    others = [o.name for o in applying if o.role != "preferred"]
    if others:
        parts.append("other options: " + "; ".join(others))
    if facts.actionable and facts.line is not None and facts.line >= 2:
        parts.append(
            "targeted therapy for the actionable alteration above is preferred over "
            "second-line chemotherapy"
        )
    conditional = [o for o in options if not o.applies]
    if conditional:
        needed = sorted({fact for o in conditional for fact in o.depends_on})
        parts.append(
            f"{len(conditional)} further option(s) depend on facts not provided "
            f"({', '.join(needed)})"
        )
    return ("; ".join(parts) + ".") if parts else "No regimen could be selected."
