"""Issue 11 fusion formats: ctat-LR-fusion, DRAGEN, JAFFA, cBioPortal SV tables, the legacy
STAR-Fusion and short FusionInspector rows that were refused, and Arriba's intergenic
notation as a name. Fixtures: tests/data/fusions (see its README)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiler.annotate.fusion_evidence import assay, gate
from profiler.cli import main
from profiler.errors import InputError
from profiler.io.arriba import intergenic_label, read_arriba
from profiler.io.cbioportal_sv import read_cbioportal_sv_calls
from profiler.io.ctat_lr_fusion import read_ctat_lr_fusion
from profiler.io.dragen_fusion import read_dragen_fusion
from profiler.io.fusions import detect_fusion_format, read_fusion_calls, read_fusions
from profiler.io.jaffa import read_jaffa
from profiler.io.star_fusion import read_fusion_inspector, read_star_fusion

DATA = Path(__file__).parent / "data" / "fusions"
CTAT_LR = DATA / "ctat-LR-fusion.fusion_predictions.tsv"
DRAGEN = DATA / "BTC01.fusion_candidates.final"
JAFFA = DATA / "jaffa_results.csv"
CBIO_SV = DATA / "data_sv.txt"
ARRIBA_V2 = DATA / "arriba_v2_fusions.tsv"


def report(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: object) -> dict:
    code = main(["report", *map(str, args), "--no-pdf", "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    return json.loads((tmp_path / "report.json").read_text())


def calls(fusions: list) -> list[tuple]:
    return [
        (f.name, f.breakpoint5, f.breakpoint3, f.junction_reads, f.spanning_reads, f.record)
        for f in fusions
    ]


# ------------------------------------------------------------------ ctat-LR-fusion


def test_ctat_lr_fusion_output_is_not_taken_for_fusioninspector() -> None:
    assert detect_fusion_format(CTAT_LR) == "ctat-lr-fusion"
    fusions = read_fusions(CTAT_LR)

    assert calls(fusions) == [
        ("FGFR2::BICC1", "chr10:121483698:-", "chr10:58813832:+", 7, None, 2),
        ("TPM3::NTRK1", "chr1:154170400:-", "chr1:156874571:+", 2, None, 3),
    ]
    assert {f.caller for f in fusions} == {"ctat-LR-fusion"}
    assert assay(fusions[0]) == "RNA"
    assert gate(fusions[0]) is None
    assert gate(fusions[1]) == "2 supporting read(s), below the minimum of 3"


def test_ctat_lr_fusion_with_short_reads_adds_their_counts(tmp_path: Path) -> None:
    header, *rows = CTAT_LR.read_text().splitlines()
    path = tmp_path / "ctat-LR-fusion.fusion_predictions.tsv"
    path.write_text(
        "\n".join(
            [header + "\tJunctionReadCount\tSpanningFragCount"] + [r + "\t3\t5" for r in rows]
        )
        + "\n"
    )

    assert [(f.junction_reads, f.spanning_reads) for f in read_ctat_lr_fusion(path)] == [
        (10, 5),
        (5, 5),
    ]


def test_ctat_lr_fusion_is_refused_by_the_fusioninspector_reader() -> None:
    with pytest.raises(InputError, match="JunctionReadCount"):
        read_fusion_inspector(CTAT_LR)


# ----------------------------------------------------- STAR-Fusion and FusionInspector


def test_legacy_star_fusion_junctionreads_counts_are_read_not_refused() -> None:
    fusions = read_star_fusion(DATA / "star_fusion_legacy_0.x_fusion_candidates.txt")

    assert calls(fusions) == [
        ("FGFR2::BICC1", "chr10:123243212:-", "chr10:60573590:+", 11, 6, 2),
        ("CCDC6::RET", "chr10:61665880:-", "chr10:43612032:+", 12, 4, 3),
    ]


def test_star_fusion_with_only_one_count_column_is_still_refused() -> None:
    # a current file that lacks SpanningFragCount must not fall back to read-name columns
    with pytest.raises(InputError, match="SpanningFragCount"):
        read_star_fusion(DATA / "star_fusion_missing_column.tsv")


def test_fusioninspector_row_without_its_empty_last_field_is_accepted() -> None:
    short = DATA / "finspector_no_annots.FusionInspector.fusions.abridged.tsv"
    full = DATA / "finspector.FusionInspector.fusions.abridged.tsv"

    assert calls(read_fusions(short)) == calls(read_fusions(full))
    assert [f.caller for f in read_fusions(short)] == ["FusionInspector"] * 2


def test_fusioninspector_row_two_fields_short_is_still_refused(tmp_path: Path) -> None:
    lines = (DATA / "finspector.FusionInspector.fusions.abridged.tsv").read_text().splitlines()
    path = tmp_path / "cut.FusionInspector.fusions.abridged.tsv"
    path.write_text("\n".join([*lines[:2], "\t".join(lines[2].split("\t")[:-2])]) + "\n")

    with pytest.raises(InputError, match="expected 31 tab-separated fields") as caught:
        read_fusion_inspector(path)
    assert caught.value.line == 3


# --------------------------------------------------------------------------- DRAGEN


def test_dragen_fusion_candidates_are_detected_and_read() -> None:
    assert detect_fusion_format(DRAGEN) == "dragen"
    fusions = read_dragen_fusion(DRAGEN)

    assert calls(fusions) == [
        ("FGFR2::BICC1", "chr10:121483698:-", "chr10:58813832:+", 12, 7, 2),
        ("TPM3::NTRK1", "chr1:154170400:-", "chr1:156874571:+", 5, 4, 3),
        ("CCDC6::RET", "chr10:59906187:-", "chr10:43116650:+", 1, 1, 4),
    ]
    # soft-clipped reads are not counted: CCDC6::RET has 1 split + 1 pair, below 3
    assert gate(fusions[2]) == "2 supporting read(s), below the minimum of 3"
    assert assay(fusions[0]) == "RNA"


def test_dragen_fusion_name_without_two_genes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.fusion_candidates.final"
    header, first, *_ = DRAGEN.read_text().splitlines()
    path.write_text(f"{header}\n{first.replace('FGFR2--BICC1', 'FGFR2', 1)}\n")

    with pytest.raises(InputError, match="GENE1--GENE2") as caught:
        read_dragen_fusion(path)
    assert (caught.value.line, caught.value.field) == (2, "#FusionGene")


# ---------------------------------------------------------------------------- JAFFA


def test_jaffa_results_csv_is_detected_and_read_for_the_chosen_sample() -> None:
    assert detect_fusion_format(JAFFA) == "jaffa"
    fusions = read_jaffa(JAFFA, "BTC01")

    assert calls(fusions) == [
        ("FGFR2::BICC1", "chr10:121483698:-", "chr10:58813832:+", 11, 9, 2),
        ("TPM3::NTRK1", "chr1:154170400:-", "chr1:156874571:+", 2, None, 3),
    ]
    assert [(f.reading_frame, f.confidence) for f in fusions] == [
        ("in-frame", "HighConfidence"),
        ("in-frame", "LowConfidence"),
    ]
    assert read_fusion_calls(JAFFA, sample="BTC02").tumor_sample == "BTC02"


def test_jaffa_results_of_several_samples_need_sv_sample() -> None:
    with pytest.raises(InputError, match=r"--sv-sample \(samples: BTC01, BTC02\)"):
        read_fusions(JAFFA)
    with pytest.raises(InputError, match="--sv-sample 'BTC03' is not in the JAFFA results"):
        read_fusions(JAFFA, sample="BTC03")


def test_jaffa_of_one_sample_needs_no_option(tmp_path: Path) -> None:
    path = tmp_path / "jaffa_results.csv"
    path.write_text("\n".join(JAFFA.read_text().splitlines()[:3]) + "\n")

    assert read_fusion_calls(path).tumor_sample == "BTC01"


# ------------------------------------------------------------------ cBioPortal SV


def test_cbioportal_sv_table_is_detected_and_read_for_sv_sample() -> None:
    assert detect_fusion_format(CBIO_SV) == "cbioportal-sv"
    table = read_cbioportal_sv_calls(CBIO_SV, "BTC-0001")

    assert table.sample == "BTC-0001"
    assert calls(table.fusions) == [
        ("FGFR2::BICC1", "10:123243212", "10:60573590", 9, 14, 2),
        # Connection_Type 3to5: Site1 NTRK1 is the 3' end
        ("TPM3::NTRK1", "1:154142876", "1:156844363", 6, 3, 3),
    ]
    assert [f.caller for f in table.fusions] == ["cBioPortal SV (DNA)", "cBioPortal SV (RNA)"]
    assert [assay(f) for f in table.fusions] == ["DNA", "RNA"]
    assert [f.reading_frame for f in table.fusions] == ["in-frame", "in-frame"]
    assert table.notes == (
        "data_sv.txt: 2 row(s) not read as fusions: one gene only (line 4); "
        "both sites in one gene (line 5).",
    )


def test_cbioportal_sv_table_of_several_samples_needs_sv_sample() -> None:
    with pytest.raises(InputError, match=r"choose one with --sv-sample \(samples: BTC-0001"):
        read_fusions(CBIO_SV)


def test_cbioportal_sv_germline_row_is_filtered(tmp_path: Path) -> None:
    header, first, *_ = CBIO_SV.read_text().splitlines()
    path = tmp_path / "data_sv.txt"
    path.write_text(f"{header}\n{first.replace('SOMATIC', 'GERMLINE', 1)}\n")

    (fusion,) = read_fusions(path)
    assert gate(fusion) == "filtered by its caller (FILTER GERMLINE)"


def test_cbioportal_sv_report_uses_sv_sample_and_names_unused_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = report(tmp_path, capsys, "--fusions", CBIO_SV, "--sv-sample", "BTC-0001")

    names = [f["alteration"] for f in document["findings"] if f["category"] == "fusion"]
    assert names == ["FGFR2::BICC1 fusion", "TPM3::NTRK1 fusion"]
    assert any(
        "2 row(s) not read as fusions" in line for line in document["methods"]["assessments"]
    )


# ---------------------------------------------------------------- Arriba display name


def test_arriba_intergenic_notation_never_reaches_the_report_as_the_alteration_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = report(tmp_path, capsys, "--fusions", ARRIBA_V2)

    names = [f["alteration"] for f in document["findings"] if f["category"] == "fusion"]
    assert all("(4811)" not in name and "," not in name for name in names)
    intergenic = [
        f
        for f in document["findings"]
        if any(c["gene3"] == "SH2D2A(4811),NTRK1(1207)" for c in f["detail"].get("calls", []))
    ]
    (finding,) = intergenic
    # never shown as, or beside, a real TPM3::NTRK1 fusion
    assert finding["alteration"] == "TPM3::NTRK1 (intergenic) fusion"
    assert finding["actionable"] is False  # not matched as an NTRK1 fusion
    assert finding["detail"]["calls"][0]["name"] == "TPM3::NTRK1 (intergenic)"
    assert any("SH2D2A(4811),NTRK1(1207)" in note for note in finding["notes"])


def test_arriba_intergenic_label_follows_the_kept_side() -> None:
    fusion = read_arriba(ARRIBA_V2)[3]
    assert (fusion.gene3, fusion.label3, fusion.name) == (
        "SH2D2A(4811),NTRK1(1207)",
        "NTRK1 (intergenic)",
        "TPM3::NTRK1 (intergenic)",
    )
    # direction2 upstream: the partner is attached below, the kept side is downstream
    assert intergenic_label("SH2D2A(4811),NTRK1(1207)", "upstream") == "NTRK1 (intergenic)"
    assert intergenic_label("SH2D2A(4811),NTRK1(1207)", "downstream") == "SH2D2A (intergenic)"
    assert intergenic_label("SH2D2A(4811),NTRK1(1207)") == "NTRK1 (intergenic)"  # nearer
    assert intergenic_label("FGFR2", "upstream") is None
    assert intergenic_label(".") is None
