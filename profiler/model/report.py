"""The model of the report: the sample, methods and provenance around the interpretation.

A Report is what renderers read; it holds everything a signed document says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from profiler.model.coverage import CoverageAssessment
from profiler.model.inputs import Assembly, CaseInfo, InputFile, VariantStats
from profiler.model.interpretation import Finding, StandardTherapy, Trial
from profiler.model.panel import Biomarkers, ChecklistItem, NotReported


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
    # ISO 8601 UTC wall-clock time of the run; None when --report-date fixed the date, so
    # that two runs of the same case give byte-identical JSON (provenance.report_dates)
    generated_at: str | None
    inputs: tuple[InputFile, ...]
    # The date the report speaks for (YYYY-MM-DD): trial record ages are counted to it.
    # --report-date, or the UTC date of generated_at. None only in hand-built reports.
    report_date: str | None = None
    kb_sha256: str | None = None  # the KB files' digest (KnowledgeBase.content_sha256)

    @property
    def reference_date(self) -> str | None:
        """The date (or time) time-dependent statements are counted to."""
        return self.report_date or self.generated_at


@dataclass(frozen=True)
class Methods:
    """How the report was produced: thresholds and what was read, for the methods section."""

    pass_only: bool
    variant_stats: VariantStats | None
    fusion_callers: tuple[str, ...]
    not_assessed: tuple[str, ...]  # e.g. "copy number (no copy-number result provided)"
    min_depth: int | None = None  # small-variant reporting thresholds in force (None: no VCF/MAF)
    min_vaf: float | None = None
    small_variant_methods: tuple[str, ...] = ()  # how VCF/MAF calls were read and judged
    assessments: tuple[str, ...] = ()  # how CNV / MSI / TMB were called, thresholds included
    coverage_methods: tuple[str, ...] = ()  # read filters and depth threshold of --bam coverage


@dataclass(frozen=True)
class SignOut:
    """Who released the report, its id, and what earlier report it replaces.

    A report without a signer is a draft: every page says so and the JSON's status is
    "draft". The id is a digest of what decides the report's content (see
    profiler/report_id.py), so a draft and the final signed from it share one id.
    """

    report_id: str = ""  # empty only in reports built by hand (tests, benchmarks)
    signed_by: str | None = None
    amends: str | None = None  # the id of the report this one replaces
    amendment_reason: str | None = None

    @property
    def status(self) -> str:
        return "final" if self.signed_by else "draft"


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
    # Page 1: the pertinent-negatives checklist (model.panel.CHECKLIST_IDS order) and the
    # typed biomarker panel; empty / all None when the report was built without them.
    checklist: tuple[ChecklistItem, ...] = ()
    biomarkers: Biomarkers = field(default_factory=Biomarkers)
    # Calls shown only in the "not reported" appendix (non-coding partners, low support).
    not_reported: tuple[NotReported, ...] = ()
    sign_out: SignOut = field(default_factory=SignOut)
    coverage: CoverageAssessment | None = None  # None: no BAM/CRAM given

    @property
    def actionable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.actionable)

    @property
    def other(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.actionable)
