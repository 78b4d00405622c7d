"""ReportOptions takes a str or a Path for every file option (issue 11).

The API once iterated a `str` given for `fusions` character by character; these tests
run real reports from str arguments, so a regression shows up as a wrong report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.api import ReportOptions, build

DATA = Path(__file__).parent / "data"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.tsv"
VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"
CASE = DATA / "case" / "icca_line2.json"


def test_fusions_given_as_str_is_one_file_not_its_characters(tmp_path):
    options = ReportOptions(out_dir=str(tmp_path), fusions=str(STAR), write_pdf=False)
    assert options.fusions == (STAR,)
    from_str = build(options)
    from_paths = build(ReportOptions(out_dir=tmp_path, fusions=(STAR,), write_pdf=False))
    assert from_str.findings == from_paths.findings
    assert [i.path for i in from_str.provenance.inputs] == [str(STAR)]


def test_every_file_option_accepts_str_and_path(tmp_path):
    options = ReportOptions(
        out_dir=str(tmp_path),
        vcf=str(VCF),
        maf=str(VCF),
        cnv=str(VCF),
        msi=str(VCF),
        case=str(CASE),
        reference=str(VCF),
        target_bed=str(VCF),
        kb_dir=str(tmp_path),
        fusions=[str(STAR), STAR],
    )
    for name in ("out_dir", "vcf", "maf", "cnv", "msi", "case", "reference", "target_bed"):
        assert isinstance(getattr(options, name), Path), name
    assert options.fusions == (STAR, STAR)
    assert ReportOptions(out_dir=tmp_path, fusions=STAR).fusions == (STAR,)
    assert ReportOptions(out_dir=tmp_path, fusions=None).fusions == ()  # type: ignore[arg-type]


def test_report_from_str_paths_equals_report_from_paths(tmp_path):
    as_str = build(ReportOptions(out_dir=str(tmp_path), vcf=str(VCF), case=str(CASE)))
    as_path = build(ReportOptions(out_dir=tmp_path, vcf=VCF, case=CASE))
    assert as_str.findings == as_path.findings
    assert as_str.sample == as_path.sample


def test_a_file_option_of_another_type_is_refused_naming_the_option(tmp_path):
    with pytest.raises(TypeError, match=r"ReportOptions\.vcf must be a str or a Path"):
        ReportOptions(out_dir=tmp_path, vcf=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"ReportOptions\.fusions"):
        ReportOptions(out_dir=tmp_path, fusions=[STAR, 3])  # type: ignore[list-item]
