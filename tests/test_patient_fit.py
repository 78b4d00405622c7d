"""Recommendations fitted to the patient (issue 9): label scope x subtype, line, prior
therapy, ECOG and renal function, on real-format inputs with case files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiler.annotate.match import Match
from profiler.api import ReportOptions, build
from profiler.kb.entries import agent_id
from profiler.model import CaseInfo
from profiler.recommend.engine import finding_from_match
from profiler.recommend.fit import Patient, scope_fit
from profiler.recommend.prior import agent_classes, read_prior_therapies
from profiler.recommend.standard import build_standard_therapy

DATA = Path(__file__).parent / "data"
VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"  # IDH1 R132C, BRAF V600E, KRAS G12C
STAR_FUSION = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"

SUBTYPES = (
    "intrahepatic_cholangiocarcinoma",
    "perihilar_cholangiocarcinoma",
    "distal_cholangiocarcinoma",
    "gallbladder_carcinoma",
    "biliary_tract_cancer",
    None,
)
# Which diagnoses each label scope covers: True on-label, False off-label, None unknown.
COVERS = {
    "solid_tumors": dict.fromkeys(SUBTYPES, True),
    "biliary_tract_cancer": dict.fromkeys(SUBTYPES, True),
    "cholangiocarcinoma": {
        "intrahepatic_cholangiocarcinoma": True,
        "perihilar_cholangiocarcinoma": True,
        "distal_cholangiocarcinoma": True,
        "gallbladder_carcinoma": False,
        "biliary_tract_cancer": None,
        None: None,
    },
    "intrahepatic_cholangiocarcinoma": {
        "intrahepatic_cholangiocarcinoma": True,
        "perihilar_cholangiocarcinoma": False,
        "distal_cholangiocarcinoma": False,
        "gallbladder_carcinoma": False,
        "biliary_tract_cancer": None,
        None: None,
    },
}
_FIT = {True: "on_label", False: "off_label", None: "depends"}


def report(tmp_path: Path, case: dict, **inputs):
    """A report for a case file written exactly as a pathologist would hand it over."""
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps({"patient_id": "PT-1", **case}), encoding="utf-8")
    return build(ReportOptions(out_dir=tmp_path / "out", case=case_path, **inputs))


def finding(rep, gene: str):
    return next(f for f in rep.findings if f.gene == gene)


@pytest.mark.parametrize("scope", sorted(COVERS))
@pytest.mark.parametrize("diagnosis", SUBTYPES)
def test_label_scope_against_each_subtype(scope, diagnosis):
    assert scope_fit(scope, diagnosis) == _FIT[COVERS[scope][diagnosis]]


def test_every_approved_therapy_states_its_indication(kb):
    for rule in kb.alterations:
        for therapy in rule.therapies:
            if therapy.fda_status in ("approved", "approved_accelerated", "withdrawn"):
                assert therapy.indication is not None, (rule.id, therapy.agents)
                assert therapy.indication.tumor_scope in COVERS
            else:
                assert therapy.indication is None, (rule.id, therapy.agents)


def _approved(kb):
    for rule in kb.alterations:
        for therapy in rule.therapies:
            if therapy.fda_status in ("approved", "approved_accelerated"):
                yield rule, therapy


@pytest.mark.parametrize("diagnosis", SUBTYPES)
@pytest.mark.parametrize("line", [1, 2, 3, None])
@pytest.mark.parametrize("prior", ["none", "received", "folfox"])
def test_every_approved_agent_by_subtype_line_and_prior_therapy(kb, diagnosis, line, prior):
    """The matrix of the issue: subtype x line x prior therapy for every approved agent."""
    classes = agent_classes(kb, (a.id for a in kb.agents))
    for rule, therapy in _approved(kb):
        agents = [agent_id(a) for a in therapy.agents]
        entries = {"none": [], "received": [" + ".join(therapy.agents)], "folfox": ["FOLFOX"]}
        patient = Patient(diagnosis, line, 1, read_prior_therapies(entries[prior], kb), classes)
        match = Match(
            gene=rule.gene,
            alteration=rule.label,
            category=rule.category,
            rule=rule,
            reportable=True,
            therapies=(therapy,),
        )
        found = finding_from_match(match, patient)
        checkpoint = any(classes[a] == "checkpoint_inhibitor" for a in agents)
        if prior == "received" and not checkpoint:
            (option,) = found.excluded_therapies
            assert option.exclusion_reason.startswith("Already received"), rule.id
            assert not found.actionable
            continue
        (option,) = found.therapies
        covered = COVERS[therapy.indication.tumor_scope][diagnosis]
        assert option.scope_fit == _FIT[covered], (rule.id, therapy.agents)
        if covered is False:
            assert option.amp_tier == "IIC" and option.evidence_category == "off_label"
            assert any(c.startswith("Off-label") for c in option.caveats)
            assert found.tier == "IIC"
        else:
            assert option.amp_tier == therapy.amp_tier
        if covered is None:
            assert "anatomical subtype" in option.depends_on
        expected_timing = {1: "after_first_line", None: "depends"}.get(line, "now")
        assert option.timing == expected_timing, (rule.id, line)
        if prior == "received" and checkpoint:
            assert any(c.startswith("Prior checkpoint") for c in option.caveats)


def test_gallbladder_fgfr2_fusion_is_off_label_and_ordered_after_on_label(tmp_path):
    gbc = report(
        tmp_path,
        {"diagnosis": "gallbladder_carcinoma", "line_of_therapy": 2, "ecog": 1},
        fusions=(STAR_FUSION,),
    )
    fgfr2 = finding(gbc, "FGFR2")
    assert fgfr2.tier == "IIC"  # no on-label option for gallbladder carcinoma
    assert {t.label: t.scope_fit for t in fgfr2.therapies} == {
        "Pemigatinib": "off_label",
        "Futibatinib": "off_label",
    }
    assert all(t.amp_tier == "IIC" for t in fgfr2.therapies)
    # NTRK1: tumour-agnostic labels stay on-label in gallbladder carcinoma
    assert finding(gbc, "NTRK1").tier == "IA"

    distal = report(
        tmp_path,
        {"diagnosis": "distal_cholangiocarcinoma", "line_of_therapy": 2, "ecog": 1},
        fusions=(STAR_FUSION,),
    )
    options = finding(distal, "FGFR2").therapies
    assert [(t.label, t.scope_fit, t.amp_tier) for t in options] == [
        ("Pemigatinib", "on_label", "IA"),
        ("Futibatinib", "off_label", "IIC"),
    ]
    assert finding(distal, "FGFR2").tier == "IA"


def test_first_line_idh1_keeps_chemo_immunotherapy_as_the_standard(tmp_path):
    rep = report(
        tmp_path,
        {
            "diagnosis": "intrahepatic_cholangiocarcinoma",
            "line_of_therapy": 1,
            "ecog": 1,
            "creatinine_clearance_ml_min": 80,
        },
        vcf=VCF,
    )
    idh1 = finding(rep, "IDH1")
    (ivosidenib,) = idh1.therapies
    assert ivosidenib.timing == "after_first_line"
    assert any("previously treated" in c for c in ivosidenib.caveats)
    st = rep.standard_therapy
    preferred = [o.id for o in st.options if o.status == "offered" and o.role == "preferred"]
    assert preferred == ["gemcis_durvalumab", "gemcis_pembrolizumab"]
    assert "after first-line therapy" in st.summary
    assert "targeted_after_first_line" in {g.id for g in st.guidance}


def test_line_three_after_folfox_does_not_offer_folfox_again(tmp_path):
    rep = report(
        tmp_path,
        {
            "diagnosis": "intrahepatic_cholangiocarcinoma",
            "line_of_therapy": 3,
            "ecog": 1,
            "prior_therapies": ["GemCis + durva x8", "mFOLFOX6"],
        },
        vcf=VCF,
    )
    options = {o.id: o for o in rep.standard_therapy.options}
    assert options["folfox"].status == "already_received"
    assert "mFOLFOX6" in options["folfox"].reason
    assert not options["folfox"].applies
    assert options["folfiri"].status == "offered"
    assert any(c.startswith("Shares fluorouracil") for c in options["folfiri"].cautions)
    assert "already received, not offered again: FOLFOX" in rep.standard_therapy.summary


def test_capox_is_not_offered_below_creatinine_clearance_30(tmp_path):
    rep = report(
        tmp_path,
        {"line_of_therapy": 1, "ecog": 1, "creatinine_clearance_ml_min": 25},
        vcf=VCF,
    )
    options = {o.id: o for o in rep.standard_therapy.options}
    assert options["capox"].status == "not_offered"
    assert "below 30 mL/min" in options["capox"].reason
    assert options["gemox"].status == "offered"
    assert any("outside that evidence" in n for n in options["gemox"].notes)  # immunotherapy
    assert "gemcis_durvalumab" not in options


@pytest.mark.parametrize(("crcl", "reduced"), [(30, True), (50, True), (50.5, False)])
def test_capecitabine_starts_at_75_percent_between_30_and_50(kb, crcl, reduced):
    case = CaseInfo(line_of_therapy=1, ecog=0, creatinine_clearance_ml_min=crcl)
    capox = next(o for o in build_standard_therapy(kb, case, []).options if o.id == "capox")
    assert capox.status == "offered"
    assert any("75%" in c for c in capox.cautions) is reduced


def test_unknown_creatinine_clearance_with_cardiac_contraindication_leaves_capox_conditional(kb):
    case = CaseInfo(line_of_therapy=1, ecog=0, cardiac_contraindication=True)
    capox = next(o for o in build_standard_therapy(kb, case, []).options if o.id == "capox")
    assert capox.status == "conditional" and "creatinine clearance" in capox.depends_on


def test_ecog_2_first_line_triplet_is_an_individual_decision(kb):
    case = CaseInfo(line_of_therapy=1, ecog=2, creatinine_clearance_ml_min=90)
    triplet = next(
        o for o in build_standard_therapy(kb, case, []).options if o.id == "gemcis_durvalumab"
    )
    assert triplet.status == "offered"
    assert any("individual decision" in c for c in triplet.cautions)
    case0 = CaseInfo(line_of_therapy=1, ecog=0, creatinine_clearance_ml_min=90)
    triplet0 = next(
        o for o in build_standard_therapy(kb, case0, []).options if o.id == "gemcis_durvalumab"
    )
    assert not triplet0.cautions


def test_ecog_3_puts_a_performance_status_caveat_on_targeted_options(tmp_path):
    rep = report(
        tmp_path,
        {"diagnosis": "intrahepatic_cholangiocarcinoma", "line_of_therapy": 2, "ecog": 3},
        vcf=VCF,
    )
    for f in rep.actionable:
        for option in f.therapies:
            assert any(c.startswith("ECOG performance status 3") for c in option.caveats)
    assert rep.standard_therapy.options[0].id == "best_supportive_care"


def test_prior_fgfr_inhibitor(tmp_path):
    rep = report(
        tmp_path,
        {
            "diagnosis": "intrahepatic_cholangiocarcinoma",
            "line_of_therapy": 3,
            "ecog": 1,
            "prior_therapies": ["gemcitabine/cisplatin/durvalumab", "Pemazyre (pemigatinib)"],
        },
        fusions=(STAR_FUSION,),
    )
    fgfr2 = finding(rep, "FGFR2")
    assert [t.label for t in fgfr2.therapies] == ["Futibatinib"]
    assert any("same class" in c for c in fgfr2.therapies[0].caveats)
    excluded = {t.label: t.exclusion_reason for t in fgfr2.excluded_therapies}
    assert excluded["Pemigatinib"].startswith("Already received")


def test_checkpoint_inhibitor_after_first_line_durvalumab_carries_a_caveat(kb):
    classes = agent_classes(kb, (a.id for a in kb.agents))
    prior = read_prior_therapies(["GemCis + durvalumab"], kb)
    patient = Patient("intrahepatic_cholangiocarcinoma", 2, 1, prior, classes)
    rule = next(a for a in kb.alterations if a.id == "TMB_H")
    match = Match("TMB", "TMB-H", "biomarker", rule, True)
    (pembro,) = finding_from_match(match, patient).therapies
    assert any("'GemCis + durvalumab'" in c for c in pembro.caveats)


@pytest.mark.parametrize(
    ("text", "agents", "unrecognised"),
    [
        ("GemCis + durva", {"gemcitabine", "cisplatin", "durvalumab"}, ()),
        ("mFOLFOX6", {"fluorouracil", "leucovorin", "oxaliplatin"}, ()),
        (
            "gemcitabine/cisplatin/durvalumab x8 cycles",
            {"gemcitabine", "cisplatin", "durvalumab"},
            (),
        ),
        ("Pemazyre", {"pemigatinib"}, ()),
        ("nal-IRI + 5-FU/LV", {"liposomal_irinotecan", "fluorouracil", "leucovorin"}, ()),
        ("trastuzumab deruxtecan", {"trastuzumab_deruxtecan"}, ()),
        ("Y-90 radioembolisation", set(), ("y-90 radioembolisation",)),
        ("capecitabine + study drug XY-17", {"capecitabine"}, ("study drug xy-17",)),
    ],
)
def test_prior_therapy_free_text(kb, text, agents, unrecognised):
    (entry,) = read_prior_therapies([text], kb).entries
    assert set(entry.agents) == agents
    assert entry.unrecognised == unrecognised


def test_unrecognised_prior_therapy_is_shown_not_guessed(tmp_path):
    rep = report(
        tmp_path,
        {"line_of_therapy": 2, "ecog": 1, "prior_therapies": ["Y-90 radioembolisation"]},
        vcf=VCF,
    )
    assert any("'Y-90 radioembolisation'" in w for w in rep.warnings)
    assert all(o.status != "already_received" for o in rep.standard_therapy.options)
    (entry,) = rep.standard_therapy.prior_therapies
    assert not entry.recognised
