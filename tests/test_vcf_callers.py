"""FORMAT as each caller writes it, annotations under any key, and file flavours (gz, BCF, CRLF)."""

import pysam
import pytest

from profiler.annotate.hotspots import HotspotIndex
from profiler.io.annotations import AnnotationFormat, detect_annotation_format
from profiler.io.hgvs import short_protein_change
from profiler.io.vcf import open_vcf
from profiler.io.vcf_metrics import parse_percent

VCF = "vcf"


def read(data_dir, name, kb, **kwargs):
    source = open_vcf(data_dir / VCF / name, kb, **kwargs)
    return source, list(source.variants())


def at(found, pos, alt=None):
    (hit,) = [v for v in found if v.pos == pos and (alt is None or v.alt == alt)]
    return hit


# ---------------------------------------------------------------------- callers

# (fixture, open kwargs, scheme, position, expected VAF, depth, ALT reads)
CALLER_CASES = [
    ("mutect1_grch37.vcf", {}, "MuTect FA/AD", 209113113, 0.315, 147, 45),
    (
        "strelka2_somatic_snvs_grch38.vcf",
        {},
        "Strelka2 tier-1 counts",
        208248389,
        0.3107,
        None,
        128,
    ),
    ("strelka2_somatic_indels_grch38.vcf", {}, "Strelka2 tier-1 counts", 39724740, 0.3486, 121, 38),
    (
        "varscan2_somatic_grch38.vcf",
        {"assembly": "GRCh38"},
        "VarScan2 FREQ/RD/AD",
        208248389,
        0.3125,
        176,
        55,
    ),
    ("vardict_paired_grch37.vcf", {"sample": "CCA-052-T"}, "AD/AF/DP", 140453136, 0.2889, 180, 52),
    ("freebayes_mnv_grch38.vcf", {}, "FreeBayes RO/AO", 140753335, 0.193, 171, 33),
    ("deepvariant_grch38.vcf", {}, "DeepVariant VAF/AD", 208248388, 0.4083, 120, 49),
    ("mutect2_vep_grch38.vcf", {}, "AD/AF/DP", 208248389, 0.306, 234, 71),
    ("snpeff_grch37.vcf", {}, "AD/AF/DP", 25398285, 0.1812, 320, 58),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "scheme", "pos", "vaf", "depth", "alt_reads"),
    CALLER_CASES,
    ids=[c[0] for c in CALLER_CASES],
)
def test_each_caller_vaf_depth_and_alt_reads(
    kb, data_dir, name, kwargs, scheme, pos, vaf, depth, alt_reads
):
    source, found = read(data_dir, name, kb, **kwargs)
    assert source.caller_scheme == scheme
    hit = at(found, pos)
    assert hit.vaf == pytest.approx(vaf, abs=1e-4)
    if depth is not None:
        assert hit.depth == depth
    assert hit.alt_reads == alt_reads


def test_mutect1_vaf_comes_from_fa_not_ad(kb, data_dir):
    _, found = read(data_dir, "mutect1_grch37.vcf", kb)
    hit = at(found, 209113113)
    assert hit.vaf == 0.315  # FA; AD would give 45/143 = 0.3147
    source = open_vcf(data_dir / VCF / "mutect1_grch37.vcf", kb)
    assert (source.tumor_sample, source.normal_sample) == ("Tumor", "Normal")


def test_deepvariant_vaf_comes_from_vaf_not_ad(kb, data_dir):
    _, found = read(data_dir, "deepvariant_grch38.vcf", kb)
    assert at(found, 208248388).vaf == pytest.approx(49 / 120, abs=1e-4)  # AD: 49/119
    assert at(found, 121520163).filters == ("RefCall",)


def test_strelka_indel_tumor_column_is_used(kb, data_dir):
    source, found = read(data_dir, "strelka2_somatic_indels_grch38.vcf", kb)
    assert (source.tumor_sample, source.normal_sample) == ("TUMOR", "NORMAL")
    assert at(found, 39724740).alt_reads == 38  # tumor TIR tier 1, the normal has 0
    assert source.stats.filtered == 1 and source.stats.passed == 1


def test_varscan_percent_string_and_missing_contigs_need_assembly(kb, data_dir):
    from profiler.errors import InputError

    with pytest.raises(InputError, match="--assembly"):
        open_vcf(data_dir / VCF / "varscan2_somatic_grch38.vcf", kb)
    _, found = read(data_dir, "varscan2_somatic_grch38.vcf", kb, assembly="GRCh38")
    assert at(found, 25245350).vaf == pytest.approx(0.0417)


@pytest.mark.parametrize(
    ("text", "value"),
    [("20.97%", 0.2097), ("0%", 0.0), ("100%", 1.0), ("12,5%", 0.125), (".", None), ("", None)],
)
def test_parse_percent(text, value):
    result = parse_percent(text)
    assert result == (pytest.approx(value) if value is not None else None)


def test_vardict_needs_sample_and_reads_tumor_first_column(kb, data_dir):
    from profiler.errors import InputError

    with pytest.raises(InputError, match="CCA-052-T, CCA-052-N"):
        open_vcf(data_dir / VCF / "vardict_paired_grch37.vcf", kb)
    source, _ = read(data_dir, "vardict_paired_grch37.vcf", kb, sample="CCA-052-T")
    assert source.normal_sample == "CCA-052-N"


def test_sites_only_vcf_has_no_vaf_but_depth_from_info(kb, data_dir):
    source, found = read(data_dir, "sites_only_grch38.vcf", kb)
    assert source.tumor_sample is None and source.caller_scheme == "no allele counts"
    hit = at(found, 208248389)
    assert hit.vaf is None and hit.depth == 233
    named = HotspotIndex(kb, "GRCh38").annotate(hit)
    assert short_protein_change(named.hgvs_p) == "R132C"


# ------------------------------------------------------------------ annotations


def test_vep_output_under_the_ann_key_is_read_as_vep(kb, data_dir):
    source, found = read(data_dir, "mutect2_tumor_only_vep_ann_grch38.vcf", kb)
    assert source.annotation == AnnotationFormat(
        key="ANN", tool="VEP", fields=source.annotation.fields
    )
    idh1 = at(found, 208248389)
    assert short_protein_change(idh1.hgvs_p) == "R132C"
    assert at(found, 39723335).population_af == pytest.approx(0.2114)


def test_legacy_snpeff_eff_prefers_mane_and_reads_hgvs(kb, data_dir):
    source, found = read(data_dir, "snpeff_eff_legacy_grch37.vcf", kb)
    assert source.annotation.tool == "SnpEff EFF" and source.annotation.key == "EFF"
    kras = at(found, 25398285)
    assert kras.transcript == "NM_004985.5"
    assert (kras.hgvs_c, short_protein_change(kras.hgvs_p)) == ("c.34G>T", "G12C")
    assert kras.consequence == "missense_variant"
    braf = at(found, 140453136)
    assert short_protein_change(braf.hgvs_p) == "V600E"
    assert at(found, 25380346).consequence == "intron_variant"


def test_eff_amino_acid_change_without_hgvs_option():
    fmt = detect_annotation_format(
        {
            "EFF": '##INFO=<ID=EFF,Number=.,Type=String,Description="Predicted effects for this '
            "variant.Format: 'Effect ( Effect_Impact | Functional_Class | Codon_Change | "
            "Amino_Acid_change| Amino_Acid_length | Gene_Name | Gene_BioType | Coding | "
            "Transcript | Exon [ | ERRORS | WARNINGS ] )' \">"
        }
    )
    (entry,) = fmt.parse(
        "NON_SYNONYMOUS_CODING(MODERATE|MISSENSE|cGt/cAt|R132H|414|IDH1|"
        "protein_coding|CODING|NM_005896.4|4)"
    )
    assert (entry.gene, entry.transcript, entry.hgvs_p) == ("IDH1", "NM_005896.4", "p.R132H")
    assert short_protein_change(entry.hgvs_p) == "R132H"


# ----------------------------------------------------------------- file flavours


def test_crlf_line_endings_read_like_lf(kb, data_dir, tmp_path):
    lf = data_dir / VCF / "mutect2_vep_grch38.vcf"
    crlf = tmp_path / "crlf.vcf"
    crlf.write_bytes(lf.read_bytes().replace(b"\n", b"\r\n"))
    a = open_vcf(lf, kb)
    b = open_vcf(crlf, kb)
    assert (b.tumor_sample, b.annotation.fields) == (a.tumor_sample, a.annotation.fields)
    assert list(b.variants()) == list(a.variants())


def test_bcf_reads_like_vcf(kb, data_dir, tmp_path):
    plain = data_dir / VCF / "unannotated_grch38.vcf"
    bcf = tmp_path / "u.bcf"
    with (
        pysam.VariantFile(str(plain)) as src,
        pysam.VariantFile(str(bcf), "wb", header=src.header) as out,
    ):
        for record in src:
            out.write(record)
    a, b = open_vcf(plain, kb), open_vcf(bcf, kb)
    assert [(v.locus, v.vaf, v.depth) for v in b.variants()] == [
        (v.locus, v.vaf, v.depth) for v in a.variants()
    ]


def test_chr_and_plain_contig_names_both_match_hotspots(kb, data_dir):
    _, chr_named = read(data_dir, "unannotated_grch38.vcf", kb)
    _, plain_named = read(data_dir, "unannotated_grch37.vcf", kb)
    assert chr_named[0].chrom.startswith("chr") and not plain_named[0].chrom.startswith("chr")
    idx38, idx37 = HotspotIndex(kb, "GRCh38"), HotspotIndex(kb, "GRCh37")
    assert short_protein_change(idx38.annotate(at(chr_named, 140753336)).hgvs_p) == "V600E"
    assert short_protein_change(idx37.annotate(at(plain_named, 140453136)).hgvs_p) == "V600E"
