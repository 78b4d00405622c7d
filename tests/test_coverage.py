"""Coverage at target loci (--bam): states, read filters, assemblies, CRAM and refusals.

Every BAM/CRAM is written with pysam inside the test (tests/alignment_fixtures.py): the
header has the real chromosome lengths of the assembly, reads exist only at the loci.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pysam
import pytest
from alignment_fixtures import pile, write_bam, write_fasta, write_vcf

from profiler.annotate.coverage import (
    CONFIDENCE,
    MIN_ALT_READS,
    binomial_min_depth,
    checklist_coverage,
    coverage_thresholds,
    target_loci,
)
from profiler.api import build
from profiler.errors import InputError
from profiler.options import ReportOptions
from profiler.render.json_report import render_json

IDH1_38 = (208248387, 208248388, 208248389)  # IDH1 R132 on GRCh38 (c.396, c.395, c.394)
IDH1_37 = (209113111, 209113112, 209113113)  # the same codon on GRCh37
KRAS_G12_38 = (25245349, 25245350, 25245351)
BRAF_V600_38 = (140753335, 140753336, 140753337)

# A BAM flag per excluded read kind (SAM specification)
DUPLICATE, SECONDARY, SUPPLEMENTARY, QCFAIL = 0x400, 0x100, 0x800, 0x200


@pytest.fixture(autouse=True)
def _quiet_htslib():
    """htslib's own stderr notes (CRAM reference embedding) are not test output."""
    before = pysam.set_verbosity(0)
    yield
    pysam.set_verbosity(before)


def _run(tmp_path, kb, reads, calls=(), assembly="GRCh38", **options):
    tmp_path.mkdir(parents=True, exist_ok=True)
    bam = write_bam(tmp_path / "tumor.bam", kb, assembly, reads)
    vcf = write_vcf(tmp_path / "calls.vcf", kb, assembly, list(calls))
    return build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam, **options), kb)


def test_threshold_is_the_binomial_depth_for_the_lod_vaf():
    depth = binomial_min_depth(0.05, MIN_ALT_READS, CONFIDENCE)

    def p_seen(n: int) -> float:  # independent check with exact integer binomials
        return 1 - sum(math.comb(n, i) * 0.05**i * 0.95 ** (n - i) for i in range(MIN_ALT_READS))

    assert p_seen(depth) >= CONFIDENCE > p_seen(depth - 1)
    assert coverage_thresholds(lod_vaf=0.05, tumor_purity=None).min_depth == depth


def test_low_purity_lowers_the_expected_vaf_and_raises_the_threshold():
    pure = coverage_thresholds(lod_vaf=0.05, tumor_purity=0.6)  # purity/2 = 0.3 > LoD
    poor = coverage_thresholds(lod_vaf=0.05, tumor_purity=0.06)  # purity/2 = 0.03 < LoD
    assert pure.expected_vaf == 0.05 and pure.min_depth == binomial_min_depth(0.05, 5, 0.95)
    assert poor.expected_vaf == pytest.approx(0.03)
    assert poor.min_depth == binomial_min_depth(0.03, 5, 0.95) > pure.min_depth


def test_a_zero_lod_needs_an_explicit_threshold():
    with pytest.raises(InputError, match="--min-coverage"):
        coverage_thresholds(lod_vaf=0.0, tumor_purity=None)
    assert coverage_thresholds(lod_vaf=0.0, tumor_purity=None, min_coverage=300).min_depth == 300


def test_every_kb_codon_is_a_target_locus_on_both_assemblies(kb):
    for assembly in ("GRCh37", "GRCh38"):
        ids = {locus.id for locus in target_loci(kb, assembly)}
        assert {c.id for c in kb.codons} <= ids
        every_hotspot_base = {
            (h.coordinates[assembly].chrom, h.coordinates[assembly].pos + i)
            for h in kb.hotspots
            for i in range(len(h.coordinates[assembly].ref))
        }
        covered = {(lc.chrom, p) for lc in target_loci(kb, assembly) for p in lc.positions}
        assert every_hotspot_base <= covered


def test_covered_wild_type_is_not_detected(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_38, 250))
    locus = report.coverage.locus("IDH1_R132")
    assert locus.state == "not_detected"
    assert locus.depth == 250
    assert locus.text == "not detected, covered at 250×"
    assert checklist_coverage(report.coverage)["idh1_r132"] == "not detected, covered at 250×"


def test_low_coverage_is_indeterminate_with_its_depth(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_38, 8))
    locus = report.coverage.locus("IDH1_R132")
    assert locus.state == "indeterminate"
    assert locus.text == "indeterminate: 8× at IDH1 R132"
    # loci without any read are indeterminate at 0x, never "not detected"
    assert report.coverage.locus("BRAF_V600").text == "indeterminate: 0× at BRAF V600"


def test_alt_reads_without_a_call_are_a_possible_missed_call_never_a_finding(tmp_path, kb):
    reads = pile("2", IDH1_38, 300, alt={208248388: ("T", 12)})  # R132H-making base
    report = _run(tmp_path, kb, reads)
    locus = report.coverage.locus("IDH1_R132")
    assert locus.state == "not_detected"
    assert locus.possible_missed_call.startswith("possible missed call: 12 of 300 reads")
    assert "IDH1 R132H" in locus.possible_missed_call
    assert not any(f.gene == "IDH1" for f in report.findings)
    assert any("possible missed call: 12 of 300 reads" in w for w in report.warnings)


def test_two_alt_reads_are_not_flagged(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_38, 300, alt={208248388: ("T", 2)}))
    assert report.coverage.locus("IDH1_R132").possible_missed_call is None


def test_a_called_variant_is_detected(tmp_path, kb):
    reads = pile("2", IDH1_38, 200, alt={208248388: ("T", 50)})
    report = _run(tmp_path, kb, reads, calls=[("2", 208248388, "C", "T")])
    locus = report.coverage.locus("IDH1_R132")
    assert locus.state == "detected"
    assert locus.calls == ("R132H",)
    assert locus.possible_missed_call is None
    assert locus.text == "detected: R132H (200× at IDH1 R132)"


def test_another_allele_at_the_codon_leaves_the_named_one_not_detected(tmp_path, kb):
    reads = pile("12", KRAS_G12_38, 250, alt={25245350: ("T", 60)})
    report = _run(tmp_path, kb, reads, calls=[("12", 25245350, "C", "T")])  # G12D
    assert report.coverage.locus("KRAS_G12").calls == ("G12D",)
    text = checklist_coverage(report.coverage)["kras_g12c"]
    assert text == "not detected (KRAS G12: G12D), covered at 250×"


def test_duplicates_secondary_supplementary_qcfail_low_mapq_and_low_baseq_are_excluded(
    tmp_path, kb
):
    reads = [
        *pile("2", IDH1_38, 100, tag="good"),
        *pile("2", IDH1_38, 100, flag=DUPLICATE, alt={208248388: ("T", 100)}, tag="dup"),
        *pile("2", IDH1_38, 100, flag=SECONDARY, alt={208248388: ("T", 100)}, tag="sec"),
        *pile("2", IDH1_38, 100, flag=SUPPLEMENTARY, alt={208248388: ("T", 100)}, tag="sup"),
        *pile("2", IDH1_38, 100, flag=QCFAIL, alt={208248388: ("T", 100)}, tag="qc"),
        *pile("2", IDH1_38, 100, mapq=10, alt={208248388: ("T", 100)}, tag="mq"),
        *pile("2", IDH1_38, 100, baseq=10, alt={208248388: ("T", 100)}, tag="bq"),
    ]
    report = _run(tmp_path, kb, reads)
    locus = report.coverage.locus("IDH1_R132")
    assert locus.depths == (100, 100, 100)
    assert locus.possible_missed_call is None  # every alt read was in an excluded class
    assert locus.text == "indeterminate: 100× at IDH1 R132"  # below the derived 181x
    relaxed = _run(tmp_path / "relaxed", kb, reads, min_mapq=0, min_baseq=0)
    assert relaxed.coverage.locus("IDH1_R132").depth == 300  # MAPQ 10 and BQ 10 reads count


def test_overlapping_mates_count_once(tmp_path, kb):
    reads = pile("2", IDH1_38, 200, tag="pair")
    mates = pile("2", IDH1_38, 200, tag="pair")  # same names: the other mate of each pair
    for first, second in zip(reads, mates, strict=True):
        first.flag, second.flag = 0x1 | 0x2 | 0x40 | 0x20, 0x1 | 0x2 | 0x80 | 0x10
    report = _run(tmp_path, kb, reads + mates)
    assert report.coverage.locus("IDH1_R132").depth == 200


def test_grch37_coordinates_are_used_on_a_grch37_run(tmp_path, kb):
    reads = pile("2", IDH1_37, 250) + pile("2", IDH1_38, 250, tag="wrong")
    report = _run(tmp_path, kb, reads, assembly="GRCh37")
    locus = report.coverage.locus("IDH1_R132")
    assert locus.positions == IDH1_37
    assert locus.state == "not_detected" and locus.depth == 250


def test_grch37_coordinates_on_a_grch38_run_leave_the_codon_uncovered(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_37, 250))
    assert report.coverage.locus("IDH1_R132").text == "indeterminate: 0× at IDH1 R132"


def test_a_grch37_bam_with_a_grch38_vcf_is_refused(tmp_path, kb):
    bam = write_bam(tmp_path / "b37.bam", kb, "GRCh37", pile("2", IDH1_37, 50))
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    with pytest.raises(InputError, match=r"GRCh37 length.*not on the run's assembly \(GRCh38\)"):
        build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam), kb)


def test_an_unindexed_bam_is_refused_naming_the_file(tmp_path, kb):
    bam = write_bam(tmp_path / "noindex.bam", kb, "GRCh38", pile("2", IDH1_38, 50), index=False)
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    with pytest.raises(InputError, match="has no index") as caught:
        build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam), kb)
    assert "noindex.bam" in str(caught.value)


def test_an_index_older_than_its_bam_is_refused(tmp_path, kb):
    bam = write_bam(tmp_path / "stale.bam", kb, "GRCh38", pile("2", IDH1_38, 50))
    index = Path(str(bam) + ".bai")
    os.utime(index, (bam.stat().st_mtime - 60, bam.stat().st_mtime - 60))
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    with pytest.raises(InputError, match="older than the file"):
        build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam), kb)


def test_a_sam_or_text_file_is_not_taken_for_a_bam(tmp_path, kb):
    fake = tmp_path / "reads.bam"
    fake.write_text("@HD\tVN:1.6\n")
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    with pytest.raises(InputError, match="not a BAM or CRAM"):
        build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=fake), kb)


def test_cram_is_read_with_the_reference(tmp_path, kb):
    fasta = write_fasta(tmp_path / "ref.fa", kb, "GRCh38", "12")
    reads = pile("12", KRAS_G12_38, 250, alt={25245351: ("A", 9)})  # G12C-making base
    cram = write_bam(tmp_path / "tumor.cram", kb, "GRCh38", reads, reference=fasta)
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    options = ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=cram, reference=fasta)
    report = build(options, kb)
    locus = report.coverage.locus("KRAS_G12")
    assert locus.depth == 250 and locus.state == "not_detected"
    assert "9 of 250 reads" in locus.possible_missed_call and "G12C" in locus.possible_missed_call
    assert any(i.role == "bam_index" and i.path.endswith(".crai") for i in report.provenance.inputs)
    with pytest.raises(InputError, match=r"CRAM.*--reference"):
        build(ReportOptions(out_dir=tmp_path / "o2", vcf=vcf, bam=cram), kb)


def test_target_bed_gives_a_gene_summary(tmp_path, kb):
    bed = tmp_path / "panel.bed"
    lo = IDH1_38[0] - 20
    bed.write_text(f"chr2\t{lo - 1}\t{lo + 39}\nchr7\t{BRAF_V600_38[0] - 5}\t{BRAF_V600_38[0]}\n")
    report = _run(tmp_path, kb, pile("2", IDH1_38, 250), target_bed=bed, callable_mb=1.0)
    genes = {g.gene: g for g in report.coverage.genes}
    assert genes["IDH1"].bases == 40
    assert genes["IDH1"].fraction_at_threshold == 1.0
    assert 181 <= genes["IDH1"].mean_depth < 250  # fewer reads reach the interval's edges
    assert set(genes) == {"IDH1", "BRAF"}  # only genes the BED reaches
    assert genes["BRAF"].mean_depth == 0 and genes["BRAF"].fraction_at_threshold == 0


def test_json_carries_coverage_and_null_without_a_bam(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_38, 8))
    document = json.loads(render_json(report))  # validated against report.schema.json
    idh1 = next(lc for lc in document["coverage"]["loci"] if lc["id"] == "IDH1_R132")
    assert idh1["state"] == "indeterminate" and idh1["depth"] == 8
    assert document["coverage"]["thresholds"]["min_depth"] == binomial_min_depth(0.05, 5, 0.95)
    assert "binomial" in document["methods"]["coverage_methods"][0]

    vcf = write_vcf(tmp_path / "plain.vcf", kb, "GRCh38", [])
    plain = build(ReportOptions(out_dir=tmp_path / "o", vcf=vcf), kb)
    document = json.loads(render_json(plain))
    assert document["coverage"] is None
    assert "coverage at target loci (no BAM/CRAM given)" in document["methods"]["not_assessed"]


def test_bam_without_small_variant_calls_is_refused(tmp_path, kb):
    bam = write_bam(tmp_path / "t.bam", kb, "GRCh38", pile("2", IDH1_38, 10))
    with pytest.raises(InputError, match="--bam without --vcf"):
        build(ReportOptions(out_dir=tmp_path / "o", cnv=tmp_path / "x.cns", bam=bam), kb)


@pytest.mark.parametrize(
    ("option", "value"), [("min_mapq", 256), ("min_baseq", -1), ("min_coverage", 0)]
)
def test_coverage_options_have_bounds(tmp_path, option, value):
    with pytest.raises(InputError):
        ReportOptions(out_dir=tmp_path, **{option: value})


@pytest.mark.slow
def test_pdf_shows_the_coverage_states(tmp_path, kb):
    import subprocess

    from profiler.api import run_report

    reads = pile("2", IDH1_38, 250, alt={208248388: ("T", 12)}) + pile("7", BRAF_V600_38, 8)
    bam = write_bam(tmp_path / "tumor.bam", kb, "GRCh38", reads)
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    run_report(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam), kb)
    pdf = tmp_path / "out" / "report.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Coverage at target loci" in flat
    assert "Not detected" in flat and "Indeterminate" in flat
    assert "indeterminate: 8× at BRAF V600" in flat
    assert "possible missed call: 12 of 250 reads" in flat
    assert "binomial" in flat


def test_the_bams_sample_is_compared_with_the_case(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_38, 50))
    named = {(s.role, s.sample) for s in report.sample.input_samples}
    assert ("bam", "TUMOR") in named  # the @RG SM of the fixture BAM
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"patient_id": "P1", "tumor_sample_id": "TUMOR"}))  # as the VCF
    bam = write_bam(tmp_path / "other.bam", kb, "GRCh38", pile("2", IDH1_38, 50), sample="T-2")
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    options = ReportOptions(out_dir=tmp_path / "o", vcf=vcf, bam=bam, case=case)
    with pytest.raises(InputError, match="BAM/CRAM names tumor sample 'T-2'"):
        build(options, kb)


def test_a_bam_with_reads_of_several_samples_is_refused(tmp_path, kb):
    bam = write_bam(tmp_path / "two.bam", kb, "GRCh38", pile("2", IDH1_38, 50))
    with pysam.AlignmentFile(str(bam)) as f:
        header = f.header.to_dict()
        reads = list(f.fetch(until_eof=True))
    header["RG"].append({"ID": "normal", "SM": "NORMAL"})
    mixed = tmp_path / "mixed.bam"
    with pysam.AlignmentFile(str(mixed), "wb", header=header) as out:
        for read in reads:
            out.write(read)
    pysam.index(str(mixed))
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    with pytest.raises(InputError, match="several samples"):
        build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=mixed), kb)


def test_a_call_without_any_supporting_read_in_a_covered_bam_is_pointed_out(tmp_path, kb):
    report = _run(tmp_path, kb, pile("2", IDH1_38, 250), calls=[("2", 208248388, "C", "T")])
    locus = report.coverage.locus("IDH1_R132")
    assert locus.state == "detected"
    assert "no read with R132H at 250×" in locus.text


def test_a_csi_index_is_used_like_a_bai(tmp_path, kb):
    bam = write_bam(tmp_path / "t.bam", kb, "GRCh38", pile("2", IDH1_38, 250), index=False)
    pysam.index("-c", str(bam))
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    report = build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam), kb)
    assert report.coverage.locus("IDH1_R132").state == "not_detected"
    assert any(i.path.endswith("t.bam.csi") for i in report.provenance.inputs)


def test_checklist_carries_the_coverage_states(tmp_path, kb):
    reads = pile("2", IDH1_38, 250) + pile("7", BRAF_V600_38, 8)
    report = _run(tmp_path, kb, reads)
    items = {item.id: item for item in report.checklist}
    assert items["idh1_r132"].state == "not_detected"
    assert items["idh1_r132"].coverage == "not detected, covered at 250×"
    # no call at 8x excludes nothing: the negative becomes indeterminate, with its depth
    assert items["braf_v600e"].state == "indeterminate"
    assert items["braf_v600e"].coverage == "indeterminate: 8× at BRAF V600"
    assert items["kras_g12c"].state == "indeterminate"  # no read at all at KRAS G12
    assert items["fgfr2_fusion"].coverage is None  # no locus to cover
    data = json.loads(render_json(report))
    by_id = {item["id"]: item for item in data["checklist"]}
    assert by_id["braf_v600e"]["state"] == "indeterminate"


def test_without_alignments_the_checklist_says_coverage_was_not_assessed(tmp_path, kb):
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    report = build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf), kb)
    items = {item.id: item for item in report.checklist}
    assert items["idh1_r132"].state == "not_detected"
    assert items["idh1_r132"].coverage == "not assessed (no BAM/CRAM given)"
    assert items["msi"].coverage is None


def test_page_one_checklist_shows_indeterminate(tmp_path, kb):
    import subprocess

    from profiler.api import run_report

    reads = pile("2", IDH1_38, 250) + pile("7", BRAF_V600_38, 8)
    bam = write_bam(tmp_path / "tumor.bam", kb, "GRCh38", reads)
    vcf = write_vcf(tmp_path / "calls.vcf", kb, "GRCh38", [])
    run_report(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, bam=bam), kb)
    pdf = tmp_path / "out" / "report.pdf"
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(page1.split())
    assert "Indeterminate" in flat
    assert "indeterminate: 8× at BRAF V600" in flat
    assert "covered at 250×" in flat
