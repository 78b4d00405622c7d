"""HER2 as one call: pathology (IHC, ISH) combined with sequencing (ERBB2 copy number).

| IHC         | ERBB2 amplified (CNV or ISH)          | not amplified / not assessed             |
|-------------|---------------------------------------|------------------------------------------|
| 3+          | HER2-positive: zanidatamab (BTC),     | HER2-positive: the same agents; the      |
|             | T-DXd (tumor-agnostic), OncoKB-level-2| level-2 regimens carry "evidence is for  |
|             | regimens (T+P, tucatinib+T)           | ERBB2-amplified disease"                 |
| 2+          | HER2-positive (IHC 2+ amplified):     | equivocal: "reflex ISH", not actionable; |
|             | level-2 regimens; zanidatamab / T-DXd | level-2 regimens named as the options if |
|             | not recommended (approved for IHC 3+) | ISH amplifies (ISH not amplified: neg.)  |
| 0 / 1+      | discordant: one message that resolves | HER2-negative: HER2-directed agents      |
|             | it (no HER2 agent on this IHC; ISH)   | explicitly not recommended               |
| not done    | "confirm HER2 by IHC": agents shown   | nothing to report                        |
|             | as conditional                        |                                          |

The rules for the agents (levels, approvals, references) stay in the KB entries
HER2_IHC3 and ERBB2_AMPLIFICATION; this module only decides which apply and on what
condition. Every "approved for IHC 3+ only" reason names the agent's own pivotal trial.
The call's code (positive, equivocal, negative, discordant, amplified) is the biomarker
status, which the standard-therapy guidance reads, so page 1 never carries two contradicting
HER2 messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from profiler.annotate.match import Match, with_condition
from profiler.kb.entries import KnowledgeBase, Therapy
from profiler.model import Biomarker, CaseInfo, CopyNumber, SmallVariant

_CONFIRM_IHC = "Confirm HER2 IHC 3+ before use (approved for HER2 IHC 3+)"
_CONFIRM_AMP = "OncoKB level 2 evidence is for ERBB2-amplified / HER2-positive BTC"


def ihc3_only_reason(therapy: Therapy, ihc: str) -> str:
    """Why an IHC-3+-only agent is not offered at this IHC, naming its own pivotal trial."""
    reason = f"Approved for HER2 IHC 3+ only (HER2 IHC here: {ihc})"
    trial = therapy.pivotal_trial
    if trial and "HERIZON-BTC-01" in trial and ihc == "2+":
        return (
            f"{reason}; in HERIZON-BTC-01 the IHC 2+ cohort's confirmed ORR was 5.6% "
            "(51.6% at IHC 3+)."
        )
    return f"{reason}; pivotal evidence: {trial}." if trial else f"{reason}."


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
        copies = amp_cnv.copy_number
        level = "discrete level +2" if copies is None else f"copy number {copies:g}"
        sources.append(f"ERBB2 {level} ({amp_cnv.source})")
    notes = [
        f"ERBB2 {v.hgvs_p or v.locus} detected: an ERBB2 mutation does not make the tumour "
        "HER2-positive; it is reported as its own finding with its own evidence."
        for v in erbb2_variants
    ]
    biomarker = Biomarker(name="HER2", status="", source="; ".join(sources))

    def match(
        alteration: str, status: str, rule, therapies, excluded=(), extra=(), reportable=True
    ) -> Match:
        return Match(
            gene="ERBB2" if amplified and ihc != "3+" else "HER2",
            alteration=alteration,
            category="copy_number" if (amp_cnv is not None and ihc is None) else "biomarker",
            rule=rule,
            reportable=reportable,
            notes=tuple([*extra, *notes]),
            biomarker=dataclasses.replace(biomarker, status=status),
            copy_number=amp_cnv,
            therapies=tuple(therapies),
            excluded=tuple(excluded),
        )

    if ihc == "3+":
        level2 = amp.therapies if amplified else with_condition(amp.therapies, _CONFIRM_AMP)
        label = "HER2-positive (IHC 3+" + (", ERBB2 amplified)" if amplified else ")")
        return [match(label, "positive", ihc3, (*ihc3.therapies, *level2))]
    if ihc == "2+":
        if amplified:
            return [
                match(
                    "HER2-positive (IHC 2+, ERBB2 amplified)",
                    "positive",
                    amp,
                    amp.therapies,
                    excluded=[(t, ihc3_only_reason(t, ihc)) for t in ihc3.therapies],
                )
            ]
        if ish == "not_amplified":
            return [_negative(ihc, ish, ihc3, amp, notes)]
        regimens = ", ".join(" + ".join(t.agents) for t in amp.therapies)
        return [
            match(
                "HER2 equivocal (IHC 2+): reflex ISH",
                "equivocal",
                None,
                (),
                excluded=[
                    *((t, ihc3_only_reason(t, ihc)) for t in ihc3.therapies),
                    *(
                        (t, "Pending reflex ISH: an option only if ISH shows ERBB2 amplification.")
                        for t in amp.therapies
                    ),
                ],
                extra=[
                    "HER2 IHC 2+ is equivocal and ERBB2 amplification was not found by "
                    "sequencing or ISH: reflex ISH. If ISH shows amplification, "
                    f"{regimens} (OncoKB level 2) become options; zanidatamab and trastuzumab "
                    "deruxtecan are approved for IHC 3+ only."
                ],
                reportable=False,
            )
        ]
    if ihc in ("0", "1+"):
        if amplified:
            evidence = (
                f"ERBB2 amplified by sequencing (copy number {amp_cnv.copy_number:g})"
                if amp_cnv is not None and amp_cnv.copy_number is not None
                else "ERBB2 amplified by ISH"
                if ish == "amplified"
                else "ERBB2 amplified by sequencing"
            )
            reason = (
                f"HER2 IHC {ihc} is discordant with the ERBB2 amplification: not offered "
                "until the discordance is resolved"
            )
            return [
                match(
                    f"ERBB2 amplification, HER2 IHC {ihc} (discordant)",
                    "discordant",
                    amp,
                    (),
                    excluded=[(t, reason) for t in (*ihc3.therapies, *amp.therapies)],
                    extra=[
                        f"Discordant HER2: {evidence} but HER2 IHC {ihc}. No HER2-directed "
                        "agent is recommended on this result (zanidatamab and trastuzumab "
                        "deruxtecan are approved for IHC 3+; the OncoKB level-2 regimens' "
                        "evidence is for HER2-positive disease). Resolve it before any "
                        "HER2-directed therapy: repeat HER2 IHC on another block and ISH."
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
                "amplified",
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
