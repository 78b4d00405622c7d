"""The KB is validated on load, refused when broken, and every rule type is exercised."""

import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from profiler.annotate.match import match_biomarkers, match_fusions, match_small_variant
from profiler.errors import KnowledgeBaseError
from profiler.io.hgvs import THREE_TO_ONE
from profiler.io.star_fusion import read_star_fusion
from profiler.kb import load_knowledgebase
from profiler.kb.commands import list_table, validate
from profiler.kb.loader import read_kb_document
from profiler.model import Biomarker, Fusion, SmallVariant
from profiler.recommend.engine import finding_from_match
from profiler.recommend.evidence import to_option
from profiler.render.view_findings import therapy_view
from profiler.resources import data_dir

ONE_TO_THREE = {v: k for k, v in THREE_TO_ONE.items()}
FUSIONS = Path(__file__).parent / "data" / "fusions"


def test_bundled_kb_is_valid(kb, capsys):
    import sys

    assert validate(None, sys.stdout) == 0
    assert "valid" in capsys.readouterr().out
    assert kb.version and kb.release_date


def test_every_alteration_has_therapies_with_references_and_review_date(kb):
    for alteration in kb.alterations:
        assert alteration.references, alteration.id
        assert alteration.review_date, alteration.id
        for therapy in alteration.therapies:
            assert therapy.references, (alteration.id, therapy.agents)


def test_infigratinib_is_recorded_as_withdrawn_and_never_recommended(kb):
    fusion = Fusion("FGFR2", "BICC1", caller="STAR-Fusion", source="x.tsv", reading_frame=None)
    (match,) = match_fusions([fusion], kb)
    finding = finding_from_match(match)
    recommended = {agent for t in finding.therapies for agent in t.agents}
    excluded = {agent for t in finding.excluded_therapies for agent in t.agents}
    assert "Infigratinib" not in recommended
    assert "Infigratinib" in excluded
    assert {"Pemigatinib", "Futibatinib"} <= recommended


def test_kb_list_shows_agents_and_evidence(capsys):
    import sys

    list_table(None, sys.stdout)
    out = capsys.readouterr().out
    assert "Ivosidenib" in out and "withdrawn" in out and "IDH1 R132" in out


# ---------------------------------------------------------------- broken KB refused


def broken_copy(tmp_path: Path, stem: str, mutate) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(data_dir("knowledgebase"), target)
    path = target / f"{stem}.yaml"
    document = yaml.safe_load(path.read_text())
    mutate(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return target


def _drop_references(doc):
    del doc["alterations"][0]["references"]


def _bad_fda_status(doc):
    doc["alterations"][0]["therapies"][0]["fda"]["status"] = "probably_approved"


def _withdrawn_with_level(doc):
    for alteration in doc["alterations"]:
        for therapy in alteration["therapies"]:
            if therapy["fda"]["status"] == "withdrawn":
                therapy["oncokb_level"] = "1"


def _unknown_gene(doc):
    doc["hotspots"][0]["gene"] = "IDH9"


def _no_version(doc):
    del doc["version"]


@pytest.mark.parametrize(
    ("stem", "mutate", "expected"),
    [
        ("alterations", _drop_references, "references"),
        ("alterations", _bad_fda_status, "probably_approved"),
        ("alterations", _withdrawn_with_level, "oncokb_level"),
        ("hotspots", _unknown_gene, "IDH9"),
        ("manifest", _no_version, "version"),
    ],
)
def test_broken_kb_is_refused(tmp_path, stem, mutate, expected):
    kb_dir = broken_copy(tmp_path, stem, mutate)
    with pytest.raises(KnowledgeBaseError, match=expected):
        load_knowledgebase(kb_dir)


def test_invalid_yaml_is_refused(tmp_path):
    target = tmp_path / "kb"
    shutil.copytree(data_dir("knowledgebase"), target)
    (target / "genes.yaml").write_text("genes: [\n  - symbol: IDH1\n")
    with pytest.raises(KnowledgeBaseError, match=r"genes\.yaml"):
        load_knowledgebase(target)


# --------------------------------------------- completeness: every rule is exercised


def event_for(rule):
    """A detected event built from a rule's own match spec, in the model's terms."""
    spec = rule.match
    if rule.category == "small_variant":
        if "protein_changes" in spec:
            short = spec["protein_changes"][0]
        else:
            alt = "C" if spec["ref_aa"] != "C" else "S"
            short = f"{spec['ref_aa']}{spec['codon']}{alt}"
        hgvs_p = "p." + ONE_TO_THREE[short[0]] + short[1:-1] + ONE_TO_THREE[short[-1]]
        return SmallVariant(
            "1",
            1,
            "A",
            "T",
            gene=rule.gene,
            hgvs_p=hgvs_p,
            consequence="missense_variant",
            annotation_source="VEP",
        )
    if rule.category == "fusion":
        if spec["role"] == "five_prime":
            return Fusion(rule.gene, "PARTNER1", caller="test", source="t")
        return Fusion("PARTNER1", rule.gene, caller="test", source="t")
    if rule.category == "biomarker":
        return Biomarker(name=spec["biomarker"], status=spec["statuses"][0])
    return None


def test_every_kb_rule_is_matched_by_an_event_of_its_own_kind(kb):
    unmatched = []
    for rule in kb.alterations:
        event = event_for(rule)
        if event is None:
            assert rule.category == "copy_number"  # copy-number input arrives in a later issue
            continue
        if isinstance(event, SmallVariant):
            match = match_small_variant(event, kb)
        elif isinstance(event, Fusion):
            (match,) = match_fusions([event], kb)
        else:
            (match,) = match_biomarkers([event], kb)
        if match is None or match.rule is None or match.rule.id != rule.id:
            unmatched.append(rule.id)
        else:
            assert finding_from_match(match).actionable, rule.id
    assert unmatched == []


def test_wrong_partner_role_is_not_actionable(kb):
    (match,) = match_fusions([Fusion("BICC1", "FGFR2", caller="t", source="t")], kb)
    finding = finding_from_match(match)
    assert not finding.actionable and finding.therapies == ()
    assert "5' partner" in finding.notes[0]


def test_out_of_frame_fusion_is_uncertain_significance(kb):
    fusion = Fusion("FGFR2", "BICC1", caller="t", source="t", reading_frame="out-of-frame")
    (match,) = match_fusions([fusion], kb)
    finding = finding_from_match(match)
    assert not finding.actionable
    assert any("uncertain significance" in note for note in finding.notes)


def test_duplicate_fusion_calls_collapse_into_one_finding(kb):
    calls = [
        Fusion("FGFR2", "BICC1", caller="STAR-Fusion", source="a.tsv", junction_reads=40),
        Fusion("FGFR2", "BICC1", caller="Arriba", source="b.tsv", junction_reads=35),
    ]
    (match,) = match_fusions(calls, kb)
    finding = finding_from_match(match)
    assert len(finding.detail["calls"]) == 2
    assert finding.sources == ("STAR-Fusion (a.tsv)", "Arriba (b.tsv)")


# ------------------------------------------- references a clinician can follow (issue 9)

FOLLOWABLE_KINDS = {
    "pmid",
    "pmcid",
    "doi",
    "nct",
    "label",
    "fda",
    "oncokb",
    "guideline",
    "publication",
    "url",
    "database",
}


def _references(node):
    """Every reference object anywhere in a KB document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "references" and isinstance(value, list):
                yield from value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def test_every_shipped_reference_is_a_followable_citation():
    document = read_kb_document(data_dir("knowledgebase"))
    refs = list(_references(document))
    assert len(refs) > 100
    for ref in refs:
        text = f"{ref['id']} {ref.get('note', '')}"
        assert ref["kind"] in FOLLOWABLE_KINDS, ref
        assert "FACTS" not in text and "public source" not in text, ref
        assert not re.search(r"^[\w.-]+/[\w.-]+:|@[0-9a-f]{7}", ref["id"]), ref
        if ref["kind"] == "fda":
            assert re.search(r"\d{4}-\d{2}-\d{2}", ref["id"]), ref
        if ref["kind"] == "oncokb":
            assert re.match(r"OncoKB release \d{4}-\d{2}-\d{2}: ", ref["id"]), ref
        if ref["kind"] == "url":
            assert ref["id"].startswith("https://"), ref


def test_the_fact_sheet_is_named_nowhere_in_the_knowledge_base():
    for path in sorted(data_dir("knowledgebase").iterdir()):
        assert "FACTS.md" not in path.read_text(encoding="utf-8"), path.name


def _add_reference(reference):
    def mutate(doc):
        doc["alterations"][0]["therapies"][0]["references"].append(reference)

    return mutate


@pytest.mark.parametrize(
    "reference",
    [
        {"kind": "facts", "id": "FACTS.md Part 3 (FGFR2 fusion/rearr. - Pemigatinib)"},
        {"kind": "publication", "id": "FACTS.md Part 3 (FGFR2 fusion/rearr.) 2020 row"},
        {"kind": "publication", "id": "ascopost"},
        {"kind": "publication", "id": "ascopost.com May-10-2020 pemigatinib"},
        {"kind": "other", "id": "maestrodatabase 17-Apr-2020"},
        {"kind": "oncokb", "id": "oncokb/oncokb-public:NewsPageContent.tsx@ab6e577"},
        {"kind": "fda", "id": "FDA accelerated approval (pemigatinib)"},
        {"kind": "url", "id": "http://example.org/page"},
        {"kind": "pmid", "id": "PMID 34554208"},
    ],
    ids=lambda r: f"{r['kind']}:{r['id'][:24]}",
)
def test_kb_validate_refuses_a_reference_a_clinician_cannot_follow(tmp_path, reference):
    kb_dir = broken_copy(tmp_path, "alterations", _add_reference(reference))
    with pytest.raises(KnowledgeBaseError, match=r"references/\d+/(id|kind)"):
        validate(kb_dir, io.StringIO())


def test_kb_validate_accepts_each_followable_kind(tmp_path):
    refs = [
        {"kind": "pmid", "id": "34554208", "note": "JAMA Oncol 2021"},
        {"kind": "pmcid", "id": "PMC10202803"},
        {"kind": "doi", "id": "10.1056/NEJMoa2405008"},
        {"kind": "nct", "id": "NCT02924376"},
        {"kind": "fda", "id": "FDA approval of ivosidenib, 2021-08-25: previously treated IDH1"},
        {"kind": "oncokb", "id": "OncoKB release 2021-08-31: IDH1 R132 cholangiocarcinoma L1"},
        {"kind": "publication", "id": "Middha et al., JCO Precis Oncol 2017"},
        {"kind": "url", "id": "https://cnvkit.readthedocs.io/en/stable/pipeline.html"},
        {"kind": "database", "id": "ClinVar VCV000156444"},
    ]

    def mutate(doc):
        doc["alterations"][0]["therapies"][0]["references"].extend(refs)

    kb_dir = broken_copy(tmp_path, "alterations", mutate)
    assert validate(kb_dir, io.StringIO()) == 0


def test_report_shows_references_readably(kb):
    (match,) = match_fusions([Fusion("FGFR2", "BICC1", caller="t", source="t")], kb)
    finding = finding_from_match(match)
    pemigatinib = next(t for t in finding.therapies if t.agents == ("Pemigatinib",))
    shown = build_view_references(pemigatinib)
    assert (
        "FDA accelerated approval of pemigatinib, 2020-04-17: previously treated, unresectable "
        "locally advanced or metastatic cholangiocarcinoma with an FGFR2 fusion or other "
        "rearrangement" in shown
    )
    assert "NCT02924376" in shown
    assert "PMC9991984 — FDA benefit-risk assessment of pemigatinib" in shown
    assert (
        "OncoKB release 2020-05-11: FGFR2 fusions, cholangiocarcinoma, Level 1 (pemigatinib)"
        in (shown)
    )
    (idh1,) = [a for a in kb.alterations if a.id == "IDH1_R132"]
    assert "PMID 34554208 — ClarIDHy final overall survival, JAMA Oncol 2021" in (
        build_view_references(to_option(idh1.therapies[0]))
    )


def build_view_references(option) -> list[str]:
    """The reference strings the report prints for one therapy option."""
    return [c["text"] for c in therapy_view(option)["references"]]


# ------------------------------------------------------------ indication scope (issue 9)


def test_every_fda_labelled_therapy_says_whom_the_label_covers(kb):
    for alteration in kb.alterations:
        for therapy in alteration.therapies:
            if therapy.fda_status == "not_approved":
                assert therapy.indication is None, (alteration.id, therapy.agents)
            else:
                assert therapy.indication is not None, (alteration.id, therapy.agents)
                assert therapy.indication.text


def test_futibatinib_label_covers_intrahepatic_cholangiocarcinoma_only(kb):
    (fgfr2,) = [a for a in kb.alterations if a.id == "FGFR2_FUSION"]
    futibatinib = next(t for t in fgfr2.therapies if t.agents == ("Futibatinib",))
    assert futibatinib.fda_scope == "btc"
    assert futibatinib.indication.tumor_scope == "intrahepatic_cholangiocarcinoma"
    assert futibatinib.indication.line == "previously_treated"


def _approved_without_indication(doc):
    del doc["alterations"][0]["therapies"][0]["indication"]


def _not_approved_with_indication(doc):
    for alteration in doc["alterations"]:
        for therapy in alteration["therapies"]:
            if therapy["fda"]["status"] == "not_approved":
                therapy["indication"] = {
                    "tumor_scope": "solid_tumors",
                    "line": "any",
                    "text": "made up",
                }
                return


@pytest.mark.parametrize("mutate", [_approved_without_indication, _not_approved_with_indication])
def test_indication_must_match_the_fda_status(tmp_path, mutate):
    kb_dir = broken_copy(tmp_path, "alterations", mutate)
    with pytest.raises(KnowledgeBaseError, match="indication"):
        load_knowledgebase(kb_dir)


# ------------------------------------------------------------- new entries (issue 9)


def test_cd74_nrg1_star_fusion_call_is_an_actionable_nrg1_finding_with_zenocutuzumab(kb):
    fusions = read_star_fusion(FUSIONS / "star_fusion_cd74_nrg1.abridged.tsv")
    assert [(f.gene5, f.gene3) for f in fusions] == [("CD74", "NRG1")]
    (match,) = match_fusions(fusions, kb)
    finding = finding_from_match(match)
    assert finding.kb_id == "NRG1_FUSION" and finding.actionable and finding.tier == "IA"
    (option,) = finding.therapies
    assert option.agents == ("Zenocutuzumab",)
    assert option.evidence_category == "approved_btc" and option.oncokb_level == "1"
    assert option.approval_date is None and "fda.date" in option.unverified


def test_nrg1_as_the_5_prime_partner_is_not_actionable(kb):
    (match,) = match_fusions([Fusion("NRG1", "CD74", caller="t", source="t")], kb)
    assert not finding_from_match(match).actionable


def test_nrg1_without_a_span_cannot_be_located_from_dna_breakends(kb):
    nrg1 = kb.genes["NRG1"]
    assert nrg1.spans == {} and nrg1.strand is None and nrg1.mane_refseq is None


def test_erbb2_s310f_gets_the_level_4_options_not_tier_ia(kb):
    variant = SmallVariant(
        "17",
        39711955,
        "C",
        "T",
        gene="ERBB2",
        hgvs_p="p.Ser310Phe",
        consequence="missense_variant",
        annotation_source="VEP",
    )
    match = match_small_variant(variant, kb)
    finding = finding_from_match(match)
    assert finding.kb_id == "ERBB2_ONCOGENIC_MUTATION"
    assert finding.tier == "IID"
    assert {t.agents for t in finding.therapies} == {
        ("Neratinib",),
        ("Trastuzumab deruxtecan",),
        ("Trastuzumab", "Pertuzumab"),
    }
    assert all(t.oncokb_level == "4" and t.amp_tier == "IID" for t in finding.therapies)
    assert all(t.evidence_category == "investigational" for t in finding.therapies)
    assert all(t.approval_status == "not_approved" for t in finding.therapies)


def test_other_erbb2_mutations_are_not_recognised_as_oncogenic(kb):
    variant = SmallVariant(
        "17",
        39711955,
        "C",
        "A",
        gene="ERBB2",
        hgvs_p="p.Ser310Tyr",
        consequence="missense_variant",
        annotation_source="VEP",
    )
    match = match_small_variant(variant, kb)
    assert match is None or match.rule is None


# Dates a clinician would otherwise read in four forms: "30 Sep 2022", "05/05/2022",
# "Oct 2022", "7/2023". The knowledge base writes them YYYY-MM-DD (or YYYY-MM).
NON_ISO_DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|(?<![\d./])\d{1,2}/\d{4}\b"
    r"|\b(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}, )?\d{4}\b"
)


def test_knowledge_base_dates_are_iso_8601():
    for path in sorted(data_dir("knowledgebase").glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not NON_ISO_DATE.search(line), f"{path.name}:{number}: {line.strip()}"
