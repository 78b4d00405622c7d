"""At a KB codon the genomic position decides the protein change, whatever transcript the
annotator used: BRAF V600E annotated only on MANE Plus Clinical (p.Val640Glu) is V600E;
an MNV crossing the KRAS codon 11/12 boundary is G12C; a MANE Select label that agrees is
kept as written."""

import pytest

from profiler.annotate.codons import CodonIndex
from profiler.annotate.hotspots import HotspotIndex
from profiler.api import ReportOptions, build
from profiler.io.hgvs import short_protein_change
from profiler.io.maf import open_maf
from profiler.io.vcf import open_vcf
from profiler.model import SmallVariant

OTHER_ONLY = "mutect2_vep_other_transcript_only_grch38.vcf"


def _report(tmp_path, **inputs):
    return build(ReportOptions(out_dir=tmp_path, write_pdf=False, **inputs))


def _finding(report, gene):
    (found,) = [f for f in report.findings if f.gene == gene]
    return found


def test_braf_v600e_annotated_only_on_mane_plus_clinical_is_v600e_not_v640e(data_dir, tmp_path):
    report = _report(tmp_path, vcf=data_dir / "vcf" / OTHER_ONLY)
    braf = _finding(report, "BRAF")
    assert braf.alteration == "V600E" and braf.actionable and braf.kb_id == "BRAF_V600E"
    assert braf.tier != "III"
    assert braf.transcript == "NM_004333.6"
    assert (braf.hgvs_p, braf.hgvs_c) == ("p.Val600Glu", "c.1799T>A")
    assert braf.detail["annotation_source"] == "VEP + KB hotspot"
    assert (
        "V640E on ENST00000644969.2 (MANE Plus Clinical) normalised to V600E on NM_004333.6 "
        "from the genomic position." in braf.notes
    )


def test_braf_v600e_refseq_only_annotation_on_nm_001374258_is_v600e(data_dir, tmp_path):
    report = _report(
        tmp_path, vcf=data_dir / "vcf" / "mutect2_vep_refseq_braf_plus_clinical_grch38.vcf"
    )
    braf = _finding(report, "BRAF")
    assert braf.alteration == "V600E" and braf.actionable and braf.kb_id == "BRAF_V600E"
    assert braf.transcript == "NM_004333.6"
    assert any(
        n.startswith("V640E on NM_001374258.1 (MANE Plus Clinical) normalised to V600E")
        for n in braf.notes
    )
    assert "V640E" not in str([f.hgvs_p for f in report.findings])


def test_idh1_r132c_annotated_only_on_other_transcript_is_r132c(data_dir, tmp_path):
    report = _report(tmp_path, vcf=data_dir / "vcf" / OTHER_ONLY)
    idh1 = _finding(report, "IDH1")
    assert idh1.alteration == "R132C" and idh1.actionable and idh1.kb_id == "IDH1_R132"
    assert (idh1.transcript, idh1.hgvs_c) == ("NM_005896.4", "c.394C>T")
    assert any(n.startswith("R100C on ENST00000999999.1 normalised to R132C") for n in idh1.notes)


def test_mane_select_annotation_that_agrees_is_kept_as_written(kb, data_dir):
    source = open_vcf(data_dir / "vcf" / OTHER_ONLY, kb)
    index = HotspotIndex(kb, source.assembly.assembly)
    (kras,) = [v for v in source.variants() if v.gene == "KRAS"]
    assert index.annotate(kras) is kras  # untouched: transcript, HGVS and source as VEP wrote
    assert (kras.transcript, kras.hgvs_p) == ("ENST00000311936.8", "p.Gly12Cys")
    assert kras.annotation_source == "VEP" and kras.notes == ()


def test_mane_select_annotation_contradicting_the_position_is_replaced(kb):
    index = HotspotIndex(kb, "GRCh38")
    wrong = SmallVariant(
        "chr7", 140753336, "A", "T", gene="BRAF", transcript="NM_004333.6",
        hgvs_p="p.Val600Lys", annotation_source="VEP",
    )  # fmt: skip
    named = index.annotate(wrong)
    assert short_protein_change(named.hgvs_p) == "V600E"
    assert "normalised to V600E" in named.notes[0]


def test_mnv_across_kras_codon_11_12_boundary_in_vcf_is_g12c(data_dir, tmp_path):
    report = _report(tmp_path, vcf=data_dir / "vcf" / "mutect2_mnv_kras_codon_boundary_grch38.vcf")
    kras = _finding(report, "KRAS")
    assert kras.alteration == "G12C" and kras.actionable and kras.kb_id == "KRAS_G12C"
    assert kras.locus == "chr12:25245351 CA>AG"
    assert any("chr12:25245352 A>G" in n and "not named" in n for n in kras.notes)


@pytest.mark.parametrize(
    ("name", "neighbour"),
    [
        ("kras_codon_boundary_dnp_grch37.maf", "12:25398286 A>G"),
        ("kras_codon_boundary_dnp_grch38.maf", "chr12:25245352 A>G"),
    ],
)
def test_maf_dnp_across_kras_codon_boundary_is_g12c_on_both_assemblies(
    data_dir, tmp_path, name, neighbour
):
    report = _report(tmp_path, maf=data_dir / "maf" / name)
    kras = _finding(report, "KRAS")
    assert kras.alteration == "G12C" and kras.actionable and kras.kb_id == "KRAS_G12C"
    assert kras.transcript == "NM_004985.5" and kras.hgvs_c == "c.34G>T"
    assert any(neighbour in n for n in kras.notes)
    assert any("confirmed as G12C on NM_004985.5" in n for n in kras.notes)


def test_boundary_mnv_split_by_codon_keeps_unknown_bases_unknown(kb):
    index = CodonIndex(kb, "GRCh37")
    call = index.call("12", 25398285, "CA", "AG")
    (change,) = call.changes
    assert change.codon.id == "KRAS_G12" and change.hgvs_c == "c.34G>T"
    assert change.alt_aa is None  # TGN: the KB's third base is N, so not translated
    assert [(b.pos, b.ref, b.alt) for b in call.outside] == [(25398286, "A", "G")]
    assert index.change("12", 25398285, "CA", "AG") is None  # not wholly inside one codon
    hotspots = HotspotIndex(kb, "GRCh37")
    # c.34G>A next to the boundary: AGN is Ser or Arg, and no hotspot names it: unknown
    named = hotspots.annotate(SmallVariant("12", 25398285, "CA", "TG"))
    assert named.hgvs_p is None and named.gene == "KRAS" and named.hgvs_c == "c.34G>A"
    # c.35G>A (GAN: Asp or Glu) is the FACTS G12D hotspot allele, so its codon part is G12D
    named = hotspots.annotate(SmallVariant("12", 25398284, "CCA", "TCG"))
    assert named.hgvs_p == "p.Gly12Asp" and "12:25398286 A>G" in named.notes[0]


def test_mnv_changing_kras_g12_and_g13_is_named_as_one_allele(kb):
    # c.35G>T (G12V) and c.38G>A (G13D) in one MNV, + strand 25245347-25245350 CCCC>TCCA
    named = HotspotIndex(kb, "GRCh38").annotate(SmallVariant("chr12", 25245347, "CCCC", "TCCA"))
    assert named.hgvs_p == "p.[Gly12Val;Gly13Asp]" and named.hgvs_c == "c.[35G>T;38G>A]"


def test_maf_row_without_position_or_alleles_does_not_crash_codon_lookup(kb, data_dir):
    """cBioPortal rows with no position raised IndexError in annotate/codons.py."""
    assert CodonIndex(kb, "GRCh37").call("", 0, "", "") is None
    path = data_dir / "maf" / "cbioportal_no_position_grch37.maf"
    source = open_maf(path, is_kb_gene=lambda g: g in kb.genes)
    assert list(source.variants()) == []  # neither row reaches the codon lookup
    tp53, braf = source.unusable
    assert (tp53.line, tp53.in_kb_gene) == (3, False)
    assert (braf.line, braf.gene, braf.label, braf.in_kb_gene) == (4, "BRAF", "p.V600E", True)
    (warning,) = source.warnings()  # the KB-gene row that cannot be checked is a warning
    assert "line 4 (BRAF p.V600E): no genomic position" in warning and "not assessed" in warning


def test_maf_row_without_position_outside_kb_genes_is_read(kb, tmp_path):
    path = tmp_path / "tp53_only.maf"
    path.write_text(
        "Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tReference_Allele\t"
        "Tumor_Seq_Allele2\tVariant_Classification\tTumor_Sample_Barcode\tHGVSp_Short\n"
        "TP53\tGRCh37\t\t\t\t\tMissense_Mutation\tS1\tp.R175H\n"
    )
    report = _report(tmp_path / "out", maf=path)
    assert report.findings == () or all(f.gene != "TP53" for f in report.findings)
