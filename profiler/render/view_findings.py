"""The view-model of findings: each alteration, its therapy options and its caller records.

Part of the view-model assembled by profiler.render.view.build_view (see there for why
every display decision is made in Python rather than in the templates).
"""

from __future__ import annotations

from typing import Any

from profiler.model import Finding, FusionLayout, TherapyOption
from profiler.render.svg import fusion_svg
from profiler.render.view_citations import CitationList, citation
from profiler.render.view_format import (
    NOT_APPLICABLE,
    as_text,
    format_count,
    format_vaf,
    humanize,
    join_text,
)

_CATEGORY_LABELS = {
    "small_variant": "Sequence variant",
    "fusion": "Fusion",
    "copy_number": "Copy number",
    "biomarker": "Biomarker",
}
_APPROVAL_LABELS = {
    "approved": "Approved",
    "approved_accelerated": "Accelerated approval",
    "not_approved": "Not approved",
    "withdrawn": "Withdrawn",
}
_SCOPE_LABELS = {
    "btc": "biliary tract cancer",
    "tumor_agnostic": "tumor-agnostic",
    "other_tumor": "other tumor type",
    "none": "",
}
_EVIDENCE_LABELS = {
    "approved_btc": "Approved in BTC",
    "approved_tumor_agnostic": "Tumor-agnostic approval",
    "guideline": "Guideline-supported",
    "off_label": "Off-label (approved for another subtype)",
    "investigational": "Investigational",
}
# Short qualifiers of an option for this patient (recommend/fit.py), shown beside its name.
_TIMING_BADGES = {
    "after_first_line": "after first-line therapy",
    "depends": "line of therapy not stated",
}
_SCOPE_BADGES = {"off_label": "off-label", "depends": "depends on the subtype"}
# Which table cell shows a TherapyOption field, so an "unverified" flag lands beside the
# value it qualifies. Fields missing here are still listed in the row's own note.
_UNVERIFIED_CELL = {
    "agents": "therapy",
    "condition": "therapy",
    "notes": "therapy",
    "evidence_category": "evidence",
    "oncokb_level": "evidence",
    "amp_tier": "evidence",
    "escat_tier": "evidence",
    "approval_status": "approval",
    "approval_scope": "approval",
    "approval_date": "approval",
    "pivotal_trial": "trial",
    "nct_ids": "trial",
    "key_result": "result",
    "references": "references",
}
# Labels for the fusion/biomarker `detail` keys readers are known to set.
_DETAIL_LABELS = {
    "breakpoint5": "5′ breakpoint",
    "breakpoint3": "3′ breakpoint",
    "junction_reads": "Junction reads",
    "spanning_reads": "Spanning reads",
    "reading_frame": "Reading frame",
    "copy_number": "Copy number",
}
# How a fact's value may wrap (report.css): "atom" never splits (a locus, transcript, VAF,
# count, breakpoint), "atom-soft" splits only when it cannot fit a line (a long HGVS).
_VALUE_CSS = {
    "HGVS c.": "mono atom-soft",
    "HGVS p.": "mono atom-soft",
    "Transcript": "mono atom",
    "VAF": "atom",
    "Depth": "atom",
    "Alt reads": "atom",
    "Locus": "mono atom-soft",
    "5′ breakpoint": "mono atom",
    "3′ breakpoint": "mono atom",
}
_CELLS = ("therapy", "evidence", "approval", "trial", "result", "references")


def _finding_title(f: Finding) -> str:
    # "FGFR2::BICC1 fusion" already names the gene; "R132C" does not.
    return f.alteration if f.alteration.startswith(f.gene) else f"{f.gene} {f.alteration}"


def finding_view(f: Finding) -> dict[str, Any]:
    """One finding as its card shows it: facts, details, caller records, therapy rows."""
    core: list[tuple[str, str | None]] = [
        ("Gene", f.gene),
        ("Alteration", f.alteration),
        ("HGVS c.", f.hgvs_c),
        ("HGVS p.", f.hgvs_p),
        ("Transcript", f.transcript),
        ("VAF", format_vaf(f.vaf) if f.vaf is not None else None),
        ("Depth", format_count(f.depth) if f.depth is not None else None),
    ]
    if f.alt_reads is not None:
        core.append(("Alt reads", format_count(f.alt_reads)))
    if f.consequence:
        core.append(("Consequence", f.consequence.replace("_", " ")))
    if f.locus:
        core.append(("Locus", f.locus))
    # Sequence variants always show the full HGVS/VAF set ("—" where absent) so a
    # missing value is visible; other categories show only what applies to them.
    keep_all = f.category == "small_variant"
    facts = [
        {"label": label, "value": as_text(value, NOT_APPLICABLE), "css": _VALUE_CSS.get(label, "")}
        for label, value in core
        if keep_all or value is not None
    ]
    details = [
        {
            "label": _DETAIL_LABELS.get(str(key), humanize(str(key))),
            "value": _detail_value(value),
            "css": _VALUE_CSS.get(_DETAIL_LABELS.get(str(key), ""), ""),
        }
        for key, value in f.detail.items()
        if value is not None and key != "calls" and not isinstance(value, dict)
    ]
    calls = [_fusion_call(c) for c in f.detail.get("calls", ())]  # type: ignore[union-attr]
    # One numbered reference list per finding card; each row names the numbers it uses.
    citations = CitationList()
    therapies = [
        therapy_view(t) | {"ref_numbers": citations.cite(t.references)} for t in f.therapies
    ]
    excluded = [
        excluded_view(t) | {"ref_numbers": citations.cite(t.references)}
        for t in f.excluded_therapies
    ]
    return {
        "gene": f.gene,
        "alteration": f.alteration,
        "title": _finding_title(f),
        "category": _CATEGORY_LABELS.get(f.category, humanize(f.category)),
        "consequence": (f.consequence or "").replace("&", ", ").replace("_", " "),
        "tier": f.tier.replace("_", " "),
        "hgvs_c": as_text(f.hgvs_c, NOT_APPLICABLE),
        "hgvs_p": as_text(f.hgvs_p, NOT_APPLICABLE),
        "transcript": as_text(f.transcript, NOT_APPLICABLE),
        "vaf": format_vaf(f.vaf),
        "depth": format_count(f.depth),
        "sources": _detected_by(f.sources, calls),
        "kb_id": f.kb_id,
        "facts": facts,
        "details": details,
        "calls": calls,
        "notes": list(f.notes),
        "therapies": therapies,
        "excluded": excluded,
        "references": citations.entries(),
        "diagram": fusion_svg(f.fusion_layout) if f.fusion_layout else None,
        "diagram_caption": fusion_caption(f.fusion_layout) if f.fusion_layout else [],
    }


def _prime(side: str) -> str:
    return side.replace("'", "′")


def fusion_caption(layout: FusionLayout) -> list[str]:
    """What the fusion diagram shows, in words, and what it deliberately does not."""
    lines = []
    if layout.rule_gene and layout.rule_side:
        verdict = "met" if layout.role_ok else "NOT met"
        lines.append(
            f"Knowledge-base partner rule ({layout.rule_label}): {layout.rule_gene} as the "
            f"{_prime(layout.rule_side)} partner — {verdict} in this call."
        )
    for p in (layout.five, layout.three):
        where = p.breakpoint or "not reported"
        if p.fraction is not None:
            lines.append(
                f"{p.gene} breakpoint {where}: {p.fraction * 100:.0f}% along the gene from its "
                f"5′ end (knowledge-base gene span {p.span})."
            )
        else:
            lines.append(
                f"{p.gene} breakpoint {where}: not placed in the gene (no knowledge-base "
                "gene span contains it)."
            )
    lines.append(
        "The knowledge base holds no exon or protein-domain coordinates: the diagram does not "
        "show which domains are kept."
    )
    return lines


def _detected_by(sources: tuple[str, ...], calls: list[dict[str, str]]) -> str:
    """The callers of a fusion (their files are in the call table below), else the sources.

    A fusion's source names its caller's file; in the card's narrow "Detected by" cell a
    long file name wrapped over four lines and repeated the call table's File column.
    """
    callers = [c["caller"] for c in calls if c["caller"] != NOT_APPLICABLE]
    if callers:
        return join_text(dict.fromkeys(callers))
    return join_text(sources) or NOT_APPLICABLE


def _fusion_call(call: dict[str, Any]) -> dict[str, str]:
    """One caller's record of a fusion, as a row of the finding's call table."""
    reads = [
        f"{call[key]} {label}"
        for key, label in (("junction_reads", "junction"), ("spanning_reads", "spanning"))
        if call.get(key) is not None
    ]
    source = str(call.get("source") or "").rsplit("/", 1)[-1]
    record = f", line {call['record']}" if call.get("record") else ""
    return {
        "caller": as_text(call.get("caller"), NOT_APPLICABLE),
        "source": f"{source}{record}" if source else NOT_APPLICABLE,
        "breakpoint5": as_text(call.get("breakpoint5"), NOT_APPLICABLE),
        "breakpoint3": as_text(call.get("breakpoint3"), NOT_APPLICABLE),
        "reads": ", ".join(reads) or NOT_APPLICABLE,
        "frame": as_text(call.get("reading_frame"), "not reported"),
        "confidence": as_text(call.get("confidence"), NOT_APPLICABLE)
        + (f" · filtered: {', '.join(call['filters'])}" if call.get("filters") else ""),
    }


def _detail_value(value: object) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return join_text(value) or NOT_APPLICABLE
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _approval_text(t: TherapyOption) -> str:
    status = _APPROVAL_LABELS.get(t.approval_status, humanize(t.approval_status))
    scope = _SCOPE_LABELS.get(t.approval_scope, t.approval_scope.replace("_", " "))
    text = f"{status}, {scope}" if scope else status
    text = f"{text} ({t.approval_date})" if t.approval_date else text
    return f"{text}; off-label for this patient" if t.scope_fit == "off_label" else text


def _badges(t: TherapyOption) -> list[str]:
    badges = [b for b in (_SCOPE_BADGES.get(t.scope_fit), _TIMING_BADGES.get(t.timing)) if b]
    if any(c.startswith("ECOG") for c in t.caveats):
        badges.append("performance-status caveat")
    if any(c.startswith("Prior checkpoint") for c in t.caveats):
        badges.append("prior immunotherapy")
    return badges


def therapy_view(t: TherapyOption) -> dict[str, Any]:
    """One therapy option as a table row, with "unverified" flags on the cells they qualify."""
    unverified_cells = {cell: False for cell in _CELLS}
    for name in t.unverified:
        cell = _UNVERIFIED_CELL.get(name)
        if cell:
            unverified_cells[cell] = True
    trial = join_text([t.pivotal_trial, *t.nct_ids], " · ")
    return {
        "label": t.label,
        "condition": t.condition,
        "badges": _badges(t),
        "caveats": list(t.caveats),
        "indication": t.indication,
        "notes": list(t.notes),
        "evidence_category": _EVIDENCE_LABELS.get(
            t.evidence_category, humanize(t.evidence_category)
        ),
        "oncokb": f"Level {t.oncokb_level}" if t.oncokb_level else "not established",
        "amp_tier": t.amp_tier,
        "escat": t.escat_tier,
        "approval": _approval_text(t),
        "trial": trial or NOT_APPLICABLE,
        "key_result": t.key_result or NOT_APPLICABLE,
        "references": [citation(r) for r in t.references],
        "unverified": unverified_cells,
        "unverified_fields": [n.replace("_", " ") for n in t.unverified],
    }


def excluded_view(t: TherapyOption) -> dict[str, Any]:
    """A therapy shown only to say it is not recommended, and why."""
    status = _APPROVAL_LABELS.get(t.approval_status, humanize(t.approval_status))
    reason = t.exclusion_reason or status
    # The KB's date is that of the action behind the current status (the withdrawal here).
    record = (
        f"{status} on {t.approval_date}"
        if t.approval_date and t.approval_status == "withdrawn"
        else None
    )
    return {
        "label": t.label,
        "reason": reason,
        "record": record,
        "notes": list(t.notes),
        "references": [citation(r) for r in t.references],
    }
