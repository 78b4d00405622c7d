"""The view-model of the report's sections: summary, standard therapy, trials, methods, provenance.

Part of the view-model assembled by profiler.render.view.build_view.
"""

from __future__ import annotations

import shlex
from typing import Any

from profiler.model import Methods, Provenance, Report, StandardTherapy, Trial
from profiler.render.view_citations import CitationList, citation
from profiler.render.view_format import (
    NOT_APPLICABLE,
    as_text,
    format_timestamp,
    humanize,
    join_text,
)
from profiler.render.view_panel import checklist_coverage_note


def summary_view(
    report: Report,
    actionable: list[dict[str, Any]],
    other: list[dict[str, Any]],
    unknown: list[str],
) -> dict[str, Any]:
    """Page 1's summary: each actionable finding's options, other findings, trials."""
    coverage_noted = _coverage_under_checklist(report)
    items = []
    for f in actionable:
        options = join_text(
            (
                t["label"] + (f" ({', '.join(t['badges'])})" if t["badges"] else "")
                for t in f["therapies"]
            ),
            "; ",
        )
        best = f["therapies"][0] if f["therapies"] else None
        items.append(
            {
                "title": f["title"],
                "tier": f["tier"],
                "options": options or "no recommendable option (see below)",
                "evidence": f"OncoKB {best['oncokb']} · {best['approval']}" if best else "",
            }
        )
    n = len(items)
    if n:
        lead = f"{n} alteration{'s' if n != 1 else ''} with targeted-therapy evidence"
    else:
        lead = "No alteration with targeted-therapy evidence was identified."
    n_other = len(other)
    other_text = (
        f"{n_other} other alteration{'s' if n_other != 1 else ''} detected "
        f"({join_text(sorted({f['gene'] for f in other}))}); see Other findings."
        if n_other
        else "No other alterations detected."
    )
    # the recruitment status and the record's date always travel with the eligibility
    trials_text = (
        "; ".join(f"{t.nct_id}: {t.statement}" for t in report.trials) + "; see Clinical trials."
        if report.trials
        else "No curated trial in the knowledge base."
    )
    return {
        "lead": lead,
        "other_text": other_text,
        "trials_text": trials_text,
        "actionable": items,
        "warning_count": len(report.warnings),
        **_page_one_warnings(report),
        "unknown_facts": unknown,
        # TMB and MSI have their own rows in the biomarker panel below the summary
        # and coverage, when not assessed, is said once under the checklist
        "not_assessed": [
            line
            for line in report.methods.not_assessed
            if not (report.checklist and line.startswith(("TMB", "MSI")))
            and not (coverage_noted and line.startswith("coverage at target loci"))
        ],
        "standard_therapy_placeholder": report.standard_therapy.status == "placeholder",
        "standard_therapy_text": report.standard_therapy.summary,
    }


# Warnings written out on page 1; more are counted there and all are in the Warnings section.
PAGE_ONE_WARNINGS = 3


def _page_one_warnings(report: Report) -> dict[str, Any]:
    """The warnings page 1 writes out: those the sample-identity box above does not show."""
    shown = set(report.sample.identity_warnings)
    others = [w for w in report.warnings if w not in shown]
    return {
        "warnings_listed": others[:PAGE_ONE_WARNINGS],
        "warnings_more": max(0, len(others) - PAGE_ONE_WARNINGS),
        "warnings_in_identity_box": len(report.warnings) - len(others),
    }


def _coverage_under_checklist(report: Report) -> bool:
    """True when the note under the checklist already says coverage was not assessed."""
    return bool(checklist_coverage_note(report.checklist))


_ROLE_LABELS = {"preferred": "Preferred", "alternative": "Alternative", "option": "Option"}
_REGIMEN_EVIDENCE = {
    "approved": "FDA-approved",
    "guideline": "Guideline standard",
    "option": "Guideline option",
    "investigational": "Investigational",
}
_SEVERITY_LABELS = {"warning": "Warning", "recommendation": "Recommendation", "info": "Note"}
_REGIMEN_STATUS = {
    "offered": "",
    "conditional": "depends on facts not provided",
    "already_received": "already received",
    "not_offered": "not offered",
}
_ELIGIBILITY_LABELS = {
    "eligible": "Eligible",
    "possibly_eligible": "Possibly eligible",
    "not_eligible": "Not eligible",
    "not_evaluated": "Not evaluated",
}
_OUTCOME_LABELS = {"met": "met", "not_met": "NOT MET", "unknown": "unknown", "confirm": "confirm"}


def standard_therapy_view(st: StandardTherapy) -> dict[str, Any]:
    """The standard-therapy regimens and guidance for this line, each with its status."""
    citations = CitationList()  # one numbered list for the section's table
    return {
        "status": st.status,
        "is_placeholder": st.status == "placeholder",
        "summary": st.summary,
        "missing_facts": list(st.missing_facts),
        "options": [
            {
                "name": o.name,
                "role": _ROLE_LABELS.get(o.role, humanize(o.role)),
                "applies": o.applies,
                "status": o.status,
                "status_label": _REGIMEN_STATUS.get(o.status, o.status),
                "reason": o.reason,
                "cautions": list(o.cautions),
                "depends_on": join_text(o.depends_on),
                "evidence": _REGIMEN_EVIDENCE.get(o.evidence_status, o.evidence_status),
                "trial": join_text([o.trial, *o.nct_ids] if o.trial else o.nct_ids, " · ")
                or NOT_APPLICABLE,
                "result": o.result or "No efficacy figures in the knowledge base.",
                "approval": o.approval,
                "notes": list(o.notes),
                "unverified": [n.replace("evidence.", "").replace("_", " ") for n in o.unverified],
                "references": [citation(r) for r in o.references],
                "ref_numbers": citations.cite(o.references),
            }
            for o in st.options
        ],
        "references": citations.entries(),
        "guidance": [
            {
                "severity": g.severity,
                "label": _SEVERITY_LABELS.get(g.severity, humanize(g.severity)),
                "text": g.text,
                "applies": g.applies,
                "depends_on": join_text(g.depends_on),
            }
            for g in st.guidance
        ],
    }


def trial_view(t: Trial) -> dict[str, Any]:
    """One trial with its eligibility, recruitment status and criterion-by-criterion outcome."""
    return {
        "nct_id": t.nct_id,
        "title": t.title,
        "phase": t.phase or NOT_APPLICABLE,
        "status": t.status.replace("_", " ").capitalize(),
        "last_updated": t.last_updated,
        "eligibility": _ELIGIBILITY_LABELS.get(t.eligibility, humanize(t.eligibility)),
        "eligibility_code": t.eligibility,
        "recruitment": t.recruitment,
        "recruiting": t.recruiting,
        "statement": t.statement,
        "reasons": _reasons_beside_the_table(t),
        "arms": list(t.arms),
        "criteria": [
            {
                "text": c.text,
                "outcome": _OUTCOME_LABELS.get(c.outcome, c.outcome),
                "outcome_code": c.outcome,
                "detail": c.detail or "",
            }
            for c in t.criteria
        ],
        "references": [citation(r) for r in t.references],
    }


def _reasons_beside_the_table(t: Trial) -> list[str]:
    """The trial's reasons without those the criteria table already lists one by one.

    Each "confirm at screening" criterion is a row of the table (outcome "confirm"); the
    bullets keep the verdict's reasons and say how many rows are left to confirm.
    """
    confirm = [c for c in t.criteria if c.outcome == "confirm"]
    listed = {f"Confirm at screening: {c.text}" for c in confirm}
    reasons = [r for r in t.reasons if r not in listed]
    if confirm and len(reasons) < len(t.reasons):
        n = len(confirm)
        reasons.append(
            f"{n} criteri{'a' if n != 1 else 'on'} to confirm at screening "
            '(outcome "confirm" in the table).'
        )
    return reasons


def methods_view(m: Methods, report: Report) -> dict[str, Any]:
    """What was read and how it was judged: filters, thresholds, assembly, samples."""
    stats = None
    if m.variant_stats is not None:
        s = m.variant_stats
        stats = (
            f"{s.records:,} VCF records ({s.alleles:,} alleles): {s.passed:,} passed filters, "
            f"{s.filtered:,} filtered; annotation: {s.annotated_with}"
        )
    assembly = as_text(report.sample.assembly)
    if report.sample.assembly and report.sample.assembly_source:
        assembly = f"{assembly} ({report.sample.assembly_source})"
    return {
        "variant_filter": (
            "Only variants passing all VCF filters (FILTER=PASS) were interpreted."
            if m.pass_only
            else "All variants were interpreted, including those failing VCF filters."
        ),
        "variant_stats": stats,
        "fusion_callers": join_text(m.fusion_callers) or "none",
        "thresholds": (
            f"VAF >= {m.min_vaf:g}, depth >= {m.min_depth} (a lab may rerun with "
            "other values: --min-vaf, --min-depth)"
            if m.min_vaf is not None and m.min_depth is not None
            else None
        ),
        "variant_scope": m.variant_stats.scope if m.variant_stats is not None else None,
        "small_variant_methods": list(m.small_variant_methods),
        "not_assessed": list(m.not_assessed),
        "assessments": list(m.assessments),
        "coverage_methods": list(m.coverage_methods),
        "assembly": assembly,
        "tumor_sample": as_text(report.sample.tumor_sample),
        "normal_sample": as_text(report.sample.normal_sample, "none (tumor-only)"),
        "sample_identity": report.sample.identity_check or NOT_APPLICABLE,
    }


def provenance_view(p: Provenance, schema_version: str) -> dict[str, Any]:
    """Versions, time, command line and input checksums, so the report can be reproduced."""
    return {
        "tool_version": p.tool_version,
        "kb_version": p.kb_version,
        "kb_release_date": p.kb_release_date,
        "generated_at": (
            format_timestamp(p.generated_at)
            if p.generated_at
            else f"not recorded (report date set to {p.report_date})"
        ),
        "generated_at_iso": (
            p.generated_at or (f"{p.report_date}T00:00:00Z" if p.report_date else "")
        ),
        "command_line": shlex.join(p.command_line) if p.command_line else NOT_APPLICABLE,
        "schema_version": schema_version,
        "inputs": [
            {
                "role": i.role,
                "path": i.path,
                "format": i.format or NOT_APPLICABLE,
                "sha256": i.sha256,
            }
            for i in p.inputs
        ],
    }
