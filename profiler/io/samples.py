"""Which sample column is the tumor, and which the normal, in a VCF with several."""

from __future__ import annotations

from pathlib import Path

from profiler.errors import InputError


def choose_tumor_sample(
    samples: list[str],
    header_tumor: str | None,
    requested: str | None,
    path: Path,
    tumor_sample_id: str | None = None,
    option: str = "--sample",
) -> str | None:
    """--sample, else ##tumor_sample, else the only sample, else a sample named TUMOR.

    `option` is the command-line option that names this file's tumour sample (--sample for
    the small-variant VCF, --sv-sample for a structural-variant VCF), for the messages.

    `tumor_sample_id` (the case's) picks the tumor among several columns only when neither
    --sample nor the header says which it is: it never overrides what the file states, so
    a contradiction stays visible to the caller's identity check.
    """
    listing = ", ".join(samples) if samples else "(none)"
    if requested:
        if requested not in samples:
            raise InputError(
                f"{option} {requested!r} is not in the VCF; its samples are: {listing}",
                path=path,
            )
        return requested
    if header_tumor:
        if header_tumor not in samples:
            raise InputError(
                f"##tumor_sample={header_tumor} names no sample column; samples: {listing}",
                path=path,
            )
        return header_tumor
    if len(samples) <= 1:
        return samples[0] if samples else None
    if tumor_sample_id is not None:
        if tumor_sample_id not in samples:
            raise InputError(
                f"the case's tumor_sample_id {tumor_sample_id!r} names no sample column of "
                f"the VCF; its samples are: {listing}",
                path=path,
            )
        return tumor_sample_id
    tumor_named = [s for s in samples if s.upper() == "TUMOR"]
    if len(tumor_named) == 1:
        return tumor_named[0]
    raise InputError(
        f"the VCF has {len(samples)} samples and no ##tumor_sample header; choose one with "
        f"{option} (samples: {listing})",
        path=path,
    )


def choose_normal_sample(
    samples: list[str], tumor: str | None, header_normal: str | None
) -> str | None:
    """##normal_sample, else the other column of a two-sample (tumor/normal) VCF."""
    if header_normal:
        return header_normal
    others = [s for s in samples if s != tumor]
    return others[0] if tumor is not None and len(others) == 1 else None
