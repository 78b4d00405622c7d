"""GRCh37 vs GRCh38: decided from header evidence; contradictions are errors."""

import pytest

from profiler.errors import InputError
from profiler.io.assembly import AssemblyCall, detect_assembly, resolve_assembly
from profiler.kb.entries import AssemblyInfo

ASSEMBLIES = {
    "GRCh37": AssemblyInfo("GRCh37", ("GRCh37", "hg19", "b37", "hs37d5"), {"1": 249250621}),
    "GRCh38": AssemblyInfo("GRCh38", ("GRCh38", "hg38"), {"1": 248956422}),
}


def test_contig_length_decides():
    call = detect_assembly([], {"chr1": 248956422}, ASSEMBLIES)
    assert call.assembly == "GRCh38"
    assert "chr1" in call.source


def test_reference_line_decides_without_contigs():
    call = detect_assembly(["##reference=file:///refs/human_g1k_v37_hs37d5.fasta"], {}, ASSEMBLIES)
    assert call.assembly == "GRCh37"


def test_vep_assembly_line():
    call = detect_assembly(['##VEP="v110" cache="/c" assembly="GRCh38.p14"'], {}, ASSEMBLIES)
    assert call.assembly == "GRCh38"


def test_conflicting_header_is_an_error():
    with pytest.raises(InputError, match="more than one assembly"):
        detect_assembly(["##reference=hg19.fa"], {"chr1": 248956422}, ASSEMBLIES)


def test_alias_must_stand_alone():
    call = detect_assembly(["##reference=/data/hg190/x.fa"], {}, ASSEMBLIES)
    assert call.assembly is None


def test_option_contradicting_header_is_an_error():
    with pytest.raises(InputError, match="contradicts"):
        resolve_assembly("GRCh37", AssemblyCall("GRCh38", "detected from x"), "x.vcf")


def test_unknown_assembly_needs_the_option():
    with pytest.raises(InputError, match="--assembly"):
        resolve_assembly("auto", AssemblyCall(None, "not stated"), "x.vcf")
    call = resolve_assembly("GRCh37", AssemblyCall(None, "not stated"), "x.vcf")
    assert call.assembly == "GRCh37"
