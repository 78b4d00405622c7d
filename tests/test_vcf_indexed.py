"""Indexed VCFs: only target regions are read; streaming counts every record; same findings."""

import os

import pysam

from profiler.api import ReportOptions, build
from profiler.io.regions import Region, TargetRegions


def indexed(data_dir, tmp_path, name="mutect2_vep_grch38.vcf"):
    gz = tmp_path / (name + ".gz")
    pysam.tabix_compress(str(data_dir / "vcf" / name), str(gz))
    pysam.tabix_index(str(gz), preset="vcf")
    return gz


def findings(report):
    return sorted((f.gene, f.alteration, f.actionable) for f in report.findings)


def test_indexed_and_streaming_give_the_same_findings(data_dir, tmp_path):
    gz = indexed(data_dir, tmp_path, "unannotated_grch38.vcf")
    fast = build(ReportOptions(out_dir=tmp_path, vcf=gz, write_pdf=False))
    whole = build(ReportOptions(out_dir=tmp_path, vcf=gz, write_pdf=False, use_index=False))
    assert findings(fast) == findings(whole)
    assert whole.methods.variant_stats.scope == "whole file"
    assert fast.methods.variant_stats.scope.startswith("target regions only")
    assert fast.methods.variant_stats.records < whole.methods.variant_stats.records
    assert any("target regions were read" in m for m in fast.methods.small_variant_methods)
    # only KB genes were examined, and the report says so
    assert any("other genes were not examined" in m for m in fast.methods.small_variant_methods)


def test_annotated_vcf_is_read_whole_even_with_an_index(data_dir, tmp_path):
    """Issue 12: every protein-altering variant in any gene is listed, so an annotated VCF is
    read whole (the index is still checked); the findings are those of a plain stream."""
    gz = indexed(data_dir, tmp_path)
    fast = build(ReportOptions(out_dir=tmp_path, vcf=gz, write_pdf=False))
    whole = build(ReportOptions(out_dir=tmp_path, vcf=gz, write_pdf=False, use_index=False))
    assert findings(fast) == findings(whole)
    assert fast.methods.variant_stats.scope == "whole file"
    assert fast.methods.variant_stats.records == 11
    assert any("Every gene was examined" in m for m in fast.methods.small_variant_methods)


def test_streaming_counts_records_outside_targets(data_dir, tmp_path):
    plain = data_dir / "vcf" / "mutect2_vep_grch38.vcf"
    report = build(ReportOptions(out_dir=tmp_path, vcf=plain, write_pdf=False))
    stats = report.methods.variant_stats
    assert (stats.records, stats.alleles) == (11, 12)
    assert stats.passed + stats.filtered == stats.alleles


def test_stale_index_is_not_used(data_dir, tmp_path):
    gz = indexed(data_dir, tmp_path)
    old = gz.stat().st_mtime - 100
    os.utime(str(gz) + ".tbi", (old, old))
    report = build(ReportOptions(out_dir=tmp_path, vcf=gz, write_pdf=False))
    assert report.methods.variant_stats.scope == "whole file"


def test_target_regions_merge_and_match_both_contig_spellings():
    regions = TargetRegions([Region("7", 100, 200), Region("chr7", 150, 300), Region("X", 5, 5)])
    assert len(regions) == 2
    assert regions.overlaps("chr7", 250, 250) and regions.overlaps("7", 90, 100)
    assert not regions.overlaps("7", 301, 400) and not regions.overlaps("chr8", 150, 150)
    assert regions.overlaps("chrX", 5, 5)
    assert regions.query_strings(["chr7", "chrX"]) == ["chr7:100-300", "chrX:5-5"]
