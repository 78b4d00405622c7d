"""HER2 as one call: the IHC x amplification matrix, table-driven (issue 4)."""

import pytest

from profiler.annotate.her2 import her2_matches
from profiler.model import CaseInfo, CopyNumber, SmallVariant
from profiler.recommend.engine import finding_from_match

AMP = CopyNumber(gene="ERBB2", call="amplification", copy_number=14.0, source="x.cns")
HER2_AGENTS = {"Zanidatamab", "Trastuzumab deruxtecan"}
LEVEL2 = {"Trastuzumab + Pertuzumab", "Tucatinib + Trastuzumab"}

# ihc, ish, cnv amplified?, expected: (alteration or None, actionable, recommended, excluded,
#                                      every recommended option conditional?)
MATRIX = [
    (
        "3+",
        None,
        True,
        ("HER2-positive (IHC 3+, ERBB2 amplified)", True, HER2_AGENTS | LEVEL2, set(), False),
    ),
    ("3+", None, False, ("HER2-positive (IHC 3+)", True, HER2_AGENTS | LEVEL2, set(), None)),
    (
        "2+",
        "amplified",
        False,
        ("HER2-positive (IHC 2+, ERBB2 amplified)", True, LEVEL2, HER2_AGENTS, False),
    ),
    (
        "2+",
        None,
        True,
        ("HER2-positive (IHC 2+, ERBB2 amplified)", True, LEVEL2, HER2_AGENTS, False),
    ),
    (
        "2+",
        None,
        False,
        ("HER2 equivocal (IHC 2+): reflex ISH", False, set(), HER2_AGENTS | LEVEL2, None),
    ),
    (
        "2+",
        "not_amplified",
        False,
        ("HER2-negative (IHC 2+)", False, set(), HER2_AGENTS | LEVEL2, None),
    ),
    ("1+", None, False, ("HER2-negative (IHC 1+)", False, set(), HER2_AGENTS | LEVEL2, None)),
    ("0", None, False, ("HER2-negative (IHC 0)", False, set(), HER2_AGENTS | LEVEL2, None)),
    (
        "1+",
        None,
        True,
        ("ERBB2 amplification, HER2 IHC 1+ (discordant)", False, set(), HER2_AGENTS | LEVEL2, None),
    ),
    (None, None, True, ("ERBB2 amplification", True, HER2_AGENTS | LEVEL2, set(), True)),
    (None, "amplified", False, ("ERBB2 amplification", True, HER2_AGENTS | LEVEL2, set(), True)),
    (None, None, False, None),
]


@pytest.mark.parametrize(("ihc", "ish", "amplified", "expected"), MATRIX)
def test_her2_matrix(kb, ihc, ish, amplified, expected):
    case = CaseInfo(her2_ihc=ihc, her2_ish=ish)
    matches = her2_matches(case, [AMP] if amplified else [], [], kb)
    if expected is None:
        assert matches == []
        return
    alteration, actionable, recommended, excluded, conditional = expected
    (match,) = matches
    finding = finding_from_match(match)
    assert finding.alteration == alteration
    assert finding.actionable is actionable
    assert {t.label for t in finding.therapies} == recommended
    assert {t.label for t in finding.excluded_therapies} == excluded
    assert all(t.exclusion_reason for t in finding.excluded_therapies)
    if conditional is True:
        assert all(t.condition for t in finding.therapies)
    if conditional is False:
        level2 = [t for t in finding.therapies if t.label in LEVEL2]
        assert all(not t.condition for t in level2)


def test_ihc3_without_amplification_flags_level2_evidence(kb):
    (match,) = her2_matches(CaseInfo(her2_ihc="3+"), [], [], kb)
    options = {t.label: t for t in finding_from_match(match).therapies}
    assert "ERBB2-amplified" not in (options["Zanidatamab"].condition or "")
    assert "ERBB2-amplified" in options["Trastuzumab + Pertuzumab"].condition


def test_erbb2_mutation_is_noted_not_treated(kb):
    variant = SmallVariant("17", 39711955, "C", "T", gene="ERBB2", hgvs_p="p.Ser310Phe")
    (match,) = her2_matches(CaseInfo(her2_ihc="1+"), [], [variant], kb)
    assert any(
        "p.Ser310Phe" in n and "does not make the tumour HER2-positive" in n for n in match.notes
    )


def test_ihc3_only_exclusions_name_each_agents_own_trial(kb):
    """Regression: T-DXd was excluded citing HERIZON-BTC-01, the zanidatamab trial."""
    (match,) = her2_matches(CaseInfo(her2_ihc="2+", her2_ish="amplified"), [], [], kb)
    reasons = {t.label: t.exclusion_reason for t in finding_from_match(match).excluded_therapies}
    assert "HERIZON-BTC-01" in reasons["Zanidatamab"]
    assert "5.6%" in reasons["Zanidatamab"]
    assert "HERIZON" not in reasons["Trastuzumab deruxtecan"]
    assert "DESTINY-PanTumor02" in reasons["Trastuzumab deruxtecan"]


def test_equivocal_ihc2_is_reflex_ish_not_a_tier_ia_call(kb):
    (match,) = her2_matches(CaseInfo(her2_ihc="2+"), [], [], kb)
    finding = finding_from_match(match)
    assert not finding.actionable and finding.tier == "not_tiered"
    assert finding.detail["her2_status"] == "equivocal"
    assert any("reflex ISH" in n for n in finding.notes)


def test_discordant_her2_is_one_message_and_no_her2_negative_guidance(kb):
    from profiler.recommend.standard import build_standard_therapy

    (match,) = her2_matches(CaseInfo(her2_ihc="1+"), [AMP], [], kb)
    finding = finding_from_match(match)
    discordance = [n for n in finding.notes if "Discordant HER2" in n]
    assert len(discordance) == 1 and "copy number 14" in discordance[0]
    assert "ISH" in discordance[0]
    section = build_standard_therapy(kb, CaseInfo(her2_ihc="1+"), [finding])
    assert "her2_negative_no_her2_agents" not in {g.id for g in section.guidance}
