"""The BTC pertinent-negatives checklist: each target looked for, and what was found.

A negative means something only when the input could have shown a positive, so each
item is decided from what was read:
- small variants (IDH1 R132, BRAF V600E, KRAS G12C): a VCF is always read over the KB
  genes (indexed or not), so no call there is "not detected"; no VCF/MAF, or MAF rows in
  that gene that could not be placed, is "not assessed";
- fusions (FGFR2, NTRK1/2/3, RET, NRG1): only with a fusion or structural-variant input;
- a call that was filtered, below the reporting thresholds or out of frame is neither
  detected nor excluded: "not assessed" with "confirm";
- HER2: "not detected" only when the HER2 call is negative (IHC 0/1+, or ISH not
  amplified at IHC 2+); no ERBB2 amplification in a copy-number file alone does not
  exclude HER2 positivity (IHC decides), so it stays "not assessed";
- MSI: from the sequencing MSI score, or dMMR by IHC; TMB: only with a denominator.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from profiler.annotate.coverage import CHECKLIST_LOCI, checklist_coverage
from profiler.annotate.match import Match
from profiler.model import CoverageAssessment
from profiler.model.panel import CHECKLIST_IDS, ChecklistItem, Her2Panel, MsiPanel, TmbPanel

CONFIRM = "call below reporting thresholds: confirm"

_SMALL = {
    "idh1_r132": ("IDH1 R132", "IDH1", "IDH1_R132"),
    "braf_v600e": ("BRAF V600E", "BRAF", "BRAF_V600E"),
    "kras_g12c": ("KRAS G12C", "KRAS", "KRAS_G12C"),
}
_FUSIONS = {
    "fgfr2_fusion": ("FGFR2 fusion", ("FGFR2",)),
    "ntrk_fusion": ("NTRK fusion", ("NTRK1", "NTRK2", "NTRK3")),
    "ret_fusion": ("RET fusion", ("RET",)),
    "nrg1_fusion": ("NRG1 fusion", ("NRG1",)),
}


@dataclass(frozen=True)
class ChecklistInputs:
    """What was read, so that each checklist item can say what its negative rests on."""

    small_variants: str | None = None  # "VCF" / "MAF" read; None: no small-variant input
    small_variant_gaps: Mapping[str, str] = field(default_factory=dict)  # gene -> why unread
    fusions: bool = False  # a fusion or structural-variant input was read
    msi: MsiPanel | None = None
    mmr_ihc: str | None = None
    tmb: TmbPanel | None = None
    tmb_reason: str = "no small-variant VCF"  # why TMB was not assessed (when tmb is None)
    her2: Her2Panel | None = None


def build_checklist(inputs: ChecklistInputs, matches: Iterable[Match]) -> tuple[ChecklistItem, ...]:
    """The ten items in their fixed order (model.panel.CHECKLIST_IDS)."""
    matches = list(matches)
    items = {}
    for item_id, (label, gene, rule_id) in _SMALL.items():
        items[item_id] = _small_variant(item_id, label, gene, rule_id, inputs, matches)
    for item_id, (label, genes) in _FUSIONS.items():
        items[item_id] = _fusion(item_id, label, genes, inputs, matches)
    items["her2"] = _her2(inputs.her2)
    items["msi"] = _msi(inputs.msi, inputs.mmr_ihc)
    items["tmb"] = _tmb(inputs.tmb, inputs.tmb_reason)
    return tuple(items[i] for i in CHECKLIST_IDS)


def _describe_variant(match: Match) -> str:
    variant = match.variant
    if variant is None:
        return f"{match.gene} {match.alteration}"
    facts = []
    if variant.vaf is not None:
        facts.append(f"VAF {variant.vaf:.1%}")
    if variant.depth is not None:
        facts.append(f"depth {variant.depth}")
    return f"{match.gene} {match.alteration}" + (f" ({', '.join(facts)})" if facts else "")


def _small_variant(
    item_id: str,
    label: str,
    gene: str,
    rule_id: str,
    inputs: ChecklistInputs,
    matches: list[Match],
) -> ChecklistItem:
    hits = [m for m in matches if m.rule is not None and m.rule.id == rule_id]
    reportable = [m for m in hits if m.reportable]
    if reportable:
        return ChecklistItem(
            item_id, label, "detected", "; ".join(_describe_variant(m) for m in reportable)
        )
    if hits:
        return ChecklistItem(
            item_id,
            label,
            "not_assessed",
            f"{CONFIRM} ({'; '.join(_describe_variant(m) for m in hits)})",
        )
    if inputs.small_variants is None:
        return ChecklistItem(item_id, label, "not_assessed", "no small-variant input")
    gap = inputs.small_variant_gaps.get(gene)
    if gap:
        return ChecklistItem(item_id, label, "not_assessed", gap)
    others = [
        _describe_variant(m)
        for m in matches
        if m.category == "small_variant" and m.gene == gene and m.variant is not None
    ]
    detail = f"{gene} read in the {inputs.small_variants}; no {label} call"
    if others:
        detail += f" (other {gene} variant listed: {'; '.join(others)})"
    return ChecklistItem(item_id, label, "not_detected", detail)


def _fusion(
    item_id: str,
    label: str,
    genes: tuple[str, ...],
    inputs: ChecklistInputs,
    matches: list[Match],
) -> ChecklistItem:
    hits = [m for m in matches if m.category == "fusion" and m.gene in genes]
    ruled = [m for m in hits if m.rule is not None]
    reportable = [m for m in ruled if m.reportable]
    if reportable:
        names = "; ".join(m.alteration for m in reportable)
        dna_only = [m for m in reportable if m.therapies is not None]
        if dna_only:
            names += " (DNA rearrangement: confirm an expressed in-frame fusion)"
        return ChecklistItem(item_id, label, "detected", names)
    if ruled:
        return ChecklistItem(
            item_id,
            label,
            "not_assessed",
            f"call not reportable (low support, filtered or out of frame): confirm "
            f"({'; '.join(m.alteration for m in ruled)})",
        )
    if not inputs.fusions:
        return ChecklistItem(item_id, label, "not_assessed", "no RNA or structural-variant input")
    if hits:
        return ChecklistItem(
            item_id,
            label,
            "not_detected",
            "no fusion with the partner role the rule requires; listed: "
            + "; ".join(m.alteration for m in hits),
        )
    return ChecklistItem(item_id, label, "not_detected", "no call in the fusion input")


def _her2(her2: Her2Panel | None) -> ChecklistItem:
    if her2 is None or her2.status == "not_assessed":
        return ChecklistItem(
            "her2",
            "HER2",
            "not_assessed",
            "no HER2 IHC or ISH result and no ERBB2 amplification call",
        )
    facts = [f"IHC {her2.ihc}" if her2.ihc else "IHC not given"]
    if her2.ish:
        facts.append(f"ISH {her2.ish.replace('_', ' ')}")
    if her2.erbb2_copy_number is not None:
        facts.append(f"ERBB2 copy number {her2.erbb2_copy_number:g}")
    facts_text = ", ".join(facts)
    if her2.status in ("positive", "amplified"):
        state = "detected"
        what = "HER2-positive" if her2.status == "positive" else "ERBB2 amplified, confirm by IHC"
    elif her2.status == "negative":
        state, what = "not_detected", "HER2-negative"
    elif her2.status == "equivocal":
        state, what = "not_assessed", "equivocal: reflex ISH"
    elif her2.status == "discordant":
        state, what = "not_assessed", "discordant IHC and ERBB2 amplification: resolve"
    else:
        state, what = "not_assessed", her2.status
    return ChecklistItem("her2", "HER2", state, f"{what} ({facts_text})")


def _msi(msi: MsiPanel | None, mmr_ihc: str | None) -> ChecklistItem:
    ihc = f"; MMR IHC {mmr_ihc}" if mmr_ihc else ""
    if msi is not None:
        unit = "%" if msi.unit == "%" else f" {msi.unit or ''}".rstrip()
        score = f"{msi.tool} score {msi.score:g}{unit}"
        if msi.status == "MSI-H":
            return ChecklistItem("msi", "MSI", "detected", f"MSI-H ({score}){ihc}")
        if msi.status == "MSS":
            if mmr_ihc == "deficient":
                return ChecklistItem(
                    "msi", "MSI", "detected", f"dMMR by IHC; sequencing MSS ({score}): discordant"
                )
            return ChecklistItem("msi", "MSI", "not_detected", f"MSS ({score}){ihc}")
        if msi.status == "indeterminate":
            return ChecklistItem(
                "msi", "MSI", "not_assessed", f"indeterminate ({score}): confirm by IHC or PCR"
            )
        return ChecklistItem(
            "msi", "MSI", "not_assessed", f"score not interpretable ({score}): no threshold"
        )
    if mmr_ihc == "deficient":
        return ChecklistItem("msi", "MSI", "detected", "dMMR by IHC (no sequencing MSI input)")
    return ChecklistItem("msi", "MSI", "not_assessed", f"no MSI input{ihc}")


def _tmb(tmb: TmbPanel | None, reason: str) -> ChecklistItem:
    if tmb is None:
        return ChecklistItem("tmb", "TMB", "not_assessed", reason)
    value = (
        f"{tmb.value_mut_per_mb:.1f} mut/Mb ({tmb.mutations} mutations / "
        f"{tmb.megabases:g} Mb; TMB-H >= {tmb.threshold:g})"
    )
    if tmb.status == "TMB-H":
        return ChecklistItem("tmb", "TMB", "detected", f"TMB-H: {value}")
    return ChecklistItem("tmb", "TMB", "not_detected", f"TMB-low: {value}")


NO_ALIGNMENTS = "not assessed (no BAM/CRAM given)"


def with_coverage(
    items: tuple[ChecklistItem, ...], assessment: CoverageAssessment | None
) -> tuple[ChecklistItem, ...]:
    """The checklist with the tumour alignments' depth at each item's loci.

    A "not detected" whose locus was read below the depth threshold becomes
    "indeterminate": no call at 8× excludes nothing. Without alignments the small-variant
    items say that their coverage was not assessed; HER2 is decided by IHC/ISH and only
    carries the ERBB2 hotspots' depth.
    """
    if assessment is None:
        return tuple(
            replace(item, coverage=NO_ALIGNMENTS) if item.id in _SMALL else item for item in items
        )
    texts = checklist_coverage(assessment)
    out = []
    for item in items:
        text = texts.get(item.id)
        if text is None:
            out.append(item)
            continue
        loci = [assessment.locus(i) for i in CHECKLIST_LOCI.get(item.id, ())]
        low = [lc for lc in loci if lc is not None and lc.state == "indeterminate"]
        if item.state == "not_detected" and low:
            out.append(replace(item, state="indeterminate", coverage=text))
        else:
            out.append(replace(item, coverage=text))
    return tuple(out)
