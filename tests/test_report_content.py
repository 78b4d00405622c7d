"""What the report contains (issue 12): other alterations in any gene, the pertinent-negatives
checklist, the typed biomarker panel and the not-reported appendix, on real-format inputs."""

import json
import subprocess
from pathlib import Path

import pytest

from profiler.api import build, demo_options, write_outputs
from profiler.model import CHECKLIST_IDS
from profiler.options import ReportOptions
from profiler.render.json_report import render_json

DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).parent.parent / "sample_data"
DRIVERS = DATA / "vcf" / "out_of_kb_drivers_vep_grch38.vcf"
DEMO_FUSIONS = DEMO / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv"


def states(report) -> dict[str, str]:
    return {item.id: item.state for item in report.checklist}


def details(report) -> dict[str, str]:
    return {item.id: item.detail for item in report.checklist}


def test_out_of_kb_drivers_are_listed_as_tier_iii_other_alterations(tmp_path):
    report = build(ReportOptions(out_dir=tmp_path, vcf=DRIVERS))
    document = json.loads(render_json(report))  # validated against the schema on the way
    listed = {
        (f["gene"], f["alteration"], f["tier"], f["actionable"]) for f in document["findings"]
    }
    assert {
        ("TP53", "R248W", "III", False),
        ("BAP1", "Q334*", "III", False),
        ("SMAD4", "R334*", "III", False),
        ("ARID1A", "R334C", "III", False),
    } <= listed
    tp53 = next(f for f in document["findings"] if f["gene"] == "TP53")
    assert tp53["consequence"] == "missense_variant"
    assert tp53["vaf"] == pytest.approx(0.25)
    assert tp53["therapies"] == []
    assert tp53["kb_id"] is None  # tier III: no KB entry; the meaning is said once per section
    assert not any("Tier III" in note for note in tp53["notes"])  # not repeated per finding
    assert document["schema_version"] == "3.0.0"


@pytest.mark.slow
def test_out_of_kb_drivers_appear_in_the_pdf_text(tmp_path):
    report = build(ReportOptions(out_dir=tmp_path, vcf=DRIVERS))
    write_outputs(report, tmp_path / "out")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "out" / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for gene, change in (("TP53", "R248W"), ("BAP1", "Q334*"), ("SMAD4", "R334*")):
        assert gene in text and change in text
    flat = " ".join(text.split())
    assert flat.count("Tier III (AMP/ASCO/CAP): the knowledge base holds no") == 1
    assert "ARID1A" in text and "R334C" in text
    assert "Pertinent negatives".upper() in text.upper()
    assert "Not assessed" in text


def test_demo_checklist_states_in_their_fixed_order(tmp_path):
    report = build(demo_options(tmp_path))
    assert tuple(item.id for item in report.checklist) == CHECKLIST_IDS
    assert states(report) == {
        "fgfr2_fusion": "detected",
        "idh1_r132": "detected",
        "braf_v600e": "not_detected",
        "her2": "not_detected",
        "ntrk_fusion": "not_detected",
        "ret_fusion": "not_detected",
        "nrg1_fusion": "not_detected",
        "kras_g12c": "not_detected",
        "msi": "not_detected",  # sample_data/CCA-DEMO-001_T_vs_N.msisensor: MSS
        "tmb": "not_assessed",
    }
    why = details(report)
    assert "FGFR2::BICC1" in why["fgfr2_fusion"]
    assert "R132C" in why["idh1_r132"]
    assert why["msi"] == "MSS (MSIsensor score 0.8%); MMR IHC proficient"
    assert why["tmb"] == "no denominator (callable territory) given"
    assert report.biomarkers.her2 is not None and report.biomarkers.her2.status == "negative"
    for item in report.checklist:
        assert "--" not in item.detail  # no command-line flags in these sentences


def test_without_fusion_input_every_fusion_item_is_not_assessed(tmp_path):
    report = build(ReportOptions(out_dir=tmp_path, vcf=DRIVERS))
    for item_id in ("fgfr2_fusion", "ntrk_fusion", "ret_fusion", "nrg1_fusion"):
        assert states(report)[item_id] == "not_assessed"
        assert details(report)[item_id] == "no RNA or structural-variant input"
    # the VCF was read over the KB genes: a missing hotspot is a real negative
    assert states(report)["idh1_r132"] == "not_detected"
    # no HER2 IHC, ISH or ERBB2 copy number: HER2 is not "not detected"
    assert states(report)["her2"] == "not_assessed"


def test_without_small_variant_input_the_hotspots_are_not_assessed(tmp_path):
    report = build(ReportOptions(out_dir=tmp_path, fusions=(DEMO_FUSIONS,)))
    for item_id in ("idh1_r132", "braf_v600e", "kras_g12c"):
        assert states(report)[item_id] == "not_assessed"
    assert states(report)["tmb"] == "not_assessed"
    assert report.biomarkers.tmb is None


def test_msi_present_is_typed_and_decides_the_checklist(tmp_path):
    report = build(ReportOptions(out_dir=tmp_path, msi=DATA / "msi" / "CCA042_T_vs_N.msisensor"))
    msi = report.biomarkers.msi
    assert msi is not None and msi.tool == "MSIsensor"
    item = next(i for i in report.checklist if i.id == "msi")
    expected = {"MSI-H": "detected", "MSS": "not_detected"}.get(msi.status, "not_assessed")
    assert item.state == expected
    assert f"{msi.score:g}" in item.detail
    document = json.loads(render_json(report))
    assert document["biomarkers"]["msi"]["score"] == msi.score
    assert document["biomarkers"]["msi"]["threshold"] == msi.threshold


def test_msi_absent_is_not_assessed(tmp_path):
    report = build(ReportOptions(out_dir=tmp_path, vcf=DRIVERS))
    assert report.biomarkers.msi is None
    assert details(report)["msi"] == "no MSI input"
    assert json.loads(render_json(report))["biomarkers"]["msi"] is None


def test_tmb_with_a_denominator_is_typed(tmp_path):
    vcf = DATA / "vcf" / "tmb_vep_grch38.vcf"
    report = build(ReportOptions(out_dir=tmp_path, vcf=vcf, callable_mb=1.0))
    tmb = report.biomarkers.tmb
    assert tmb is not None
    assert (tmb.mutations, tmb.megabases, tmb.threshold) == (7, 1.0, 10.0)
    assert tmb.value_mut_per_mb == 7.0 and tmb.status == "TMB-low"
    assert states(report)["tmb"] == "not_detected"
    assert "7 mutations / 1 Mb" in details(report)["tmb"]
    document = json.loads(render_json(report))
    assert document["biomarkers"]["tmb"]["value_mut_per_mb"] == 7.0


def test_tmb_without_a_denominator_is_not_assessed(tmp_path):
    vcf = DATA / "vcf" / "tmb_vep_grch38.vcf"
    report = build(ReportOptions(out_dir=tmp_path, vcf=vcf))
    assert report.biomarkers.tmb is None
    assert states(report)["tmb"] == "not_assessed"
    assert details(report)["tmb"] == "no denominator (callable territory) given"


def test_lncrna_partner_goes_to_not_reported_never_the_findings(tmp_path):
    report = build(demo_options(tmp_path))
    names = [n.name for n in report.not_reported]
    assert "AF117829.1::PIP4P2 fusion" in names
    assert all("AF117829.1" not in f.alteration for f in report.findings)
    document = json.loads(render_json(report))
    assert any(n["name"] == "AF117829.1::PIP4P2 fusion" for n in document["not_reported"])


def test_copy_number_calls_in_any_named_gene_are_typed_and_listed(tmp_path):
    cns = DATA / "cnv" / "cnvkit_zero_probe_segment.cns"
    report = build(ReportOptions(out_dir=tmp_path, cnv=cns, assembly="GRCh38"))
    entries = {e.gene: e for e in report.biomarkers.copy_number}
    # ERBB2 (KB gene) and MED24 (beside it, outside the KB) amplified; CDKN2A deleted
    assert entries["ERBB2"].call == "amplification"
    assert entries["ERBB2"].log2 == pytest.approx(2.91833)
    assert entries["CDKN2A"].call == "deep_deletion"
    assert entries["MED24"].call == "amplification"
    assert "CDKN2B-AS1" not in entries  # a lncRNA is not a protein alteration
    med24 = next(f for f in report.findings if f.gene == "MED24")
    assert (med24.category, med24.tier, med24.actionable) == ("copy_number", "III", False)
    document = json.loads(render_json(report))
    assert {"gene": "MED24", "call": "amplification"}.items() <= next(
        e for e in document["biomarkers"]["copy_number"] if e["gene"] == "MED24"
    ).items()


def test_coding_fusion_outside_the_kb_is_listed_tier_iii_low_support_not_reported(tmp_path):
    # a minimal STAR-Fusion table; breakpoints are synthetic placeholders
    header = (
        "#FusionName\tJunctionReadCount\tSpanningFragCount\tSpliceType\tLeftGene\t"
        "LeftBreakpoint\tRightGene\tRightBreakpoint\n"
    )
    rows = (
        "PRKACA--DNAJB1\t20\t8\tONLY_REF_SPLICE\tPRKACA^ENSG1.1\tchr19:1000:-\t"
        "DNAJB1^ENSG2.1\tchr19:2000:-\n"
        "ABC1--DEF2\t1\t0\tONLY_REF_SPLICE\tABC1^ENSG3.1\tchr1:1000:+\tDEF2^ENSG4.1\t"
        "chr2:2000:+\n"
    )
    table = tmp_path / "star-fusion.fusion_predictions.abridged.tsv"
    table.write_text(header + rows)
    report = build(ReportOptions(out_dir=tmp_path, fusions=(table,)))
    listed = next(f for f in report.findings if f.alteration == "PRKACA::DNAJB1 fusion")
    assert (listed.tier, listed.actionable) == ("III", False)
    assert [n.name for n in report.not_reported] == ["ABC1::DEF2 fusion"]
    assert "below the minimum" in report.not_reported[0].reason
    assert all(f.alteration != "ABC1::DEF2 fusion" for f in report.findings)
    # fusion input read and no KB-gene call: a real negative
    assert states(report)["fgfr2_fusion"] == "not_detected"
