"""The KB is validated on load, refused when broken, and every rule type is exercised."""

import shutil
from pathlib import Path

import pytest
import yaml

from profiler.annotate.match import match_biomarkers, match_fusions, match_small_variant
from profiler.errors import KnowledgeBaseError
from profiler.io.hgvs import THREE_TO_ONE
from profiler.kb import load_knowledgebase
from profiler.kb.commands import list_table, validate
from profiler.model import Biomarker, Fusion, SmallVariant
from profiler.recommend.engine import finding_from_match
from profiler.resources import data_dir

ONE_TO_THREE = {v: k for k, v in THREE_TO_ONE.items()}


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
