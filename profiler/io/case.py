"""Case metadata reader: the pathologist's clinical facts, validated by case.schema.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from profiler.errors import InputError
from profiler.io.files import CASE_LIMIT, read_input_bytes
from profiler.io.numbers import NumberError, parse_float, parse_int
from profiler.model import CaseInfo, Labs, Metastases
from profiler.schemas import error_location, schema_errors

# How a case given as a mapping (the Python API) is named in error messages and provenance.
CASE_DICT = "case (dict)"


def read_case(path: Path) -> CaseInfo:
    """Read and validate a case JSON file; any schema violation is an InputError."""
    path = Path(path)
    data = read_input_bytes(path, CASE_LIMIT)  # a regular file only: files.py says why
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read case file ({exc})", path=path) from exc
    try:
        data = strict_json_loads(text)
    except NumberError as exc:
        raise InputError(str(exc), path=path, line=_line_of(text, exc.token)) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to be case metadata", path=path) from None
    except json.JSONDecodeError as exc:
        from profiler.io.kinds import mixup_message  # only when the file is not JSON

        hint = mixup_message(path, "--case")
        reason = hint if hint is not None else f"not valid JSON: {exc.msg}"
        raise InputError(reason, path=path, line=exc.lineno) from exc
    return _validated(data, path)


def case_json_text(case: Mapping) -> str:
    """A case given as a mapping, as the JSON text a case file would hold (InputError if not).

    The API's mapping goes through the same text as a file does (NaN, infinities and
    numbers of absurd size refused the same way), and its digest is the provenance.
    """
    try:
        return json.dumps(
            dict(case), allow_nan=False, sort_keys=True, ensure_ascii=False, default=_mapping
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"not JSON data: {exc}", path=CASE_DICT) from None
    except RecursionError:
        raise InputError("nested too deeply to be case metadata", path=CASE_DICT) from None


def _mapping(value: object) -> dict:
    """json.dumps' fallback: any mapping (a read-only view) as a dict; anything else refused."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def read_case_mapping(case: Mapping) -> CaseInfo:
    """Validate a case given as a mapping by the same schema as a case file."""
    text = case_json_text(case)
    try:
        data = strict_json_loads(text)
    except NumberError as exc:
        raise InputError(str(exc), path=CASE_DICT) from None
    return _validated(data, CASE_DICT)


def _validated(data: object, where: Path | str) -> CaseInfo:
    """The case schema's verdict on parsed JSON: a CaseInfo, or the first violation named."""
    errors = schema_errors("case", data)
    if errors:
        first = errors[0]
        location = error_location(first)
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{first.message}{more}", path=where, field=location)
    return case_from_dict(data)


class _JsonNumberError(NumberError):
    """A JSON number the case cannot hold, with the token as written (to find its line)."""

    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


def _json_float(token: str) -> float:
    try:
        return parse_float(token)
    except NumberError as exc:
        raise _JsonNumberError(str(exc), token) from None


def _json_int(token: str) -> int:
    try:
        return parse_int(token)
    except NumberError as exc:
        raise _JsonNumberError(str(exc), token) from None


def _json_constant(token: str) -> float:
    raise _JsonNumberError(f"{token} is not a JSON number (values must be finite)", token)


def strict_json_loads(text: str) -> object:
    """json.loads that refuses NaN/Infinity and numbers of absurd size (NumberError).

    Python's json accepts the bare `NaN` and `Infinity` tokens, and a NaN creatinine
    clearance passed the schema (NaN compares False with its minimum and maximum) and
    then silently ruled out cisplatin; a 5,000-digit integer raised ValueError.
    """
    return json.loads(
        text, parse_float=_json_float, parse_int=_json_int, parse_constant=_json_constant
    )


def _line_of(text: str, token: str) -> int | None:
    """The line of the first occurrence of `token` (the number as written), if found."""
    at = text.find(token)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


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
