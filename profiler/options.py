"""The options of one report run, as plain data.

Its own module so that the API (profiler/api.py), which runs the steps, and the steps
(profiler/pipeline.py), which read the options, both import it without importing each
other. `from profiler.api import ReportOptions` keeps working.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from profiler.annotate.coverage import DEFAULT_MIN_BASEQ, DEFAULT_MIN_MAPQ
from profiler.annotate.fusion_evidence import DEFAULT_MIN_FUSION_READS
from profiler.annotate.policy import DEFAULT_MIN_DEPTH, DEFAULT_MIN_VAF
from profiler.errors import InputError
from profiler.io.numbers import Bounds, NumberError, check_float, check_int

# The options that name one file (or folder): a str or any os.PathLike is taken as a Path.
# `case` also takes a mapping (the case facts themselves, from the Python API).
_PATH_OPTIONS = (
    "out_dir", "vcf", "cnv", "msi", "case", "maf", "reference", "target_bed", "kb_dir", "bam",
)  # fmt: skip

# Every numeric option: (command-line flag, int or float, documented bounds). Checked
# once, here, for the CLI and the API alike, because an unchecked value is a quiet wrong
# report: `--ploidy 0` made every gain an amplification, `--msi-threshold -5` every score
# MSI-H, `--callable-mb 1e-300` TMB-H at 1e302, and NaN compares False with every limit.
NUMERIC_OPTIONS: dict[str, tuple[str, type, Bounds]] = {
    "min_depth": ("--min-depth", int, Bounds(low=0, high=1_000_000)),
    "min_vaf": ("--min-vaf", float, Bounds(low=0, high=1)),
    "min_fusion_reads": ("--min-fusion-reads", int, Bounds(low=0, high=1_000_000)),
    # Ploidy of a tumour genome: from haploid (1) to a generous 10 (whole-genome doublings).
    "ploidy": ("--ploidy", float, Bounds(low=1, high=10)),
    # Amplification is copy number > RATIO x ploidy: a ratio of 1 or less calls diploid
    # segments amplified.
    "amplification_ratio": ("--amp-ratio", float, Bounds(low=1, high=100, low_open=True)),
    # An MSIsensor score is a percentage, a MANTIS score a distance: a cut-off of 0 or less
    # calls every sample MSI-H.
    "msi_threshold": ("--msi-threshold", float, Bounds(low=0, high=100, low_open=True)),
    # TMB denominator: at 0.1 Mb one mutation is already 10 mut/Mb, and no territory is
    # larger than the genome (about 3,100 Mb).
    "callable_mb": ("--callable-mb", float, Bounds(low=0.1, high=3_500)),
    "tmb_min_vaf": ("--tmb-min-vaf", float, Bounds(low=0, high=1)),
    # Coverage at target loci (--bam): MAPQ is 0-255 in the SAM specification (255 =
    # unavailable), base qualities are Phred 0-93 (printable ASCII 33-126).
    "min_mapq": ("--min-mapq", int, Bounds(low=0, high=255)),
    "min_baseq": ("--min-baseq", int, Bounds(low=0, high=93)),
    # A depth threshold of 0 would call every uncovered locus "not detected".
    "min_coverage": ("--min-coverage", int, Bounds(low=1, high=1_000_000)),
}


# The files a run can write; report.json is always among them (see `_formats`).
OUTPUT_FORMATS = ("pdf", "html", "json")
DEFAULT_FORMATS = ("pdf", "json")

# A report id as profiler/report_id.py makes it (16 lowercase hex digits). --amends must
# name one, so that a typo cannot record an amendment of a report that never existed.
REPORT_ID_PATTERN = re.compile(r"[0-9a-f]{16}")

# Sign-out text goes on every page: printable characters only, and short enough to fit.
_MAX_SIGN_OUT_TEXT = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ReportOptions:
    """Everything `profiler report` accepts, as a typed object.

    Every file option takes a `str` or a `Path` (any os.PathLike); `fusions` takes one
    file or several. They are normalised once, here, so that the steps see Paths only
    (a `str` given for `fusions` was once iterated character by character). `case` may
    also be the case facts as a mapping (kept as a read-only copy, validated when read).
    """

    out_dir: Path
    vcf: Path | None = None
    fusions: tuple[Path, ...] = ()
    cnv: Path | None = None
    msi: Path | None = None
    case: Path | Mapping[str, object] | None = None
    sample: str | None = None  # the tumour sample of the VCF or MAF
    sv_sample: str | None = None  # the tumour sample of an SV VCF (--fusions)
    cnv_sample: str | None = None  # the sample of a multi-sample copy-number file
    assembly: str = "auto"
    include_filtered: bool = False
    maf: Path | None = None
    min_depth: int = DEFAULT_MIN_DEPTH
    min_vaf: float = DEFAULT_MIN_VAF
    reference: Path | None = None
    use_index: bool = True
    fusion_format: str | None = None
    min_fusion_reads: int = DEFAULT_MIN_FUSION_READS  # 0: no read minimum
    cnv_format: str | None = None
    ploidy: float = 2.0
    amplification_ratio: float = 3.0
    msi_tool: str | None = None
    msi_mode: str | None = None
    msi_threshold: float | None = None
    callable_mb: float | None = None
    target_bed: Path | None = None
    tmb_min_vaf: float = 0.05
    bam: Path | None = None  # tumour BAM/CRAM: coverage at the target loci
    min_mapq: int = DEFAULT_MIN_MAPQ
    min_baseq: int = DEFAULT_MIN_BASEQ
    min_coverage: int | None = None  # None: derived from --min-vaf and tumour purity
    write_pdf: bool = True  # False removes "pdf" from `formats` (the --no-pdf of old)
    kb_dir: Path | None = None
    command_line: tuple[str, ...] = field(default_factory=tuple)
    formats: tuple[str, ...] = DEFAULT_FORMATS  # what to write: "pdf", "html", "json"
    # Sign-out: a signer makes the report final; without one it is a draft on every page.
    signed_by: str | None = None
    report_date: str | None = None  # YYYY-MM-DD; None: today (UTC) and a wall-clock time
    amends: str | None = None  # the report id this report replaces (needs amendment_reason)
    amendment_reason: str | None = None

    def __post_init__(self) -> None:
        for name in _PATH_OPTIONS:
            value = getattr(self, name)
            if name == "case" and isinstance(value, Mapping):
                object.__setattr__(self, name, _frozen_case(value))
            elif value is not None:
                object.__setattr__(self, name, _as_path(name, value))
        object.__setattr__(self, "fusions", _as_paths("fusions", self.fusions))
        for name, (flag, kind, bounds) in NUMERIC_OPTIONS.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _number(name, flag, kind, bounds, value))
        if isinstance(self.command_line, str):
            object.__setattr__(self, "command_line", (self.command_line,))
        else:
            object.__setattr__(self, "command_line", tuple(self.command_line))
        formats = _formats(self.formats)
        if not self.write_pdf:
            formats = tuple(f for f in formats if f != "pdf")
        object.__setattr__(self, "formats", formats)
        object.__setattr__(self, "write_pdf", "pdf" in formats)
        _check_sign_out(self)

    @property
    def case_source(self) -> Path | str | None:
        """How the case is named in messages: its file, or "case (dict)" for a mapping."""
        if isinstance(self.case, Mapping):
            from profiler.io.case import CASE_DICT

            return CASE_DICT
        return self.case


def _formats(value: object) -> tuple[str, ...]:
    """The output formats, in OUTPUT_FORMATS order; "pdf,html" as well as ("pdf", "html").

    report.json is required: it is the record the other files are published with
    (render/atomic.publish_outputs) and the document pipelines read.
    """
    items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    names = {str(item).strip().lower() for item in items} - {""}
    unknown = sorted(names - set(OUTPUT_FORMATS))
    if unknown:
        raise InputError(
            f"--format: unknown format {', '.join(unknown)} (choose from pdf, html, json)"
        )
    if "json" not in names:
        raise InputError(
            "--format must include json: report.json is written with every report "
            "(it is the record the PDF and HTML are published with)"
        )
    return tuple(f for f in OUTPUT_FORMATS if f in names)


def _sign_out_text(flag: str, value: str | None) -> str | None:
    """A signer's name or an amendment reason: one printable line, not blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{flag} must be a str, not {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise InputError(f"{flag} must not be empty")
    if _CONTROL.search(text) or len(text) > _MAX_SIGN_OUT_TEXT:
        raise InputError(
            f"{flag} must be one line of printable text, at most {_MAX_SIGN_OUT_TEXT} characters"
        )
    return text


def _check_sign_out(options: ReportOptions) -> None:
    """--signed-by, --report-date, --amends and --amendment-reason, checked once for CLI and API."""
    object.__setattr__(options, "signed_by", _sign_out_text("--signed-by", options.signed_by))
    reason = _sign_out_text("--amendment-reason", options.amendment_reason)
    object.__setattr__(options, "amendment_reason", reason)
    if options.report_date is not None:
        text = str(options.report_date)
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            date.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"--report-date must be a date as YYYY-MM-DD, not {options.report_date!r}"
            ) from None
        object.__setattr__(options, "report_date", text)
    if (options.amends is None) != (reason is None):
        raise InputError("--amends and --amendment-reason must be given together")
    if options.amends is not None:
        amends = str(options.amends).strip().lower()
        if not REPORT_ID_PATTERN.fullmatch(amends):
            raise InputError(
                f"--amends must be a report id (16 hexadecimal digits, as printed in the "
                f"report footer), not {options.amends!r}"
            )
        object.__setattr__(options, "amends", amends)


def _frozen_case(case: Mapping) -> Mapping[str, object]:
    """A read-only copy of a case mapping, so a caller's later edits cannot change a run."""
    from profiler.io.case import case_json_text

    return MappingProxyType(json.loads(case_json_text(case)))


def _as_path(name: str, value: object) -> Path:
    """One file option as a Path; anything but a str or os.PathLike is a programming error."""
    if isinstance(value, (str, os.PathLike)):
        return Path(value)
    raise TypeError(f"ReportOptions.{name} must be a str or a Path, not {type(value).__name__}")


def _as_paths(name: str, value: object) -> tuple[Path, ...]:
    """A file option that may be repeated: one str/Path is one file, never its characters."""
    if value is None:
        return ()
    if isinstance(value, (str, os.PathLike)):
        return (Path(value),)
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return tuple(_as_path(name, item) for item in value)
    raise TypeError(
        f"ReportOptions.{name} must be a str, a Path or a sequence of them, "
        f"not {type(value).__name__}"
    )


def _number(name: str, flag: str, kind: type, bounds: Bounds, value: object) -> int | float:
    """One numeric option, checked against its documented bounds (InputError, exit 2)."""
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise NumberError(f"must be a number, not {type(value).__name__}")
        if kind is int:
            if isinstance(value, float):
                if not value.is_integer():
                    raise NumberError(f"must be a whole number, not {value!r}")
                value = int(value)
            return check_int(value, bounds)
        return check_float(float(value), bounds)
    except (NumberError, OverflowError) as exc:
        reason = str(exc) if isinstance(exc, NumberError) else "must be a finite number"
        raise InputError(f"{flag} (ReportOptions.{name}) {reason}") from None
