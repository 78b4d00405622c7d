"""Sample identity: do the input files hold this case's tumour, and all the same one?

A case file for one patient once ran silently against another patient's VCF. Every step
therefore records the sample names its input gives (`InputSample`), and this module
compares them with the case:

- `tumor_sample_id` in the case is exact: an input naming another tumour sample is an
  InputError (no report), and so is a `--sample` that contradicts it.
- Otherwise, when the case gives a patient or specimen id, two heuristics warn: no
  tumour sample name contains either id (case-insensitive substring), or the inputs
  name different tumour samples. The normal of a tumour/normal pair is never compared
  with the tumour, and without a case id the names are only listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError
from profiler.model import CaseInfo, InputSample

_ROLE_LABELS = {
    "vcf": "VCF",
    "maf": "MAF",
    "fusions": "SV VCF",
    "cnv": "copy-number file",
    "bam": "BAM/CRAM",
}


@dataclass(frozen=True)
class IdentityCheck:
    """What was compared, and the mismatches to warn about."""

    summary: str
    warnings: tuple[str, ...] = ()


def describe(named: InputSample) -> str:
    """'VCF tumor.vcf' — an input as the identity messages name it (file name only)."""
    return f"{_ROLE_LABELS.get(named.role, named.role)} {Path(named.path).name}"


def case_tumor_sample(case: CaseInfo, requested: str | None, case_path: Path | str | None) -> None:
    """Refuse a --sample that names another tumour than the case's tumor_sample_id."""
    expected = case.tumor_sample_id
    if expected is not None and requested is not None and requested != expected:
        raise InputError(
            f"--sample {requested!r} contradicts the case's tumor_sample_id {expected!r}",
            path=case_path,
            field="tumor_sample_id",
        )


def require_case_tumor(case: CaseInfo, named: InputSample) -> None:
    """An input naming another tumour sample than the case's tumor_sample_id is refused."""
    expected = case.tumor_sample_id
    if expected is None or named.kind != "tumor" or named.sample == expected:
        return
    raise InputError(
        f"the {_ROLE_LABELS.get(named.role, named.role)} names tumor sample {named.sample!r}, "
        f"but the case's tumor_sample_id is {expected!r}",
        path=named.path,
    )


def check_identity(case: CaseInfo, samples: Sequence[InputSample]) -> IdentityCheck:
    """Compare the inputs' tumour sample names with the case (see the module notes)."""
    tumors = [s for s in samples if s.kind == "tumor"]
    listing = "; ".join(f"{s.sample} ({describe(s)})" for s in tumors)
    if case.tumor_sample_id is not None:
        if not tumors:
            return IdentityCheck(
                f"The case's tumor_sample_id {case.tumor_sample_id} was not compared: no "
                "input names a tumor sample."
            )
        return IdentityCheck(
            f"Every input that names a tumor sample names the case's tumor_sample_id "
            f"{case.tumor_sample_id!r} exactly."
        )
    ids = [
        (label, value)
        for label, value in (("patient ID", case.patient_id), ("specimen ID", case.specimen_id))
        if value
    ]
    if not ids:
        return IdentityCheck(
            "Sample names not compared: the case gives no patient or specimen ID."
            if samples
            else "Sample names not compared: no case IDs, and no input names a sample."
        )
    if not tumors:
        return IdentityCheck("Sample names not compared: no input names a tumor sample.")
    compared = " or ".join(f"{label} {value!r}" for label, value in ids)
    warnings = []
    if not any(value.casefold() in s.sample.casefold() for s in tumors for _, value in ids):
        warnings.append(
            f"Sample identity: no input's tumor sample name contains the case's {compared} "
            f"(case-insensitive); the inputs name: {listing}. Make sure these files belong "
            "to this patient before using this report."
        )
    distinct = {s.sample.casefold() for s in tumors}
    if len(distinct) > 1:
        warnings.append(
            f"Sample identity: the inputs name different tumor samples: {listing}. Make sure "
            "every file comes from this specimen before using this report."
        )
    outcome = "MISMATCH (see the warnings)" if warnings else "consistent"
    summary = (
        f"Tumor sample names compared with the case's {compared} (case-insensitive "
        f"substring) and with each other: {outcome}."
    )
    return IdentityCheck(summary, tuple(warnings))
