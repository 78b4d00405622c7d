"""The JSON document pipelines consume, validated against report.schema.json before writing."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any

from profiler.errors import RenderError
from profiler.model import (
    Biomarkers,
    CoverageAssessment,
    Finding,
    Reference,
    Report,
    SampleInfo,
    StandardTherapy,
    TherapyOption,
    Trial,
)
from profiler.schemas import error_location, schema_errors


def _therapy(option: TherapyOption) -> dict[str, Any]:
    return {
        "agents": list(option.agents),
        "label": option.label,
        "evidence_category": option.evidence_category,
        "oncokb_level": option.oncokb_level,
        "amp_tier": option.amp_tier,
        "escat_tier": option.escat_tier,
        "approval": {
            "status": option.approval_status,
            "scope": option.approval_scope,
            "date": option.approval_date,
        },
        "pivotal_trial": option.pivotal_trial,
        "nct_ids": list(option.nct_ids),
        "key_result": option.key_result,
        "condition": option.condition,
        "exclusion_reason": option.exclusion_reason,
        "indication": (
            {
                "text": option.indication,
                "tumor_scope": option.label_scope,
                "line": option.label_line,
            }
            if option.indication
            else None
        ),
        "scope_fit": option.scope_fit,
        "timing": option.timing,
        "caveats": list(option.caveats),
        "depends_on": list(option.depends_on),
        "unverified": list(option.unverified),
        "notes": list(option.notes),
        "references": _references(option.references),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "gene": finding.gene,
        "alteration": finding.alteration,
        "category": finding.category,
        "actionable": finding.actionable,
        "tier": finding.tier,
        "kb_id": finding.kb_id,
        "transcript": finding.transcript,
        "hgvs_c": finding.hgvs_c,
        "hgvs_p": finding.hgvs_p,
        "consequence": finding.consequence,
        "vaf": finding.vaf,
        "depth": finding.depth,
        "alt_reads": finding.alt_reads,
        "locus": finding.locus,
        "sources": list(finding.sources),
        "detail": finding.detail,
        "therapies": [_therapy(t) for t in finding.therapies],
        "excluded_therapies": [_therapy(t) for t in finding.excluded_therapies],
        "notes": list(finding.notes),
    }


def _references(refs: tuple[Reference, ...]) -> list[dict[str, Any]]:
    return [asdict(r) for r in refs]


def _standard_therapy(section: StandardTherapy) -> dict[str, Any]:
    return {
        "status": section.status,
        "summary": section.summary,
        "missing_facts": list(section.missing_facts),
        "prior_therapies": (
            [
                {
                    "text": e.text,
                    "agents": list(e.agents),
                    "unrecognised": list(e.unrecognised),
                    "recognised": e.recognised,
                }
                for e in section.prior_therapies
            ]
            if section.prior_therapies is not None
            else None
        ),
        "options": [
            {
                "id": o.id,
                "name": o.name,
                "role": o.role,
                "evidence_status": o.evidence_status,
                "applies": o.applies,
                "status": o.status,
                "depends_on": list(o.depends_on),
                "cautions": list(o.cautions),
                "reason": o.reason,
                "trial": o.trial,
                "nct_ids": list(o.nct_ids),
                "result": o.result,
                "approval": o.approval,
                "notes": list(o.notes),
                "unverified": list(o.unverified),
                "references": _references(o.references),
            }
            for o in section.options
        ],
        "guidance": [
            {
                "id": g.id,
                "severity": g.severity,
                "text": g.text,
                "applies": g.applies,
                "depends_on": list(g.depends_on),
                "references": _references(g.references),
            }
            for g in section.guidance
        ],
    }


def _trial(trial: Trial) -> dict[str, Any]:
    return {
        "nct_id": trial.nct_id,
        "title": trial.title,
        "phase": trial.phase,
        "status": trial.status,
        "last_updated": trial.last_updated,
        "eligibility": trial.eligibility,
        "recruiting": trial.recruiting,
        "record_age_months": trial.record_age_months,
        "recruitment": trial.recruitment,
        "statement": trial.statement,
        "reasons": list(trial.reasons),
        "arms": list(trial.arms),
        "criteria": [asdict(c) for c in trial.criteria],
        "references": _references(trial.references),
    }


def _sample(sample: SampleInfo) -> dict[str, Any]:
    block = asdict(sample)
    block["input_samples"] = [asdict(s) for s in sample.input_samples]
    block["identity_warnings"] = list(sample.identity_warnings)
    return block


def _coverage(assessment: CoverageAssessment | None) -> dict[str, Any] | None:
    """Coverage at target loci; None (JSON null) when no BAM/CRAM was given."""
    if assessment is None:
        return None
    return {
        "source": assessment.source,
        "assembly": assessment.assembly,
        "thresholds": asdict(assessment.thresholds),
        "loci": [
            {
                "id": lc.id,
                "gene": lc.gene,
                "label": lc.label,
                "chrom": lc.chrom,
                "positions": list(lc.positions),
                "depths": list(lc.depths),
                "depth": lc.depth,
                "state": lc.state,
                "text": lc.text,
                "calls": list(lc.calls),
                "calls_reportable": lc.calls_reportable,
                "alt_reads": [asdict(e) for e in lc.alt],
                "possible_missed_call": lc.possible_missed_call,
            }
            for lc in assessment.loci
        ],
        "genes_bed": assessment.genes_bed,
        "genes": [asdict(g) for g in assessment.genes],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON types, in the shape report.schema.json describes."""
    case = asdict(report.case)
    if case.get("prior_therapies") is not None:
        case["prior_therapies"] = list(case["prior_therapies"])
    methods = report.methods
    sign_out = report.sign_out
    return {
        "schema_version": report.schema_version,
        "report_id": sign_out.report_id,
        "status": sign_out.status,
        "sign_out": {
            "signed_by": sign_out.signed_by,
            "report_date": report.provenance.report_date,
        },
        "amendment": (
            {"replaces": sign_out.amends, "reason": sign_out.amendment_reason}
            if sign_out.amends
            else None
        ),
        "sample": _sample(report.sample),
        "case": case,
        "unknown_clinical_facts": list(report.case.unknown_facts()),
        "findings": [_finding(f) for f in report.findings],
        "standard_therapy": _standard_therapy(report.standard_therapy),
        "trials": [_trial(t) for t in report.trials],
        "warnings": list(report.warnings),
        "methods": {
            "pass_only": methods.pass_only,
            "variant_stats": asdict(methods.variant_stats) if methods.variant_stats else None,
            "fusion_callers": list(methods.fusion_callers),
            "min_depth": methods.min_depth,
            "min_vaf": methods.min_vaf,
            "small_variant_methods": list(methods.small_variant_methods),
            "not_assessed": list(methods.not_assessed),
            "assessments": list(methods.assessments),
            "coverage_methods": list(methods.coverage_methods),
        },
        "provenance": {
            "tool": "profiler",
            "tool_version": report.provenance.tool_version,
            "kb_version": report.provenance.kb_version,
            "kb_release_date": report.provenance.kb_release_date,
            "kb_sha256": report.provenance.kb_sha256,
            "generated_at": report.provenance.generated_at,
            "command_line": list(report.provenance.command_line),
            "inputs": [asdict(i) for i in report.provenance.inputs],
        },
        "checklist": [asdict(item) for item in report.checklist],
        "biomarkers": _biomarkers(report.biomarkers),
        "not_reported": [asdict(entry) for entry in report.not_reported],
        "coverage": _coverage(report.coverage),
    }


def _biomarkers(panel: Biomarkers) -> dict[str, Any]:
    """The typed panel: each biomarker an object, or null when it was not assessed."""
    return {
        "tmb": asdict(panel.tmb) if panel.tmb is not None else None,
        "msi": asdict(panel.msi) if panel.msi is not None else None,
        "her2": asdict(panel.her2) if panel.her2 is not None else None,
        "copy_number": [asdict(entry) for entry in panel.copy_number],
    }


def validate_report_dict(document: dict[str, Any]) -> None:
    """Refuse to write a report that does not match our own published schema."""
    errors = schema_errors("report", document)
    if errors:
        first = errors[0]
        where = error_location(first) or "<root>"
        raise RenderError(f"report JSON fails report.schema.json at {where}: {first.message}")


def first_non_finite(document: object, where: str = "") -> str | None:
    """The path ('findings[0].vaf') of the first NaN/inf float in a JSON-like document."""
    if isinstance(document, float):
        return None if math.isfinite(document) else (where or "<root>")
    if isinstance(document, dict):
        items = ((f"{where}.{key}" if where else str(key), v) for key, v in document.items())
    elif isinstance(document, (list, tuple)):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(document))
    else:
        return None
    for path, value in items:
        found = first_non_finite(value, path)
        if found is not None:
            return found
    return None


def render_json(report: Report) -> bytes:
    """report.json as bytes: strict JSON only (a bare NaN is not JSON and breaks parsers).

    Inputs are checked to be finite where they are read, so a NaN or inf reaching this
    point is a bug: it is refused (RenderError naming the field), never written.
    """
    document = report_to_dict(report)
    bad = first_non_finite(document)
    if bad is not None:
        raise RenderError(f"report JSON would hold a non-finite number at {bad}")
    validate_report_dict(document)
    try:
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:  # a non-finite value first_non_finite could not see
        raise RenderError(f"report JSON is not strict JSON: {exc}") from exc
    return (text + "\n").encode("utf-8")
