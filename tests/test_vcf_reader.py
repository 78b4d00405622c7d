"""VCF reading as callers write it: sample choice, VAF/depth, transcript choice, hotspots."""

import shutil

import pysam
import pytest

from profiler.annotate.hotspots import HotspotIndex
from profiler.annotate.match import match_small_variant
from profiler.errors import InputError
from profiler.io.hgvs import short_protein_change
from profiler.io.vcf import open_vcf

VCF = "vcf"


def variants(path, kb, **kwargs):
    source = open_vcf(path, kb, **kwargs)
    return source, list(source.variants())


def by_pos(found, pos):
    (hit,) = [v for v in found if v.pos == pos]
    return hit


# ---------------------------------------------------------------- tumor sample choice


def test_tumor_sample_from_mutect2_header(kb, data_dir):
    source, found = variants(data_dir / VCF / "mutect2_vep_grch38.vcf", kb)
    assert source.tumor_sample == "CCA-017-T"
    assert source.normal_sample == "CCA-017-N"
    idh1 = by_pos(found, 208248389)
    assert idh1.vaf == pytest.approx(0.306)  # tumor column's AF, not the normal's
    assert idh1.depth == 234


def test_multisample_without_header_lists_samples(kb, data_dir):
    with pytest.raises(InputError) as info:
        open_vcf(data_dir / VCF / "multisample_no_tumor_header.vcf", kb)
    message = str(info.value)
    assert "S1_TUMOR_LIB" in message and "S2_NORMAL_LIB" in message and "--sample" in message


def test_multisample_with_sample_option(kb, data_dir):
    source, found = variants(
        data_dir / VCF / "multisample_no_tumor_header.vcf",
        kb,
        sample="S1_TUMOR_LIB",
        assembly="GRCh38",
    )
    assert source.tumor_sample == "S1_TUMOR_LIB"
    first = by_pos(found, 208248389)
    assert first.alt_reads == 68 and first.depth == 218


def test_unknown_sample_option_is_an_error(kb, data_dir):
    with pytest.raises(InputError, match="CCA-017-N, CCA-017-T"):
        open_vcf(data_dir / VCF / "mutect2_vep_grch38.vcf", kb, sample="NOPE")


def test_strelka_tumor_column_and_tier1_vaf(kb, data_dir):
    source, found = variants(data_dir / VCF / "strelka2_somatic_snvs_grch38.vcf", kb)
    assert source.tumor_sample == "TUMOR"
    idh1 = by_pos(found, 208248389)
    # AU tier1 = 128 (ALT A), GU tier1 = 284 (REF G): 128 / 412
    assert idh1.alt_reads == 128
    assert idh1.vaf == pytest.approx(128 / 412, abs=1e-4)


# ----------------------------------------------------------- annotation / transcript


def test_vep_mane_select_chosen_over_transcript_listed_first(kb, data_dir):
    _, found = variants(data_dir / VCF / "mutect2_vep_grch38.vcf", kb)
    idh1 = by_pos(found, 208248389)
    assert idh1.transcript == "ENST00000345146.7"
    assert idh1.hgvs_c == "c.394C>T"
    assert short_protein_change(idh1.hgvs_p) == "R132C"


def test_braf_never_reported_as_v640e(kb, data_dir):
    _, found = variants(data_dir / VCF / "mutect2_vep_grch38.vcf", kb)
    braf = by_pos(found, 140753336)
    assert short_protein_change(braf.hgvs_p) == "V600E"
    assert braf.transcript.startswith("ENST00000646891")


def test_multiallelic_record_split_with_right_ad_index(kb, data_dir):
    _, found = variants(data_dir / VCF / "mutect2_vep_grch38.vcf", kb)
    first, second = [v for v in found if v.pos == 98765432]
    assert (first.alt, first.alt_reads) == ("C", 61)
    assert (second.alt, second.alt_reads) == ("T", 4)
    assert first.vaf == pytest.approx(0.19) and second.vaf == pytest.approx(0.015)


def test_snpeff_kb_transcript_chosen(kb, data_dir):
    source, found = variants(data_dir / VCF / "snpeff_grch37.vcf", kb)
    assert source.annotation.tool == "SnpEff"
    assert source.assembly.assembly == "GRCh37"
    kras = by_pos(found, 25398285)
    assert kras.transcript.startswith("NM_004985")
    assert short_protein_change(kras.hgvs_p) == "G12C"
    erbb2 = by_pos(found, 37868208)
    assert short_protein_change(erbb2.hgvs_p) == "S310F"


def test_filtered_records_are_counted_and_flagged(kb, data_dir):
    source, found = variants(data_dir / VCF / "mutect2_vep_grch38.vcf", kb)
    kras = by_pos(found, 25245351)
    assert kras.filters == ("weak_evidence",)
    stats = source.stats
    assert stats.records == 11 and stats.alleles == 12
    assert stats.passed + stats.filtered == stats.alleles
    match = match_small_variant(kras, kb)
    assert match is not None and match.rule.id == "KRAS_G12C" and not match.reportable


# ------------------------------------------------------- unannotated hotspot matching


@pytest.mark.parametrize(
    ("name", "assembly", "expected"),
    [
        (
            "unannotated_grch38.vcf",
            "GRCh38",
            {
                208248388: "R132H",
                140753336: "V600E",
                25245351: "G12C",
                25245350: "G12D",
                39711955: "S310F",
            },
        ),
        (
            "unannotated_grch37.vcf",
            "GRCh37",
            {
                209113112: "R132H",
                140453136: "V600E",
                25398285: "G12C",
                25398284: "G12D",
                37868208: "S310F",
            },
        ),
    ],
)
def test_unannotated_hotspots_named_from_kb(kb, data_dir, name, assembly, expected):
    source, found = variants(data_dir / VCF / name, kb)
    assert source.assembly.assembly == assembly
    assert source.annotation is None
    index = HotspotIndex(kb, assembly)
    named = {v.pos: short_protein_change(index.annotate(v).hgvs_p) for v in found}
    for pos, protein in expected.items():
        assert named[pos] == protein, pos


def test_kras_g12d_is_never_g12c(kb, data_dir):
    _, found = variants(data_dir / VCF / "unannotated_grch38.vcf", kb)
    index = HotspotIndex(kb, "GRCh38")
    g12d = index.annotate(by_pos(found, 25245350))
    match = match_small_variant(g12d, kb)
    assert match.alteration == "G12D" and match.rule is None


def test_unannotated_variant_in_target_gene_listed_without_consequence(kb, data_dir):
    _, found = variants(data_dir / VCF / "unannotated_grch38.vcf", kb)
    index = HotspotIndex(kb, "GRCh38")
    in_idh1 = index.annotate(by_pos(found, 208240117))
    assert in_idh1.gene == "IDH1" and in_idh1.hgvs_p is None
    match = match_small_variant(in_idh1, kb)
    assert match is not None and match.rule is None
    assert "not determined" in match.notes[0]


def test_wrong_assembly_option_is_an_error(kb, data_dir):
    with pytest.raises(InputError, match="contradicts"):
        open_vcf(data_dir / VCF / "unannotated_grch38.vcf", kb, assembly="GRCh37")


# --------------------------------------------------------------------- file handling


def test_bgzipped_vcf_reads_the_same(kb, data_dir, tmp_path):
    plain = data_dir / VCF / "mutect2_vep_grch38.vcf"
    gz = tmp_path / "m.vcf.gz"
    pysam.tabix_compress(str(plain), str(gz))
    _, a = variants(plain, kb)
    _, b = variants(gz, kb)
    assert a == b


def test_missing_file_and_non_vcf(kb, tmp_path, data_dir):
    with pytest.raises(InputError, match="not found"):
        open_vcf(tmp_path / "absent.vcf", kb)
    bogus = tmp_path / "fusions.vcf"
    shutil.copy(next((data_dir / "fusions").glob("*.tsv")), bogus)
    with pytest.raises(InputError) as info:
        open_vcf(bogus, kb)
    assert str(bogus) in str(info.value)


def test_blank_or_comment_line_in_data_is_refused_on_the_whole_file_path(kb, data_dir, tmp_path):
    """Regression: with TMB (every record read through cyvcf2) a blank line was accepted."""
    lines = (data_dir / VCF / "tmb_vep_grch38.vcf").read_text().splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    for intruder in ("", "# a comment"):
        path = tmp_path / "intruder.vcf"
        path.write_text("\n".join([*header, *body[:3], intruder, *body[3:]]) + "\n")
        source = open_vcf(path, kb)
        with pytest.raises(InputError, match="record 4"):
            list(source.variants())
