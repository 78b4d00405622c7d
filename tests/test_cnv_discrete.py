"""Discrete copy-number tables and the copy-number rows a report cannot use (issue 11).

cBioPortal `data_CNA` (wide and long), GISTIC/oncokb-annotator tables, zero-probe CNVkit
segments and SEG header spellings, read from the real-format fixtures in tests/data/cnv
and run through the whole report where the outcome is a finding (the HER2 call).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io.cnv import read_copy_number, read_copy_number_table

DATA = Path(__file__).parent / "data"
CNV = DATA / "cnv"
WIDE = CNV / "cbioportal_data_CNA.txt"
LONG = CNV / "cbioportal_data_cna_long.txt"
ONCOKB_LONG = CNV / "oncokb_individual_cna.txt"
ONCOKB_GISTIC = CNV / "oncokb_gistic_cna.txt"
ZERO_PROBE = CNV / "cnvkit_zero_probe_segment.cns"
CASE_CCA042 = DATA / "case" / "cca042_tumor_sample_id.json"


def report(tmp_path: Path, **inputs):
    return build(ReportOptions(out_dir=tmp_path / "out", write_pdf=False, **inputs))


def levels(path: Path, **kw) -> dict[str, int | None]:
    return {s.genes[0]: s.discrete for s in read_copy_number(path, **kw)}


def methods(result) -> str:
    return "\n".join(result.methods.assessments)


def finding(result, alteration_start: str):
    (found,) = [f for f in result.findings if f.alteration.startswith(alteration_start)]
    return found


# ------------------------------------------------------------------- zero-probe CNVkit


def test_zero_probe_cnvkit_segment_does_not_lose_the_cdkn2a_deep_deletion(tmp_path):
    result = report(tmp_path, cnv=ZERO_PROBE, assembly="GRCh38")

    cdkn2a = finding(result, "homozygous deletion")
    assert (cdkn2a.gene, cdkn2a.category) == ("CDKN2A", "copy_number")
    text = methods(result)
    assert "1 row(s) not used, CNVkit segment without bins (end before start): line 12." in text
    assert "1 row(s) not used, CNVkit segment without bins (0 probes): line 13." in text


def test_zero_probe_segments_are_skipped_not_read(tmp_path):
    table = read_copy_number_table(ZERO_PROBE)

    assert [(r.line, r.reason) for r in table.skipped] == [
        (12, "CNVkit segment without bins (end before start)"),
        (13, "CNVkit segment without bins (0 probes)"),
    ]
    assert [s.record for s in table.segments] == list(range(2, 12))


def test_seg_segment_with_zero_markers_is_skipped(tmp_path):
    path = tmp_path / "exported.seg"
    path.write_text(
        "ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\n"
        "CCA042_T\tchr9\t21967752\t21995301\t9\t-3.8921\n"
        "CCA042_T\tchrX\t73500001\t2781479\t0\t0\n"
    )
    table = read_copy_number_table(path)

    assert [s.record for s in table.segments] == [2]
    assert [(r.line, r.reason) for r in table.skipped] == [
        (3, "SEG segment with 0 markers (no measurement)")
    ]


# ------------------------------------------------------------------ SEG header spellings


@pytest.mark.parametrize(
    "header",
    [
        "Sample\tChromosome\tStart.bp\tEnd.bp\tNum.Markers\tSeg.CN",
        "ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean",
        "Sample\tChromosome\tStart\tEnd\tNum_Probes\tSegment_Mean",
        "ID\tchrom\tloc.start\tloc.end\tseg.mean",  # num.mark is optional
        "SAMPLE\tCHROMOSOME\tSTART_POSITION\tEND_POSITION\tNUM_MARKERS\tSEG_MEAN",
    ],
)
def test_seg_header_spellings_are_read_by_meaning(tmp_path, header):
    source = (CNV / "gistic_style_one_sample.seg").read_text().splitlines()
    rows = (
        source[1:]
        if header.count("\t") == 5
        else ["\t".join(r.split("\t")[:4] + r.split("\t")[5:]) for r in source[1:]]
    )
    path = tmp_path / "tumor.seg"
    path.write_text("\n".join([header, *rows]) + "\n")

    segments = read_copy_number(path)

    assert [(s.chrom, s.start, s.end, s.log2) for s in segments][1:3] == [
        ("9", 21967752, 21995301, -3.8921),
        ("17", 39687914, 39730426, 2.9183),
    ]
    assert {s.sample for s in segments} == {"CCA042_T"}


def test_gistic_seg_spelling_reaches_the_her2_call(tmp_path):
    result = report(tmp_path, cnv=CNV / "gistic_style_one_sample.seg", assembly="GRCh38")

    her2 = finding(result, "ERBB2 amplification")
    assert her2.gene == "ERBB2"


# ---------------------------------------------------------------------- discrete tables


def test_wide_table_needs_a_sample_named_and_lists_them():
    with pytest.raises(InputError, match=r"2 samples \(CCA042_T, CCA051_T\).*--cnv-sample"):
        read_copy_number(WIDE)
    with pytest.raises(InputError, match="its samples are: CCA042_T, CCA051_T"):
        read_copy_number(WIDE, sample="CCA099_T")


def test_wide_table_reads_the_named_sample_column():
    assert levels(WIDE, sample="CCA042_T") == {
        "ERBB2": 2,
        "CDKN2A": -2,
        "FGFR2": 0,
        "MTAP": -1,
        "KRAS": 1,
    }
    table = read_copy_number_table(WIDE, sample="CCA051_T")
    assert {s.sample for s in table.segments} == {"CCA051_T"}
    assert [(r.line, r.gene, r.reason) for r in table.skipped] == [
        (4, "FGFR2", "no level (NA or empty: not profiled)"),
        (7, None, "no gene symbol (Entrez_Gene_Id only)"),
    ]


def test_case_tumor_sample_id_picks_the_column():
    segments = read_copy_number(WIDE, tumor_sample_id="CCA051_T")
    assert {s.sample for s in segments} == {"CCA051_T"}


def test_long_table_rows_of_one_sample_and_extra_columns_ignored():
    assert levels(LONG, sample="CCA042_T") == {"ERBB2": 2, "CDKN2A": -2, "MTAP": -1}
    table = read_copy_number_table(LONG, sample="CCA051_T")
    assert [(r.line, r.gene) for r in table.skipped] == [(6, "CDKN2A")]
    assert "-1.5" in table.skipped[0].reason
    with pytest.raises(InputError, match="--cnv-sample"):
        read_copy_number(LONG)


def test_oncokb_annotator_tables_words_and_gistic_columns():
    assert levels(ONCOKB_LONG) == {"ERBB2": 2, "CDKN2A": -2, "MTAP": -1, "KRAS": 1}
    assert levels(ONCOKB_GISTIC) == {"ERBB2": 2, "CDKN2A": -2, "FGFR2": 0, "MTAP": -1}
    (erbb2,) = [s for s in read_copy_number(ONCOKB_LONG) if s.genes == ("ERBB2",)]
    assert (erbb2.caller_call, erbb2.sample, erbb2.record) == ("Amplification", "CCA042_T", 2)


def test_a_value_that_is_no_discrete_level_names_line_and_column(tmp_path):
    path = tmp_path / "data_CNA.txt"
    path.write_text("Hugo_Symbol\tEntrez_Gene_Id\tCCA042_T\nERBB2\t2064\t2\nCDKN2A\t1029\t0.37\n")

    with pytest.raises(InputError, match=r"0\.37") as caught:
        read_copy_number(path)

    assert (caught.value.line, caught.value.field) == (3, "CCA042_T")


def test_a_maf_given_as_copy_number_is_not_taken_for_a_wide_table(tmp_path):
    path = tmp_path / "tumor.maf"
    path.write_text(
        "Hugo_Symbol\tEntrez_Gene_Id\tCenter\tNCBI_Build\tChromosome\tStart_Position\n"
        "KRAS\t3845\t.\tGRCh38\tchr12\t25245350\n"
    )
    with pytest.raises(InputError, match="unrecognised copy-number output"):
        read_copy_number(path)


def test_erbb2_amplification_from_a_discrete_table_reaches_the_her2_call(tmp_path):
    result = report(tmp_path, cnv=WIDE, cnv_sample="CCA042_T")

    her2 = finding(result, "ERBB2 amplification")
    assert her2.gene == "ERBB2"
    assert any("discrete level +2" in s or "data_CNA.txt:2" in s for s in her2.sources)
    cdkn2a = finding(result, "homozygous deletion")
    assert cdkn2a.gene == "CDKN2A"
    text = methods(result)
    assert "sample CCA042_T" in text
    assert "-1 and +1 are not reportable events here" in text


def test_oncokb_long_table_with_the_case_sample_is_one_her2_call(tmp_path):
    result = report(tmp_path, cnv=ONCOKB_LONG, case=CASE_CCA042)

    her2 = finding(result, "ERBB2 amplification")
    assert her2.gene == "ERBB2"
    assert [f.gene for f in result.findings if f.gene in ("ERBB2", "HER2")] == ["ERBB2"]


def test_shallow_loss_and_gain_are_not_findings(tmp_path):
    result = report(tmp_path, cnv=WIDE, cnv_sample="CCA051_T")

    assert [f for f in result.findings if f.category == "copy_number"] == []
    assert "2 row(s)" not in methods(result)  # one row per reason here
    assert "no level (NA or empty: not profiled): line 4 (FGFR2)." in methods(result)
