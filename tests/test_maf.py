"""MAF input: vcf2maf / TCGA columns by name, sample choice, transcript trust, refusals."""

import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io.maf import open_maf

MAF = "maf"


def test_multi_sample_maf_without_sample_lists_the_barcodes(data_dir):
    with pytest.raises(InputError) as info:
        open_maf(data_dir / MAF / "vcf2maf_two_samples_grch38.maf")
    assert "CCA-121-T" in str(info.value) and "CCA-122-T" in str(info.value)


def test_unknown_sample_is_refused(data_dir):
    with pytest.raises(InputError, match="CCA-121-T, CCA-122-T"):
        open_maf(data_dir / MAF / "vcf2maf_two_samples_grch38.maf", sample="NOPE")


def test_maf_report_names_braf_v600e_from_coordinates_not_v640e(data_dir, tmp_path):
    report = build(
        ReportOptions(
            out_dir=tmp_path,
            write_pdf=False,
            sample="CCA-121-T",
            maf=data_dir / MAF / "vcf2maf_two_samples_grch38.maf",
        )
    )
    by_gene = {f.gene: f for f in report.findings}
    assert by_gene["IDH1"].alteration == "R132C" and by_gene["IDH1"].actionable
    assert by_gene["BRAF"].alteration == "V600E" and by_gene["BRAF"].actionable
    assert "V640E" not in str([f.hgvs_p for f in report.findings])
    assert by_gene["IDH1"].vaf == pytest.approx(62 / 210, abs=1e-4)
    assert report.sample.assembly == "GRCh38" and report.sample.tumor_sample == "CCA-121-T"
    assert report.provenance.inputs[0].role == "maf"


def test_second_sample_kras_g12d(data_dir, tmp_path):
    report = build(
        ReportOptions(
            out_dir=tmp_path,
            write_pdf=False,
            sample="CCA-122-T",
            maf=data_dir / MAF / "vcf2maf_two_samples_grch38.maf",
        )
    )
    (kras,) = [f for f in report.findings if f.gene == "KRAS"]
    assert kras.alteration == "G12D"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Hugo_Symbol\tChromosome\nIDH1\t2\n", r"required column\(s\) Variant_Classification"),
        ("#version 2.4\n", "no header"),
    ],
)
def test_bad_mafs_are_refused(tmp_path, text, message):
    path = tmp_path / "bad.maf"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        open_maf(path)


def test_columns_by_name_in_any_order_with_extras_and_crlf(tmp_path):
    path = tmp_path / "min.maf"
    path.write_bytes(
        b"#version 2.4\r\n"
        b"Tumor_Sample_Barcode\tExtra\tNCBI_Build\tHugo_Symbol\tVariant_Classification\t"
        b"HGVSp_Short\tt_ref_count\tt_alt_count\tChromosome\tStart_Position\t"
        b"Reference_Allele\tTumor_Seq_Allele2\r\n"
        b"S1\tx\t37\tKRAS\tMissense_Mutation\tp.G12C\t80\t20\t12\t25398285\tC\tA\r\n"
    )
    source = open_maf(path)
    (variant,) = list(source.variants())
    assert source.assembly == "GRCh37" and variant.vaf == 0.2 and variant.depth == 100
    assert variant.hgvs_p == "p.G12C" and variant.consequence == "missense_variant"


def test_ncbi_build_contradicting_assembly_option(data_dir):
    with pytest.raises(InputError, match="contradicts"):
        open_maf(
            data_dir / MAF / "vcf2maf_two_samples_grch38.maf", sample="CCA-121-T", assembly="GRCh37"
        )


def test_vcf_and_maf_together_are_refused(data_dir, tmp_path):
    with pytest.raises(InputError, match="not both"):
        build(
            ReportOptions(
                out_dir=tmp_path,
                write_pdf=False,
                vcf=data_dir / "vcf" / "unannotated_grch38.vcf",
                maf=data_dir / MAF / "vcf2maf_two_samples_grch38.maf",
            )
        )
