"""The standard-therapy fallback, table-driven over the clinical dimensions that drive it.

Expected regimens and guidance are written out here from the issue's clinical rules
(seed 001 algorithm, seed 000 FOLFIRINOX), independently of the KB's `when` clauses, so
a wrong clause in the KB fails these tests.
"""

import itertools

import pytest

from profiler.model import CaseInfo, Finding
from profiler.recommend.standard import build_standard_therapy

LINES = (1, 2, 3)
ECOGS = (0, 1, 2, 3, 4)
CRCL = {"cisplatin_eligible": 85.0, "cisplatin_ineligible": 45.0}
HER2 = ("0", "3+")
ACTIONABLE = (True, False)

IDH1 = Finding(
    gene="IDH1", alteration="R132C", category="small_variant", actionable=True, tier="IA"
)


def expected_regimens(line: int, ecog: int, crcl: float) -> set[str]:
    if ecog >= 3:
        return {"best_supportive_care"}
    if line == 1:
        if crcl >= 60:
            return {"gemcis_durvalumab", "gemcis_pembrolizumab"}
        return {"gemox", "capox"}
    later = {"folfox", "folfiri", "nal_iri_5fu", "regorafenib"}
    if line == 2:
        return later | ({"folfirinox"} if ecog <= 1 else set())
    return later | {"supportive_care_later_lines"}


def expected_guidance(line: int, ecog: int, her2: str, actionable: bool) -> tuple[set, set]:
    """(must appear, must not appear)."""
    present, absent = set(), set()
    (present if ecog >= 3 else absent).add("ecog_above_2_no_chemotherapy")
    (present if ecog == 2 else absent).add("ecog_2_caution")
    (present if her2 == "0" else absent).add("her2_negative_no_her2_agents")
    (present if actionable and line >= 2 else absent).add(
        "targeted_before_second_line_chemotherapy"
    )
    (present if line == 1 and ecog <= 2 else absent).add("first_line_do_not_wait")
    present |= {"radiotherapy_palliative_only", "quality_of_life_primary", "encourage_trials"}
    return present, absent


CASES = list(itertools.product(LINES, ECOGS, CRCL, HER2, ACTIONABLE))


@pytest.mark.parametrize(("line", "ecog", "renal", "her2", "actionable"), CASES)
def test_fallback_matrix(kb, line, ecog, renal, her2, actionable):
    case = CaseInfo(
        diagnosis="intrahepatic_cholangiocarcinoma",
        line_of_therapy=line,
        ecog=ecog,
        creatinine_clearance_ml_min=CRCL[renal],
        her2_ihc=her2,
        mmr_ihc="proficient",
        prior_therapies=() if line == 1 else ("gemcitabine + cisplatin + durvalumab",),
        jaundice=False,
    )
    section = build_standard_therapy(kb, case, [IDH1] if actionable else [])
    assert section.status == "recommended"
    assert {o.id for o in section.options} == expected_regimens(line, ecog, CRCL[renal])
    assert all(o.applies and o.references for o in section.options)
    shown = {g.id for g in section.guidance}
    present, absent = expected_guidance(line, ecog, her2, actionable)
    assert present <= shown, present - shown
    assert not (absent & shown), absent & shown
    if ecog >= 3:
        assert "no chemotherapy" in section.summary
    if line == 2 and ecog <= 2:
        assert section.options[0].id == "folfox"  # the second-line standard comes first


def test_cardiac_contraindication_switches_to_oxaliplatin(kb):
    case = CaseInfo(
        line_of_therapy=1, ecog=1, creatinine_clearance_ml_min=90, cardiac_contraindication=True
    )
    ids = {o.id for o in build_standard_therapy(kb, case, []).options}
    assert ids == {"gemox", "capox"}


def test_missing_facts_give_conditional_options_not_guesses(kb):
    section = build_standard_therapy(kb, CaseInfo(line_of_therapy=1), [])
    by_id = {o.id: o for o in section.options}
    assert not by_id["gemcis_durvalumab"].applies
    assert set(by_id["gemcis_durvalumab"].depends_on) == {
        "ECOG performance status",
        "cisplatin eligibility (creatinine clearance)",
    }
    assert not by_id["gemox"].applies  # shown too: which one applies depends on CrCl
    assert "ECOG performance status" in section.missing_facts
    assert "further option(s) depend on facts not provided" in section.summary


def test_no_case_at_all_still_gives_a_section(kb):
    section = build_standard_therapy(kb, CaseInfo(), [])
    assert section.options and not any(o.applies for o in section.options)
    assert "line of therapy" in section.missing_facts


@pytest.mark.parametrize(
    ("case", "guidance_id", "applies"),
    [
        (CaseInfo(line_of_therapy=1, ecog=1, jaundice=True), "biliary_drainage_first", True),
        (CaseInfo(line_of_therapy=1, ecog=1, jaundice=None), "biliary_drainage_first", False),
        (CaseInfo(diagnosis="perihilar_cholangiocarcinoma"), "extrahepatic_fgfr2_idh1_rare", True),
        (CaseInfo(diagnosis="distal_cholangiocarcinoma"), "extrahepatic_fgfr2_idh1_rare", True),
        (
            CaseInfo(diagnosis="intrahepatic_cholangiocarcinoma", ecog=0),
            "locoregional_intrahepatic",
            True,
        ),
        (
            CaseInfo(line_of_therapy=2, prior_therapies=("GemCis + Durvalumab",)),
            "immunotherapy_maintenance_after_first_line",
            True,
        ),
    ],
)
def test_guidance_triggers(kb, case, guidance_id, applies):
    items = {g.id: g for g in build_standard_therapy(kb, case, []).guidance}
    assert items[guidance_id].applies is applies


@pytest.mark.parametrize(
    ("case", "guidance_id"),
    [
        (CaseInfo(line_of_therapy=1, ecog=1, jaundice=False), "biliary_drainage_first"),
        (CaseInfo(diagnosis="intrahepatic_cholangiocarcinoma"), "extrahepatic_fgfr2_idh1_rare"),
        (
            CaseInfo(line_of_therapy=2, prior_therapies=("FOLFOX",)),
            "immunotherapy_maintenance_after_first_line",
        ),
        (CaseInfo(her2_ihc="2+", her2_ish="amplified"), "her2_negative_no_her2_agents"),
        (CaseInfo(her2_ihc="1+", her2_ish="amplified"), "her2_negative_no_her2_agents"),
    ],
)
def test_guidance_not_shown_when_it_does_not_apply(kb, case, guidance_id):
    assert guidance_id not in {g.id for g in build_standard_therapy(kb, case, []).guidance}


def test_every_regimen_and_guidance_item_is_reachable(kb):
    """Completeness: each KB item appears for at least one case of the matrix above."""
    seen_regimens, seen_guidance = set(), set()
    extra = [
        CaseInfo(line_of_therapy=1, ecog=1, jaundice=True),
        CaseInfo(diagnosis="perihilar_cholangiocarcinoma", ecog=1),
        CaseInfo(
            diagnosis="intrahepatic_cholangiocarcinoma",
            ecog=1,
            line_of_therapy=2,
            prior_therapies=("durvalumab",),
        ),
    ]
    matrix = [
        CaseInfo(line_of_therapy=line, ecog=ecog, creatinine_clearance_ml_min=crcl, her2_ihc="0")
        for line, ecog, crcl in itertools.product(LINES, ECOGS, CRCL.values())
    ]
    for case in matrix + extra:
        section = build_standard_therapy(kb, case, [IDH1])
        seen_regimens |= {o.id for o in section.options if o.applies}
        seen_guidance |= {g.id for g in section.guidance if g.applies}
    assert seen_regimens == {r.id for r in kb.regimens}
    assert seen_guidance == {g.id for g in kb.guidance}
