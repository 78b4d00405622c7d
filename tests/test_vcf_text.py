"""The text pre-filter of the streaming path gives what cyvcf2 record by record gives.

Every comparison reads one file twice with the same target regions: once through
`VcfSource._streamed` (cyvcf2 for every record, the reference) and once through the text
pre-filter (`VcfSource.variants` on a text VCF), and wants the same SmallVariants, in the
same order, with the same record numbers, and the same counts.
"""

import gzip
import shutil

import pysam
import pytest

from profiler.annotate.tmb import CODING
from profiler.errors import InputError
from profiler.io import vcf_stream, vcf_text
from profiler.io.regions import Region, TargetRegions
from profiler.io.vcf import open_vcf
from profiler.io.vcf_index import BGZF_EOF
from profiler.io.vcf_stream import text_flavour
from profiler.io.vcf_text import alt_alleles, filter_class
from profiler.small_variants import SmallVariantSettings, open_small_variants, target_regions

VCF = "vcf"

# (fixture, open_vcf options): every fixture that opens, with what it needs to open.
FIXTURES = [
    ("mutect2_vep_grch38.vcf", {}),
    ("mutect2_tumor_only_vep_ann_grch38.vcf", {}),
    ("mutect1_grch37.vcf", {}),
    ("snpeff_grch37.vcf", {}),
    ("snpeff_eff_legacy_grch37.vcf", {}),
    ("unannotated_grch37.vcf", {}),
    ("unannotated_grch38.vcf", {}),
    ("multisample_no_tumor_header.vcf", {"sample": "S1_TUMOR_LIB"}),
    ("strelka2_somatic_snvs_grch38.vcf", {}),
    ("strelka2_somatic_indels_grch38.vcf", {}),
    ("varscan2_somatic_grch38.vcf", {"assembly": "GRCh38"}),
    ("vardict_paired_grch37.vcf", {"sample": "CCA-052-T"}),
    ("freebayes_mnv_grch37.vcf", {}),
    ("freebayes_mnv_grch38.vcf", {}),
    ("deepvariant_grch38.vcf", {}),
    ("sites_only_grch38.vcf", {}),
    ("tmb_vep_grch38.vcf", {}),
    ("grch37_records_grch38_header.vcf", {}),
]


def both_paths(path, kb, regions, **options):
    """(variants, stats) through cyvcf2 for every record, then through the pre-filter."""
    reference = open_vcf(path, kb, **options)
    expected = list(reference._streamed(regions))
    source = open_vcf(path, kb, **options)
    assert source._text is not None, "a text VCF takes the pre-filter"
    got = list(source.variants(regions, use_index=False))
    return (expected, reference.stats), (got, source.stats)


def kb_regions(kb, source):
    return target_regions(kb, source.assembly.assembly, [])


def every_record_region(path):
    """Regions around each record of a small file: everything goes through htslib."""
    regions = []
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            chrom, pos = line.split("\t")[:2]
            regions.append(Region(chrom, int(pos), int(pos)))
    return TargetRegions(regions)


@pytest.mark.parametrize(("name", "options"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_every_fixture_reads_the_same_with_kb_regions(kb, data_dir, name, options):
    path = data_dir / VCF / name
    regions = kb_regions(kb, open_vcf(path, kb, **options))
    expected, got = both_paths(path, kb, regions, **options)
    assert got == expected


@pytest.mark.parametrize(("name", "options"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_every_fixture_reads_the_same_with_no_or_all_records_in_regions(
    kb, data_dir, name, options
):
    path = data_dir / VCF / name
    nothing = TargetRegions([Region("chr1", 1, 1)])
    everything = every_record_region(path)
    for regions in (nothing, everything):
        expected, got = both_paths(path, kb, regions, **options)
        assert got == expected


def test_fixture_counts_are_those_of_the_cyvcf2_path(kb, data_dir):
    path = data_dir / VCF / "mutect2_vep_grch38.vcf"
    source = open_vcf(path, kb)
    variants = list(source.variants(kb_regions(kb, source), use_index=False))
    stats = source.stats
    # 11 records, one multi-allelic (12 alleles); the same numbers test_vcf_indexed.py wants
    assert (stats.records, stats.alleles, stats.scope) == (11, 12, "whole file")
    assert stats.passed + stats.filtered == 12
    assert {v.record for v in variants} <= set(range(1, 12))
    assert all(v.record is not None for v in variants)


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of a few bytes and batches of two lines: every boundary case happens."""
    monkeypatch.setattr(vcf_stream, "CHUNK_BYTES", 7)
    monkeypatch.setattr(vcf_text, "BATCH_LINES", 2)


@pytest.mark.parametrize("name", ["mutect2_vep_grch38.vcf", "strelka2_somatic_snvs_grch38.vcf"])
def test_tiny_chunks_and_batches_read_the_same(kb, data_dir, small_chunks, name):
    path = data_dir / VCF / name
    regions = kb_regions(kb, open_vcf(path, kb))
    expected, got = both_paths(path, kb, regions)
    assert got == expected


@pytest.mark.parametrize("chunk", [5, 7, 64, 1 << 20])
def test_crlf_reads_the_same_at_every_chunk_size(kb, data_dir, tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(vcf_stream, "CHUNK_BYTES", chunk)
    lf = data_dir / VCF / "mutect2_vep_grch38.vcf"
    crlf = tmp_path / "crlf.vcf"
    crlf.write_bytes(lf.read_bytes().replace(b"\n", b"\r\n"))
    regions = kb_regions(kb, open_vcf(lf, kb))
    expected, _ = both_paths(lf, kb, regions)
    _, got = both_paths(crlf, kb, regions)
    assert got == expected


@pytest.mark.parametrize("bgzip", [True, False], ids=["bgzip", "gzip-module"])
def test_bgzipped_and_gzipped_read_the_same(kb, data_dir, tmp_path, monkeypatch, bgzip):
    plain = data_dir / VCF / "mutect2_vep_grch38.vcf"
    bgzf = tmp_path / "m.vcf.gz"
    pysam.tabix_compress(str(plain), str(bgzf))
    gz = tmp_path / "m.gzip.vcf.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    if not bgzip:
        monkeypatch.setattr(vcf_stream.shutil, "which", lambda name: None)
    elif shutil.which("bgzip") is None:
        pytest.skip("bgzip is not installed")
    regions = kb_regions(kb, open_vcf(plain, kb))
    expected, _ = both_paths(plain, kb, regions)
    for path in (bgzf, gz):
        assert text_flavour(path) == "gzip"
        _, got = both_paths(path, kb, regions)
        assert got == expected


def test_bcf_keeps_the_cyvcf2_path(kb, data_dir, tmp_path):
    plain = data_dir / VCF / "unannotated_grch38.vcf"
    bcf = tmp_path / "u.bcf"
    with (
        pysam.VariantFile(str(plain)) as src,
        pysam.VariantFile(str(bcf), "wb", header=src.header) as out,
    ):
        for record in src:
            out.write(record)
    assert text_flavour(bcf) is None
    source = open_vcf(bcf, kb)
    assert source._text is None
    regions = kb_regions(kb, source)
    got = [(v.locus, v.vaf, v.record) for v in source.variants(regions, use_index=False)]
    want = [(v.locus, v.vaf, v.record) for v in open_vcf(plain, kb)._streamed(regions)]
    assert got == want


# ------------------------------------------------------- a file of awkward records

HEADER = (
    "##fileformat=VCFv4.2\n"
    '##FILTER=<ID=PASS,Description="All filters passed">\n'
    '##FILTER=<ID=q10,Description="Quality below 10">\n'
    '##FILTER=<ID=weak_evidence,Description="weak">\n'
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    '##INFO=<ID=END,Number=1,Type=Integer,Description="End position">\n'
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
    "##contig=<ID=chr1,length=248956422>\n"
    "##contig=<ID=chr7,length=159345973>\n"
    "##contig=<ID=chr12,length=133275309>\n"
    "##tumor_sample=T\n"
    "##normal_sample=N\n"
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tN\tT\n"
)
N = "0/0:30,0:30"


def row(chrom, pos, ref, alt, filt="PASS", info="DP=60", tumor="0/1:20,10:30", normal=N):
    return f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\t{filt}\t{info}\tGT:AD:DP\t{normal}\t{tumor}\n"


AWKWARD = [
    row("chr1", 1000, "A", "G"),
    row("chr1", 1001, "A", "G,T", tumor="0/1:20,5,5:30"),  # multi-allelic
    row("chr1", 1002, "A", "G,*", tumor="0/1:20,5,5:30"),  # spanning deletion allele
    row("chr1", 1003, "A", "<DEL>", info="DP=60;END=1100"),  # symbolic, END outside targets
    row("chr1", 1004, "A", "."),  # no ALT allele
    row("chr1", 1005, "A", "G", filt="."),
    row("chr1", 1006, "A", "G", filt="q10"),
    row("chr1", 1007, "A", "G", filt="q10;weak_evidence"),
    row("chr1", 1008, "A", "G", filt="PASS;q10"),  # cyvcf2 says "PASS;q10": filtered
    row("chr1", 1009, "A", "G", filt="PASS;"),  # cyvcf2 says None: PASS
    row("chr1", 1010, "A", "G", filt="undeclared"),
    row("chr1", 1011, "A", "G", filt="q10;"),
    row("chr1", 1012, "A", "G,,T", tumor="0/1:20,5,0,5:30"),  # htslib reads the gap as '.'
    row("chr1", 1013, "A", "", tumor="0/1:20,5:30"),  # an empty ALT is one '.' allele
    row("chr1", 1014, "", "G"),  # empty REF
    row("chr1", "+1015", "A", "G"),  # htslib takes a leading '+'
    row("chr1", "01016", "A", "G"),
    row("chrUn_KI270302v1", 50, "A", "G"),  # a contig the header does not declare
    row("chr7", 140700000, "A", "G", info="DP=60;END=140753400"),  # END reaches BRAF
    row("chr7", 140753336, "A", "T", tumor="0/1:140,60:200"),  # BRAF V600E
    row("chr7", 140753336, "A", "G,C", filt="q10", tumor="0/1:140,60,2:202"),  # no A>T: a duplicate
    row("chr12", 25245351, "C", "A", filt="weak_evidence", tumor="0/1:80,20:100"),  # KRAS
    row("chr12", 25245351, "C", "T", tumor=".:.:."),  # missing FORMAT values (not C>A: a duplicate)
    row("chr12", 25245350, "CC", "AA", tumor="0/1:80,20:100"),  # MNV overlapping KRAS
    row("chr12", 9, "A", "<INS>", filt="PASS", info="."),
    "chr12\t10\t.\tA\tG\t.\tPASS\tDP=5\n",  # FORMAT and samples left out: htslib accepts it
    row("chr12", 11, "A", "G").rstrip("\n") + "\textra\n",  # one column more than the header
]


def awkward_file(tmp_path, rows=AWKWARD, name="awkward.vcf"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows))
    return path


def test_awkward_records_read_the_same(kb, tmp_path):
    path = awkward_file(tmp_path)
    regions = target_regions(kb, "GRCh38", [])
    expected, got = both_paths(path, kb, regions)
    assert got == expected
    variants, stats = got
    assert stats.records == len(AWKWARD)
    assert {v.record for v in variants if v.chrom == "chr7"} == {19, 20, 21}


def test_awkward_records_read_the_same_at_every_chunk_size(kb, tmp_path, small_chunks):
    path = awkward_file(tmp_path)
    for regions in (target_regions(kb, "GRCh38", []), TargetRegions([Region("chr1", 1, 1)])):
        expected, got = both_paths(path, kb, regions)
        assert got == expected


def test_awkward_records_without_a_final_newline(kb, tmp_path):
    path = tmp_path / "no_newline.vcf"
    path.write_text(HEADER + "".join(AWKWARD).rstrip("\n"))
    expected, got = both_paths(path, kb, target_regions(kb, "GRCh38", []))
    assert got == expected


def test_header_only_file_has_no_records(kb, tmp_path):
    path = tmp_path / "empty.vcf"
    path.write_text(HEADER)
    expected, got = both_paths(path, kb, target_regions(kb, "GRCh38", []))
    assert got == expected
    assert got[1].records == 0


# ------------------------------------------------------------- malformed records


def refusal(kb, path, **options):
    source = open_vcf(path, kb, **options)
    regions = kb_regions(kb, source)
    with pytest.raises(InputError) as caught:
        list(source.variants(regions, use_index=False))
    return str(caught.value)


def test_non_numeric_position_names_the_record(kb, data_dir):
    message = refusal(kb, data_dir / VCF / "malformed_position.vcf")
    assert "record 4 (counting data lines from 1) is malformed" in message
    assert "malformed_position.vcf" in message


@pytest.mark.parametrize(
    ("bad", "number"),
    [
        ("chr1\t2000\t.\tA\tG\t.\tPASS\n", 3),  # 7 columns
        ("chr1\t2000\t.\tA\tG\t.\tPASS\tDP=1\tGT:AD:DP\t0/1:3,4:7\n", 3),  # one sample short
        ("chr1\t-5\t.\tA\tG\t.\tPASS\tDP=1\tGT:AD:DP\t0/0:1,0:1\t0/1:3,4:7\n", 3),
        ("chr1\t2000\t.\tA\tG\t.\tPASS \tDP=1\tGT:AD:DP\t0/0:1,0:1\t0/1:3,4:7\n", 3),
    ],
    ids=["seven-columns", "sample-missing", "negative-pos", "filter-with-space"],
)
def test_malformed_line_outside_targets_names_its_record(kb, tmp_path, bad, number):
    rows = [
        row("chr1", 1000, "A", "G"),
        row("chr1", 1001, "A", "G"),
        bad,
        row("chr1", 3000, "A", "G"),
    ]
    path = awkward_file(tmp_path, rows)
    message = refusal(kb, path)
    assert f"record {number} (counting data lines from 1) is malformed" in message
    # the TMB path (the whole file, coding PASS records read closely) names the same record
    reading = open_small_variants(
        kb,
        vcf=path,
        maf=None,
        sample=None,
        assembly=None,
        settings=SmallVariantSettings(min_depth=0, min_vaf=0.0),
    )
    with pytest.raises(InputError) as caught:
        list(reading.variants(also_terms=CODING))
    assert f"record {number} (counting data lines from 1) is malformed" in str(caught.value)


@pytest.mark.parametrize(
    ("bad", "what"),
    [("\n", "an empty line"), ("   \n", "an empty line"), ("#x\n", "a '#' line")],
    ids=["empty", "blank", "hash"],
)
def test_empty_and_hash_lines_are_refused(kb, tmp_path, bad, what):
    # htslib itself crashes on these lines, so the pre-filter refuses them first
    rows = [row("chr1", 1000, "A", "G"), bad, row("chr1", 3000, "A", "G")]
    message = refusal(kb, awkward_file(tmp_path, rows))
    assert "record 2 (counting data lines from 1) is malformed" in message
    assert what in message


def test_trailing_empty_line_is_refused(kb, tmp_path):
    path = awkward_file(tmp_path, [row("chr1", 1000, "A", "G"), "\n"])
    assert "record 2 (counting data lines from 1) is malformed: an empty line" in refusal(kb, path)


def test_the_first_malformed_record_is_named(kb, tmp_path, small_chunks):
    rows = [
        row("chr1", 1000, "A", "G"),
        row("chr1", "1x01", "A", "G"),  # bad POS: goes to htslib in a batch
        row("chr1", 1002, "A", "G"),
        "\n",  # refused by the pre-filter itself, after the batch before it
    ]
    message = refusal(kb, awkward_file(tmp_path, rows))
    assert "record 2 (counting data lines from 1) is malformed" in message


def test_allele_fraction_error_in_a_target_names_the_record(kb, tmp_path):
    rows = [row("chr1", 1000, "A", "G"), row("chr7", 140753336, "A", "T", tumor="0/1:1,1:2")]
    bad = rows[1].replace("GT:AD:DP", "GT:AD:AF:DP").replace("0/1:1,1:2", "0/1:1,1:1.7:2")
    bad = bad.replace(N, "0/0:30,0:0:30")
    path = tmp_path / "af.vcf"
    header = HEADER.replace(
        "##FORMAT=<ID=DP",
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">\n##FORMAT=<ID=DP',
    )
    path.write_text(header + rows[0] + bad)
    message = refusal(kb, path)
    assert message.count("record 2") == 1 and "outside 0-1" in message


# ------------------------------------------------------------- the small rules


@pytest.mark.parametrize(
    ("alt", "n"),
    [
        (b"G", 1),
        (b"G,T", 2),
        (b"G,*", 1),
        (b"*", 0),
        (b"<DEL>", 0),
        (b"G,<NON_REF>", 1),
        (b".", 0),
        (b"G,.", 2),  # cyvcf2 lists '.' as an allele: counted like any other
        (b"A[chr1:500[", 1),  # breakend notation is not '<...>': counted
        (b"", -1),
        (b"G,,T", -1),
    ],
)
def test_alt_alleles_follow_count_only(alt, n):
    assert alt_alleles(alt) == n


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (b"PASS", 1),
        (b".", 1),
        (b"q10", 0),
        (b"q10;PASS", 0),
        (b"PASS;PASS", 0),
        (b"PASS;", -1),
        (b"", -1),
        (b"undeclared", -1),
        (b"PASS ", -1),
    ],
)
def test_filter_class(value, kind):
    assert filter_class(value, frozenset({b"PASS", b"q10"})) == kind


def test_text_flavour(tmp_path, data_dir):
    plain = data_dir / VCF / "unannotated_grch38.vcf"
    assert text_flavour(plain) == "plain"
    other = tmp_path / "x.txt"
    other.write_text("gene\tvalue\n")
    assert text_flavour(other) is None
    assert text_flavour(tmp_path / "missing.vcf") is None


def test_only_target_and_doubtful_lines_reach_htslib(kb, tmp_path):
    path = awkward_file(tmp_path)
    source = open_vcf(path, kb)
    prefilter = vcf_text.TextPrefilter(
        path, "plain", target_regions(kb, "GRCh38", []), vcf_text.header_facts(source._vcf)
    )
    sent = [number for batch in prefilter.batches() for number, _ in batch.lines]
    assert sent == [
        4,  # INFO/END on a chromosome with target regions
        *(10, 11, 12),  # FILTER 'PASS;', an undeclared name, 'q10;'
        *(13, 14),  # ALT with an empty allele, an empty ALT
        16,  # POS '+1015'
        *range(19, 25),  # END reaching BRAF; BRAF and KRAS records
        26,  # fewer columns than the header
        27,  # more columns than the header
    ]
    counts = prefilter.counts
    assert counts.records == len(AWKWARD) - len(sent)


def test_report_records_the_sha256_of_the_vcf(kb, data_dir, tmp_path):
    # hashed in a background thread while the VCF is read (provenance.sha256_in_background)
    import hashlib

    from profiler.api import ReportOptions, build

    path = data_dir / VCF / "mutect2_vep_grch38.vcf"
    report = build(ReportOptions(out_dir=tmp_path, vcf=path, write_pdf=False), kb)
    (vcf_input,) = [i for i in report.provenance.inputs if i.role == "vcf"]
    assert vcf_input.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_missing_vcf_is_still_an_input_error(kb, tmp_path):
    from profiler.api import ReportOptions, build

    with pytest.raises(InputError, match="file not found"):
        build(ReportOptions(out_dir=tmp_path, vcf=tmp_path / "none.vcf", write_pdf=False), kb)


@pytest.mark.parametrize("bgzip", [True, False], ids=["bgzip", "gzip-module"])
def test_truncated_gzip_is_an_input_error(kb, data_dir, tmp_path, monkeypatch, bgzip):
    text = (data_dir / VCF / "mutect2_vep_grch38.vcf").read_bytes()
    cut = text.index(b"\n", text.index(b"\n#CHROM") + 1) + 1
    parts = []
    for name, part in (("header", text[:cut]), ("data", text[cut:])):  # BGZF files concatenate
        (tmp_path / name).write_bytes(part)
        pysam.tabix_compress(str(tmp_path / name), str(tmp_path / f"{name}.gz"))
        parts.append((tmp_path / f"{name}.gz").read_bytes())
    truncated = tmp_path / "cut.vcf.gz"
    # the data block cut short; the end-of-file block kept, or opening refuses it already
    truncated.write_bytes(parts[0] + parts[1][:200] + BGZF_EOF)
    if not bgzip:
        monkeypatch.setattr(vcf_stream.shutil, "which", lambda name: None)
    elif shutil.which("bgzip") is None:
        pytest.skip("bgzip is not installed")
    source = open_vcf(truncated, kb)
    with pytest.raises(InputError, match="cannot decompress"):
        list(source.variants(kb_regions(kb, source), use_index=False))


def test_unrunnable_bgzip_falls_back_to_the_gzip_module(kb, data_dir, tmp_path, monkeypatch):
    plain = data_dir / VCF / "mutect2_vep_grch38.vcf"
    gz = tmp_path / "m.vcf.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    not_a_program = tmp_path / "bgzip"
    not_a_program.write_text("not executable\n")
    monkeypatch.setattr(vcf_stream.shutil, "which", lambda name: str(not_a_program))
    regions = kb_regions(kb, open_vcf(plain, kb))
    expected, _ = both_paths(plain, kb, regions)
    _, got = both_paths(gz, kb, regions)
    assert got == expected
