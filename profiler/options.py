"""The options of one report run, as plain data.

Its own module so that the API (profiler/api.py), which runs the steps, and the steps
(profiler/pipeline.py), which read the options, both import it without importing each
other. `from profiler.api import ReportOptions` keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from profiler.annotate.fusion_evidence import DEFAULT_MIN_FUSION_READS
from profiler.annotate.policy import DEFAULT_MIN_DEPTH, DEFAULT_MIN_VAF


@dataclass(frozen=True)
class ReportOptions:
    """Everything `profiler report` accepts, as a typed object."""

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
