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
    FusionLayout,
    FusionPartner,
    GuidanceItem,
    PriorTherapyEntry,
    Reference,
    RegimenOption,
    StandardTherapy,
    TherapyOption,
    Trial,
)
from profiler.model.panel import (
    CHECKLIST_IDS,
    Biomarkers,
    ChecklistItem,
    CopyNumberEntry,
    Her2Panel,
    MsiPanel,
    NotReported,
    TmbPanel,
)
from profiler.model.report import (
    InputSample,
    Methods,
    Provenance,
    Report,
    SampleInfo,
    SignOut,
)

__all__ = [
    "ASSEMBLIES",
    "CHECKLIST_IDS",
    "COVERAGE_STATES",
    "LAB_FIELDS",
    "AltEvidence",
    "Assembly",
    "Biomarker",
    "Biomarkers",
    "CaseInfo",
    "ChecklistItem",
    "CopyNumber",
    "CopyNumberEntry",
    "CopySegment",
    "CoverageAssessment",
    "CoverageState",
    "CoverageThresholds",
    "CriterionResult",
    "Finding",
    "Fusion",
    "FusionLayout",
    "FusionPartner",
    "GeneCoverage",
    "GuidanceItem",
    "Her2Panel",
    "InputFile",
    "InputSample",
    "Labs",
    "LocusCoverage",
    "Metastases",
    "Methods",
    "MsiPanel",
    "MsiResult",
    "NotReported",
    "PriorTherapyEntry",
    "Provenance",
    "Reference",
    "RegimenOption",
    "Report",
    "SampleInfo",
    "SignOut",
    "SmallVariant",
    "StandardTherapy",
    "TherapyOption",
    "TmbPanel",
    "Trial",
    "VariantStats",
]
