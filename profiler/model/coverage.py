"""Read depth at the knowledge base's target loci, read from the tumour BAM/CRAM.

A pertinent negative ("IDH1 R132: not detected") means something only when the locus was
covered: these records say, per target codon, how many reads passed the filters and
whether the run could have seen a variant there. Built by profiler/annotate/coverage.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CoverageState = Literal["detected", "not_detected", "indeterminate"]
COVERAGE_STATES: tuple[CoverageState, ...] = ("detected", "not_detected", "indeterminate")


@dataclass(frozen=True)
class CoverageThresholds:
    """The read filters and the depth threshold in force, with how the threshold was set."""

    min_mapq: int
    min_baseq: int
    min_depth: int  # a locus with fewer filtered reads is indeterminate
    depth_source: Literal["derived", "option"]
    lod_vaf: float  # the run's small-variant VAF limit of detection (--min-vaf)
    tumor_purity: float | None
    expected_vaf: float  # min(lod_vaf, purity / 2): the VAF the threshold is computed for
    min_alt_reads: int  # alt reads a variant at expected_vaf must reach ...
    confidence: float  # ... with this probability (binomial) at min_depth
    derived_depth: int | None  # the binomial depth (None: it could not be derived)
    flag_min_reads: int  # alt reads (and VAF) that flag a possible missed call
    flag_min_vaf: float


@dataclass(frozen=True)
class AltEvidence:
    """Non-reference reads of one base at one position (+ strand)."""

    pos: int
    ref: str  # '+' strand reference base; 'N' when neither the KB nor a FASTA gives it
    alt: str
    reads: int
    depth: int
    hotspot: str | None = None  # the KB hotspot this base change makes, e.g. "R132H"


@dataclass(frozen=True)
class LocusCoverage:
    """One target codon (or a KB hotspot outside every codon) and what the BAM shows there."""

    id: str  # KB codon id (IDH1_R132) or hotspot id
    gene: str
    label: str  # "IDH1 R132"
    chrom: str  # as the BAM names it
    positions: tuple[int, ...]  # 1-based, + strand
    depths: tuple[int, ...]  # filtered depth at each position
    state: CoverageState
    text: str  # "not detected, covered at 412x", "indeterminate: 8x at IDH1 R132"
    calls: tuple[str, ...] = ()  # alterations the VCF/MAF reports at the locus ("R132C")
    calls_reportable: bool = True  # False: every call there is filtered / below threshold
    alt: tuple[AltEvidence, ...] = ()  # non-reference bases seen above the flag rule
    possible_missed_call: str | None = None  # "possible missed call: 9 of 310 reads (...)"

    @property
    def depth(self) -> int:
        """The lowest depth across the locus: a codon is only as covered as its worst base."""
        return min(self.depths) if self.depths else 0


@dataclass(frozen=True)
class GeneCoverage:
    """Depth over the panel BED intervals inside one target gene."""

    gene: str
    bases: int  # BED bases inside the gene span
    mean_depth: float
    fraction_at_threshold: float  # of those bases, the fraction with depth >= min_depth


@dataclass(frozen=True)
class CoverageAssessment:
    """Coverage at every target locus (and per target gene with a panel BED)."""

    source: str  # the BAM/CRAM path
    assembly: str
    thresholds: CoverageThresholds
    loci: tuple[LocusCoverage, ...]
    genes: tuple[GeneCoverage, ...] = ()
    genes_bed: str | None = None  # the BED the gene summary used (None: no summary)

    def locus(self, locus_id: str) -> LocusCoverage | None:
        return next((lc for lc in self.loci if lc.id == locus_id), None)
