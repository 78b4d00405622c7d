"""Page 1's biomarker panel and pertinent-negatives checklist, as the rows the page shows.

Every value comes from the typed Report fields (`Report.biomarkers`, `Report.checklist`);
this module only decides how each looks, so the HTML/PDF and any later output show the
same words.
"""

from __future__ import annotations

from typing import Any

from profiler.model import Biomarkers, ChecklistItem
from profiler.render.view_format import join_text

STATE_LABELS = {
    "detected": "Detected",
    "not_detected": "Not detected",
    "not_assessed": "Not assessed",
    "indeterminate": "Indeterminate",
}


def checklist_view(items: tuple[ChecklistItem, ...]) -> list[dict[str, str]]:
    """One row per item: label, state as words, the CSS class of the state, the detail.

    A coverage text that `checklist_coverage_note` says once under the table is not
    repeated on each row (the JSON keeps it per item).
    """
    shared = _shared_coverage(items)
    return [
        {
            "label": item.label,
            "state": STATE_LABELS[item.state],
            "state_class": item.state.replace("_", "-"),
            "detail": item.detail
            + (f"; coverage {item.coverage}" if item.coverage and not shared else ""),
        }
        for item in items
    ]


def checklist_coverage_note(items: tuple[ChecklistItem, ...]) -> str:
    """One line under the checklist when every item with a locus has the same coverage text.

    Without alignments the small-variant items all say "not assessed (no BAM/CRAM
    given)"; three identical row endings cost page 1 three lines and say nothing more.
    Measured depths differ from locus to locus and stay on their rows.
    """
    shared = _shared_coverage(items)
    if not shared:
        return ""
    labels = [item.label for item in items if item.coverage]
    return f"Read depth at the loci of {join_text(labels)}: {shared}."


def _shared_coverage(items: tuple[ChecklistItem, ...]) -> str:
    """The coverage text all items with a locus share, when it is a "not assessed" one."""
    texts = {item.coverage for item in items if item.coverage}
    if len(texts) != 1:
        return ""
    (text,) = texts
    return text if text.startswith("not assessed") else ""


def biomarker_panel_view(panel: Biomarkers, checklist: tuple[ChecklistItem, ...]) -> list[dict]:
    """MSI, TMB and HER2 rows: the result, its value and what it was measured against."""
    why = {item.id: item.detail for item in checklist}
    rows: list[dict[str, Any]] = []
    msi = panel.msi
    if msi is not None:
        unit = "%" if msi.unit == "%" else f" ({msi.unit})" if msi.unit else ""
        mode = {"tumor_normal": "tumor-normal", "tumor_only": "tumor-only"}.get(msi.mode or "")
        rows.append(
            {
                "name": "MSI",
                "result": msi.status.replace("_", " "),
                "value": f"{msi.score:g}{unit} · {msi.tool}" + (f", {mode}" if mode else ""),
                "basis": msi.threshold,
            }
        )
    else:
        rows.append(
            {"name": "MSI", "result": "not assessed", "value": "", "basis": why.get("msi", "")}
        )
    tmb = panel.tmb
    if tmb is not None:
        rows.append(
            {
                "name": "TMB",
                "result": tmb.status,
                "value": f"{tmb.value_mut_per_mb:.1f} mut/Mb · {tmb.mutations} mutations / "
                f"{tmb.megabases:g} Mb",
                "basis": f"TMB-H >= {tmb.threshold:g} mut/Mb; {tmb.rule}",
            }
        )
    else:
        rows.append(
            {"name": "TMB", "result": "not assessed", "value": "", "basis": why.get("tmb", "")}
        )
    her2 = panel.her2
    if her2 is not None and her2.status != "not_assessed":
        facts = [f"IHC {her2.ihc}" if her2.ihc else "IHC not given"]
        if her2.ish:
            facts.append(f"ISH {her2.ish.replace('_', ' ')}")
        if her2.erbb2_copy_number is not None:
            facts.append(f"ERBB2 copy number {her2.erbb2_copy_number:g}")
        rows.append(
            {
                "name": "HER2",
                "result": her2.status,
                "value": " · ".join(facts),
                "basis": "one call from IHC, ISH and ERBB2 copy number",
            }
        )
    else:
        rows.append(
            {"name": "HER2", "result": "not assessed", "value": "", "basis": why.get("her2", "")}
        )
    return rows
