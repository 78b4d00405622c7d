"""Structural-variant VCFs as fusions: BND orientation, gene strand, mate merging, reads.

Caller fixtures are in tests/data/sv (see its README); the orientation rule is also
tested on the VCF 4.2 specification's own examples and on small VCFs written in
tmp_path for the cases no caller fixture shows (antisense joins, two KB genes).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from profiler.errors import InputError
from profiler.io.fusions import detect_fusion_format
from profiler.io.sv_vcf import (
    LEFT,
    RIGHT,
    Breakend,
    is_unmapped_partner,
    kept_end,
    parse_bnd_alt,
    read_sv_vcf,
)
from profiler.model import Fusion

DATA = Path(__file__).parent / "data" / "sv"
MANTA = DATA / "manta_somaticSV_grch38.vcf"
GRIDSS = DATA / "gridss_somatic_grch38.vcf"
DELLY = DATA / "delly_somatic_grch38.vcf"


def calls(fusions: list[Fusion]) -> list[tuple]:
    return [
        (f.gene5, f.gene3, f.breakpoint5, f.breakpoint3, f.junction_reads, f.spanning_reads)
        for f in fusions
    ]


# ------------------------------------------------------------------ the orientation rule


@pytest.mark.parametrize(
    ("alt", "local", "mate"),
    [  # VCF 4.2 section 5.4: the four ALT forms
        ("G[17:198983[", LEFT, Breakend("17", 198983, RIGHT)),  # t[p[
        ("G]17:198982]", LEFT, Breakend("17", 198982, LEFT)),  # t]p]
        ("]13:123456]T", RIGHT, Breakend("13", 123456, LEFT)),  # ]p]t
        ("[13:123457[A", RIGHT, Breakend("13", 123457, RIGHT)),  # [p[t
        ("CAGTNNNNNCA[2:321682[", LEFT, Breakend("2", 321682, RIGHT)),  # inserted bases
        ("[chr10:121482301[T", RIGHT, Breakend("chr10", 121482301, RIGHT)),
    ],
)
def test_bracket_alt_gives_the_kept_side_of_both_breakends(alt, local, mate) -> None:
    assert parse_bnd_alt(alt) == (local, mate)


@pytest.mark.parametrize("alt", ["G.", ".A", "<DEL>", "C[<ctg1>:7[", "A", "G]17:198982[", "]1:5]"])
def test_alleles_without_a_mate_breakend_are_not_parsed(alt: str) -> None:
    assert parse_bnd_alt(alt) is None


def test_spec_figure_1_mates_describe_the_same_adjacency() -> None:
    # bnd_W (2:321681 G]17:198982]) and bnd_Y (17:198982 A]2:321681]) are mates.
    side_w, mate_w = parse_bnd_alt("G]17:198982]")
    side_y, mate_y = parse_bnd_alt("A]2:321681]")
    assert {("2", 321681, side_w), (mate_w.chrom, mate_w.pos, mate_w.side)} == {
        (mate_y.chrom, mate_y.pos, mate_y.side),
        ("17", 198982, side_y),
    }


@pytest.mark.parametrize(
    ("strand", "side", "end"),
    [("+", LEFT, "5'"), ("+", RIGHT, "3'"), ("-", LEFT, "3'"), ("-", RIGHT, "5'")],
)
def test_kept_gene_end_follows_strand_and_side(strand: str, side: str, end: str) -> None:
    assert kept_end(strand, side) == end


# ------------------------------------------------------------------------------ Manta


def test_manta_pair_makes_fgfr2_the_5_prime_partner_and_merges_mates(kb) -> None:
    fusions = read_sv_vcf(MANTA, kb, sample="CCA042_T")

    assert calls(fusions) == [
        # INV3 junction: BICC1 5' (not in the KB) joined to FGFR2's 3' end
        ("chr10:58811204(no KB gene)", "FGFR2", "chr10:58811204:+", "chr10:121482300:-", 6, 9),
        # INV5 junction: FGFR2 5' (exons 1-17) joined to BICC1's 3' end
        ("FGFR2", "chr10:58811205(no KB gene)", "chr10:121482301:-", "chr10:58811205:+", 11, 14),
        ("chr12:11869969(no KB gene)", "NTRK3", "chr12:11869969:+", "chr15:87940521:-", None, 4),
    ]
    # four BND records, two events; each fusion points at its first record's line
    assert [f.record for f in fusions] == [65, 66, 69]
    assert {f.caller for f in fusions} == {"Manta"}
    assert [f.confidence for f in fusions] == [
        "PASS",
        "PASS",
        "filtered: MinSomaticScore; IMPRECISE",
    ]


def test_manta_non_genic_and_intragenic_events_are_not_fusions(kb) -> None:
    names = [f.name for f in read_sv_vcf(MANTA, kb, sample="CCA042_T")]

    assert not any("chr3:" in n or "chr8:" in n for n in names)  # no KB gene at either end
    assert not any("ERBB2" in n for n in names)  # a deletion inside ERBB2


def test_manta_two_samples_need_the_tumor_named(kb) -> None:
    with pytest.raises(InputError, match="CCA042_N, CCA042_T"):
        read_sv_vcf(MANTA, kb)


def test_mate_order_does_not_change_the_event(kb, tmp_path: Path) -> None:
    lines = MANTA.read_text().splitlines()
    body = [line for line in lines if not line.startswith("#")]
    reordered = tmp_path / "reordered.vcf"
    reordered.write_text("\n".join([*[x for x in lines if x.startswith("#")], *body[::-1]]) + "\n")

    fusions = read_sv_vcf(reordered, kb, sample="CCA042_T")

    assert sorted(calls(fusions), key=str) == sorted(
        calls(read_sv_vcf(MANTA, kb, sample="CCA042_T")), key=str
    )


# ----------------------------------------------------------------------------- GRIDSS


def test_gridss_pair_makes_ret_the_3_prime_partner_with_the_larger_mate_counts(kb) -> None:
    (fusion,) = read_sv_vcf(GRIDSS, kb)  # samples "normal"/"tumor": the tumor is found

    assert calls([fusion]) == [
        ("chr10:59890337(no KB gene)", "RET", "chr10:59890337:-", "chr10:43114711:+", 17, 12)
    ]
    assert (fusion.caller, fusion.confidence) == ("GRIDSS", "PASS")


def test_gridss_legacy_parid_pairs_still_merge(kb, tmp_path: Path) -> None:
    text = GRIDSS.read_text().replace(";MATEID=", ";PARID=")
    text = text.replace(
        "##INFO=<ID=MATEID",
        '##INFO=<ID=PARID,Number=1,Type=String,Description="ID of partner breakend">\n'
        "##INFO=<ID=MATEID",
    )
    legacy = tmp_path / "gridss_legacy.vcf"
    legacy.write_text(text)

    assert calls(read_sv_vcf(legacy, kb)) == calls(read_sv_vcf(GRIDSS, kb))


# ------------------------------------------------------------------------------ DELLY


def test_delly_inversion_and_single_record_translocation(kb) -> None:
    fusions = read_sv_vcf(DELLY, kb, sample="CCA042_T")

    assert calls(fusions) == [
        # <INV> CT=5to5: both keep their right side (POS+1, END+1): TPM3 5', NTRK1 3'
        ("chr1:154168914(no KB gene)", "NTRK1", "chr1:154168914:-", "chr1:156872048:+", 9, 11),
        # BND CT=3to3, one record: ETV6 5' (left), NTRK3 3' (left, '-' gene)
        ("chr12:11869969(no KB gene)", "NTRK3", "chr12:11869969:+", "chr15:87940521:-", 12, 14),
    ]
    assert fusions[0].confidence == "PASS; <INV> 2703134 bp"
    assert {f.caller for f in fusions} == {"DELLY"}


# ------------------------------------------------------------- rules on small VCFs

_HEADER = [
    "##fileformat=VCFv4.2",
    '##INFO=<ID=SVTYPE,Number=1,Type=String,Description="Type of structural variant">',
    '##INFO=<ID=MATEID,Number=.,Type=String,Description="ID of mate breakend">',
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End position">',
    '##INFO=<ID=IMPRECISE,Number=0,Type=Flag,Description="Imprecise structural variation">',
]


def write_vcf(path: Path, records: list[str], contigs: dict[str, int]) -> Path:
    header = _HEADER + [f"##contig=<ID={c},length={n}>" for c, n in contigs.items()]
    columns = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"
    path.write_text("\n".join([*header, columns, *records]) + "\n")
    return path


@pytest.fixture
def grch38_chr10(kb) -> dict[str, int]:
    return {"chr10": kb.assemblies["GRCh38"].contig_lengths["10"]}


def bnd(chrom: str, pos: int, ident: str, alt: str, mate: str) -> str:
    return f"{chrom}\t{pos}\t{ident}\tN\t{alt}\t.\tPASS\tSVTYPE=BND;MATEID={mate}"


def test_two_kb_genes_in_sense_give_one_fusion(kb, tmp_path, grch38_chr10) -> None:
    # RET (+) keeps its left (5' end) at 43100000; FGFR2 (-) keeps its left (3' end).
    path = write_vcf(
        tmp_path / "sense.vcf",
        [
            bnd("chr10", 43100000, "a", "N]chr10:121490000]", "b"),
            bnd("chr10", 121490000, "b", "N]chr10:43100000]", "a"),
        ],
        grch38_chr10,
    )

    assert [f.name for f in read_sv_vcf(path, kb)] == ["RET::FGFR2"]


def test_head_to_head_join_gives_each_gene_an_antisense_partner(kb, tmp_path, grch38_chr10) -> None:
    # RET keeps its left (5'), FGFR2 keeps its right (5'): no sense transcript joins them.
    path = write_vcf(
        tmp_path / "head_to_head.vcf",
        [
            bnd("chr10", 43100000, "a", "N[chr10:121490000[", "b"),
            bnd("chr10", 121490000, "b", "]chr10:43100000]N", "a"),
        ],
        grch38_chr10,
    )

    names = [f.name for f in read_sv_vcf(path, kb)]

    assert names == ["RET::FGFR2(antisense)", "FGFR2::RET(antisense)"]
    assert all(is_unmapped_partner(n.split("::")[1]) for n in names)


def test_deletion_spanning_two_kb_genes_is_a_fusion(kb, tmp_path) -> None:
    chr2 = {"chr2": kb.assemblies["GRCh38"].contig_lengths["2"]}
    record = "chr2\t47600000\tdel1\tN\t<DEL>\t.\tPASS\tSVTYPE=DEL;END=47700000"
    (fusion,) = read_sv_vcf(write_vcf(tmp_path / "del.vcf", [record], chr2), kb)

    # MSH2 (+) keeps its left at POS (5'); MSH6 (+) keeps its right from END+1 (3').
    assert (fusion.name, fusion.breakpoint5, fusion.breakpoint3) == (
        "MSH2::MSH6",
        "chr2:47600000:+",
        "chr2:47700001:+",
    )
    assert fusion.confidence == "PASS; <DEL> 100000 bp"
    assert fusion.junction_reads is None and fusion.spanning_reads is None  # caller unknown


def test_intragenic_bnd_is_not_a_fusion(kb, tmp_path, grch38_chr10) -> None:
    record = bnd("chr10", 121490000, "a", "N[chr10:121500000[", "b")
    assert read_sv_vcf(write_vcf(tmp_path / "intra.vcf", [record], grch38_chr10), kb) == []


def test_grch37_file_without_chr_uses_grch37_spans(kb, tmp_path) -> None:
    chr10 = {"10": kb.assemblies["GRCh37"].contig_lengths["10"]}
    record = bnd("10", 123241800, "a", "[10:60571200[N", "b")  # inside FGFR2 on GRCh37 only
    (fusion,) = read_sv_vcf(write_vcf(tmp_path / "b37.vcf", [record], chr10), kb)

    assert (fusion.gene5, fusion.gene3) == ("FGFR2", "10:60571200(no KB gene)")
    assert fusion.record == 8  # header of 7 lines; a lone record is its own event


def test_assembly_contradicting_the_header_is_refused(kb) -> None:
    with pytest.raises(InputError, match="contradicts"):
        read_sv_vcf(GRIDSS, kb, assembly="GRCh37")


def test_assembly_that_cannot_be_told_must_be_given(kb, tmp_path) -> None:
    path = write_vcf(tmp_path / "bare.vcf", [bnd("chr10", 121490000, "a", "N[chr1:5[", "b")], {})
    with pytest.raises(InputError, match="--assembly"):
        read_sv_vcf(path, kb)

    (fusion,) = read_sv_vcf(path, kb, "GRCh38")
    assert (fusion.gene5, fusion.gene3) == ("chr1:5(no KB gene)", "FGFR2")


def test_gzip_and_crlf_give_the_same_calls(kb, tmp_path) -> None:
    packed = tmp_path / "gridss.vcf.gz"
    packed.write_bytes(gzip.compress(GRIDSS.read_bytes()))
    dos = tmp_path / "gridss_dos.vcf"
    dos.write_bytes(GRIDSS.read_bytes().replace(b"\n", b"\r\n"))

    expected = read_sv_vcf(GRIDSS, kb)
    for path in (packed, dos):
        got = read_sv_vcf(path, kb)
        assert calls(got) == calls(expected)
        assert [f.record for f in got] == [f.record for f in expected]


def test_bcf_is_detected_and_read_without_line_numbers(kb, tmp_path) -> None:
    from cyvcf2 import VCF, Writer

    bcf = tmp_path / "gridss.bcf"
    source = VCF(str(GRIDSS))
    writer = Writer(str(bcf), source, mode="wb")
    for record in source:
        writer.write_record(record)
    writer.close()

    assert detect_fusion_format(bcf) == "sv-vcf"
    fusions = read_sv_vcf(bcf, kb)
    assert calls(fusions) == calls(read_sv_vcf(GRIDSS, kb))
    assert [f.record for f in fusions] == [None]  # BCF has no text lines to point at


def test_missing_and_foreign_files_are_input_errors(kb, tmp_path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_sv_vcf(tmp_path / "absent.vcf", kb)
    table = tmp_path / "fusions.tsv"
    table.write_text("gene5\tgene3\nFGFR2\tBICC1\n")
    with pytest.raises(InputError):
        read_sv_vcf(table, kb)


def test_malformed_record_names_its_line(kb, tmp_path) -> None:
    bad = tmp_path / "bad.vcf"
    bad.write_text(GRIDSS.read_text().replace("chr10\t59890337\t", "chr10\tabc\t"))

    with pytest.raises(InputError, match="malformed VCF record 3") as caught:
        read_sv_vcf(bad, kb)

    assert caught.value.line == 104 + 3  # 104 header lines, then the third record


def test_every_fixture_is_documented() -> None:
    readme = (DATA / "README.md").read_text()
    present = {p.name for p in DATA.iterdir() if p.name != "README.md"}
    assert all(f"`{name}`" in readme for name in present)
