"""Mismatch repair as one call: MSI by sequencing combined with MMR IHC from pathology.

The checkpoint-inhibitor labels cover MSI-H *or* dMMR (dostarlimab: dMMR). Reporting the
two tests as separate findings gave contradicting messages when they disagreed ("MSS" in
methods, "dMMR: pembrolizumab" in findings). Here they become one finding:

| MSI (sequencing) | MMR IHC     | finding                                                   |
|------------------|-------------|-----------------------------------------------------------|
| MSI-H            | deficient   | "MSI-H and dMMR (concordant)": pembrolizumab, dostarlimab |
| MSI-H            | proficient  | MSI-H, discordance named: pembrolizumab (MSI-H label);    |
|                  |             | dostarlimab not offered (dMMR label)                      |
| MSI-H            | not done    | MSI-H: pembrolizumab                                      |
| MSS              | deficient   | dMMR, discordance named: the labels cover dMMR by IHC     |
| indeterminate    | deficient   | dMMR, with the indeterminate score noted                  |
| other / none     | deficient   | dMMR: pembrolizumab, dostarlimab                          |
"""

from __future__ import annotations

from profiler.annotate.match import Match
from profiler.kb.entries import Alteration, KnowledgeBase
from profiler.model import Biomarker

_REVIEW = (
    "Review both tests before treatment (the tumour content of the sequenced sample, and "
    "the IHC staining pattern)."
)


def _rule(kb: KnowledgeBase, rule_id: str) -> Alteration:
    return next(a for a in kb.alterations if a.id == rule_id)


def _score(msi: Biomarker) -> str:
    value = f" {msi.value:g}" if msi.value is not None else ""
    unit = f"{msi.unit}" if msi.unit == "%" else f" {msi.unit}" if msi.unit else ""
    return f"{msi.source or 'MSI caller'} score{value}{unit}"


def mmr_matches(msi: Biomarker | None, mmr_ihc: str | None, kb: KnowledgeBase) -> list[Match]:
    """At most one finding for MSI-H / dMMR, naming and resolving any discordance."""
    msi_rule, dmmr_rule = _rule(kb, "MSI_H"), _rule(kb, "DMMR")
    msi_h = msi is not None and msi.status == "MSI-H"
    ihc = Biomarker(name="MMR_IHC", status=mmr_ihc or "", source="IHC (case)")
    if msi_h and mmr_ihc == "deficient":
        extra = tuple(
            t for t in dmmr_rule.therapies if t.agents not in {m.agents for m in msi_rule.therapies}
        )
        return [
            Match(
                gene="MSI",
                alteration="MSI-H and dMMR (concordant)",
                category="biomarker",
                rule=msi_rule,
                reportable=True,
                biomarker=msi,
                therapies=(*msi_rule.therapies, *extra),
                notes=("MSI-H by sequencing and MMR-deficient by IHC: concordant.",),
            )
        ]
    if msi_h:
        notes: tuple[str, ...] = ()
        excluded: tuple = ()
        if mmr_ihc == "proficient":
            notes = (
                f"Discordant: MSI-H by sequencing ({_score(msi)}) but MMR-proficient by IHC. "  # type: ignore[arg-type]
                "The pembrolizumab approval covers MSI-H, so it remains an option; "
                "dostarlimab's approval is for dMMR and is not offered. " + _REVIEW,
            )
            excluded = tuple(
                (
                    t,
                    f"Approved for dMMR ({t.pivotal_trial or 'label'}); MMR IHC here is "
                    "proficient.",
                )
                for t in dmmr_rule.therapies
                if t.agents not in {m.agents for m in msi_rule.therapies}
            )
        return [
            Match(
                gene="MSI",
                alteration="MSI-H" + (" (MMR-proficient by IHC: discordant)" if notes else ""),
                category="biomarker",
                rule=msi_rule,
                reportable=True,
                biomarker=msi,
                notes=notes,
                excluded=excluded,
            )
        ]
    if mmr_ihc != "deficient":
        return []
    notes = ()
    label = "MMR-deficient (dMMR, IHC)"
    if msi is not None and msi.status == "MSS":
        label = "MMR-deficient (dMMR, IHC); MSS by sequencing (discordant)"
        notes = (
            f"Discordant: MMR-deficient by IHC but microsatellite-stable by sequencing "
            f"({_score(msi)}). The pembrolizumab and dostarlimab approvals cover dMMR by "
            "IHC, so they remain options. " + _REVIEW,
        )
    elif msi is not None and msi.status == "indeterminate":
        notes = (
            f"The MSI score was indeterminate ({_score(msi)}); MMR deficiency by IHC decides.",
        )
    return [
        Match(
            gene="MMR",
            alteration=label,
            category="biomarker",
            rule=dmmr_rule,
            reportable=True,
            biomarker=ihc,
            notes=notes,
        )
    ]
