"""The view-model of the case on page 1: identification grid, clinical context, sample identity.

Part of the view-model assembled by profiler.render.view.build_view. Unknown facts are
kept (shown as "not known") because a missing fact can change what is recommended.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from profiler.model import LAB_FIELDS, CaseInfo, Provenance, SampleInfo, StandardTherapy
from profiler.render.view_format import as_text, date_part, humanize, join_text, ordinal

# Labels of the key facts a recommendation depends on (CaseInfo.KEY_FACTS), for the
# "not known" list.
FACT_LABELS = {
    "diagnosis": "Diagnosis",
    "ecog": "ECOG performance status",
    "line_of_therapy": "Line of therapy",
    "creatinine_clearance_ml_min": "Creatinine clearance",
    "her2_ihc": "HER2 IHC",
    "mmr_ihc": "MMR IHC",
}


def header_view(
    case: CaseInfo, patient_id: str | None, specimen_id: str | None, prov: Provenance
) -> list[dict[str, Any]]:
    """The identification grid at the top of page 1, in reading order.

    The patient and specimen ids are not repeated here: the masthead beside the title
    shows them (and carries them to every page's footer).
    """
    age = f"{case.age} years" if case.age is not None else None
    if age and case.sex:
        age = f"{age}, {case.sex}"
    line = f"{ordinal(case.line_of_therapy)} line" if case.line_of_therapy is not None else None
    rows: list[tuple[str, object | None, str]] = [
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
        ("Report date", date_part(prov.reference_date) if prov.reference_date else None, ""),
        ("Ordering physician", case.ordering_physician, ""),
        ("Institution", case.institution, ""),
    ]
    return [
        {"label": label, "value": as_text(value), "unknown": value is None, "role": role}
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
                f"{entry.text} (not recognised: {join_text(entry.unrecognised)}; "
                f"read as {join_text(a.replace('_', ' ') for a in entry.agents)})"
            )
        else:
            parts.append(f"{entry.text} (not recognised)")
    return join_text(parts, "; ") or "none"


_INPUT_LABELS = {
    "vcf": "VCF",
    "maf": "MAF",
    "fusions": "SV VCF",
    "cnv": "Copy number",
    "bam": "BAM/CRAM",
}


def sample_identity_view(sample: SampleInfo) -> dict[str, Any]:
    """Page 1: the sample name(s) each input gives, the comparison made and any mismatch."""
    inputs: dict[tuple[str, str], list[str]] = {}
    for s in sample.input_samples:
        inputs.setdefault((s.role, s.path), []).append(f"{s.kind} {s.sample}")
    return {
        "inputs": [
            {
                "input": _INPUT_LABELS.get(role, humanize(role)),
                "file": PurePath(path).name,
                "samples": join_text(names),
            }
            for (role, path), names in inputs.items()
        ],
        "check": sample.identity_check or "",
        "warnings": list(sample.identity_warnings),
    }


def clinical_context_view(case: CaseInfo, st: StandardTherapy) -> list[dict[str, Any]]:
    """Page 1: the facts an oncologist reads a recommendation against (unknown ones shown).

    The laboratory values, metastatic sites and life expectancy only decide trial
    criteria; they are shown with the trials (`screening_facts_view`), so that page 1
    keeps room for the findings, the biomarker panel and the whole checklist.
    """
    prior = _prior_text(st)
    crcl = (
        f"{case.creatinine_clearance_ml_min:g} mL/min"
        if case.creatinine_clearance_ml_min is not None
        else None
    )
    purity = f"{case.tumor_purity * 100:.0f}%" if case.tumor_purity is not None else None
    rows: list[tuple[str, object | None]] = [
        ("Prior therapies", prior),
        ("HER2 IHC", case.her2_ihc),
        ("HER2 ISH", case.her2_ish),
        ("MMR IHC", case.mmr_ihc),
        ("Creatinine clearance", crcl),
        ("Tumor purity", purity),
    ]
    return [{"label": k, "value": as_text(v), "unknown": v is None} for k, v in rows]


def screening_facts_view(case: CaseInfo) -> list[dict[str, Any]]:
    """The screening facts trial criteria are decided on, only those the case gives."""
    rows: list[tuple[str, object | None]] = []
    if case.metastases is not None:
        mets = (
            f"{case.metastases.count} (max {case.metastases.max_per_organ} per organ)"
            if case.metastases.count
            else "none"
        )
        rows.append(("Metastases", mets))
    rows += _trial_facts(case)
    return [{"label": k, "value": as_text(v), "unknown": False} for k, v in rows]


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _trial_facts(case: CaseInfo) -> list[tuple[str, object | None]]:
    """Life expectancy, metastatic sites and laboratory values the case gives."""
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
