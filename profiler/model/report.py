"""The model of the report: the sample, methods and provenance around the interpretation.

A Report is what renderers read; it holds everything a signed document says.
"""

from __future__ import annotations

from dataclasses import dataclass

from profiler.model.coverage import CoverageAssessment
from profiler.model.inputs import Assembly, CaseInfo, InputFile, VariantStats
from profiler.model.interpretation import Finding, StandardTherapy, Trial


@dataclass(frozen=True)
class InputSample:
    """A sample name one input file gives, so the report shows whose data each file holds."""

    role: str  # "vcf", "maf", "fusions", "cnv"
    path: str
    sample: str
    kind: str  # "tumor" | "normal"


@dataclass(frozen=True)
class SampleInfo:
    patient_id: str | None
    specimen_id: str | None
    tumor_sample: str | None
    normal_sample: str | None
    assembly: Assembly | None
    assembly_source: str | None  # how the assembly was decided
    input_samples: tuple[InputSample, ...] = ()
    identity_check: str | None = None  # what was compared with the case's ids, and the outcome
    identity_warnings: tuple[str, ...] = ()  # mismatches (also among the report's warnings)


@dataclass(frozen=True)
class Provenance:
    tool_version: str
    kb_version: str
    kb_release_date: str
    command_line: tuple[str, ...]
    generated_at: str  # ISO 8601 UTC
    inputs: tuple[InputFile, ...]


@dataclass(frozen=True)
class Methods:
    """How the report was produced: thresholds and what was read, for the methods section."""

    pass_only: bool
    variant_stats: VariantStats | None
    fusion_callers: tuple[str, ...]
    not_assessed: tuple[str, ...]  # e.g. "copy number (no --cnv input)"
    min_depth: int | None = None  # small-variant reporting thresholds in force (None: no VCF/MAF)
    min_vaf: float | None = None
    small_variant_methods: tuple[str, ...] = ()  # how VCF/MAF calls were read and judged
    assessments: tuple[str, ...] = ()  # how CNV / MSI / TMB were called, thresholds included
    coverage_methods: tuple[str, ...] = ()  # read filters and depth threshold of --bam coverage


@dataclass(frozen=True)
class Report:
    schema_version: str
    sample: SampleInfo
    case: CaseInfo
    findings: tuple[Finding, ...]
    standard_therapy: StandardTherapy
    trials: tuple[Trial, ...]
    warnings: tuple[str, ...]
    methods: Methods
    provenance: Provenance
    coverage: CoverageAssessment | None = None  # None: no BAM/CRAM given

    @property
    def actionable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.actionable)

    @property
    def other(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.actionable)
