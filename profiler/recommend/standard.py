"""The standard-therapy fallback: regimens and guidance from the KB, evaluated for the case."""

from __future__ import annotations

from collections.abc import Iterable

from profiler.kb.entries import KnowledgeBase, Regimen
from profiler.model import CaseInfo, Finding, GuidanceItem, RegimenOption, StandardTherapy
from profiler.recommend.conditions import FACT_LABELS, CaseFacts, derive_facts, evaluate
from profiler.recommend.prior import PriorTherapies, agent_classes, read_prior_therapies

_ROLE_ORDER = ("preferred", "alternative", "option")
_STATUS_ORDER = ("offered", "conditional", "already_received", "not_offered")
_SEVERITY_ORDER = ("warning", "recommendation", "info")
_RELEVANT_FACTS = ("line", "ecog", "cisplatin_eligible", "diagnosis", "her2_status")


def _status(
    regimen: Regimen, facts: CaseFacts, prior: PriorTherapies, depends: list[str]
) -> tuple[str, str | None, tuple[str, ...]]:
    """(status, reason, cautions) of a regimen whose `when` holds or is undecided."""
    for item in regimen.contraindications:
        holds, missing = evaluate(item.when, facts)
        if holds:
            return "not_offered", item.text, ()
        if holds is None:
            depends.extend(missing)
    if regimen.agents and set(regimen.agents) <= prior.agents:
        entries = "; ".join(f"'{e}'" for e in prior.entries_with(regimen.agents))
        return "already_received", f"Already received (prior therapy {entries}).", ()
    cautions = [c.text for c in regimen.cautions if evaluate(c.when, facts)[0]]
    shared = [a for a in regimen.agents if a in prior.agents]
    if shared:
        entries = "; ".join(f"'{e}'" for e in prior.entries_with(shared))
        cautions.append(
            f"Shares {', '.join(a.replace('_', ' ') for a in shared)} with a regimen already "
            f"received ({entries})."
        )
    return ("conditional" if depends else "offered"), None, tuple(cautions)


def build_standard_therapy(
    kb: KnowledgeBase,
    case: CaseInfo,
    findings: Iterable[Finding],
    prior: PriorTherapies | None = None,
) -> StandardTherapy:
    """Always returns a section: what applies, what depends on missing facts, and why.

    A regimen the patient already received, or one a contraindication rules out (CAPOX
    below a creatinine clearance of 30 mL/min), is listed with its reason, never offered.
    """
    if prior is None:
        prior = read_prior_therapies(case.prior_therapies, kb)
    facts = derive_facts(case, list(findings), prior, agent_classes(kb, prior.agents))
    options = []
    for index, regimen in enumerate(kb.regimens):
        holds, missing = evaluate(regimen.when, facts)
        if holds is False:
            continue
        depends = list(missing)
        status, reason, cautions = _status(regimen, facts, prior, depends)
        option = RegimenOption(
            id=regimen.id,
            name=regimen.name,
            role=regimen.role,
            evidence_status=regimen.evidence_status,
            applies=status == "offered",
            depends_on=tuple(dict.fromkeys(depends)) if status == "conditional" else (),
            trial=regimen.trial,
            nct_ids=regimen.nct_ids,
            result=regimen.result,
            approval=regimen.approval,
            notes=regimen.notes,
            unverified=regimen.unverified,
            references=regimen.references,
            status=status,
            cautions=cautions,
            reason=reason,
        )
        options.append((_STATUS_ORDER.index(status), _ROLE_ORDER.index(option.role), index, option))
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
        prior_therapies=prior.entries,
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
    received = [o.name for o in options if o.status == "already_received"]
    if received:
        parts.append("already received, not offered again: " + "; ".join(received))
    ruled_out = [
        f"{o.name} ({(o.reason or '').rstrip('.')})" for o in options if o.status == "not_offered"
    ]
    if ruled_out:
        parts.append("not offered: " + "; ".join(ruled_out))
    if facts.actionable and facts.line == 1:
        parts.append(
            "the targeted options for the actionable alteration above are for use after "
            "first-line therapy (at progression), before second-line chemotherapy"
        )
    if facts.actionable and facts.line is not None and facts.line >= 2:
        parts.append(
            "targeted therapy for the actionable alteration above is preferred over "
            "second-line chemotherapy"
        )
    conditional = [o for o in options if o.status == "conditional"]
    if conditional:
        needed = sorted({fact for o in conditional for fact in o.depends_on})
        parts.append(
            f"{len(conditional)} further option(s) depend on facts not provided "
            f"({', '.join(needed)})"
        )
    return ("; ".join(parts) + ".") if parts else "No regimen could be selected."
