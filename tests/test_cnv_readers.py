"""Copy-number readers: CNVkit, GATK, SEG and gene tables, format detection and refusals.

Fixtures are real-format files in tests/data/cnv (see its README); byte-level variants
(gzip, CRLF, extra columns) are derived from them in tmp_path.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from profiler.errors import InputError
from profiler.io.cnv import CNV_READERS, detect_cnv_format, read_copy_number
from profiler.io.copynumber.cnvkit import read_cnvkit
from profiler.io.copynumber.gatk import read_gatk_seg
from profiler.io.copynumber.gene_table import read_gene_table
from profiler.io.copynumber.seg import read_seg
from profiler.model import CopySegment

DATA = Path(__file__).parent / "data" / "cnv"
CNS = DATA / "cnvkit_tumor.cns"
CALL_CNS = DATA / "cnvkit_tumor.call.cns"
CALLED = DATA / "gatk_tumor.called.seg"
MODEL = DATA / "gatk_tumor.modelFinal.seg"
CR = DATA / "gatk_tumor.cr.seg"
COHORT = DATA / "cohort_two_samples.seg"
GENES = DATA / "gene_copy_number.tsv"


def by_gene(segments: list[CopySegment], gene: str) -> CopySegment:
    (segment,) = [s for s in segments if gene in s.genes]
    return segment


def shape(segments: list[CopySegment]) -> list[tuple]:
    return [
        (s.chrom, s.start, s.end, s.log2, s.copy_number, s.genes, s.probes, s.caller_call)
        for s in segments
    ]


# ------------------------------------------------------------------------------ CNVkit


def test_cnvkit_cns_start_is_made_one_based_and_end_kept() -> None:
    segments = read_cnvkit(CNS)

    erbb2 = by_gene(segments, "ERBB2")
    # 0-based half-open 39687913-39730426 is ERBB2's 1-based span 39,687,914-39,730,426
    assert (erbb2.chrom, erbb2.start, erbb2.end) == ("chr17", 39687914, 39730426)
    assert (erbb2.log2, erbb2.probes, erbb2.copy_number, erbb2.caller_call) == (
        2.91833,
        31,
        None,
        None,
    )
    assert [s.record for s in segments] == list(range(2, 12))


def test_cnvkit_gene_column_is_split_and_placeholders_dropped() -> None:
    segments = read_cnvkit(CNS)

    assert by_gene(segments, "CDKN2A").genes == ("CDKN2A", "CDKN2B-AS1")
    assert [s.genes for s in segments if s.chrom == "chr9"][-1] == ()  # '-' only


def test_cnvkit_call_cns_gives_absolute_copy_number() -> None:
    segments = read_copy_number(CALL_CNS)

    assert [(s.genes[0], s.copy_number, s.caller_call) for s in segments] == [
        ("MTAP", 2.0, "2"),
        ("CDKN2A", 0.0, "0"),
        ("FGFR2", 2.0, "2"),
        ("ERBB2", 16.0, "16"),
    ]
    assert by_gene(segments, "CDKN2A").log2 == -3.89211  # empty baf/cn1/cn2 tolerated


def test_cnvkit_missing_log2_column_is_named() -> None:
    with pytest.raises(InputError) as caught:
        read_copy_number(DATA / "cnvkit_missing_log2.cns")

    assert (caught.value.line, caught.value.field) == (1, "log2")


def test_cnvkit_non_numeric_log2_names_line_and_field() -> None:
    with pytest.raises(InputError) as caught:
        read_copy_number(DATA / "cnvkit_nonnumeric_log2.cns")

    assert (caught.value.line, caught.value.field) == (3, "log2")


# -------------------------------------------------------------------------------- GATK


def test_gatk_called_seg_skips_the_sam_header_and_keeps_calls() -> None:
    segments = read_gatk_seg(CALLED)

    assert [(s.start, s.end, s.log2, s.probes, s.caller_call) for s in segments] == [
        (21800544, 21967751, -0.391712, 214, "0"),
        (21967752, 21995301, -3.614227, 38, "-"),
        (121478334, 121598458, 0.082116, 97, "0"),
        (39687914, 39730426, 2.704519, 66, "+"),
        (39730427, 83257441, 0.021453, 1980, "0"),
    ]
    assert segments[0].record == 28  # 26 SAM header lines, the CONTIG line, then data
    assert all(s.copy_number is None and s.genes == () for s in segments)


def test_gatk_cr_seg_is_the_called_seg_without_calls() -> None:
    assert [s.caller_call for s in read_gatk_seg(CR)] == [None] * 5
    assert [s.log2 for s in read_gatk_seg(CR)] == [s.log2 for s in read_gatk_seg(CALLED)]


def test_gatk_model_final_uses_the_posterior_median_and_nan_is_missing() -> None:
    segments = read_copy_number(MODEL)

    assert [s.log2 for s in segments] == [-0.390887, -3.609712, 2.703311, None]
    assert segments[-1].probes == 0


def test_gatk_sample_must_match_the_read_group() -> None:
    assert read_copy_number(CALLED, sample="CCA042_T") == read_gatk_seg(CALLED)
    with pytest.raises(InputError, match=r"'CCA042_T'.*not 'CCA051_T'"):
        read_copy_number(CALLED, sample="CCA051_T")


def test_gatk_coordinate_in_scientific_notation_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_copy_number(DATA / "gatk_noninteger_start.called.seg")

    assert (caught.value.line, caught.value.field) == (29, "START")  # 2nd data row


# --------------------------------------------------------------------------------- SEG


def test_seg_with_two_samples_needs_one_named() -> None:
    with pytest.raises(InputError, match="2 samples \\(CCA042_T, CCA051_T\\)"):
        read_copy_number(COHORT)
    with pytest.raises(InputError, match="its samples are: CCA042_T, CCA051_T"):
        read_copy_number(COHORT, sample="CCA099_T")

    segments = read_copy_number(COHORT, sample="CCA042_T")
    assert [(s.chrom, s.start, s.end, s.log2, s.probes) for s in segments] == [
        ("chr9", 21800544, 21967751, -0.4023, 14),
        ("chr9", 21967752, 21995301, -3.8921, 9),
        ("chr17", 39687914, 39730426, 2.9183, 31),
    ]
    assert [s.record for s in segments] == [2, 3, 4]


def test_igv_style_column_names_are_read_as_seg() -> None:
    segments = read_copy_number(DATA / "igv_style_one_sample.seg")

    assert detect_cnv_format(DATA / "igv_style_one_sample.seg") == "seg"
    assert [(s.start, s.log2, s.probes) for s in segments] == [
        (39687914, 2.704519, 66),
        (39730427, 0.021453, 1980),
    ]


def test_seg_segment_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_seg(DATA / "seg_reversed_segment.seg")

    assert (caught.value.line, caught.value.field) == (3, "loc.end")


# -------------------------------------------------------------------------- gene table


def test_gene_table_rows_have_no_coordinates() -> None:
    segments = read_gene_table(GENES)

    assert [(s.genes, s.copy_number, s.caller_call) for s in segments] == [
        (("ERBB2",), 18.4, "amplification"),
        (("FGFR2",), 2.1, "neutral"),
        (("CDKN2A",), 0.0, "deep_deletion"),
        (("MTAP",), 1.2, None),
    ]
    assert all(s.chrom is None and s.start is None and s.log2 is None for s in segments)


def test_gene_table_non_numeric_copy_number_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_copy_number(DATA / "gene_copy_number_nonnumeric.tsv")

    assert (caught.value.line, caught.value.field) == (3, "copy_number")


# ----------------------------------------------------------------- registry, detection


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("cnvkit_tumor.cns", "cnvkit"),
        ("cnvkit_tumor.call.cns", "cnvkit"),
        ("gatk_tumor.called.seg", "gatk"),
        ("gatk_tumor.cr.seg", "gatk"),
        ("gatk_tumor.modelFinal.seg", "gatk"),
        ("cohort_two_samples.seg", "seg"),
        ("gene_copy_number.tsv", "gene-table"),
        ("cnvkit_zero_probe_segment.cns", "cnvkit"),
        ("gistic_style_one_sample.seg", "seg"),
        ("cbioportal_data_CNA.txt", "discrete-wide"),
        ("oncokb_gistic_cna.txt", "discrete-wide"),
        ("cbioportal_data_cna_long.txt", "discrete-long"),
        ("oncokb_individual_cna.txt", "discrete-long"),
    ],
)
def test_format_is_detected_from_the_first_line(name: str, fmt: str) -> None:
    assert detect_cnv_format(DATA / name) == fmt


def test_registry_and_unknown_formats() -> None:
    assert list(CNV_READERS) == [
        "cnvkit",
        "gatk",
        "seg",
        "discrete-long",
        "discrete-wide",
        "gene-table",
    ]
    with pytest.raises(InputError, match=re.escape("known formats: cnvkit, gatk, seg")):
        read_copy_number(CNS, fmt="purple")


def test_unrecognised_first_line_lists_the_formats(tmp_path: Path) -> None:
    path = tmp_path / "tumor.purple.cnv.somatic.tsv"
    path.write_text("chromosome\tstart\tend\tcopyNumber\tbafCount\n1\t1\t1000\t2.0\t0\n")

    with pytest.raises(InputError, match="unrecognised copy-number output") as caught:
        read_copy_number(path)

    assert caught.value.line == 1
    for name in CNV_READERS:
        assert name in str(caught.value)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.cns"
    path.write_text("\n")
    with pytest.raises(InputError, match="empty file"):
        read_copy_number(path)


@pytest.mark.parametrize("source", [CNS, CALLED, COHORT, GENES])
def test_gzip_crlf_and_bom_read_the_same(tmp_path: Path, source: Path) -> None:
    packed = tmp_path / "copy_number.txt"
    dos = b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n")
    packed.write_bytes(gzip.compress(dos))

    sample = "CCA042_T" if source == COHORT else None
    assert shape(read_copy_number(packed, sample=sample)) == shape(
        read_copy_number(source, sample=sample)
    )


def test_extra_columns_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "segmetrics.cns"
    lines = CNS.read_text().splitlines()
    path.write_text(
        "\n".join([lines[0] + "\tci_lo\tci_hi", *(x + "\t-0.1\t0.1" for x in lines[1:])]) + "\n"
    )

    assert shape(read_copy_number(path)) == shape(read_copy_number(CNS))


def test_every_fixture_is_documented() -> None:
    readme = (DATA / "README.md").read_text()
    documented = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    assert documented == {p.name for p in DATA.iterdir() if p.name != "README.md"}
