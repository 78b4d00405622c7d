"""Unannotated SNVs/MNVs in a KB codon are named by translating the codon, on both assemblies."""

import pytest

from profiler.annotate.codons import CodonIndex, complement, translate
from profiler.annotate.hotspots import HotspotIndex
from profiler.annotate.match import match_small_variant
from profiler.io.hgvs import short_protein_change
from profiler.io.vcf import open_vcf
from profiler.model import SmallVariant

# (gene codon, c. change, + strand REF>ALT at the first position) per assembly, with the
# expected one-letter change (None: not determinable without the unknown third base).
CASES = [
    # BRAF V600 (minus strand). V600E dinucleotide and V600K are FACTS 1a rows.
    ("GRCh38", "7", 140753335, "CA", "TT", "V600E", "c.1799_1800delinsAA"),
    ("GRCh37", "7", 140453135, "CA", "TT", "V600E", "c.1799_1800delinsAA"),
    ("GRCh38", "7", 140753336, "AC", "TT", "V600K", "c.1798_1799delinsAA"),
    ("GRCh37", "7", 140453136, "AC", "TT", "V600K", "c.1798_1799delinsAA"),
    ("GRCh38", "7", 140753336, "A", "T", "V600E", "c.1799T>A"),
    ("GRCh37", "7", 140453136, "A", "G", "V600A", "c.1799T>C"),
    ("GRCh38", "7", 140753337, "C", "T", "V600M", "c.1798G>A"),
    # IDH1 R132 (minus strand, codon CGT fully known).
    ("GRCh38", "2", 208248389, "G", "A", "R132C", "c.394C>T"),
    ("GRCh37", "2", 209113112, "C", "T", "R132H", "c.395G>A"),
    ("GRCh38", "2", 208248388, "C", "A", "R132L", "c.395G>T"),
    ("GRCh37", "2", 209113113, "G", "C", "R132G", "c.394C>G"),
    ("GRCh38", "2", 208248388, "CG", "AA", "R132F", "c.394_395delinsTT"),
    # KRAS G12/G13 (minus strand, third base unknown): named only where unambiguous.
    ("GRCh38", "12", 25245350, "C", "A", "G12V", "c.35G>T"),
    ("GRCh37", "12", 25398284, "C", "G", "G12A", "c.35G>C"),
    ("GRCh38", "12", 25245350, "C", "T", None, "c.35G>A"),  # GAN: Asp or Glu
    ("GRCh37", "12", 25398285, "C", "A", None, "c.34G>T"),  # TGN: Cys, Trp or stop
    ("GRCh38", "12", 25245351, "C", "G", "G12R", "c.34G>C"),
    ("GRCh37", "12", 25398281, "C", "A", "G13V", "c.38G>T"),
    # ERBB2 (plus strand).
    ("GRCh38", "17", 39724747, "G", "C", "V777L", "c.2329G>C"),
    ("GRCh37", "17", 37868208, "C", "T", None, "c.929C>T"),  # TTN: Phe or Leu
]


@pytest.mark.parametrize(("assembly", "chrom", "pos", "ref", "alt", "protein", "hgvs_c"), CASES)
def test_codon_translation(kb, assembly, chrom, pos, ref, alt, protein, hgvs_c):
    change = CodonIndex(kb, assembly).change(f"chr{chrom}", pos, ref, alt)
    assert change is not None
    assert change.hgvs_c == hgvs_c
    assert short_protein_change(change.hgvs_p) == protein


@pytest.mark.parametrize("assembly", ["GRCh37", "GRCh38"])
def test_kras_g12d_and_g12v_are_never_g12c(kb, assembly):
    index = HotspotIndex(kb, assembly)
    pos = {"GRCh37": 25398284, "GRCh38": 25245350}[assembly]
    for alt, expected in (("T", "G12D"), ("A", "G12V")):
        named = index.annotate(SmallVariant("12", pos, "C", alt))
        assert short_protein_change(named.hgvs_p) == expected
        match = match_small_variant(named, kb)
        assert match.alteration == expected and match.rule is None  # only G12C has a rule


def test_undetermined_codon_change_is_listed_with_a_note(kb):
    named = HotspotIndex(kb, "GRCh38").annotate(SmallVariant("chr12", 25245351, "C", "T"))
    assert named.gene == "KRAS" and named.hgvs_p is None and named.hgvs_c == "c.34G>A"
    match = match_small_variant(named, kb)
    assert match is not None and match.rule is None
    assert any("cannot be determined" in n for n in match.notes)


def test_indels_and_variants_outside_codons_are_not_translated(kb):
    index = CodonIndex(kb, "GRCh38")
    assert index.change("chr7", 140753336, "A", "AT") is None
    assert index.change("chr7", 140753300, "A", "T") is None
    assert index.change("chr12", 25245348, "CC", "AA") is None  # spans codons 12 and 13


@pytest.mark.parametrize("name", ["freebayes_mnv_grch38.vcf", "freebayes_mnv_grch37.vcf"])
def test_unannotated_mnv_fixtures_named_without_vep(kb, data_dir, name):
    source = open_vcf(data_dir / "vcf" / name, kb)
    index = HotspotIndex(kb, source.assembly.assembly)
    named = {
        (v.pos, v.alt): short_protein_change(index.annotate(v).hgvs_p) for v in source.variants()
    }
    expected = {
        "freebayes_mnv_grch38.vcf": {
            (140753335, "TT"): "V600E",
            (25245350, "A"): "G12V",
            (25245347, "T"): "G13D",
            (208248388, "A"): "R132L",
        },
        "freebayes_mnv_grch37.vcf": {
            (140453136, "TT"): "V600K",
            (140453136, "G"): "V600A",
            (25398284, "G"): "G12A",
        },
    }[name]
    assert named == expected


def test_braf_v600e_mnv_is_actionable_as_v600e(kb, data_dir):
    source = open_vcf(data_dir / "vcf" / "freebayes_mnv_grch38.vcf", kb)
    index = HotspotIndex(kb, "GRCh38")
    (mnv,) = [index.annotate(v) for v in source.variants() if v.pos == 140753335]
    match = match_small_variant(mnv, kb)
    assert match.alteration == "V600E" and match.rule.id == "BRAF_V600E"


def test_codon_bases_agree_with_every_hotspot_ref_allele(kb):
    """Completeness check: the codon table and the FACTS 1a hotspot REFs never disagree."""
    checked = 0
    for assembly in ("GRCh37", "GRCh38"):
        index = CodonIndex(kb, assembly)
        for hotspot in kb.hotspots:
            locus = hotspot.coordinates[assembly]
            for offset, base in enumerate(locus.ref):
                expected = index.reference_base(locus.chrom, locus.pos + offset)
                if expected is not None:
                    assert expected == base, (hotspot.id, assembly)
                    checked += 1
    assert checked >= 2 * len(kb.hotspots)


def test_genetic_code_and_unknown_bases():
    assert translate("GTG") == "V" and translate("GAA") == "E" and translate("TAA") == "*"
    assert translate("GTN") == "V" and translate("GAN") is None
    assert complement("ACGTN") == "TGCAN"
