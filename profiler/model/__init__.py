"""The domain model: what readers produce, what matching adds, what renderers consume.

Everything is a frozen dataclass so that a Report, once built, cannot be changed by a
renderer; data flows one way (readers -> model -> annotate -> recommend -> render).

The classes live in modules by concept: `inputs` (what readers produce), `interpretation`
(findings, therapy options, regimens, trials) and `report` (the report, its methods and
provenance). Import them from here: `from profiler.model import Finding`.
"""

from profiler.model.coverage import (
    COVERAGE_STATES,
    AltEvidence,
    CoverageAssessment,
    CoverageState,
    CoverageThresholds,
    GeneCoverage,
    LocusCoverage,
)
from profiler.model.inputs import (
    ASSEMBLIES,
    LAB_FIELDS,
    Assembly,
    Biomarker,
    CaseInfo,
    CopyNumber,
    CopySegment,
    Fusion,
    InputFile,
    Labs,
    Metastases,
    MsiResult,
    SmallVariant,
    VariantStats,
)
from profiler.model.interpretation import (
    CriterionResult,
    Finding,
    GuidanceItem,
    PriorTherapyEntry,
    Reference,
    RegimenOption,
    StandardTherapy,
    TherapyOption,
    Trial,
)
from profiler.model.report import InputSample, Methods, Provenance, Report, SampleInfo

__all__ = [
    "ASSEMBLIES",
    "COVERAGE_STATES",
    "LAB_FIELDS",
    "AltEvidence",
    "Assembly",
    "Biomarker",
    "CaseInfo",
    "CopyNumber",
    "CopySegment",
    "CoverageAssessment",
    "CoverageState",
    "CoverageThresholds",
    "CriterionResult",
    "Finding",
    "Fusion",
    "GeneCoverage",
    "GuidanceItem",
    "InputFile",
    "InputSample",
    "Labs",
    "LocusCoverage",
    "Metastases",
    "Methods",
    "MsiResult",
    "PriorTherapyEntry",
    "Provenance",
    "Reference",
    "RegimenOption",
    "Report",
    "SampleInfo",
    "SmallVariant",
    "StandardTherapy",
    "TherapyOption",
    "Trial",
    "VariantStats",
]
