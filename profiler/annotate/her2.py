"""HER2 as one call: pathology (IHC, ISH) combined with sequencing (ERBB2 copy number).

| IHC         | ERBB2 amplified (CNV or ISH)          | not amplified / not assessed             |
|-------------|---------------------------------------|------------------------------------------|
| 3+          | HER2-positive: zanidatamab (BTC),     | HER2-positive: the same agents; the      |
|             | T-DXd (tumor-agnostic), OncoKB-level-2| level-2 regimens carry "evidence is for  |
|             | regimens (T+P, tucatinib+T)           | ERBB2-amplified disease"                 |
| 2+          | HER2-positive (IHC 2+ amplified):     | equivocal: "confirm by ISH"; agents      |
|             | level-2 regimens; zanidatamab / T-DXd | conditional (ISH not amplified: negative)|
|             | not recommended (approved for IHC 3+) |                                          |
| 0 / 1+      | discordant: review; HER2-directed     | HER2-negative: HER2-directed agents      |
|             | agents not recommended on this IHC    | explicitly not recommended               |
| not done    | "confirm HER2 by IHC": agents shown   | nothing to report                        |
|             | as conditional                        |                                          |

The rules for the agents (levels, approvals, references) stay in the KB entries
HER2_IHC3 and ERBB2_AMPLIFICATION; this module only decides which apply and on what
condition. ERBB2 activating mutations have no BTC therapy in the KB: they are noted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from profiler.annotate.match import Match, with_condition
from profiler.kb.entries import KnowledgeBase
from profiler.model import Biomarker, CaseInfo, CopyNumber, SmallVariant

_CONFIRM_IHC = "Confirm HER2 IHC 3+ before use (approved for HER2 IHC 3+)"
_CONFIRM_AMP = "OncoKB level 2 evidence is for ERBB2-amplified / HER2-positive BTC"


def _rule(kb: KnowledgeBase, rule_id: str):
    for rule in kb.alterations:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def her2_matches(
    case: CaseInfo,
    copy_numbers: Iterable[CopyNumber],
    erbb2_variants: Iterable[SmallVariant],
    kb: KnowledgeBase,
) -> list[Match]:
    """At most one HER2 finding, combining every source of HER2 evidence."""
    ihc, ish = case.her2_ihc, case.her2_ish
    amp_cnv = next(
        (c for c in copy_numbers if c.gene == "ERBB2" and c.call == "amplification"), None
    )
    amplified = amp_cnv is not None or ish == "amplified"
    ihc3 = _rule(kb, "HER2_IHC3")
    amp = _rule(kb, "ERBB2_AMPLIFICATION")
    sources = [f"IHC {ihc} (case)"] if ihc else []
    if ish:
        sources.append(f"ISH {ish.replace('_', ' ')} (case)")
    if amp_cnv is not None:
        sources.append(f"ERBB2 copy number {amp_cnv.copy_number:g} ({amp_cnv.source})")
    notes = [
        f"ERBB2 {v.hgvs_p or v.locus} detected: the knowledge base holds no HER2-directed "
        "therapy for ERBB2 mutations in BTC."
        for v in erbb2_variants
    ]
    biomarker = Biomarker(name="HER2", status="", source="; ".join(sources))

    def match(alteration: str, rule, therapies, excluded=(), extra=(), reportable=True) -> Match:
        return Match(
            gene="ERBB2" if amplified and ihc != "3+" else "HER2",
            alteration=alteration,
            category="copy_number" if (amp_cnv is not None and ihc is None) else "biomarker",
            rule=rule,
            reportable=reportable,
            notes=tuple([*extra, *notes]),
            biomarker=dataclasses.replace(biomarker, status=alteration),
            copy_number=amp_cnv,
            therapies=tuple(therapies),
            excluded=tuple(excluded),
        )

    if ihc == "3+":
        level2 = amp.therapies if amplified else with_condition(amp.therapies, _CONFIRM_AMP)
        label = "HER2-positive (IHC 3+" + (", ERBB2 amplified)" if amplified else ")")
        return [match(label, ihc3, (*ihc3.therapies, *level2))]
    if ihc == "2+":
        if amplified:
            reason = "Approved for HER2 IHC 3+ only; IHC 2+ responses were low (HERIZON-BTC-01)"
            return [
                match(
                    "HER2-positive (IHC 2+, ERBB2 amplified)",
                    amp,
                    amp.therapies,
                    excluded=[(t, reason) for t in ihc3.therapies],
                )
            ]
        if ish == "not_amplified":
            return [_negative(ihc, ish, ihc3, amp, notes)]
        reason = "Approved for HER2 IHC 3+ only"
        return [
            match(
                "HER2 equivocal (IHC 2+)",
                amp,
                with_condition(amp.therapies, "Only if ERBB2 is amplified by ISH"),
                excluded=[(t, reason) for t in ihc3.therapies],
                extra=["HER2 IHC 2+ without ISH: confirm HER2 status by ISH."],
            )
        ]
    if ihc in ("0", "1+"):
        if amplified:
            reason = f"HER2 IHC {ihc}: not HER2-positive by IHC"
            return [
                match(
                    f"ERBB2 amplification, HER2 IHC {ihc} (discordant)",
                    amp,
                    (),
                    excluded=[(t, reason) for t in (*ihc3.therapies, *amp.therapies)],
                    extra=[
                        "IHC and ERBB2 amplification disagree: review both before "
                        "any HER2-directed therapy."
                    ],
                    reportable=False,
                )
            ]
        return [_negative(ihc, ish, ihc3, amp, notes)]
    if amplified:  # IHC not done
        therapies = (*with_condition(ihc3.therapies, _CONFIRM_IHC), *amp.therapies)
        return [
            match(
                "ERBB2 amplification",
                amp,
                with_condition(therapies, "Confirm HER2 by IHC"),
                extra=["HER2 IHC not reported: confirm HER2 by IHC."],
            )
        ]
    return []  # IHC not done and no amplification: nothing to report


def _negative(ihc, ish, ihc3, amp, notes) -> Match:
    reason = f"HER2-negative (IHC {ihc}" + (", ISH not amplified)" if ish else ")")
    return Match(
        gene="HER2",
        alteration=f"HER2-negative (IHC {ihc})",
        category="biomarker",
        rule=None,
        reportable=False,
        notes=("HER2-directed agents are not recommended in HER2-negative disease.", *notes),
        biomarker=Biomarker(name="HER2", status="negative", source=f"IHC {ihc} (case)"),
        excluded=tuple((t, reason) for t in (*ihc3.therapies, *amp.therapies)),
    )
