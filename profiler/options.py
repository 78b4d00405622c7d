"""The options of one report run, as plain data.

Its own module so that the API (profiler/api.py), which runs the steps, and the steps
(profiler/pipeline.py), which read the options, both import it without importing each
other. `from profiler.api import ReportOptions` keeps working.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from profiler.annotate.fusion_evidence import DEFAULT_MIN_FUSION_READS
from profiler.annotate.policy import DEFAULT_MIN_DEPTH, DEFAULT_MIN_VAF

# The options that name one file (or folder): a str or any os.PathLike is taken as a Path.
_PATH_OPTIONS = ("out_dir", "vcf", "cnv", "msi", "case", "maf", "reference", "target_bed", "kb_dir")


@dataclass(frozen=True)
class ReportOptions:
    """Everything `profiler report` accepts, as a typed object.

    Every file option takes a `str` or a `Path` (any os.PathLike); `fusions` takes one
    file or several. They are normalised once, here, so that the steps see Paths only
    (a `str` given for `fusions` was once iterated character by character).
    """

    out_dir: Path
    vcf: Path | None = None
    fusions: tuple[Path, ...] = ()
    cnv: Path | None = None
    msi: Path | None = None
    case: Path | None = None
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
    write_pdf: bool = True
    kb_dir: Path | None = None
    command_line: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in _PATH_OPTIONS:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _as_path(name, value))
        object.__setattr__(self, "fusions", _as_paths("fusions", self.fusions))
        if isinstance(self.command_line, str):
            object.__setattr__(self, "command_line", (self.command_line,))
        else:
            object.__setattr__(self, "command_line", tuple(self.command_line))


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
