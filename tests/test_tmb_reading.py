"""TMB over the whole file without reading every record closely (issue 10).

Only PASS records whose raw annotation names a coding consequence are read by cyvcf2
(found by grep in a second process, or by a regular expression when grep is missing);
every other record is only counted. The count must equal the reference: every record
through cyvcf2 and the TmbCounter, as before. A VEP-annotated Mutect2-shaped VCF is built
here with coding, intronic, intergenic, filtered, low-VAF, multi-allelic and
coding-only-on-another-transcript records, outside and inside the KB's genes.
"""

from __future__ import annotations

import random
import shutil
import stat

import pysam
import pytest

from profiler.annotate.tmb import CODING
from profiler.errors import InputError
from profiler.io import vcf_stream
from profiler.io.vcf import open_vcf
from profiler.small_variants import SmallVariantSettings, open_small_variants
from profiler.steps import tmb_counter

CSQ_FIELDS = "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|HGVSc|HGVSp|CANONICAL|MANE_SELECT"  # noqa: E501
HEADER = f"""##fileformat=VCFv4.2
##FILTER=<ID=PASS,Description="All filters passed">
##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">
##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">
##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions">
##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">
##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: {CSQ_FIELDS}">
##contig=<ID=chr3,length=198295559>
##contig=<ID=chr7,length=159345973>
##tumor_sample=T
##normal_sample=N
#CHROM	POS	ID	REF	ALT	QUAL	FILTER	INFO	FORMAT	N	T
"""  # noqa: E501


def _entry(alt, consequence, tx, mane):
    flags = f"YES|NM_{tx}.1" if mane else "|"
    return f"{alt}|{consequence}|MODERATE|G{tx}|ENSG{tx}|Transcript|ENST{tx}.1|protein_coding|||{flags}"  # noqa: E501


def _records(seed: int = 7) -> list[str]:
    """~400 records on chr3 (no KB gene) and a few in BRAF (a KB gene, chr7)."""
    rng = random.Random(seed)
    kinds = [
        ("missense_variant", "intron_variant"),  # coding on MANE: counts
        ("synonymous_variant", "intron_variant"),  # counts (synonymous included)
        ("intron_variant", "missense_variant"),  # coding only on another transcript: not
        ("intron_variant", "upstream_gene_variant"),
        ("intergenic_variant", None),
        ("frameshift_variant&splice_region_variant", None),
    ]
    lines = []
    for chrom, start, n in (("chr3", 10_000_000, 400), ("chr7", 140_730_000, 20)):
        for i in range(n):
            pos = start + i * 137
            ref, alt = "C", rng.choice("AGT")
            first, second = rng.choice(kinds)
            tx = 1000 + i
            entries = [_entry(alt, first, tx, True)]
            if second:
                entries.append(_entry(alt, second, tx + 1, False))
            depth = rng.choice([40, 100, 300])
            alt_reads = rng.choice([1, 10, 30])
            filt = "weak_evidence" if rng.random() < 0.15 else "PASS"
            alts, ad, af = alt, f"{depth - alt_reads},{alt_reads}", f"{alt_reads / depth:.3f}"
            if rng.random() < 0.05:  # multi-allelic: the second ALT only intronic
                other = "A" if alt != "A" else "G"
                alts = f"{alt},{other}"
                entries.append(_entry(other, "intron_variant", tx + 2, True))
                ad, af = f"{ad},5", f"{af},{5 / depth:.3f}"
            lines.append(
                f"{chrom}\t{pos}\t.\t{ref}\t{alts}\t.\t{filt}\tCSQ={','.join(entries)}\t"
                f"GT:AD:AF:DP\t0/0:50,0:0.0:50\t0/1:{ad}:{af}:{depth}"
            )
    return lines


@pytest.fixture(scope="module")
def vcf_text():
    return HEADER + "\n".join(_records()) + "\n"


def _count(kb, path) -> tuple[int, object]:
    """(TMB count, stats) as a report run counts them."""
    reading = open_small_variants(
        kb,
        vcf=path,
        maf=None,
        sample=None,
        assembly=None,
        settings=SmallVariantSettings(min_depth=60, min_vaf=0.05),
    )
    counter = tmb_counter(
        kb, reading.assembly, callable_mb=1.0, target_bed=None, min_vaf=0.05, min_depth=60
    )
    for variant in reading.variants(also_terms=CODING):
        counter.add(variant)
    return counter.count, reading.stats


def _reference(kb, path) -> tuple[int, object]:
    """Every record through cyvcf2 and the counter: what TMB counted before issue 10."""
    source = open_vcf(path, kb)
    counter = tmb_counter(
        kb, source.assembly.assembly, callable_mb=1.0, target_bed=None, min_vaf=0.05, min_depth=60
    )
    for variant in source._streamed(None):
        counter.add(variant)
    return counter.count, source.stats


def _write(tmp_path, text, name="tmb.vcf.gz"):
    plain = tmp_path / "tmb.vcf"
    plain.write_text(text)
    if name.endswith(".gz"):
        out = tmp_path / name
        pysam.tabix_compress(str(plain), str(out), force=True)
        return out
    return plain


def test_whole_file_tmb_equals_every_record_through_cyvcf2(kb, tmp_path, vcf_text):
    path = _write(tmp_path, vcf_text)
    expected, stats = _reference(kb, path)
    assert expected > 20  # the file has plenty to count
    got, got_stats = _count(kb, path)
    assert got == expected
    assert (got_stats.records, got_stats.passed, got_stats.filtered) == (
        stats.records,
        stats.passed,
        stats.filtered,
    )


def test_without_grep_the_regular_expression_counts_the_same(kb, tmp_path, vcf_text, monkeypatch):
    path = _write(tmp_path, vcf_text)
    expected, _ = _reference(kb, path)
    real = shutil.which
    monkeypatch.setattr(vcf_stream.shutil, "which", lambda n: None if n == "grep" else real(n))
    assert vcf_stream.start_search(path, "gzip", CODING) is None
    assert _count(kb, path)[0] == expected


@pytest.mark.parametrize("name", ["tmb.vcf", "tmb.bcf"])
def test_plain_text_and_bcf_count_the_same(kb, tmp_path, vcf_text, name):
    plain = _write(tmp_path, vcf_text, "tmb.vcf")
    expected, _ = _reference(kb, plain)
    path = plain
    if name.endswith(".bcf"):
        path = tmp_path / name
        with (
            pysam.VariantFile(str(plain)) as src,
            pysam.VariantFile(str(path), "wb", header=src.header) as out,
        ):
            for record in src:
                out.write(record)
    assert _count(kb, path)[0] == expected


def test_a_failing_search_is_an_error_not_a_lower_count(kb, tmp_path, vcf_text, monkeypatch):
    path = _write(tmp_path, vcf_text)
    fake = tmp_path / "grep"
    fake.write_text("#!/bin/sh\necho 'grep: out of memory' >&2\nexit 2\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    real = shutil.which
    monkeypatch.setattr(vcf_stream.shutil, "which", lambda n: str(fake) if n == "grep" else real(n))
    with pytest.raises(InputError, match=r"cannot search the VCF text.*out of memory"):
        _count(kb, path)
