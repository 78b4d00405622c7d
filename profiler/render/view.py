"""The view-model: a Report turned into the sorted, filtered, formatted strings a page shows.

Templates only loop and branch over what `build_view` returns. Keeping every decision
(sort order, number formats, what "unknown" looks like, which cell an "unverified" flag
belongs to) here means it is tested in Python and identical in every output format
that reuses it, and the templates stay readable by a reviewer who is not a programmer.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import PurePath
from typing import Any

from profiler.model import (
    LAB_FIELDS,
    CaseInfo,
    Finding,
    Methods,
    Provenance,
    Reference,
    Report,
    SampleInfo,
    StandardTherapy,
    TherapyOption,
    Trial,
)

REPORT_TITLE = "Molecular Profiling Report"
REPORT_SUBTITLE = "Biliary tract cancer · tumor genomic profiling"

NOT_KNOWN = "not known"  # a clinical fact the case record does not give
NOT_APPLICABLE = "—"  # a measurement that does not exist or was not reported

_TIER_ORDER = {"IA": 0, "IB": 1, "IIC": 2, "IID": 3, "III": 4, "IV": 5}
_ONCOKB_ORDER = {"1": 0, "2": 1, "3A": 2, "3B": 3, "4": 4, "R1": 5, "R2": 6}
_CATEGORY_ORDER = {"small_variant": 0, "fusion": 1, "copy_number": 2, "biomarker": 3}

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
_ELIGIBILITY_LABELS = {
    "eligible": "Eligible",
    "possibly_eligible": "Possibly eligible",
    "not_eligible": "Not eligible",
    "not_evaluated": "Not evaluated",
}
_FACT_LABELS = {
    "diagnosis": "Diagnosis",
    "ecog": "ECOG performance status",
    "line_of_therapy": "Line of therapy",
    "creatinine_clearance_ml_min": "Creatinine clearance",
    "her2_ihc": "HER2 IHC",
    "mmr_ihc": "MMR IHC",
}
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
_CELLS = ("therapy", "evidence", "approval", "trial", "result", "references")


def build_view(report: Report) -> dict[str, Any]:
    """Return everything the report templates show, already sorted and formatted."""
    patient_id = report.case.patient_id or report.sample.patient_id
    specimen_id = report.case.specimen_id or report.sample.specimen_id
    actionable = [_finding(f) for f in report.actionable]  # engine order: evidence first
    other = [_finding(f) for f in report.other]
    unknown = [_FACT_LABELS.get(name, _humanize(name)) for name in report.case.unknown_facts()]
    return {
        "title": REPORT_TITLE,
        "subtitle": REPORT_SUBTITLE,
        "patient_id": _text(patient_id),
        "specimen_id": _text(specimen_id),
        "report_date": _date_part(report.provenance.generated_at),
        "version_line": (
            f"profiler {report.provenance.tool_version} · "
            f"knowledge base {report.provenance.kb_version}"
        ),
        "header": _header(report.case, patient_id, specimen_id, report.provenance),
        "clinical_context": _clinical_context(report.case, report.standard_therapy),
        "sample_identity": _sample_identity(report.sample),
        "unknown_facts": unknown,
        "summary": _summary(report, actionable, other, unknown),
        "actionable": actionable,
        "other": other,
        "standard_therapy": _standard_therapy(report.standard_therapy),
        "trials": [_trial(t) for t in report.trials],
        "warnings": list(report.warnings),
        "methods": _methods(report.methods, report),
        "provenance": _provenance(report.provenance, report.schema_version),
    }


# ------------------------------------------------------------------------- formatting


def _text(value: object | None, missing: str = NOT_KNOWN) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return missing
    return str(value)


def _humanize(name: str) -> str:
    return name.replace("_", " ").capitalize()


def format_vaf(vaf: float | None) -> str:
    """A variant allele fraction (0–1) as a percentage with one decimal: 0.341 -> "34.1%"."""
    if vaf is None:
        return NOT_APPLICABLE
    return f"{vaf * 100:.1f}%"


def format_count(value: int | None) -> str:
    """A read count with thousands separators: 1234 -> "1,234"."""
    if value is None:
        return NOT_APPLICABLE
    return f"{value:,}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _parse_timestamp(value: str) -> datetime | None:
    try:
        # Python 3.10's fromisoformat does not accept the "Z" suffix.
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed


def format_timestamp(value: str) -> str:
    """An ISO 8601 timestamp as "YYYY-MM-DD HH:MM UTC"; unparseable text is shown as is."""
    parsed = _parse_timestamp(value)
    if parsed is None:
        return value
    zone = " UTC" if parsed.tzinfo else ""
    return parsed.strftime("%Y-%m-%d %H:%M") + zone


def _date_part(value: str) -> str:
    parsed = _parse_timestamp(value)
    return parsed.strftime("%Y-%m-%d") if parsed else value


def _join(items: Iterable[object], sep: str = ", ") -> str:
    return sep.join(str(i) for i in items if i is not None and str(i) != "")


# ----------------------------------------------------------------------------- header


def _header(
    case: CaseInfo, patient_id: str | None, specimen_id: str | None, prov: Provenance
) -> list[dict[str, Any]]:
    """The identification grid at the top of page 1, in reading order."""
    age = f"{case.age} years" if case.age is not None else None
    if age and case.sex:
        age = f"{age}, {case.sex}"
    line = f"{_ordinal(case.line_of_therapy)} line" if case.line_of_therapy is not None else None
    rows: list[tuple[str, object | None, str]] = [
        ("Patient ID", patient_id, "patient"),
        ("Specimen ID", specimen_id, "specimen"),
        (
            "Diagnosis",
            case.diagnosis.replace("_", " ").capitalize() if case.diagnosis else None,
            "diagnosis",
        ),
        ("Stage", case.stage, ""),
        ("Age / sex" if case.sex else "Age", age, ""),
        ("ECOG performance status", case.ecog, ""),
        ("Line of therapy", line, ""),
        ("Collection date", case.collection_date, ""),
        ("Report date", _date_part(prov.generated_at), ""),
        ("Ordering physician", case.ordering_physician, ""),
        ("Institution", case.institution, ""),
    ]
    return [
        {"label": label, "value": _text(value), "unknown": value is None, "role": role}
        for label, value, role in rows
    ]


def _prior_text(st: StandardTherapy) -> str | None:
    """Each prior-therapy entry as written, with what the KB recognised in it."""
    if st.prior_therapies is None:
        return None
    parts = []
    for entry in st.prior_therapies:
        if entry.recognised:
            parts.append(entry.text)
        elif entry.agents:
            parts.append(
                f"{entry.text} (not recognised: {_join(entry.unrecognised)}; "
                f"read as {_join(a.replace('_', ' ') for a in entry.agents)})"
            )
        else:
            parts.append(f"{entry.text} (not recognised)")
    return _join(parts, "; ") or "none"


_INPUT_LABELS = {"vcf": "VCF", "maf": "MAF", "fusions": "SV VCF", "cnv": "Copy number"}


def _sample_identity(sample: SampleInfo) -> dict[str, Any]:
    """Page 1: the sample name(s) each input gives, the comparison made and any mismatch."""
    inputs: dict[tuple[str, str], list[str]] = {}
    for s in sample.input_samples:
        inputs.setdefault((s.role, s.path), []).append(f"{s.kind} {s.sample}")
    return {
        "inputs": [
            {
                "input": _INPUT_LABELS.get(role, _humanize(role)),
                "file": PurePath(path).name,
                "samples": _join(names),
            }
            for (role, path), names in inputs.items()
        ],
        "check": sample.identity_check or "",
        "warnings": list(sample.identity_warnings),
    }


def _clinical_context(case: CaseInfo, st: StandardTherapy) -> list[dict[str, Any]]:
    """Facts that qualify recommendations (shown under the header, unknown ones included)."""
    prior = _prior_text(st)
    crcl = (
        f"{case.creatinine_clearance_ml_min:g} mL/min"
        if case.creatinine_clearance_ml_min is not None
        else None
    )
    mets = None
    if case.metastases is not None:
        mets = (
            f"{case.metastases.count} (max {case.metastases.max_per_organ} per organ)"
            if case.metastases.count
            else "none"
        )
    purity = f"{case.tumor_purity * 100:.0f}%" if case.tumor_purity is not None else None
    rows: list[tuple[str, object | None]] = [
        ("Prior therapies", prior),
        ("HER2 IHC", case.her2_ihc),
        ("HER2 ISH", case.her2_ish),
        ("MMR IHC", case.mmr_ihc),
        ("Creatinine clearance", crcl),
        ("Metastases", mets),
        ("Tumor purity", purity),
    ]
    rows += _trial_facts(case)
    return [{"label": k, "value": _text(v), "unknown": v is None} for k, v in rows]


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _trial_facts(case: CaseInfo) -> list[tuple[str, object | None]]:
    """Screening facts trial criteria are decided on: only those the case gives."""
    rows: list[tuple[str, object | None]] = []
    if case.life_expectancy_weeks is not None:
        rows.append(("Life expectancy", f"{case.life_expectancy_weeks:g} weeks"))
    for label, value in (("Liver metastases", case.liver_metastases),
                         ("Bone metastases", case.bone_metastases)):  # fmt: skip
        if value is not None:
            rows.append((label, _yes_no(value)))
    if case.labs is not None:
        for name, (label, unit) in LAB_FIELDS.items():
            value = case.labs.value(name)
            if value is not None:
                rows.append((label, f"{value:g} {unit}"))
    return rows


# --------------------------------------------------------------------------- findings


def _finding_title(f: Finding) -> str:
    # "FGFR2::BICC1 fusion" already names the gene; "R132C" does not.
    return f.alteration if f.alteration.startswith(f.gene) else f"{f.gene} {f.alteration}"


def _finding(f: Finding) -> dict[str, Any]:
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
        {"label": label, "value": _text(value, NOT_APPLICABLE)}
        for label, value in core
        if keep_all or value is not None
    ]
    details = [
        {"label": _DETAIL_LABELS.get(str(key), _humanize(str(key))), "value": _detail_value(value)}
        for key, value in f.detail.items()
        if value is not None and key != "calls" and not isinstance(value, dict)
    ]
    calls = [_fusion_call(c) for c in f.detail.get("calls", ())]  # type: ignore[union-attr]
    return {
        "gene": f.gene,
        "alteration": f.alteration,
        "title": _finding_title(f),
        "category": _CATEGORY_LABELS.get(f.category, _humanize(f.category)),
        "tier": f.tier.replace("_", " "),
        "hgvs_c": _text(f.hgvs_c, NOT_APPLICABLE),
        "hgvs_p": _text(f.hgvs_p, NOT_APPLICABLE),
        "transcript": _text(f.transcript, NOT_APPLICABLE),
        "vaf": format_vaf(f.vaf),
        "depth": format_count(f.depth),
        "sources": _join(f.sources) or NOT_APPLICABLE,
        "kb_id": f.kb_id,
        "facts": facts,
        "details": details,
        "calls": calls,
        "notes": list(f.notes),
        "therapies": [_therapy(t) for t in f.therapies],
        "excluded": [_excluded(t) for t in f.excluded_therapies],
    }


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
        "caller": _text(call.get("caller"), NOT_APPLICABLE),
        "source": f"{source}{record}" if source else NOT_APPLICABLE,
        "breakpoint5": _text(call.get("breakpoint5"), NOT_APPLICABLE),
        "breakpoint3": _text(call.get("breakpoint3"), NOT_APPLICABLE),
        "reads": ", ".join(reads) or NOT_APPLICABLE,
        "frame": _text(call.get("reading_frame"), "not reported"),
        "confidence": _text(call.get("confidence"), NOT_APPLICABLE)
        + (f" · filtered: {', '.join(call['filters'])}" if call.get("filters") else ""),
    }


def _detail_value(value: object) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return _join(value) or NOT_APPLICABLE
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_REFERENCE_PREFIX = {"pmid": "PMID ", "doi": "doi:"}


def _reference(ref: Reference) -> str:
    """A citation as a clinician reads it: "PMID 34554208 — JAMA Oncol 2021", "NCT02924376"."""
    text = f"{_REFERENCE_PREFIX.get(ref.kind, '')}{ref.id}"
    return f"{text} — {ref.note}" if ref.note else text


def _approval_text(t: TherapyOption) -> str:
    status = _APPROVAL_LABELS.get(t.approval_status, _humanize(t.approval_status))
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


def _therapy(t: TherapyOption) -> dict[str, Any]:
    unverified_cells = {cell: False for cell in _CELLS}
    for name in t.unverified:
        cell = _UNVERIFIED_CELL.get(name)
        if cell:
            unverified_cells[cell] = True
    trial = _join([t.pivotal_trial, *t.nct_ids], " · ")
    return {
        "label": t.label,
        "condition": t.condition,
        "badges": _badges(t),
        "caveats": list(t.caveats),
        "indication": t.indication,
        "notes": list(t.notes),
        "evidence_category": _EVIDENCE_LABELS.get(
            t.evidence_category, _humanize(t.evidence_category)
        ),
        "oncokb": f"Level {t.oncokb_level}" if t.oncokb_level else "not established",
        "amp_tier": t.amp_tier,
        "escat": t.escat_tier,
        "approval": _approval_text(t),
        "trial": trial or NOT_APPLICABLE,
        "key_result": t.key_result or NOT_APPLICABLE,
        "references": [_reference(r) for r in t.references],
        "unverified": unverified_cells,
        "unverified_fields": [n.replace("_", " ") for n in t.unverified],
    }


def _excluded(t: TherapyOption) -> dict[str, Any]:
    """A therapy shown only to say it is not recommended, and why."""
    status = _APPROVAL_LABELS.get(t.approval_status, _humanize(t.approval_status))
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
        "references": [_reference(r) for r in t.references],
    }


# ---------------------------------------------------------------------- other sections


def _summary(
    report: Report,
    actionable: list[dict[str, Any]],
    other: list[dict[str, Any]],
    unknown: list[str],
) -> dict[str, Any]:
    items = []
    for f in actionable:
        options = _join(
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
        f"({_join(sorted({f['gene'] for f in other}))}); see Other findings."
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
        "unknown_facts": unknown,
        "not_assessed": list(report.methods.not_assessed),
        "standard_therapy_placeholder": report.standard_therapy.status == "placeholder",
        "standard_therapy_text": report.standard_therapy.summary,
    }


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
_OUTCOME_LABELS = {"met": "met", "not_met": "NOT MET", "unknown": "unknown", "confirm": "confirm"}


def _standard_therapy(st: StandardTherapy) -> dict[str, Any]:
    return {
        "status": st.status,
        "is_placeholder": st.status == "placeholder",
        "summary": st.summary,
        "missing_facts": list(st.missing_facts),
        "options": [
            {
                "name": o.name,
                "role": _ROLE_LABELS.get(o.role, _humanize(o.role)),
                "applies": o.applies,
                "status": o.status,
                "status_label": _REGIMEN_STATUS.get(o.status, o.status),
                "reason": o.reason,
                "cautions": list(o.cautions),
                "depends_on": _join(o.depends_on),
                "evidence": _REGIMEN_EVIDENCE.get(o.evidence_status, o.evidence_status),
                "trial": _join([o.trial, *o.nct_ids] if o.trial else o.nct_ids, " · ")
                or NOT_APPLICABLE,
                "result": o.result or "No efficacy figures in the knowledge base.",
                "approval": o.approval,
                "notes": list(o.notes),
                "unverified": [n.replace("evidence.", "").replace("_", " ") for n in o.unverified],
                "references": [_reference(r) for r in o.references],
            }
            for o in st.options
        ],
        "guidance": [
            {
                "severity": g.severity,
                "label": _SEVERITY_LABELS.get(g.severity, _humanize(g.severity)),
                "text": g.text,
                "applies": g.applies,
                "depends_on": _join(g.depends_on),
            }
            for g in st.guidance
        ],
    }


def _trial(t: Trial) -> dict[str, Any]:
    return {
        "nct_id": t.nct_id,
        "title": t.title,
        "phase": t.phase or NOT_APPLICABLE,
        "status": t.status.replace("_", " ").capitalize(),
        "last_updated": t.last_updated,
        "eligibility": _ELIGIBILITY_LABELS.get(t.eligibility, _humanize(t.eligibility)),
        "eligibility_code": t.eligibility,
        "recruitment": t.recruitment,
        "recruiting": t.recruiting,
        "statement": t.statement,
        "reasons": list(t.reasons),
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
        "references": [_reference(r) for r in t.references],
    }


def _methods(m: Methods, report: Report) -> dict[str, Any]:
    stats = None
    if m.variant_stats is not None:
        s = m.variant_stats
        stats = (
            f"{s.records:,} VCF records ({s.alleles:,} alleles): {s.passed:,} passed filters, "
            f"{s.filtered:,} filtered; annotation: {s.annotated_with}"
        )
    assembly = _text(report.sample.assembly)
    if report.sample.assembly and report.sample.assembly_source:
        assembly = f"{assembly} ({report.sample.assembly_source})"
    return {
        "variant_filter": (
            "Only variants passing all VCF filters (FILTER=PASS) were interpreted."
            if m.pass_only
            else "All variants were interpreted, including those failing VCF filters."
        ),
        "variant_stats": stats,
        "fusion_callers": _join(m.fusion_callers) or "none",
        "thresholds": (
            f"VAF >= {m.min_vaf:g}, depth >= {m.min_depth} (lab-overridable: --min-vaf, "
            "--min-depth)"
            if m.min_vaf is not None and m.min_depth is not None
            else None
        ),
        "variant_scope": m.variant_stats.scope if m.variant_stats is not None else None,
        "small_variant_methods": list(m.small_variant_methods),
        "not_assessed": list(m.not_assessed),
        "assessments": list(m.assessments),
        "assembly": assembly,
        "tumor_sample": _text(report.sample.tumor_sample),
        "normal_sample": _text(report.sample.normal_sample, "none (tumor-only)"),
        "sample_identity": report.sample.identity_check or NOT_APPLICABLE,
    }


def _provenance(p: Provenance, schema_version: str) -> dict[str, Any]:
    return {
        "tool_version": p.tool_version,
        "kb_version": p.kb_version,
        "kb_release_date": p.kb_release_date,
        "generated_at": format_timestamp(p.generated_at),
        "generated_at_iso": p.generated_at,
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
