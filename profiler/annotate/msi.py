"""MSI status from a caller's score, with the threshold that belongs to that tool and mode.

Thresholds come from the KB (thresholds.yaml, FACTS Part 4): MSIsensor tumor-normal
score >= 10 MSI-H, 3 to < 10 indeterminate (Middha et al. 2017); tumor-only >= 20% MSI-H
(TSO500 convention). MSIsensor-pro and MANTIS have no universal cut-off in the KB: their
score is interpreted only with a lab-calibrated `--msi-threshold`, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from profiler.kb.entries import KnowledgeBase
from profiler.model import Biomarker, MsiResult


@dataclass(frozen=True)
class MsiCall:
    biomarker: Biomarker
    rule: str  # the threshold applied, as printed in methods


def _threshold(kb: KnowledgeBase, threshold_id: str) -> dict:
    for entry in kb.thresholds:
        if entry["id"] == threshold_id:
            return entry
    raise KeyError(threshold_id)


def call_msi(result: MsiResult, kb: KnowledgeBase, override: float | None = None) -> MsiCall:
    """MSI-H / indeterminate / MSS, or not interpretable when no threshold applies."""
    score = result.score
    source = f"{result.tool} ({result.source})"
    if result.total_sites == 0:
        status = "not_interpretable"
        rule = f"{result.tool}: no microsatellite site was assessable (0 sites)"
    elif override is not None:
        status = "MSI-H" if score >= override else "MSS"
        rule = f"{result.tool}: lab-calibrated threshold >= {override:g} (given for this run)"
    elif result.tool in ("MSIsensor", "MSIsensor2") and (
        result.mode == "tumor_only" or result.tool == "MSIsensor2"
    ):
        entry = _threshold(kb, "msisensor_tumor_only")
        status = "MSI-H" if score >= entry["msi_h_min"] else "MSS"
        rule = f"{result.tool} tumor-only: score >= {entry['msi_h_min']}% MSI-H (TSO500 convention)"
    elif result.tool == "MSIsensor" and result.mode == "tumor_normal":
        entry = _threshold(kb, "msisensor_tumor_normal")
        if score >= entry["msi_h_min"]:
            status = "MSI-H"
        elif score >= entry["indeterminate_min"]:
            status = "indeterminate"
        else:
            status = "MSS"
        rule = (
            f"MSIsensor tumor-normal: score >= {entry['msi_h_min']} MSI-H, "
            f"{entry['indeterminate_min']} to < {entry['msi_h_min']} indeterminate "
            "(Middha et al., JCO Precis Oncol 2017)"
        )
    elif result.tool == "MSIsensor":
        # The file does not say whether a normal was used, and the two conventions disagree
        # between 3 and 20: call only where both agree, otherwise ask for --msi-mode.
        paired = _threshold(kb, "msisensor_tumor_normal")
        alone = _threshold(kb, "msisensor_tumor_only")
        if score >= max(paired["msi_h_min"], alone["msi_h_min"]):
            status = "MSI-H"
        elif score < paired["indeterminate_min"]:
            status = "MSS"
        else:
            status = "indeterminate"
        rule = (
            "MSIsensor, tumor-normal or tumor-only mode not stated: called only where the "
            "tumor-normal "
            f"(>= {paired['msi_h_min']} MSI-H, {paired['indeterminate_min']} to "
            f"< {paired['msi_h_min']} indeterminate; Middha et al. 2017) and tumor-only "
            f"(>= {alone['msi_h_min']}% MSI-H) conventions agree"
        )
    else:
        status = "not_interpretable"
        rule = (
            f"{result.tool}: no universal cut-off in the knowledge base; a lab-calibrated "
            "threshold is needed to interpret the score"
        )
    biomarker = Biomarker(
        name="MSI",
        status=status,
        value=score,
        unit="%" if result.unit == "percent" else result.unit,
        source=source,
    )
    return MsiCall(biomarker=biomarker, rule=rule)
