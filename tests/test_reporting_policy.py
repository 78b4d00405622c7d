"""Reporting thresholds, filtered and below-threshold targets, and the tumor-only germline rule."""

import pytest

from profiler.annotate.match import match_small_variant
from profiler.annotate.policy import DEFAULT_MIN_DEPTH, DEFAULT_MIN_VAF, ReportingPolicy
from profiler.api import ReportOptions, build
from profiler.model import SmallVariant

IDH1_R132C = dict(
    chrom="chr2",
    pos=208248389,
    ref="G",
    alt="A",
    gene="IDH1",
    transcript="ENST00000345146.7",
    hgvs_c="c.394C>T",
    hgvs_p="p.Arg132Cys",
    consequence="missense_variant",
    annotation_source="VEP",
)


def test_defaults_are_the_typical_panel_limits_from_facts_part4():
    assert (DEFAULT_MIN_VAF, DEFAULT_MIN_DEPTH) == (0.05, 60)


@pytest.mark.parametrize(
    ("vaf", "depth", "reportable", "note"),
    [
        (0.30, 200, True, None),
        (0.03, 200, False, "VAF 0.03 < 0.05"),
        (0.30, 40, False, "depth 40 < 60"),
        (0.02, 30, False, "VAF 0.02 < 0.05; depth 30 < 60"),
    ],
)
def test_target_below_threshold_is_listed_not_actionable(kb, vaf, depth, reportable, note):
    variant = SmallVariant(**IDH1_R132C, vaf=vaf, depth=depth)
    match = match_small_variant(variant, kb, policy=ReportingPolicy())
    assert match is not None and match.rule.id == "IDH1_R132"
    assert match.reportable is reportable
    if note:
        assert any(note in n and "orthogonal" in n for n in match.notes)


def test_lab_override_lowers_the_threshold(kb):
    variant = SmallVariant(**IDH1_R132C, vaf=0.03, depth=500)
    assert match_small_variant(variant, kb, policy=ReportingPolicy(min_vaf=0.02)).reportable


def test_non_target_below_threshold_is_only_counted(kb):
    variant = SmallVariant(
        "chr2",
        208240117,
        "G",
        "A",
        gene="IDH1",
        consequence="missense_variant",
        annotation_source="VEP",
        vaf=0.01,
        depth=300,
    )
    assert match_small_variant(variant, kb, policy=ReportingPolicy()) is None


def test_unknown_vaf_is_said_not_silently_passed(kb):
    variant = SmallVariant(**IDH1_R132C, vaf=None, depth=None)
    match = match_small_variant(variant, kb, policy=ReportingPolicy())
    assert match.reportable and any("could not be checked" in n for n in match.notes)


def test_filtered_target_is_listed_and_include_filtered_makes_it_reportable(kb):
    variant = SmallVariant(**IDH1_R132C, vaf=0.3, depth=200, filters=("weak_evidence",))
    assert not match_small_variant(variant, kb, policy=ReportingPolicy()).reportable
    assert match_small_variant(
        variant, kb, policy=ReportingPolicy(include_filtered=True)
    ).reportable


# ------------------------------------------------------------------ germline rule


@pytest.mark.parametrize(
    ("vaf", "pop", "target", "tumor_only", "expected"),
    [
        (0.49, 0.21, False, True, "Likely germline"),
        (0.97, 0.002, False, True, "Likely germline"),
        (0.20, 0.05, False, True, "Likely germline"),  # common polymorphism at any VAF
        (0.49, 0.0001, False, True, None),  # rare and het-like: no flag
        (0.97, None, False, True, "Possibly germline"),
        (0.50, None, True, True, None),  # a KB target without population data: no flag
        (0.49, 0.21, False, False, None),  # matched normal: never flagged
        (0.25, None, False, True, None),
    ],
)
def test_germline_rule(vaf, pop, target, tumor_only, expected):
    variant = SmallVariant("chr1", 1, "A", "G", vaf=vaf, population_af=pop)
    note = ReportingPolicy(tumor_only=tumor_only).germline_note(variant, target=target)
    assert (note.split(":")[0] if note else None) == expected


def test_tumor_only_fixture_flags_germline_on_the_finding(data_dir, tmp_path):
    report = build(
        ReportOptions(
            out_dir=tmp_path,
            write_pdf=False,
            vcf=data_dir / "vcf" / "mutect2_tumor_only_vep_ann_grch38.vcf",
        )
    )
    notes = {f.gene: " ".join(f.notes) for f in report.findings}
    assert "Likely germline" in notes["ERBB2"]
    assert "Possibly germline" in notes["FGFR2"]
    assert "germline" not in notes["IDH1"].lower()
    assert report.methods.min_vaf == 0.05 and report.methods.min_depth == 60
    assert any("Tumor-only sample" in line for line in report.methods.small_variant_methods)


def test_below_threshold_hotspot_in_a_real_fixture(data_dir, tmp_path):
    report = build(
        ReportOptions(
            out_dir=tmp_path,
            write_pdf=False,
            assembly="GRCh38",
            vcf=data_dir / "vcf" / "varscan2_somatic_grch38.vcf",
        )
    )
    (kras,) = [f for f in report.findings if f.gene == "KRAS"]
    assert kras.alteration == "G12D" and not kras.actionable
    assert any("below the reporting threshold" in n for n in kras.notes)
    (idh1,) = [f for f in report.findings if f.gene == "IDH1"]
    assert idh1.actionable
