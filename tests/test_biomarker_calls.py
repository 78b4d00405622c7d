"""Interpretation of copy number, MSI and TMB (issue 4): thresholds at their boundaries."""

import json
from pathlib import Path

import pytest

from profiler.annotate.copy_number import (
    CopyNumberSettings,
    absolute_copy_number,
    gene_copy_numbers,
)
from profiler.annotate.msi import call_msi
from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.model import CopySegment, MsiResult

DATA = Path(__file__).parent / "data"
TMB_VCF = DATA / "vcf" / "tmb_vep_grch38.vcf"


# ----------------------------------------------------------------------------- MSI


@pytest.mark.parametrize(
    ("tool", "mode", "score", "status"),
    [
        ("MSIsensor", "tumor_normal", 10.0, "MSI-H"),
        ("MSIsensor", "tumor_normal", 9.99, "indeterminate"),
        ("MSIsensor", "tumor_normal", 3.0, "indeterminate"),
        ("MSIsensor", "tumor_normal", 2.99, "MSS"),
        ("MSIsensor", None, 20.0, "MSI-H"),  # mode unknown: MSI-H only where both agree
        ("MSIsensor", None, 12.0, "indeterminate"),  # >=10 paired but <20 tumor-only
        ("MSIsensor", None, 2.99, "MSS"),
        ("MSIsensor", "tumor_only", 20.0, "MSI-H"),
        ("MSIsensor", "tumor_only", 19.99, "MSS"),
        ("MSIsensor2", None, 20.0, "MSI-H"),
        ("MSIsensor2", None, 15.0, "MSS"),  # 15 would be MSI-H tumor-normal: not here
        ("MSIsensor-pro", None, 35.0, "not_interpretable"),
        ("MANTIS", None, 0.9, "not_interpretable"),
    ],
)
def test_msi_thresholds_per_tool_at_boundaries(kb, tool, mode, score, status):
    result = MsiResult(tool=tool, score=score, source="msi.txt", mode=mode)
    assert call_msi(result, kb).biomarker.status == status


def test_msi_lab_threshold_overrides(kb):
    result = MsiResult(tool="MSIsensor-pro", score=12.0, source="x", mode="tumor_only")
    assert call_msi(result, kb, override=10.0).biomarker.status == "MSI-H"
    assert call_msi(result, kb, override=12.5).biomarker.status == "MSS"
    rule = call_msi(result, kb, override=10.0).rule
    assert "lab-calibrated threshold >= 10 (given for this run)" in rule


def test_msi_rule_names_its_source(kb):
    call = call_msi(MsiResult(tool="MSIsensor", score=4, source="x", mode="tumor_normal"), kb)
    assert "Middha" in call.rule


# ----------------------------------------------------------------------- copy number


def test_cnvkit_log2_to_copy_number_formula():
    assert absolute_copy_number(0.0, 2, None) == pytest.approx(2.0)
    assert absolute_copy_number(1.0, 2, None) == pytest.approx(4.0)
    # purity 0.5: n = (2 * 2^1 - 2 * 0.5) / 0.5 = 6
    assert absolute_copy_number(1.0, 2, 0.5) == pytest.approx(6.0)
    assert absolute_copy_number(-5.0, 2, 0.3) == 0.0  # clamped, never negative


@pytest.mark.parametrize(
    ("copies", "call"),
    [(6.01, "amplification"), (6.0, None), (0.49, "deep_deletion"), (0.5, None)],
)
def test_amplification_and_deletion_boundaries(kb, copies, call):
    gene = "ERBB2" if call != "deep_deletion" else "CDKN2A"
    segment = CopySegment(
        chrom="17", start=1, end=2, source="g.tsv", copy_number=copies, genes=(gene,)
    )
    calls = gene_copy_numbers([segment], kb, "GRCh38", CopyNumberSettings())
    assert [c.call for c in calls] == ([call] if call else [])


def test_segments_without_gene_names_use_kb_spans(kb):
    erbb2 = kb.genes["ERBB2"].spans["GRCh38"]
    segment = CopySegment(
        chrom="chr17", start=erbb2.start - 1000, end=erbb2.end + 1000, source="s.cns", log2=2.5
    )
    (call,) = gene_copy_numbers([segment], kb, "GRCh38", CopyNumberSettings())
    assert (call.gene, call.call) == ("ERBB2", "amplification")
    assert call.copy_number == pytest.approx(2 * 2**2.5, abs=0.01)
    with pytest.raises(InputError, match="--assembly"):
        gene_copy_numbers([segment], kb, None, CopyNumberSettings())


def test_gene_copy_number_is_the_minimum_over_overlapping_segments(kb):
    span = kb.genes["ERBB2"].spans["GRCh38"]
    mid = (span.start + span.end) // 2
    segments = [
        CopySegment(chrom="17", start=span.start - 10, end=mid, source="s", copy_number=20),
        CopySegment(chrom="17", start=mid + 1, end=span.end + 10, source="s", copy_number=5),
    ]
    assert gene_copy_numbers(segments, kb, "GRCh38", CopyNumberSettings()) == []


# ------------------------------------------------------------------------------ TMB


def tmb_report(tmp_path, **options):
    report = build(ReportOptions(out_dir=tmp_path, vcf=TMB_VCF, write_pdf=False, **options))
    return report


def test_tmb_counts_exactly_the_eligible_variants(tmp_path):
    report = tmb_report(tmp_path, callable_mb=0.5)
    (line,) = [a for a in report.methods.assessments if a.startswith("TMB")]
    assert line.startswith("TMB: 7 coding somatic variants / 0.5 Mb = 14.0 mut/Mb")
    assert "TMB-H" in line
    (finding,) = [f for f in report.findings if f.alteration == "TMB-H"]
    assert finding.actionable and finding.therapies[0].label == "Pembrolizumab"


def test_tmb_below_threshold_is_reported_not_actionable(tmp_path):
    report = tmb_report(tmp_path, callable_mb=1.0)
    (line,) = [a for a in report.methods.assessments if a.startswith("TMB")]
    assert "= 7.0 mut/Mb" in line and "TMB-low" in line
    assert not [f for f in report.findings if f.alteration == "TMB-H"]


def test_tmb_threshold_boundary_is_inclusive(tmp_path):
    report = tmb_report(tmp_path, callable_mb=0.7)  # 7 / 0.7 = 10.0
    assert [f.alteration for f in report.findings if f.alteration == "TMB-H"] == ["TMB-H"]


def test_no_callable_size_means_tmb_not_assessed(tmp_path):
    report = tmb_report(tmp_path)
    not_assessed = report.methods.not_assessed
    assert any(n.startswith("TMB (no callable territory given") for n in not_assessed)
    assert not any(a.startswith("TMB") for a in report.methods.assessments)


def test_target_bed_gives_the_denominator(tmp_path):
    bed = tmp_path / "panel.bed"
    # 2 intervals of 250 kb on chr1 and chr17 (one overlapping pair merged): 0.5 Mb
    bed.write_text("chr1\t27000000\t27200000\nchr1\t27100000\t27250000\nchr17\t7600000\t7850000\n")
    report = tmb_report(tmp_path, target_bed=bed)
    (line,) = [a for a in report.methods.assessments if a.startswith("TMB")]
    # inside the BED: the two ARID1A variants and TP53 = 3 / 0.5 Mb
    assert "3 coding somatic variants / 0.5 Mb = 6.0 mut/Mb" in line
    document = json.dumps(report.methods.assessments)
    assert "within the given target regions" in document and "--target-bed" not in document


# -------------------------------------------------------------------------- fusions


def test_fusion_below_minimum_support_is_listed_not_actionable(kb):
    from profiler.annotate.match import match_fusions
    from profiler.model import Fusion
    from profiler.recommend.engine import finding_from_match

    weak = Fusion(
        "FGFR2", "BICC1", caller="Arriba", source="f.tsv", junction_reads=2, spanning_reads=1
    )
    (match,) = match_fusions([weak], kb, min_reads=5)
    finding = finding_from_match(match)
    assert not finding.actionable
    assert "below the minimum of 5" in " ".join(finding.notes)
    (strong,) = match_fusions([weak], kb, min_reads=3)
    assert finding_from_match(strong).actionable
