"""Sample identity: the report names whose data each input holds and catches another patient's.

A case file for one patient once ran silently against another patient's VCF. These tests
run the real readers on the fixtures (their sample names: vcf/mutect2_vep_grch38.vcf
CCA-017-T/CCA-017-N, vcf/unannotated_grch38.vcf CCA-022-T, the SV/SEG/GATK fixtures
CCA042_T/CCA042_N, cnv/cohort_two_samples.seg CCA042_T and CCA051_T).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from profiler.api import ReportOptions, build
from profiler.cli import main
from profiler.errors import InputError
from profiler.io.copynumber.seg import read_seg
from profiler.io.fusions import read_fusion_calls
from profiler.model import InputSample

DATA = Path(__file__).parent / "data"
VCF_CCA017 = DATA / "vcf" / "mutect2_vep_grch38.vcf"
VCF_CCA022 = DATA / "vcf" / "unannotated_grch38.vcf"
VCF_TWO_SAMPLES = DATA / "vcf" / "multisample_no_tumor_header.vcf"
MANTA = DATA / "sv" / "manta_somaticSV_grch38.vcf"
GRIDSS = DATA / "sv" / "gridss_somatic_grch38.vcf"
SEG_CCA042 = DATA / "cnv" / "igv_style_one_sample.seg"
SEG_COHORT = DATA / "cnv" / "cohort_two_samples.seg"
GATK_CCA042 = DATA / "cnv" / "gatk_tumor.called.seg"
MAF_TWO = DATA / "maf" / "vcf2maf_two_samples_grch38.maf"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"
CASE_CCA017 = DATA / "case" / "icca_line2.json"
CASE_CCA017_EXACT = DATA / "case" / "cca017_tumor_sample_id.json"
CASE_CCA042_EXACT = DATA / "case" / "cca042_tumor_sample_id.json"


def report(tmp_path: Path, **inputs):
    return build(ReportOptions(out_dir=tmp_path / "out", write_pdf=False, **inputs))


def case_file(tmp_path: Path, **fields) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(fields), encoding="utf-8")
    return path


def identity_warnings(result) -> list[str]:
    return [w for w in result.warnings if w.startswith("Sample identity")]


# ----------------------------------------------------------------- heuristic checks


def test_matching_names_give_no_warning(tmp_path):
    result = report(tmp_path, vcf=VCF_CCA017, fusions=(STAR,), case=CASE_CCA017)
    assert result.sample.input_samples == (
        InputSample("vcf", str(VCF_CCA017), "CCA-017-T", "tumor"),
        InputSample("vcf", str(VCF_CCA017), "CCA-017-N", "normal"),
    )
    assert result.sample.identity_warnings == ()
    assert identity_warnings(result) == []
    assert "patient ID 'CCA-017'" in result.sample.identity_check
    assert result.sample.identity_check.endswith("consistent.")


def test_case_run_against_another_patients_vcf_warns_naming_both(tmp_path):
    result = report(tmp_path, vcf=VCF_CCA022, case=CASE_CCA017)
    (warning,) = result.sample.identity_warnings
    assert "'CCA-017'" in warning and "'CCA-017-T1'" in warning  # what was compared
    assert "CCA-022-T" in warning and VCF_CCA022.name in warning
    assert result.warnings[0] == warning  # first among the report's warnings
    assert "MISMATCH" in result.sample.identity_check


def test_id_compared_without_regard_to_case(tmp_path):
    case = case_file(tmp_path, patient_id="cca-017")
    assert report(tmp_path, vcf=VCF_CCA017, case=case).sample.identity_warnings == ()


def test_inputs_naming_different_tumour_samples_warn(tmp_path):
    # VCF tumour CCA-017-T (matches the case), SEG sample CCA042_T (another patient)
    result = report(tmp_path, vcf=VCF_CCA017, cnv=SEG_CCA042, case=CASE_CCA017)
    (warning,) = result.sample.identity_warnings
    assert "different tumor samples" in warning
    assert "CCA-017-T" in warning and "CCA042_T" in warning and SEG_CCA042.name in warning
    assert InputSample("cnv", str(SEG_CCA042), "CCA042_T", "tumor") in result.sample.input_samples


def test_normal_of_a_pair_is_not_a_conflict(tmp_path):
    # Manta: CCA042_N and CCA042_T; SEG: CCA042_T. Only tumours are compared.
    case = case_file(tmp_path, patient_id="CCA042")
    result = report(
        tmp_path,
        fusions=(MANTA,),
        cnv=SEG_CCA042,
        case=case,
        sv_sample="CCA042_T",
        assembly="GRCh38",
    )
    assert result.sample.identity_warnings == ()
    assert InputSample("fusions", str(MANTA), "CCA042_N", "normal") in result.sample.input_samples


def test_without_a_case_names_are_only_listed(tmp_path):
    result = report(tmp_path, vcf=VCF_CCA017, cnv=SEG_CCA042)
    assert [s.sample for s in result.sample.input_samples] == ["CCA-017-T", "CCA-017-N", "CCA042_T"]
    assert result.sample.identity_warnings == ()
    assert "not compared" in result.sample.identity_check


def test_inputs_that_name_no_sample_are_not_compared(tmp_path):
    result = report(tmp_path, fusions=(STAR,), case=CASE_CCA017)
    assert result.sample.input_samples == ()
    assert result.sample.identity_warnings == ()
    assert "no input names a tumor sample" in result.sample.identity_check


# ------------------------------------------------------------ sample names collected


def test_sv_vcf_names_its_tumour_and_normal_columns_even_without_fusions(kb):
    calls = read_fusion_calls(GRIDSS, kb=kb)  # labels normal, tumor
    assert (calls.tumor_sample, calls.normal_sample) == ("tumor", "normal")
    calls = read_fusion_calls(MANTA, kb=kb, sample="CCA042_T")
    assert (calls.tumor_sample, calls.normal_sample) == ("CCA042_T", "CCA042_N")
    assert read_fusion_calls(STAR).tumor_sample is None  # fusion tables name no sample


def test_seg_and_gatk_segments_carry_their_sample(tmp_path):
    result = report(tmp_path, cnv=GATK_CCA042, assembly="GRCh38")
    assert result.sample.input_samples == (
        InputSample("cnv", str(GATK_CCA042), "CCA042_T", "tumor"),
    )
    assert {s.sample for s in read_seg(SEG_COHORT, "CCA051_T")} == {"CCA051_T"}


# ----------------------------------------------------------- tumor_sample_id: exact


def test_tumor_sample_id_exact_match(tmp_path):
    result = report(tmp_path, vcf=VCF_CCA017, case=CASE_CCA017_EXACT)
    assert result.sample.tumor_sample == "CCA-017-T"
    assert result.sample.identity_warnings == ()
    assert "tumor_sample_id 'CCA-017-T' exactly" in result.sample.identity_check


def test_tumor_sample_id_picks_the_tumour_columns_and_seg_sample(tmp_path):
    # Manta has two columns and no ##tumor_sample; the SEG holds two samples: both are
    # refused without --sample, and the case's tumor_sample_id picks the tumour.
    result = report(
        tmp_path,
        fusions=(MANTA,),
        cnv=SEG_COHORT,
        case=CASE_CCA042_EXACT,
        assembly="GRCh38",
    )
    assert result.sample.input_samples == (
        InputSample("fusions", str(MANTA), "CCA042_T", "tumor"),
        InputSample("fusions", str(MANTA), "CCA042_N", "normal"),
        InputSample("cnv", str(SEG_COHORT), "CCA042_T", "tumor"),
    )


def test_tumor_sample_id_picks_a_multi_sample_vcf_column(tmp_path):
    case = case_file(tmp_path, patient_id="P1", tumor_sample_id="S1_TUMOR_LIB")
    result = report(tmp_path, vcf=VCF_TWO_SAMPLES, case=case)
    assert (result.sample.tumor_sample, result.sample.normal_sample) == (
        "S1_TUMOR_LIB",
        "S2_NORMAL_LIB",
    )


def test_tumor_sample_id_picks_a_maf_barcode(tmp_path):
    case = case_file(tmp_path, tumor_sample_id="CCA-122-T")
    assert report(tmp_path, maf=MAF_TWO, case=case).sample.tumor_sample == "CCA-122-T"


@pytest.mark.parametrize(
    ("inputs", "named", "path"),
    [
        ({"vcf": VCF_CCA022}, "CCA-022-T", VCF_CCA022),
        ({"cnv": GATK_CCA042, "assembly": "GRCh38"}, "CCA042_T", GATK_CCA042),
        ({"fusions": (MANTA,)}, None, MANTA),  # neither column is CCA-017-T
    ],
)
def test_tumor_sample_id_mismatch_is_an_input_error(tmp_path, inputs, named, path):
    with pytest.raises(InputError) as info:
        report(tmp_path, case=CASE_CCA017_EXACT, **inputs)
    message = str(info.value)
    assert info.value.path == str(path) and "'CCA-017-T'" in message
    if named:
        assert repr(named) in message


def test_tumor_sample_id_absent_from_a_cohort_file_lists_its_samples(tmp_path):
    with pytest.raises(InputError, match="CCA042_T, CCA051_T"):
        report(tmp_path, cnv=SEG_COHORT, case=CASE_CCA017_EXACT, assembly="GRCh38")
    with pytest.raises(InputError, match="S1_TUMOR_LIB, S2_NORMAL_LIB"):
        report(tmp_path, vcf=VCF_TWO_SAMPLES, case=CASE_CCA017_EXACT)


def test_tumor_sample_id_never_overrides_the_vcf_header(tmp_path):
    # ##tumor_sample=CCA-017-T: a case naming the normal column is a contradiction
    case = case_file(tmp_path, tumor_sample_id="CCA-017-N")
    with pytest.raises(InputError, match=r"names tumor sample 'CCA-017-T'.*'CCA-017-N'"):
        report(tmp_path, vcf=VCF_CCA017, case=case)


def test_sample_option_contradicting_tumor_sample_id_is_refused(tmp_path):
    with pytest.raises(InputError, match="--sample 'CCA-017-N' contradicts"):
        report(tmp_path, vcf=VCF_CCA017, case=CASE_CCA017_EXACT, sample="CCA-017-N")


def test_tumor_sample_id_mismatch_exits_2_and_writes_no_report(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["report", "--vcf", VCF_CCA022, "--case", CASE_CCA017_EXACT, "--no-pdf", "--out", out]
    code = main([str(a) for a in args])
    err = capsys.readouterr().err
    assert code == 2
    assert str(VCF_CCA022) in err and "'CCA-022-T'" in err and "'CCA-017-T'" in err
    assert not (out / "report.json").exists()


# -------------------------------------------------------------------------- rendering


def test_mismatch_is_on_page_one_of_the_pdf(tmp_path):
    out = tmp_path / "out"
    code = main(["report", "--vcf", str(VCF_CCA022), "--case", str(CASE_CCA017), "--out", str(out)])
    assert code == 0
    first_page = " ".join(PdfReader(out / "report.pdf").pages[0].extract_text().split())
    assert "input samples" in first_page.lower()
    assert "tumor CCA-022-T" in first_page
    assert "Sample identity: no input's tumor sample name contains" in first_page
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["sample"]["input_samples"][0] == {
        "role": "vcf",
        "path": str(VCF_CCA022),
        "sample": "CCA-022-T",
        "kind": "tumor",
    }
    assert document["warnings"][0] == document["sample"]["identity_warnings"][0]


def test_each_input_has_its_own_sample_option(tmp_path):
    """Regression: one --sample served the VCF and the SV VCF, so differently named files
    could not be combined; a multi-sample SEG could not be read at all."""
    cohort = DATA / "cnv" / "cohort_two_samples.seg"
    result = report(
        tmp_path,
        vcf=VCF_CCA017,
        fusions=(MANTA,),
        cnv=cohort,
        sample="CCA-017-T",
        sv_sample="CCA042_T",
        cnv_sample="CCA051_T",
        assembly="GRCh38",
    )
    tumours = {(s.role, s.sample) for s in result.sample.input_samples if s.kind == "tumor"}
    assert tumours == {("vcf", "CCA-017-T"), ("fusions", "CCA042_T"), ("cnv", "CCA051_T")}


def test_sample_options_name_themselves_in_errors(tmp_path):
    with pytest.raises(InputError, match="--sv-sample"):
        report(tmp_path, fusions=(MANTA,), assembly="GRCh38")
    with pytest.raises(InputError, match="--cnv-sample"):
        report(tmp_path, cnv=DATA / "cnv" / "cohort_two_samples.seg", assembly="GRCh38")
