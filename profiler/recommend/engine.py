"""Build the finished Report: findings with ordered therapies, fallback, trials, warnings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from profiler.annotate.match import Match
from profiler.kb.entries import KnowledgeBase
from profiler.model import (
    Biomarkers,
    CaseInfo,
    ChecklistItem,
    CoverageAssessment,
    Finding,
    Methods,
    NotReported,
    Provenance,
    Report,
    SampleInfo,
)
from profiler.recommend.evidence import (
    EVIDENCE_ORDER,
    best_tier,
    option_sort_key,
    split_options,
    tier_rank,
    to_option,
)
from profiler.recommend.fit import Patient, fit_options
from profiler.recommend.prior import agent_classes, read_prior_therapies
from profiler.recommend.standard import build_standard_therapy
from profiler.recommend.trials import evaluate_trials

REPORT_SCHEMA_VERSION = "3.0.0"

_CASE_FACT_LABELS = {
    "diagnosis": "diagnosis / anatomical subtype",
    "ecog": "ECOG performance status",
    "line_of_therapy": "line of therapy being decided",
    "creatinine_clearance_ml_min": "creatinine clearance (cisplatin eligibility)",
    "her2_ihc": "HER2 IHC",
    "mmr_ihc": "MMR IHC",
}


def finding_from_match(match: Match, patient: Patient | None = None) -> Finding:
    """One finding, its options fitted to the patient (recommend/fit.py); without a
    patient, to a case that gives no clinical facts."""
    patient = patient or Patient.unknown()
    recommended: tuple = ()
    excluded: tuple = ()
    therapies = (
        match.therapies
        if match.therapies is not None
        else (match.rule.therapies if match.rule is not None else ())
    )
    if therapies:
        recommended, excluded = split_options(therapies)
    offered, not_offered = fit_options(recommended, patient)
    recommended = tuple(sorted(offered, key=option_sort_key))
    excluded += tuple(not_offered)
    excluded += tuple(
        dataclasses.replace(to_option(t), exclusion_reason=reason) for t, reason in match.excluded
    )
    actionable = match.reportable and bool(recommended)
    notes = list(match.notes)
    if match.rule is not None:
        notes.extend(match.rule.notes)
    if match.tier is not None:
        tier = match.tier
    elif actionable:
        tier = best_tier(recommended)
    elif match.reportable and not_offered:
        # Every option was already received: the alteration keeps its significance.
        tier = best_tier(tuple(not_offered))
        notes.append("Every targeted option for this alteration was already received.")
    elif (
        (match.rule is not None and not match.reportable)
        or match.biomarker is not None
        or match.copy_number is not None
    ):
        tier = "not_tiered"
    else:
        tier = "III"
    variant = match.variant
    detail: dict[str, object] = {}
    sources: list[str] = []
    if variant is not None:
        sources.append(f"VCF record {variant.record}" if variant.record else "VCF")
        detail = {
            "filters": list(variant.filters),
            "annotation_source": variant.annotation_source,
        }
    for fusion in match.fusions:
        sources.append(f"{fusion.caller} ({Path(fusion.source).name})")
    if match.fusions:
        detail = {
            "calls": [
                {
                    "caller": f.caller,
                    "source": f.source,
                    "record": f.record,
                    "name": f.name,  # GENE5::GENE3; gene5/gene3 keep the caller's text
                    "gene5": f.gene5,
                    "gene3": f.gene3,
                    "breakpoint5": f.breakpoint5,
                    "breakpoint3": f.breakpoint3,
                    "junction_reads": f.junction_reads,
                    "spanning_reads": f.spanning_reads,
                    "reading_frame": f.reading_frame,
                    "confidence": f.confidence,
                    "filters": list(f.filters),
                }
                for f in match.fusions
            ]
        }
    if match.biomarker is not None:
        sources.append(match.biomarker.source or match.biomarker.name)
        if match.biomarker.name == "HER2":
            detail["her2_status"] = match.biomarker.status
        if match.biomarker.value is not None:
            detail["value"] = match.biomarker.value
            detail["unit"] = match.biomarker.unit
    if match.copy_number is not None:
        detail["copy_number"] = match.copy_number.copy_number
        if match.biomarker is None:
            sources.append(match.copy_number.source or "copy number")
    if match.rule is not None and match.rule.escat_tier:
        detail["escat_tier"] = match.rule.escat_tier
        detail["escat_status"] = match.rule.escat_status
    return Finding(
        gene=match.gene,
        alteration=match.alteration,
        category=match.category,
        actionable=actionable,
        tier=tier,
        kb_id=match.rule.id if match.rule else None,
        transcript=variant.transcript if variant else None,
        hgvs_c=variant.hgvs_c if variant else None,
        hgvs_p=variant.hgvs_p if variant else None,
        consequence=variant.consequence if variant else None,
        vaf=variant.vaf if variant else None,
        depth=variant.depth if variant else None,
        alt_reads=variant.alt_reads if variant else None,
        locus=variant.locus if variant else None,
        sources=tuple(dict.fromkeys(sources)),
        detail=detail,
        therapies=recommended if actionable else (),
        excluded_therapies=excluded,
        notes=tuple(dict.fromkeys(notes)),
        fusion_layout=match.fusion_layout,
    )


def _finding_sort_key(finding: Finding) -> tuple[int, int, int, str, str]:
    best = min(
        (EVIDENCE_ORDER.index(t.evidence_category) for t in finding.therapies),
        default=len(EVIDENCE_ORDER),
    )
    return (
        0 if finding.actionable else 1,
        best,
        tier_rank(finding.tier),
        finding.gene,
        finding.alteration,
    )


def build_report(
    *,
    kb: KnowledgeBase,
    case: CaseInfo,
    matches: Iterable[Match],
    sample: SampleInfo,
    methods: Methods,
    provenance: Provenance,
    warnings: Iterable[str] = (),
    checklist: tuple[ChecklistItem, ...] = (),
    biomarkers: Biomarkers | None = None,
    not_reported: tuple[NotReported, ...] = (),
    coverage: CoverageAssessment | None = None,
) -> Report:
    prior = read_prior_therapies(case.prior_therapies, kb)
    patient = Patient.from_case(case, prior, agent_classes(kb, (a.id for a in kb.agents)))
    findings = sorted((finding_from_match(m, patient) for m in matches), key=_finding_sort_key)
    all_warnings = list(warnings)
    if prior.unrecognised:
        all_warnings.append(
            "Prior therapies not recognised: "
            + "; ".join(f"'{text}'" for text in prior.unrecognised)
            + ". They were not used to exclude any option: check that no listed option was "
            "already received."
        )
    if not prior.known and case.line_of_therapy is not None and case.line_of_therapy >= 2:
        all_warnings.append(
            f"Line {case.line_of_therapy} without recorded prior therapies: options the "
            "patient already received cannot be recognised and may be listed."
        )
    unknown = case.unknown_facts()
    if unknown:
        all_warnings.append(
            "Clinical facts not provided: "
            + ", ".join(_CASE_FACT_LABELS[name] for name in unknown)
            + ". Recommendations that depend on them cannot be individualised."
        )
    for finding in findings:
        for option in finding.therapies:
            if option.unverified:
                all_warnings.append(
                    f"{finding.gene} {finding.alteration}: {option.label} carries facts not "
                    f"independently verified ({', '.join(option.unverified)}); they are marked "
                    "'unverified' in the report."
                )
    return Report(
        schema_version=REPORT_SCHEMA_VERSION,
        sample=sample,
        case=case,
        findings=tuple(findings),
        standard_therapy=build_standard_therapy(kb, case, findings, prior),
        trials=evaluate_trials(kb, case, report_date=provenance.reference_date),
        warnings=tuple(dict.fromkeys(all_warnings)),
        methods=methods,
        provenance=provenance,
        checklist=checklist,
        biomarkers=biomarkers or Biomarkers(),
        not_reported=not_reported,
        coverage=coverage,
    )
