"""The view-model of "Coverage at target loci": one row per KB target codon, in KB order.

The rows are the CoverageAssessment's, formatted; the state label is what a reader of
the PDF sees, the full sentence (with a possible missed call) is the row's detail.
"""

from __future__ import annotations

from typing import Any

from profiler.model import CoverageAssessment

STATE_LABELS = {
    "detected": "Detected",
    "not_detected": "Not detected",
    "indeterminate": "Indeterminate (low coverage)",
}


def coverage_view(assessment: CoverageAssessment | None) -> dict[str, Any] | None:
    """None when no BAM/CRAM was given (the methods section then says not assessed)."""
    if assessment is None:
        return None
    t = assessment.thresholds
    return {
        "threshold": f"{t.min_depth}×",
        "rows": [
            {
                "locus": lc.label,
                "position": f"{lc.chrom}:{lc.positions[0]}-{lc.positions[-1]}",
                "depth": f"{lc.depth}×",
                "state": STATE_LABELS[lc.state],
                "state_code": lc.state,
                "text": lc.text,
                "flag": lc.possible_missed_call,
            }
            for lc in assessment.loci
        ],
        "genes": [
            {
                "gene": g.gene,
                "bases": f"{g.bases:,}",
                "mean_depth": f"{g.mean_depth:.0f}×",
                "at_threshold": f"{g.fraction_at_threshold:.1%}",
            }
            for g in assessment.genes
        ],
    }
