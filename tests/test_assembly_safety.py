"""The 37/38 mix-up is an error, never a silent 'nothing found'; --reference checks REF."""

from pathlib import Path

import pysam
import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io.reference import ReferenceFasta
from profiler.kb.entries import KnowledgeBase
from profiler.model import SmallVariant

VCF = "vcf"
HEADER38 = (
    "##fileformat=VCFv4.2\n"
    "##contig=<ID=chr7,length=159345973>\n"
    "##contig=<ID=chr12,length=133275309>\n"
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT\n"
)


def report(path: Path, out: Path, **kwargs):
    return build(ReportOptions(out_dir=out, vcf=path, write_pdf=False, **kwargs))


def test_grch37_records_under_a_grch38_header_are_an_error(data_dir, tmp_path):
    with pytest.raises(InputError) as info:
        report(data_dir / VCF / "grch37_records_grch38_header.vcf", tmp_path)
    message = str(info.value)
    assert "BRAF V600E on GRCh37" in message and "record 1" in message


def test_mixup_is_caught_through_the_index_too(data_dir, tmp_path):
    gz = tmp_path / "mix.vcf.gz"
    pysam.tabix_compress(str(data_dir / VCF / "grch37_records_grch38_header.vcf"), str(gz))
    pysam.tabix_index(str(gz), preset="vcf")
    with pytest.raises(InputError, match="GRCh37 VCF labelled"):
        report(gz, tmp_path)


def test_ref_contradicting_the_kb_codon_base_is_an_error(tmp_path):
    # chr12:25245350 is KRAS c.35 on GRCh38, where the + strand base is C (FACTS 1a).
    vcf = tmp_path / "wrong_ref.vcf"
    vcf.write_text(HEADER38 + "chr12\t25245350\t.\tG\tA\t.\tPASS\t.\tGT:AD\t0/1:80,40\n")
    with pytest.raises(InputError) as info:
        report(vcf, tmp_path)
    assert "REF G where GRCh38 has C" in str(info.value) and "KRAS codon 12" in str(info.value)


def test_assembly_option_contradicting_the_header_is_an_error(data_dir, tmp_path):
    with pytest.raises(InputError, match="contradicts"):
        report(data_dir / VCF / "unannotated_grch38.vcf", tmp_path, assembly="GRCh37")


# ----------------------------------------------------------------- --reference FASTA
# A real chr12 is 133 Mb; the fixture FASTA is a contig named like the VCF's, all N up to a
# window around KRAS codons 12/13 (GRCh38), where it holds the FACTS 1a bases: + strand
# 25245347 C (c.38), 25245350 C (c.35), 25245351 C (c.34). Positions therefore match the
# real coordinates; only the window's bases are real.
WINDOW = {25245347: "C", 25245350: "C", 25245351: "C"}


@pytest.fixture
def kras_fasta(tmp_path) -> Path:
    start, end = 25245340, 25245360
    seq = bytearray(b"N" * end)
    for pos in range(start, end):
        seq[pos - 1] = ord("A")
    for pos, base in WINDOW.items():
        seq[pos - 1] = ord(base)
    path = tmp_path / "kras_window.fa"
    with path.open("wb") as handle:
        handle.write(b">chr12 KRAS codon 12/13 window, N elsewhere\n")
        for i in range(0, len(seq), 60):
            handle.write(bytes(seq[i : i + 60]) + b"\n")
    pysam.faidx(str(path))
    return path


def test_reference_fasta_accepts_matching_ref(kb: KnowledgeBase, kras_fasta):
    fasta = ReferenceFasta(
        kras_fasta, "GRCh38", {a: i.contig_lengths for a, i in kb.assemblies.items()}
    )
    fasta.verify(SmallVariant("chr12", 25245350, "C", "T", record=3), "x.vcf")
    fasta.verify(SmallVariant("12", 25245351, "C", "A"), "x.vcf")  # 'chr' added for lookup
    assert fasta.checked == 2


def test_reported_variant_with_wrong_ref_is_an_error_naming_the_record(kras_fasta, tmp_path):
    vcf = tmp_path / "g12d.vcf"
    vcf.write_text(
        HEADER38
        + "chr12\t25245350\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:80,40\n"
        + "chr12\t25245355\t.\tG\tT\t.\tPASS\t.\tGT:AD\t0/1:80,40\n"
    )
    with pytest.raises(InputError) as info:
        report(vcf, tmp_path, reference=kras_fasta)
    assert "record 2" in str(info.value) and "REF G does not match" in str(info.value)


def test_reference_fasta_run_reports_what_was_verified(kras_fasta, tmp_path):
    vcf = tmp_path / "g12d.vcf"
    vcf.write_text(HEADER38 + "chr12\t25245350\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:80,40\n")
    result = report(vcf, tmp_path, reference=kras_fasta)
    assert any("verified against" in line for line in result.methods.small_variant_methods)


def test_fasta_of_the_other_assembly_is_refused(kb, tmp_path):
    path = tmp_path / "chr21_37.fa"
    length = kb.assemblies["GRCh37"].contig_lengths["21"]
    with path.open("w") as handle:
        handle.write(">21\n")
        line = "N" * 100_000 + "\n"
        for _ in range(length // 100_000):
            handle.write(line)
        handle.write("N" * (length % 100_000) + "\n")
    pysam.faidx(str(path))
    with pytest.raises(InputError, match="GRCh37 length"):
        ReferenceFasta(path, "GRCh38", {a: i.contig_lengths for a, i in kb.assemblies.items()})
