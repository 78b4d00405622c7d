"""An indexed VCF's .tbi is read once, and reading gives what opening the file plainly gave.

htslib reads a bgzipped VCF's index while it reads the header (to add contigs the header
lacks), and cyvcf2 reads it again for the first region query. When the header declares
every contig the index lists, io/vcf.py opens the file without the first reading.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import asdict
from pathlib import Path

import pysam
import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io import vcf_files as vcf_module
from profiler.io.regions import Region, TargetRegions
from profiler.io.vcf import open_vcf

NAMES = [
    "mutect2_vep_grch38.vcf",
    "mutect2_tumor_only_vep_ann_grch38.vcf",
    "strelka2_somatic_snvs_grch38.vcf",
    "strelka2_somatic_indels_grch38.vcf",
    "deepvariant_grch38.vcf",
    "freebayes_mnv_grch38.vcf",
    "unannotated_grch38.vcf",
    "sites_only_grch38.vcf",
    "tmb_vep_grch38.vcf",
]


def indexed(source: Path, folder: Path, keep=lambda line: True) -> Path:
    plain = folder / source.name
    plain.write_text("".join(x for x in source.read_text().splitlines(True) if keep(x)))
    gz = folder / (source.name + ".gz")
    pysam.tabix_compress(str(plain), str(gz), force=True)
    pysam.tabix_index(str(gz), preset="vcf", force=True)
    return gz


def report_of(gz: Path, tmp_path: Path, **options) -> dict:
    report = build(ReportOptions(out_dir=tmp_path, vcf=gz, write_pdf=False, **options))
    document = asdict(report)
    document["provenance"].pop("generated_at")
    return document


@pytest.fixture
def plainly(monkeypatch):
    """Open every VCF as before: htslib reads the index with the header."""

    def use_plain_open():
        monkeypatch.setattr(vcf_module, "_tbi_contigs", lambda index: None)

    return use_plain_open


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("use_index", [True, False])
def test_same_report_as_opening_the_file_plainly(
    name, use_index, data_dir, tmp_path, monkeypatch, plainly
):
    gz = indexed(data_dir / "vcf" / name, tmp_path)
    fast = report_of(gz, tmp_path, use_index=use_index)
    with_tmb = report_of(gz, tmp_path, use_index=use_index, callable_mb=30.0)
    plainly()
    assert report_of(gz, tmp_path, use_index=use_index) == fast
    assert report_of(gz, tmp_path, use_index=use_index, callable_mb=30.0) == with_tmb


def test_the_index_is_left_for_the_region_reading(kb, data_dir, tmp_path):
    gz = indexed(data_dir / "vcf" / "mutect2_vep_grch38.vcf", tmp_path)
    source = open_vcf(gz, kb)
    assert source._index_contigs == frozenset(pysam.TabixFile(str(gz)).contigs)
    plain = vcf_module.open_vcf_file(gz)
    assert source._vcf.raw_header == plain.raw_header  # the header htslib would have made
    found = list(source.variants(TargetRegions([Region("12", 1, 10**9)])))
    assert source._index_contigs is None  # attached, once
    assert {v.chrom for v in found} == {"chr12"}


def test_a_header_lacking_an_indexed_contig_is_opened_plainly(kb, data_dir, tmp_path):
    """htslib then adds the contig to the header while reading it: that must still happen."""
    gz = indexed(
        data_dir / "vcf" / "mutect2_vep_grch38.vcf",
        tmp_path,
        keep=lambda line: not line.startswith("##contig=<ID=chr7,"),
    )
    source = open_vcf(gz, kb)
    assert source._index_contigs is None
    assert "##contig=<ID=chr7>" in source._vcf.raw_header


def test_cyvcf2_warnings_still_name_the_file(kb, data_dir, tmp_path):
    """A region on a contig the index lacks: cyvcf2 warns with the name of the file it opened."""
    gz = indexed(data_dir / "vcf" / "mutect2_vep_grch38.vcf", tmp_path)
    source = open_vcf(gz, kb)
    assert "chr9" not in source._index_contigs  # declared in the header, no records
    regions = TargetRegions([Region("9", 1, 1000)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert list(source.variants(regions)) == []
    assert [str(gz) in str(w.message) for w in caught] == [True]


def test_no_link_left_behind_and_no_link_no_problem(kb, data_dir, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    gz = indexed(data_dir / "vcf" / "mutect2_vep_grch38.vcf", tmp_path)
    assert open_vcf(gz, kb)._index_contigs is not None
    assert list(scratch.iterdir()) == []

    def no_symlinks(*args):
        raise OSError("symlinks not permitted here")

    monkeypatch.setattr(vcf_module.os, "symlink", no_symlinks)
    source = open_vcf(gz, kb)
    assert source._index_contigs is None
    assert list(scratch.iterdir()) == []


def test_an_unreadable_index_name_list_means_opening_plainly(tmp_path):
    index = tmp_path / "x.vcf.gz.tbi"
    index.write_bytes(b"not an index")
    assert vcf_module._tbi_contigs(index) is None
    pysam.tabix_compress(__file__, str(tmp_path / "y.gz"), force=True)  # gzip, not TBI
    assert vcf_module._tbi_contigs(tmp_path / "y.gz") is None


def test_an_unreadable_header_is_reported_once(kb, tmp_path, capfd, monkeypatch):
    """The header is opened once, and htslib's own "[E::...]" line is not printed at all
    (issue 11: its messages must not precede ours); the reason is in our message."""
    header = "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=100>\n"
    good = tmp_path / "good.vcf"
    good.write_text(
        header + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\nchr1\t5\t.\tA\tC\t.\t.\t.\n"
    )
    bad = tmp_path / "bad.vcf"
    bad.write_text(header + "#CHROM\tPOS\tID\tREF\nchr1\t5\t.\tA\n")
    for plain in (good, bad):
        pysam.tabix_compress(str(plain), str(plain) + ".gz", force=True)
    pysam.tabix_index(str(good) + ".gz", preset="vcf", force=True)
    gz = tmp_path / "bad.vcf.gz"
    index = tmp_path / "bad.vcf.gz.tbi"
    index.write_bytes((tmp_path / "good.vcf.gz.tbi").read_bytes())  # lists chr1 only
    assert vcf_module._tbi_contigs(index) == {"chr1"} == vcf_module.contig_lines(gz)
    attempts = []
    real = vcf_module._open_without_index
    monkeypatch.setattr(
        vcf_module, "_open_without_index", lambda path: attempts.append(1) or real(path)
    )
    with pytest.raises(InputError, match="not a readable VCF or BCF"):
        open_vcf(gz, kb)
    assert attempts == [1]  # it was read without its index first
    assert "[E::" not in capfd.readouterr().err
