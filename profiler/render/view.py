"""The view-model: a Report turned into the sorted, filtered, formatted strings a page shows.

Templates only loop and branch over what `build_view` returns. Keeping every decision
(sort order, number formats, what "unknown" looks like, which cell an "unverified" flag
belongs to) here means it is tested in Python and identical in every output format
that reuses it, and the templates stay readable by a reviewer who is not a programmer.

The view-model is split by what each part shows: view_case (identification grid, clinical
context, sample identity), view_findings (findings, therapy options, caller records),
view_sections (summary, standard therapy, trials, methods, provenance), view_format (how
single values look) and view_citations (numbered, linked references). This module
assembles them and is the one entry point renderers use.
"""

from __future__ import annotations

from typing import Any

from profiler.model import Report
from profiler.render.view_case import (
    FACT_LABELS,
    clinical_context_view,
    header_view,
    sample_identity_view,
    screening_facts_view,
)
from profiler.render.view_coverage import coverage_view
from profiler.render.view_findings import finding_view
from profiler.render.view_format import as_text, date_part, humanize
from profiler.render.view_overview import overview_view
from profiler.render.view_panel import (
    biomarker_panel_view,
    checklist_coverage_note,
    checklist_view,
)
from profiler.render.view_paths import without_paths
from profiler.render.view_sections import (
    methods_view,
    provenance_view,
    standard_therapy_view,
    summary_view,
    trial_view,
)
from profiler.render.view_signout import sign_out_view

REPORT_TITLE = "Molecular Profiling Report"
REPORT_SUBTITLE = "Biliary tract cancer · tumor genomic profiling"


def build_view(report: Report) -> dict[str, Any]:
    """Return everything the report templates show, already sorted and formatted."""
    patient_id = report.case.patient_id or report.sample.patient_id
    specimen_id = report.case.specimen_id or report.sample.specimen_id
    actionable = [finding_view(f) for f in report.actionable]  # engine order: evidence first
    other = [finding_view(f) for f in report.other]
    unknown = [FACT_LABELS.get(name, humanize(name)) for name in report.case.unknown_facts()]
    view = {
        "title": REPORT_TITLE,
        "subtitle": REPORT_SUBTITLE,
        "patient_id": as_text(patient_id),
        "specimen_id": as_text(specimen_id),
        "report_date": date_part(report.provenance.reference_date or ""),
        "version_line": (
            f"profiler {report.provenance.tool_version} · "
            f"knowledge base {report.provenance.kb_version}"
        ),
        "header": header_view(report.case, patient_id, specimen_id, report.provenance),
        "clinical_context": clinical_context_view(report.case, report.standard_therapy),
        "screening_facts": screening_facts_view(report.case),
        "sample_identity": sample_identity_view(report.sample),
        "unknown_facts": unknown,
        "summary": summary_view(report, actionable, other, unknown),
        "biomarker_panel": biomarker_panel_view(report.biomarkers, report.checklist),
        "checklist": checklist_view(report.checklist),
        "checklist_note": checklist_coverage_note(report.checklist),
        "not_reported": [
            {"name": n.name, "reason": n.reason, "source": n.source or ""}
            for n in report.not_reported
        ],
        "actionable": actionable,
        "other": other,
        "overview": overview_view(report.actionable, report.other),
        "standard_therapy": standard_therapy_view(report.standard_therapy),
        "trials": [trial_view(t) for t in report.trials],
        "warnings": list(report.warnings),
        "coverage": coverage_view(report.coverage),
        "methods": methods_view(report.methods, report),
        "provenance": provenance_view(report.provenance, report.schema_version),
        "sign_out": sign_out_view(report),
    }
    return without_paths(view, _input_paths(report))


def _input_paths(report: Report) -> tuple[str, ...]:
    """Every input path the report names (provenance, sample names, fusion calls)."""
    paths = [i.path for i in report.provenance.inputs]
    paths += [s.path for s in report.sample.input_samples]
    for finding in (*report.actionable, *report.other):
        for call in finding.detail.get("calls", ()):  # type: ignore[union-attr]
            if isinstance(call, dict) and call.get("source"):
                paths.append(str(call["source"]))
    return tuple(p for p in paths if p)
