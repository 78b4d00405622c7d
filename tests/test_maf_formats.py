"""MAFs as labs hand them over: TCGA legacy, Funcotator, Oncotator, cBioPortal, MOAlmanac,
no NCBI_Build. Each fixture copies its writer's layout (tests/data/maf/README.md)."""

import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io.maf import open_maf


def _report(tmp_path, maf, **options):
    return build(ReportOptions(out_dir=tmp_path, write_pdf=False, maf=maf, **options))


def _by_gene(report):
    return {f.gene: f for f in report.findings if f.category == "small_variant"}


def _methods(report):
    return " ".join(report.methods.small_variant_methods)


@pytest.mark.parametrize(
    ("sample", "alteration", "vaf"),
    [("TCGA-AB-2802", "R132H", 0.4047), ("TCGA-AB-2822", "R132C", 0.4591)],
)
def test_tcga_legacy_maf_with_protein_change_and_no_hgvsp_short_is_read(
    data_dir, tmp_path, sample, alteration, vaf
):
    """TCGA legacy MAFs (Protein_Change, no HGVSp_Short) were refused; IDH1 R132H/C."""
    report = _report(
        tmp_path, data_dir / "maf" / "tcga_legacy_protein_change_grch37.maf", sample=sample
    )
    idh1 = _by_gene(report)["IDH1"]
    assert idh1.alteration == alteration and idh1.actionable
    assert idh1.vaf == pytest.approx(vaf)  # i_TumorVAF_WU is a percentage
    assert report.sample.assembly == "GRCh37"
    assert "Protein_Change" in _methods(report) and "NCBI_Build 37" in _methods(report)


def test_funcotator_maf_with_trailing_tabs_and_unknown_cells_is_read(data_dir):
    source = open_maf(
        data_dir / "maf" / "funcotator_grch38.maf",
        is_kb_gene=lambda g: g == "IDH1",
        is_kb_transcript=lambda g, t: g == "IDH1" and (t or "").startswith("ENST00000345146"),
    )
    assert (source.assembly, source.tumor_sample, source.normal_sample) == (
        "GRCh38",
        "CCA-160-T",
        "CCA-160-N",
    )
    idh1, tp53 = source.variants()
    assert (idh1.hgvs_p, idh1.hgvs_c, idh1.transcript) == (
        "p.R132C",
        "c.394C>T",
        "ENST00000345146.7",
    )
    assert idh1.vaf == pytest.approx(63 / 202, abs=1e-4) and idh1.depth == 202
    assert tp53.hgvs_p is None and tp53.transcript is None  # __UNKNOWN__ is no value


def test_funcotator_report_names_idh1_r132c(data_dir, tmp_path):
    report = _report(tmp_path, data_dir / "maf" / "funcotator_grch38.maf")
    assert _by_gene(report)["IDH1"].alteration == "R132C"
    assert "NCBI_Build hg38" in _methods(report)


def test_oncotator_maf_start_position_in_lower_case_and_legacy_kras_transcript(data_dir, tmp_path):
    """Oncotator writes Start_position; KRAS is on KRAS4A (ENST00000256078), not MANE."""
    report = _report(tmp_path, data_dir / "maf" / "oncotator_grch37.maf")
    kras = _by_gene(report)["KRAS"]
    assert kras.alteration == "G12D" and kras.transcript == "NM_004985.5"  # MANE, not KRAS4A
    assert kras.vaf == pytest.approx(52 / 200)


def test_cbioportal_data_mutations_with_comments_extra_columns_and_a_row_without_position(
    data_dir, tmp_path
):
    report = _report(
        tmp_path, data_dir / "maf" / "cbioportal_data_mutations_grch37.txt", sample="CCA-170-T"
    )
    genes = _by_gene(report)
    assert genes["KRAS"].alteration == "G12C" and genes["ERBB2"].alteration == "S310F"
    assert "1 MAF row(s) of sample CCA-170-T could not be checked" in _methods(report)
    assert "line 5 (TP53 p.R175H): no genomic position" in _methods(report)
    assert not any("TP53" in w for w in report.warnings)  # outside the KB: methods only


def test_cbioportal_second_sample_is_chosen_with_sample(data_dir, tmp_path):
    report = _report(
        tmp_path, data_dir / "maf" / "cbioportal_data_mutations_grch37.txt", sample="CCA-171-T"
    )
    assert [f.alteration for f in report.findings if f.gene == "KRAS"] == ["G12D"]


def test_moalmanac_minimal_maf_is_read(data_dir, tmp_path):
    report = _report(tmp_path, data_dir / "maf" / "moalmanac_minimal_grch37.maf")
    idh1 = _by_gene(report)["IDH1"]
    assert idh1.alteration == "R132C" and idh1.actionable and idh1.depth == 150
    assert report.sample.tumor_sample == "example_tumor_profile"
    assert report.sample.normal_sample == "example_normal_profile"


def test_maf_without_ncbi_build_needs_assembly(data_dir, tmp_path):
    with pytest.raises(InputError, match=r"no NCBI_Build column.*--assembly"):
        _report(tmp_path, data_dir / "maf" / "no_ncbi_build_grch38.maf")


def test_maf_without_ncbi_build_is_read_with_assembly(data_dir, tmp_path):
    report = _report(tmp_path, data_dir / "maf" / "no_ncbi_build_grch38.maf", assembly="GRCh38")
    assert _by_gene(report)["KRAS"].alteration == "G12D"
    assert report.sample.assembly == "GRCh38"
    assert "--assembly GRCh38 (the MAF names no NCBI_Build)" in _methods(report)


def test_maf_without_ncbi_build_read_with_the_wrong_assembly_is_caught(data_dir, tmp_path):
    """The GRCh38 KRAS G12D locus read as GRCh37 contradicts the KB's codon bases."""
    with pytest.raises(InputError):
        _report(tmp_path, data_dir / "maf" / "no_ncbi_build_grch38.maf", assembly="GRCh37")


_HEADER = (
    "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tReference_Allele\t"
    "Tumor_Seq_Allele2\tVariant_Classification\tTumor_Sample_Barcode\tHGVSp_Short\n"
)


@pytest.mark.parametrize(
    ("builds", "assembly", "message"),
    [
        (("GRCh37", "GRCh38"), None, "two genome builds"),
        (("GRCm38",), None, "not a human genome build"),
        (("hg19",), "GRCh38", "contradicts"),
    ],
)
def test_ncbi_build_problems_are_refused(tmp_path, builds, assembly, message):
    path = tmp_path / "builds.maf"
    rows = "".join(
        f"TP53\t{b}\t17\t{7577121 + i}\tG\tA\tMissense_Mutation\tS1\tp.X\n"
        for i, b in enumerate(builds)
    )
    path.write_text(_HEADER + rows)
    with pytest.raises(InputError, match=message) as info:
        open_maf(path, assembly=assembly)
    assert info.value.field == "NCBI_Build"


@pytest.mark.parametrize(("value", "expected"), [("GRCh38.p13", "GRCh38"), ("b37", "GRCh37")])
def test_ncbi_build_spellings(tmp_path, value, expected):
    path = tmp_path / "b.maf"
    path.write_text(_HEADER + f"TP53\t{value}\t17\t7577121\tG\tA\tMissense_Mutation\tS1\tp.X\n")
    assert open_maf(path).assembly == expected


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("\t\t\t", "no genomic position"),
        ("23\t7577121\tG\tA", "unknown chromosome '23'"),
        ("17\t7577121\t\t", "no alleles"),
        ("\t7577121\tG\tA", "no Chromosome"),
    ],
)
def test_rows_that_cannot_be_used_are_named_not_read(tmp_path, cells, reason):
    path = tmp_path / "rows.maf"
    path.write_text(
        _HEADER
        + f"TP53\tGRCh37\t{cells}\tMissense_Mutation\tS1\tp.R273C\n"
        + "IDH1\tGRCh37\t2\t209113112\tC\tT\tMissense_Mutation\tS1\tp.R132H\n"
    )
    source = open_maf(path)
    assert [v.gene for v in source.variants()] == ["IDH1"]
    (row,) = source.unusable
    assert row.describe() == f"line 2 (TP53 p.R273C): {reason}"


def test_other_contigs_are_read(tmp_path):
    path = tmp_path / "contig.maf"
    path.write_text(_HEADER + "ZNF1\tGRCh37\tGL000220.1\t100\tG\tA\tIGR\tS1\t\n")
    source = open_maf(path)
    assert len(list(source.variants())) == 1 and source.unusable == ()


def test_kb_gene_row_without_position_is_a_warning_and_the_rest_is_reported(data_dir, tmp_path):
    report = _report(tmp_path, data_dir / "maf" / "cbioportal_no_position_grch37.maf")
    (warning,) = [w for w in report.warnings if "BRAF" in w]
    assert "line 4 (BRAF p.V600E)" in warning and "not assessed" in warning
    assert not any(f.gene == "BRAF" for f in report.findings)
    assert "2 MAF row(s) of sample CCA-150-T could not be checked" in _methods(report)


def test_maf_without_protein_column_or_coordinates_is_refused(tmp_path):
    path = tmp_path / "bare.maf"
    path.write_text(
        "Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\tNCBI_Build\n"
        "IDH1\tMissense_Mutation\tS1\tGRCh37\n"
    )
    with pytest.raises(InputError, match="neither a protein-change column"):
        open_maf(path)


def test_percent_vaf_out_of_range_is_refused_naming_the_column(tmp_path):
    path = tmp_path / "vaf.maf"
    path.write_text(
        _HEADER.rstrip("\n") + "\ti_TumorVAF_WU\n"
        "IDH1\t37\t2\t209113112\tC\tT\tMissense_Mutation\tS1\tp.R132H\t140\n"
    )
    with pytest.raises(InputError, match="i_TumorVAF_WU") as info:
        list(open_maf(path).variants())
    assert info.value.line == 2


def test_row_without_tumor_sample_barcode_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "nameless.maf"
    path.write_text(
        _HEADER
        + "IDH1\tGRCh37\t2\t209113112\tC\tT\tMissense_Mutation\tS1\tp.R132H\n"
        + "KRAS\tGRCh37\t12\t25398284\tC\tT\tMissense_Mutation\t\tp.G12D\n"
    )
    with pytest.raises(InputError, match="no Tumor_Sample_Barcode") as info:
        open_maf(path)
    assert info.value.line == 3


@pytest.mark.parametrize("position", ["inf", "1e999", "abc"])
def test_position_that_is_not_a_number_is_refused_naming_the_field(tmp_path, position):
    path = tmp_path / "pos.maf"
    path.write_text(_HEADER + f"IDH1\tGRCh37\t2\t{position}\tC\tT\tMissense_Mutation\tS1\tp.X\n")
    with pytest.raises(InputError, match="Start_Position is not a number") as info:
        open_maf(path)
    assert (info.value.line, info.value.field) == (2, "Start_Position")
