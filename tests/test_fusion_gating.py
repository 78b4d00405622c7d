"""Evidence gating of fusion calls and DNA/RNA grouping (issue 9).

A call its caller rejected, or an RNA call below the read minimum, is listed as not
reportable; one event seen by several callers and by DNA and RNA is one finding.
"""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from profiler.annotate.fusion_evidence import DEFAULT_MIN_FUSION_READS, gate, group_calls
from profiler.annotate.match import match_fusions
from profiler.api import ReportOptions, build
from profiler.cli import main
from profiler.errors import InputError
from profiler.io.arriba import discarding_filters, read_arriba
from profiler.io.fusioncatcher_vcf import read_fusioncatcher_vcf
from profiler.io.fusions import detect_fusion_format, read_fusions
from profiler.io.star_fusion import read_star_fusion
from profiler.io.sv_vcf import read_sv_vcf
from profiler.model import Fusion
from profiler.recommend.engine import finding_from_match

DATA = Path(__file__).parent / "data"
MANTA = DATA / "sv" / "manta_somaticSV_grch38.vcf"
ARRIBA = DATA / "fusions" / "arriba_v2_fusions.tsv"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"
STAR_WEAK = DATA / "fusions" / "star_fusion_below_minimum.abridged.tsv"
FC_VCF = DATA / "fusions" / "fusioncatcher_final-list_candidate-fusion-genes.vcf"
DNA_ONLY = "detected as a DNA rearrangement only"


def report(tmp_path, capsys, *args) -> dict:
    code = main(["report", *map(str, args), "--no-pdf", "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    return json.loads((tmp_path / "report.json").read_text())


def findings(document: dict, gene: str) -> list[dict]:
    return [f for f in document["findings"] if f["category"] == "fusion" and f["gene"] == gene]


def conditions(finding: dict) -> str:
    return " ".join(t.get("condition") or "" for t in finding["therapies"])


# ------------------------------------------------------------ calls the caller rejected


def test_manta_filtered_etv6_ntrk3_breakend_is_not_reportable(kb):
    calls = read_sv_vcf(MANTA, kb, sample="CCA042_T")
    ntrk3 = next(f for f in calls if f.gene3 == "NTRK3")
    assert ntrk3.filters == ("MinSomaticScore",)  # the FILTER value is kept on the call

    (match,) = [m for m in match_fusions(calls, kb) if m.gene == "NTRK3"]
    finding = finding_from_match(match)
    assert not finding.actionable and finding.therapies == ()
    assert finding.tier == "not_tiered"
    notes = " ".join(finding.notes)
    assert "Not reportable: Manta (manta_somaticSV_grch38.vcf, line 69)" in notes
    assert "FILTER MinSomaticScore" in notes
    assert "confirm with an orthogonal method (RNA assay or FISH)" in notes


def test_arriba_low_confidence_ccdc6_ret_without_split_reads_is_not_reportable(kb):
    calls = read_arriba(ARRIBA)
    (match,) = [m for m in match_fusions(calls, kb) if m.gene == "RET"]
    finding = finding_from_match(match)
    assert (match.fusions[0].junction_reads, match.fusions[0].confidence) == (0, "low")
    assert not finding.actionable and finding.therapies == ()
    notes = " ".join(finding.notes)
    assert "Not reportable: Arriba (arriba_v2_fusions.tsv, line 6): confidence low" in notes
    assert "orthogonal method" in notes


def test_star_fusion_below_the_minimum_is_listed_not_reportable(tmp_path, capsys):
    document = report(tmp_path, capsys, "--fusions", STAR_WEAK)
    (fgfr2,) = findings(document, "FGFR2")
    assert not fgfr2["actionable"] and fgfr2["tier"] == "not_tiered"
    assert any(
        "2 supporting read(s), below the minimum of 3" in n and "orthogonal" in n
        for n in fgfr2["notes"]
    )
    assert f">= {DEFAULT_MIN_FUSION_READS} supporting reads" in " ".join(
        document["methods"]["assessments"]
    )


def test_star_fusion_below_the_default_is_reportable_with_min_fusion_reads_1(tmp_path, capsys):
    document = report(tmp_path, capsys, "--fusions", STAR_WEAK, "--min-fusion-reads", "1")
    (fgfr2,) = findings(document, "FGFR2")
    assert fgfr2["actionable"] and fgfr2["tier"] == "IA"


def test_min_fusion_reads_0_means_no_minimum_even_without_a_junction_read(kb):
    spanning_only = Fusion(
        "FGFR2", "BICC1", caller="STAR-Fusion", source="s.tsv", junction_reads=0, spanning_reads=9
    )
    assert "no split (junction) read" in gate(spanning_only)
    assert gate(spanning_only, 0) is None
    (match,) = match_fusions([spanning_only], kb, min_reads=0)
    assert match.reportable


def test_negative_min_fusion_reads_is_refused(tmp_path):
    # refused where every numeric option is checked: when the options are made
    with pytest.raises(InputError, match="--min-fusion-reads"):
        build(ReportOptions(out_dir=tmp_path, fusions=(STAR,), min_fusion_reads=-1))


def test_arriba_filter_without_a_count_discarded_the_whole_event():
    assert discarding_filters("duplicates(3),mismatches(1)") == ()
    assert discarding_filters("blacklist,duplicates(2)") == ("blacklist",)
    assert discarding_filters(".") == ()
    discarded = Fusion("FGFR2", "BICC1", caller="Arriba", source="d.tsv", filters=("blacklist",))
    assert gate(discarded) == "filtered by its caller (FILTER blacklist)"


# ------------------------------------------------------------- one event, DNA and RNA


def test_star_fusion_and_manta_fgfr2_bicc1_are_one_concordant_finding(tmp_path, capsys):
    document = report(
        tmp_path, capsys, "--fusions", STAR, "--fusions", MANTA, "--sv-sample", "CCA042_T"
    )
    fgfr2 = findings(document, "FGFR2")
    by_alteration = {f["alteration"]: f for f in fgfr2}
    finding = by_alteration["FGFR2::BICC1 fusion"]
    # the Manta INV5 junction (FGFR2 5' :: chr10:58811205, no KB gene) joined the RNA call
    assert not any("58811205" in a for a in by_alteration)
    assert [c["caller"] for c in finding["detail"]["calls"]] == ["STAR-Fusion", "Manta"]
    assert "Detected by STAR-Fusion (RNA) and Manta (DNA): concordant." in finding["notes"]
    assert finding["actionable"] and finding["tier"] == "IA"
    assert DNA_ONLY not in conditions(finding)
    # the reciprocal BICC1 5' :: FGFR2 3' junction is another event (FGFR2 in the 3' role)
    assert any(a.endswith("::FGFR2 fusion") for a in by_alteration)


def test_manta_only_fgfr2_keeps_the_dna_only_condition(tmp_path, capsys):
    document = report(tmp_path, capsys, "--fusions", MANTA, "--sv-sample", "CCA042_T")
    finding = next(f for f in findings(document, "FGFR2") if f["actionable"])
    assert "Detected by Manta (DNA): DNA only." in finding["notes"]
    assert all(DNA_ONLY in t["condition"] for t in finding["therapies"])


def test_filtered_dna_call_beside_a_passing_rna_call_is_listed_not_counted(kb):
    rna = read_star_fusion(STAR)[0]
    dna = next(f for f in read_sv_vcf(MANTA, kb, sample="CCA042_T") if f.gene5 == "FGFR2")
    dna = replace(dna, filters=("MinSomaticScore",))
    (match,) = [m for m in match_fusions([rna, dna], kb) if m.gene == "FGFR2"]
    assert match.reportable and match.therapies is None  # no DNA-only condition
    assert [c.caller for c in match.fusions] == ["STAR-Fusion", "Manta"]
    notes = " ".join(match.notes)
    assert "Listed as a source, not counted: Manta" in notes
    assert "Manta [not counted] (DNA): RNA only." in notes


def test_dna_breakend_far_from_the_rna_partner_stays_its_own_event(kb):
    rna = read_star_fusion(STAR)[0]
    dna = Fusion(
        "FGFR2",
        "chr10:70000000(no KB gene)",
        caller="Manta",
        source="m.vcf",
        breakpoint5="chr10:121482301:-",
        breakpoint3="chr10:70000000:+",
    )
    groups = group_calls([rna, dna], kb.genes)
    assert [(g.gene5, g.gene3, len(g.calls)) for g in groups] == [
        ("FGFR2", "BICC1", 1),
        ("FGFR2", "chr10:70000000(no KB gene)", 1),
    ]


# ------------------------------------------------------------------ FusionCatcher VCF


def test_fusioncatcher_vcf_is_read_with_gene_names_and_frame(kb):
    assert detect_fusion_format(FC_VCF) == "fusioncatcher-vcf"
    assert detect_fusion_format(MANTA) == "sv-vcf"
    calls = read_fusions(FC_VCF, kb=kb)
    assert [(f.gene5, f.gene3, f.reading_frame) for f in calls] == [
        ("FGFR2", "BICC1", "in-frame"),
        ("BICC1", "FGFR2", "out-of-frame"),
        ("TPM3", "NTRK1", "in-frame"),
        ("CCDC6", "RET", "in-frame"),
        ("NEAT1", "MALAT1", None),  # a location pair, not a frame
    ]
    first = calls[0]
    assert (first.caller, first.record, first.junction_reads, first.spanning_reads) == (
        "FusionCatcher",
        26,
        7,
        12,
    )
    assert (first.breakpoint5, first.breakpoint3) == ("10:121483698:-", "10:58813832:+")

    by_gene = {m.alteration: m for m in match_fusions(calls, kb)}
    fgfr2 = by_gene["FGFR2::BICC1 fusion"]
    assert fgfr2.reportable and fgfr2.therapies is None  # RNA: no DNA-only condition
    assert not by_gene["CCDC6::RET fusion"].reportable  # 1 + 1 reads


def test_fusioncatcher_vcf_errors_name_line_and_field(tmp_path):
    text = FC_VCF.read_text()
    no_gene = tmp_path / "no_gene.vcf"
    no_gene.write_text(text.replace("GENE5=FGFR2;GENS5=ENSG00000066468;", "", 1))
    with pytest.raises(InputError) as error:
        read_fusioncatcher_vcf(no_gene)
    assert (error.value.line, error.value.field) == (26, "GENE5")
    bad_count = tmp_path / "bad_count.vcf"
    bad_count.write_text(text.replace("SR=7;", "SR=7.5;", 1))
    with pytest.raises(InputError) as error:
        read_fusioncatcher_vcf(bad_count)
    assert (error.value.line, error.value.field) == (26, "SR")
