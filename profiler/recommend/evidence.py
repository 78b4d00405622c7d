"""Turn KB therapies into report options, ordered by the strength of their evidence."""

from __future__ import annotations

import dataclasses

from profiler.kb.entries import Therapy
from profiler.model import TherapyOption

# Order an oncologist reads them in: approved in BTC, approved tumor-agnostic,
# guideline / OncoKB level 2, approved only for another subtype (off-label for this
# patient, set by recommend/fit.py), investigational.
EVIDENCE_ORDER = (
    "approved_btc",
    "approved_tumor_agnostic",
    "guideline",
    "off_label",
    "investigational",
)
_APPROVED = {"approved", "approved_accelerated"}
_TIER_ORDER = ("IA", "IB", "IIC", "IID", "III", "IV", "not_tiered")


def evidence_category(therapy: Therapy) -> str:
    if therapy.fda_status in _APPROVED and therapy.fda_scope == "btc":
        return "approved_btc"
    if therapy.fda_status in _APPROVED and therapy.fda_scope == "tumor_agnostic":
        return "approved_tumor_agnostic"
    if therapy.oncokb_level in {"1", "2"}:
        return "guideline"
    return "investigational"


def is_recommendable(therapy: Therapy) -> bool:
    """Withdrawn approvals are recorded in the KB but never recommended."""
    return therapy.fda_status != "withdrawn"


def to_option(therapy: Therapy) -> TherapyOption:
    notes = list(therapy.notes)
    if therapy.fda_detail:
        notes.insert(0, therapy.fda_detail)
    return TherapyOption(
        agents=therapy.agents,
        oncokb_level=therapy.oncokb_level,
        amp_tier=therapy.amp_tier,
        approval_status=therapy.fda_status,
        approval_scope=therapy.fda_scope,
        evidence_category=evidence_category(therapy),
        approval_date=therapy.fda_date,
        pivotal_trial=therapy.pivotal_trial,
        nct_ids=therapy.nct_ids,
        key_result=therapy.key_result,
        unverified=therapy.unverified,
        notes=tuple(notes),
        condition=therapy.condition,
        references=therapy.references,
        indication=therapy.indication.text if therapy.indication else None,
        label_scope=therapy.indication.tumor_scope if therapy.indication else None,
        label_line=therapy.indication.line if therapy.indication else None,
    )


def option_sort_key(option: TherapyOption) -> tuple[int, int, int, str]:
    """Evidence first; within it, an option whose label surely covers the patient comes
    before one that depends on the subtype."""
    level_rank = {"1": 0, "2": 1, "3A": 2, "3B": 3, "4": 4}.get(option.oncokb_level or "", 9)
    scope_rank = 1 if option.scope_fit == "depends" else 0
    return (EVIDENCE_ORDER.index(option.evidence_category), scope_rank, level_rank, option.label)


def split_options(
    therapies: tuple[Therapy, ...],
) -> tuple[tuple[TherapyOption, ...], tuple[TherapyOption, ...]]:
    """(recommended options in evidence order, excluded options such as withdrawn ones)."""
    recommended = sorted(
        (to_option(t) for t in therapies if is_recommendable(t)), key=option_sort_key
    )
    excluded = tuple(
        dataclasses.replace(to_option(t), exclusion_reason="FDA approval withdrawn")
        for t in therapies
        if not is_recommendable(t)
    )
    return tuple(recommended), excluded


def best_tier(options: tuple[TherapyOption, ...]) -> str:
    tiers = [o.amp_tier for o in options if o.amp_tier in _TIER_ORDER]
    return min(tiers, key=_TIER_ORDER.index) if tiers else "III"


def tier_rank(tier: str) -> int:
    return _TIER_ORDER.index(tier) if tier in _TIER_ORDER else len(_TIER_ORDER)
