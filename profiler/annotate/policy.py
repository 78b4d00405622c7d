"""Reporting thresholds and the tumor-only germline rule, as one explicit policy object.

Defaults (a lab overrides them with --min-depth / --min-vaf; the report prints the values
used). FACTS.md Part 4 gives no mandated value: AMP/CAP (Jennings et al., J Mol Diagn
2017, PMID 28341590) leaves minimum depth and limit of detection to each lab's validation.
The defaults follow the typical tissue-panel limits FACTS Part 4 lists:
  - min VAF 0.05: FoundationOne CDx counts variants at >= 5% allele frequency, and the
    Oncomine TML default minimum VAF is 0.05;
  - min depth 60: the Oncomine TML default minimum depth.
A target hotspot below either value is not dropped: it is listed as "detected below the
reporting threshold: confirm with an orthogonal method" and is not actionable.

Germline rule (tumor-only samples only; a matched normal settles the question instead):
  - "likely germline" when VAF is in the heterozygous band [0.40, 0.60] or >= 0.90
    (homozygous) AND the annotation's population allele frequency (largest of VEP
    gnomADe_AF, gnomADg_AF, gnomAD_AF, MAX_AF) is >= 0.001 (0.1%);
  - "likely germline" at any VAF when that population frequency is >= 0.01 (1%, a common
    polymorphism);
  - "possibly germline" when the VAF is in one of those bands, no population frequency is
    available, and the variant is not a KB target alteration.
The note never changes actionability: it asks for germline confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass

from profiler.model import SmallVariant

DEFAULT_MIN_VAF = 0.05
DEFAULT_MIN_DEPTH = 60
HET_BAND = (0.40, 0.60)
HOM_MIN = 0.90
RARE_POPULATION_AF = 0.001
COMMON_POPULATION_AF = 0.01

GERMLINE_RULE = (
    "Tumor-only sample: a variant is flagged likely germline when its VAF is 0.40-0.60 or "
    ">= 0.90 and its gnomAD/MAX_AF population frequency is >= 0.1%, or at any VAF when that "
    "frequency is >= 1%; possibly germline when the VAF is in those bands and no population "
    "frequency is available. Flags ask for germline confirmation; they do not change "
    "actionability."
)


@dataclass(frozen=True)
class ReportingPolicy:
    """Thresholds and sample context that decide how a detected variant is reported."""

    min_depth: int = DEFAULT_MIN_DEPTH
    min_vaf: float = DEFAULT_MIN_VAF
    include_filtered: bool = False
    tumor_only: bool = False

    def shortfalls(self, variant: SmallVariant) -> list[str]:
        """Why a variant misses the reporting thresholds ('VAF 0.042 < 0.05'), if it does."""
        out = []
        if variant.vaf is not None and variant.vaf < self.min_vaf:
            out.append(f"VAF {variant.vaf:.3g} < {self.min_vaf:g}")
        if variant.depth is not None and variant.depth < self.min_depth:
            out.append(f"depth {variant.depth} < {self.min_depth}")
        return out

    def unmeasured(self, variant: SmallVariant) -> list[str]:
        """Threshold inputs the caller did not report (sites-only VCFs, MAFs without counts)."""
        missing = []
        if variant.vaf is None and self.min_vaf > 0:
            missing.append("VAF")
        if variant.depth is None and self.min_depth > 0:
            missing.append("depth")
        return missing

    def germline_note(self, variant: SmallVariant, *, target: bool) -> str | None:
        """The tumor-only germline flag for a variant, or None (see the module docstring)."""
        if not self.tumor_only:
            return None
        vaf, pop = variant.vaf, variant.population_af
        in_band = vaf is not None and (HET_BAND[0] <= vaf <= HET_BAND[1] or vaf >= HOM_MIN)
        if pop is not None and (
            pop >= COMMON_POPULATION_AF or (in_band and pop >= RARE_POPULATION_AF)
        ):
            return (
                f"Likely germline: tumor-only sample, VAF {vaf if vaf is not None else 'n/a'} "
                f"and population allele frequency {pop:g} (gnomAD/MAX_AF). Confirm with "
                "germline testing before interpreting it as somatic."
            )
        if in_band and pop is None and not target:
            return (
                f"Possibly germline: tumor-only sample with VAF {vaf} and no population "
                "frequency in the annotation. A matched normal or germline test would settle it."
            )
        return None
