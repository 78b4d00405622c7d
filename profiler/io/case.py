"""Case metadata reader: the pathologist's clinical facts, validated by case.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

from profiler.errors import InputError
from profiler.io.files import CASE_LIMIT, read_input_bytes
from profiler.model import CaseInfo, Labs, Metastases
from profiler.schemas import error_location, schema_errors


def read_case(path: Path) -> CaseInfo:
    """Read and validate a case JSON file; any schema violation is an InputError."""
    path = Path(path)
    data = read_input_bytes(path, CASE_LIMIT)  # a regular file only: files.py says why
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read case file ({exc})", path=path) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        from profiler.io.kinds import mixup_message  # only when the file is not JSON

        hint = mixup_message(path, "--case")
        reason = hint if hint is not None else f"not valid JSON: {exc.msg}"
        raise InputError(reason, path=path, line=exc.lineno) from exc
    errors = schema_errors("case", data)
    if errors:
        first = errors[0]
        where = error_location(first)
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{first.message}{more}", path=path, field=where)
    return case_from_dict(data)


def case_from_dict(data: dict) -> CaseInfo:
    """Build a CaseInfo from an already validated mapping."""
    metastases = data.get("metastases")
    prior = data.get("prior_therapies")
    labs = data.get("labs")
    return CaseInfo(
        patient_id=data.get("patient_id"),
        specimen_id=data.get("specimen_id"),
        tumor_sample_id=data.get("tumor_sample_id"),
        diagnosis=data.get("diagnosis"),
        stage=data.get("stage"),
        age=data.get("age"),
        ecog=data.get("ecog"),
        line_of_therapy=data.get("line_of_therapy"),
        prior_therapies=tuple(prior) if prior is not None else None,
        creatinine_clearance_ml_min=data.get("creatinine_clearance_ml_min"),
        her2_ihc=data.get("her2_ihc"),
        her2_ish=data.get("her2_ish"),
        mmr_ihc=data.get("mmr_ihc"),
        metastases=Metastases(**metastases) if metastases else None,
        tumor_purity=data.get("tumor_purity"),
        jaundice=data.get("jaundice"),
        cardiac_contraindication=data.get("cardiac_contraindication"),
        sex=data.get("sex"),
        collection_date=data.get("collection_date"),
        ordering_physician=data.get("ordering_physician"),
        institution=data.get("institution"),
        labs=Labs(**labs) if labs is not None else None,
        life_expectancy_weeks=data.get("life_expectancy_weeks"),
        liver_metastases=data.get("liver_metastases"),
        bone_metastases=data.get("bone_metastases"),
    )
