"""Fusion readers: STAR-Fusion and Arriba layouts, format detection, and refusals.

Every fixture is a real-format file in tests/data/fusions (see its README for why each
exists); edge cases that are about bytes rather than layout (gzip, CRLF, extra columns)
are derived from those fixtures in tmp_path.
"""

from __future__ import annotations

import gzip
import logging
import re
from pathlib import Path

import pytest

from profiler.errors import InputError
from profiler.io.arriba import is_intergenic, read_arriba
from profiler.io.fusion_tsv import read_fusion_tsv
from profiler.io.fusioncatcher import read_fusioncatcher
from profiler.io.fusions import FUSION_READERS, detect_fusion_format, read_fusions
from profiler.io.star_fusion import (
    gene_symbol,
    read_fusion_inspector,
    read_star_fusion,
    reading_frame,
)
from profiler.io.tabular import read_text_lines
from profiler.model import Fusion

DATA = Path(__file__).parent / "data" / "fusions"

SF_FULL = DATA / "star_fusion_current.fusion_predictions.tsv"
SF_ABRIDGED = DATA / "star_fusion_current.fusion_predictions.abridged.tsv"
SF_CODING = DATA / "star_fusion_coding_effect.abridged.coding_effect.tsv"
SF_V1_0 = DATA / "star_fusion_legacy_v1.0.abridged.tsv"
SF_PRE_1_0 = DATA / "star_fusion_legacy_pre1.0_fusion_name.tsv"
ARRIBA_V2 = DATA / "arriba_v2_fusions.tsv"
ARRIBA_V1 = DATA / "arriba_v1_fusions.tsv"


def summary(fusions: list[Fusion]) -> list[tuple]:
    """What a report depends on, without the source path (which differs between copies)."""
    return [
        (
            f.gene5,
            f.gene3,
            f.breakpoint5,
            f.breakpoint3,
            f.junction_reads,
            f.spanning_reads,
            f.reading_frame,
            f.confidence,
            f.record,
        )
        for f in fusions
    ]


def by_name(fusions: list[Fusion]) -> dict[str, Fusion]:
    return {f.name: f for f in fusions}


# ------------------------------------------------------------------------ STAR-Fusion


def test_star_fusion_current_full_gives_partners_in_5_to_3_order() -> None:
    fusions = read_star_fusion(SF_FULL)

    assert [f.name for f in fusions] == ["FGFR2::BICC1", "TPM3::NTRK1"]
    fgfr2, ntrk1 = fusions
    assert (fgfr2.gene5, fgfr2.gene3) == ("FGFR2", "BICC1")  # FGFR2 keeps its kinase, 5'
    assert (ntrk1.gene5, ntrk1.gene3) == ("TPM3", "NTRK1")  # NTRK1 is the 3' partner
    assert fgfr2.breakpoint5 == "chr10:121483698:-"
    assert fgfr2.breakpoint3 == "chr10:58813832:+"
    assert (fgfr2.junction_reads, fgfr2.spanning_reads, fgfr2.supporting_reads) == (9, 5, 14)
    assert (ntrk1.junction_reads, ntrk1.spanning_reads) == (4, 7)
    assert [f.record for f in fusions] == [2, 3]
    assert all(f.caller == "STAR-Fusion" and f.source == str(SF_FULL) for f in fusions)
    assert all(f.reading_frame is None and f.confidence is None for f in fusions)


def test_star_fusion_abridged_reads_the_same_calls_as_full() -> None:
    assert summary(read_star_fusion(SF_ABRIDGED)) == summary(read_star_fusion(SF_FULL))


def test_star_fusion_coding_effect_maps_prot_fusion_type_to_frame() -> None:
    fusions = read_star_fusion(SF_CODING)

    assert [(f.name, f.reading_frame) for f in fusions] == [
        ("FGFR2::BICC1", "in-frame"),  # INFRAME
        ("FGFR2::BICC1", "out-of-frame"),  # FRAMESHIFT, a second isoform is its own row
        ("NEAT1::MALAT1", None),  # "." = no coding effect computed
    ]
    assert fusions[1].breakpoint3 == "chr10:58810914:+"
    assert fusions[2].spanning_reads == 0


def test_star_fusion_legacy_v1_0_nine_columns() -> None:
    fusions = read_star_fusion(SF_V1_0)

    assert summary(fusions) == [
        ("FGFR2", "BICC1", "chr10:123243212:-", "chr10:60573590:+", 11, 6, None, None, 2),
        ("CCDC6", "RET", "chr10:61665880:-", "chr10:43612032:+", 12, 4, None, None, 3),
    ]


def test_star_fusion_pre_1_0_counts_come_from_the_first_junctionreads_column() -> None:
    # The header repeats JunctionReads/SpanningFrags: counts first, read names second.
    fusions = read_star_fusion(SF_PRE_1_0)

    assert [(f.name, f.junction_reads, f.spanning_reads) for f in fusions] == [
        ("FGFR2::BICC1", 4, 3),
        ("CCDC6::RET", 2, 0),
    ]


def test_star_fusion_unknown_columns_are_ignored(tmp_path: Path) -> None:
    # a column no STAR-Fusion version writes, inserted right after the fusion name
    rows = [line.split("\t") for line in SF_ABRIDGED.read_text().splitlines()]
    widened = [
        "\t".join([row[0], "lab_note" if n == 0 else "reviewed", *row[1:]])
        for n, row in enumerate(rows)
    ]
    moved = tmp_path / "extra_column.tsv"
    moved.write_text("\n".join(widened) + "\n")

    assert summary(read_star_fusion(moved)) == summary(read_star_fusion(SF_ABRIDGED))


def test_star_fusion_partners_from_fusion_name_when_gene_columns_are_absent(
    tmp_path: Path,
) -> None:
    path = tmp_path / "no_gene_columns.tsv"
    path.write_text(
        "#FusionName\tJunctionReadCount\tSpanningFragCount\tLeftBreakpoint\tRightBreakpoint\n"
        "STX16-NPEPL1--RAE1\t4\t26\tchr20:57227143:+\tchr20:55929088:+\n"
    )

    (fusion,) = read_star_fusion(path)

    assert (fusion.gene5, fusion.gene3) == ("STX16-NPEPL1", "RAE1")  # split on '--' only


def test_star_fusion_gene_symbol_and_frame_helpers() -> None:
    assert gene_symbol("FGFR2^ENSG00000066468.23") == "FGFR2"
    assert gene_symbol("EML4") == "EML4"
    assert reading_frame("INFRAME") == "in-frame"
    assert reading_frame("FRAMESHIFT") == "out-of-frame"
    assert reading_frame(".") is None
    assert reading_frame("NOT_SURE") == "not_sure"  # unknown values kept, lower-cased


def test_star_fusion_header_only_means_no_calls(tmp_path: Path) -> None:
    path = tmp_path / "none.tsv"
    path.write_text(SF_ABRIDGED.read_text().splitlines()[0] + "\n")

    assert read_star_fusion(path) == []


def test_star_fusion_missing_column_is_refused_at_the_header() -> None:
    path = DATA / "star_fusion_missing_column.tsv"
    with pytest.raises(InputError) as caught:
        read_star_fusion(path)

    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), 1, "SpanningFragCount")
    assert str(error).startswith(f"{path} (line 1, field SpanningFragCount): ")


def test_star_fusion_non_integer_count_is_refused_with_its_line() -> None:
    path = DATA / "star_fusion_noninteger_count.tsv"
    with pytest.raises(InputError) as caught:
        read_star_fusion(path)

    error = caught.value
    assert (error.line, error.field) == (3, "JunctionReadCount")
    assert "'4.0'" in str(error) and str(path) in str(error)


def test_star_fusion_truncated_row_is_refused() -> None:
    path = DATA / "star_fusion_truncated.tsv"
    with pytest.raises(InputError, match=r"expected 17 .* found 8") as caught:
        read_star_fusion(path)

    assert caught.value.line == 3


def test_star_fusion_reader_refuses_an_arriba_file() -> None:
    with pytest.raises(InputError, match="#FusionName") as caught:
        read_star_fusion(ARRIBA_V2)

    assert caught.value.line == 1


# ----------------------------------------------------------------------------- Arriba


def test_arriba_v2_gene1_is_5_prime_and_reads_are_summed() -> None:
    fusions = read_arriba(ARRIBA_V2)

    assert len(fusions) == 5
    fgfr2 = fusions[0]
    assert (fgfr2.gene5, fgfr2.gene3) == ("FGFR2", "BICC1")
    assert (fgfr2.breakpoint5, fgfr2.breakpoint3) == ("chr10:121483698", "chr10:58813832")
    assert (fgfr2.junction_reads, fgfr2.spanning_reads) == (9 + 7, 5)  # split1+split2, mates
    assert (fgfr2.confidence, fgfr2.reading_frame) == ("high", "in-frame")
    assert (fgfr2.caller, fgfr2.record) == ("Arriba", 2)
    tpm3 = fusions[1]
    assert (tpm3.gene5, tpm3.gene3, tpm3.junction_reads, tpm3.spanning_reads) == (
        "TPM3",
        "NTRK1",
        11,
        4,
    )


def test_arriba_reciprocal_pair_stays_two_calls_in_opposite_orders() -> None:
    fusions = read_arriba(ARRIBA_V2)
    pair = [f for f in fusions if {f.gene5, f.gene3} == {"FGFR2", "BICC1"}]

    assert [(f.gene5, f.gene3, f.record) for f in pair] == [
        ("FGFR2", "BICC1", 2),
        ("BICC1", "FGFR2", 4),
    ]
    reciprocal = pair[1]
    assert (reciprocal.confidence, reciprocal.reading_frame) == ("medium", "stop-codon")
    assert (reciprocal.breakpoint5, reciprocal.breakpoint3) == ("chr10:58806375", "chr10:121482186")


def test_arriba_intergenic_partner_is_kept_verbatim_and_never_a_kinase_symbol() -> None:
    fusions = read_arriba(ARRIBA_V2)
    intergenic = fusions[3]

    assert intergenic.gene3 == "SH2D2A(4811),NTRK1(1207)"
    assert is_intergenic(intergenic.gene3)
    assert intergenic.gene3 != "NTRK1"
    # Only the genuine TPM3::NTRK1 call names NTRK1 as a partner.
    assert [f.record for f in fusions if "NTRK1" in (f.gene5, f.gene3)] == [3]
    assert intergenic.reading_frame == "out-of-frame"


def test_arriba_low_confidence_discordant_only_call() -> None:
    low = read_arriba(ARRIBA_V2)[4]

    assert (low.gene5, low.gene3, low.confidence) == ("CCDC6", "RET", "low")
    assert (low.junction_reads, low.spanning_reads, low.supporting_reads) == (0, 3, 3)
    assert low.reading_frame is None  # '.' = not predicted


def test_arriba_v1_column_order_reads_the_same_fields(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="profiler.io.arriba"):
        fusions = read_arriba(ARRIBA_V1)

    assert summary(fusions) == [
        ("FGFR2", "BICC1", "10:123243212", "10:60573590", 12, 3, "in-frame", "high", 2),
        ("EWSR1", "PATZ1", "22:29683123", "22:31740002", 5, 1, None, "medium", 3),
    ]
    # The EWSR1/PATZ1 row has '+/.' and '-/.': Arriba did not predict which end is 5'.
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "line 3" in warnings[0] and "EWSR1/PATZ1" in warnings[0]


def test_arriba_predicted_strands_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="profiler.io.arriba"):
        read_arriba(ARRIBA_V2)

    assert caplog.records == []


def test_arriba_is_intergenic_notation() -> None:
    assert is_intergenic("SH2D3C(6049),CDK9(920)")
    assert is_intergenic(".")
    assert not is_intergenic("FGFR2")
    assert not is_intergenic("RP11-123A4.5")


@pytest.mark.parametrize(
    ("name", "line", "field", "reason"),
    [
        ("arriba_missing_column.tsv", 1, "discordant_mates", "lacks required column"),
        ("arriba_noninteger_count.tsv", 3, "split_reads2", "non-negative integer, found '.'"),
        ("arriba_truncated.tsv", 3, None, "expected 30 tab-separated fields"),
    ],
)
def test_arriba_malformed_files_are_refused(
    name: str, line: int, field: str | None, reason: str
) -> None:
    path = DATA / name
    with pytest.raises(InputError) as caught:
        read_arriba(path)

    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert reason in str(error)
    assert str(error).startswith(str(path))


def test_arriba_reader_refuses_a_star_fusion_file() -> None:
    with pytest.raises(InputError, match="#gene1"):
        read_arriba(SF_FULL)


# --------------------------------------------------------------- registry and detection


def test_registry_names_every_format() -> None:
    assert list(FUSION_READERS) == [
        "star-fusion",
        "fusioninspector",
        "ctat-lr-fusion",
        "arriba",
        "fusioncatcher",
        "fusioncatcher-vcf",
        "dragen",
        "jaffa",
        "cbioportal-sv",
        "fusion-tsv",
        "sv-vcf",
    ]
    assert FUSION_READERS["star-fusion"] is read_star_fusion
    assert FUSION_READERS["fusioninspector"] is read_fusion_inspector
    assert FUSION_READERS["arriba"] is read_arriba
    assert FUSION_READERS["fusioncatcher"] is read_fusioncatcher
    assert FUSION_READERS["fusion-tsv"] is read_fusion_tsv


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("star_fusion_current.fusion_predictions.tsv", "star-fusion"),
        ("star_fusion_current.fusion_predictions.abridged.tsv", "star-fusion"),
        ("star_fusion_coding_effect.abridged.coding_effect.tsv", "star-fusion"),
        ("star_fusion_legacy_v1.0.abridged.tsv", "star-fusion"),
        ("star_fusion_legacy_pre1.0_fusion_name.tsv", "star-fusion"),
        ("arriba_v2_fusions.tsv", "arriba"),
        ("arriba_v1_fusions.tsv", "arriba"),
        ("fusioncatcher_final-list_candidate-fusion-genes.txt", "fusioncatcher"),
        ("fusioncatcher_v1_16col.hg19.txt", "fusioncatcher"),
        ("finspector.FusionInspector.fusions.tsv", "fusioninspector"),
        ("finspector.FusionInspector.fusions.abridged.tsv", "fusioninspector"),
        ("finspector_wiki2019.FusionInspector.fusions.abridged.tsv", "fusioninspector"),
        ("fusion_table.tsv", "fusion-tsv"),
        ("fusion_table_minimal.tsv", "fusion-tsv"),
        ("star_fusion_legacy_0.x_fusion_candidates.txt", "star-fusion"),
        ("finspector_no_annots.FusionInspector.fusions.abridged.tsv", "fusioninspector"),
        ("ctat-LR-fusion.fusion_predictions.tsv", "ctat-lr-fusion"),
        ("BTC01.fusion_candidates.final", "dragen"),
    ],
)
def test_format_is_detected_from_the_header(name: str, fmt: str) -> None:
    assert detect_fusion_format(DATA / name) == fmt
    assert read_fusions(DATA / name) == FUSION_READERS[fmt](DATA / name)


def test_unrecognised_header_lists_the_known_formats(tmp_path: Path) -> None:
    path = tmp_path / "defuse_results.filtered.tsv"  # deFuse: no reader of its own
    path.write_text("cluster_id\tsplitr_sequence\tsplitr_count\tgene_name1\tgene_name2\n")

    with pytest.raises(InputError) as caught:
        detect_fusion_format(path)

    message = str(caught.value)
    assert caught.value.line == 1
    for name in FUSION_READERS:
        assert name in message
    assert "cluster_id" in message and "gene5 and gene3" in message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.tsv"
    path.write_text("")

    with pytest.raises(InputError, match="empty file"):
        detect_fusion_format(path)
    with pytest.raises(InputError, match="empty file"):
        read_fusions(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_fusions(tmp_path / "absent.tsv")


def test_explicit_format_is_used_and_unknown_format_refused() -> None:
    assert read_fusions(ARRIBA_V2, fmt="arriba") == read_arriba(ARRIBA_V2)
    known = (
        "star-fusion, fusioninspector, ctat-lr-fusion, arriba, fusioncatcher, fusioncatcher-vcf,"
        " dragen, jaffa, cbioportal-sv, fusion-tsv, sv-vcf"
    )
    with pytest.raises(InputError, match=re.escape(f"known formats: {known}")):
        read_fusions(ARRIBA_V2, fmt="defuse")
    with pytest.raises(InputError, match="not STAR-Fusion output"):
        read_fusions(ARRIBA_V2, fmt="star-fusion")


@pytest.mark.parametrize("source", [SF_FULL, ARRIBA_V2, SF_PRE_1_0])
def test_gzip_is_read_by_magic_bytes_whatever_the_name(tmp_path: Path, source: Path) -> None:
    packed = tmp_path / "calls.tsv"  # no .gz suffix on purpose
    packed.write_bytes(gzip.compress(source.read_bytes()))

    assert summary(read_fusions(packed)) == summary(read_fusions(source))
    assert read_fusions(packed)[0].source == str(packed)


def test_corrupt_gzip_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.tsv.gz"
    path.write_bytes(gzip.compress(ARRIBA_V2.read_bytes())[:60])

    with pytest.raises(InputError, match="gzip"):
        read_fusions(path)


@pytest.mark.parametrize("source", [SF_CODING, ARRIBA_V1])
def test_crlf_and_bom_are_tolerated_and_keep_line_numbers(tmp_path: Path, source: Path) -> None:
    dos = tmp_path / "dos.tsv"
    dos.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))

    assert summary(read_fusions(dos)) == summary(read_fusions(source))


def test_errors_in_gzip_input_still_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv.gz"
    path.write_bytes(gzip.compress((DATA / "star_fusion_noninteger_count.tsv").read_bytes()))

    with pytest.raises(InputError) as caught:
        read_fusions(path)

    assert (caught.value.line, caught.value.field) == (3, "JunctionReadCount")


def test_read_text_lines_does_not_split_inside_fields(tmp_path: Path) -> None:
    path = tmp_path / "odd.tsv"
    path.write_bytes(b"a\x0cb\tc\r\nd\n")

    assert read_text_lines(path) == ["a\x0cb\tc", "d"]


def test_every_fixture_is_documented() -> None:
    readme = (DATA / "README.md").read_text()
    documented = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    present = {p.name for p in DATA.iterdir() if p.name != "README.md"}

    assert documented == present


# ---------------------------------------------------------------------- FusionCatcher

FC = DATA / "fusioncatcher_final-list_candidate-fusion-genes.txt"
FC_16 = DATA / "fusioncatcher_v1_16col.hg19.txt"


def test_fusioncatcher_partners_reads_and_breakpoints_come_from_named_columns() -> None:
    fusions = read_fusioncatcher(FC)

    assert [f.name for f in fusions] == [
        "FGFR2::BICC1",
        "FGFR2::BICC1",  # the same junction again, found by another method: kept
        "BICC1::FGFR2",  # the reciprocal, FGFR2 3'
        "TPM3::NTRK1",
        "NEAT1::MALAT1",
    ]
    fgfr2 = fusions[0]
    assert (fgfr2.breakpoint5, fgfr2.breakpoint3) == ("10:121483698:-", "10:58813832:+")
    # Spanning_unique_reads are junction reads, Spanning_pairs spanning fragments.
    assert (fgfr2.junction_reads, fgfr2.spanning_reads) == (7, 12)
    assert (fusions[1].junction_reads, fusions[1].spanning_reads) == (3, 12)
    assert [f.record for f in fusions] == [2, 3, 4, 5, 6]
    assert {f.caller for f in fusions} == {"FusionCatcher"}
    assert all(f.confidence is None for f in fusions)


def test_fusioncatcher_frame_only_when_predicted_effect_is_a_frame() -> None:
    frames = [f.reading_frame for f in read_fusioncatcher(FC)]
    assert frames == ["in-frame", "in-frame", "out-of-frame", "in-frame", None]

    legacy = read_fusioncatcher(FC_16)
    assert [f.reading_frame for f in legacy] == ["in-frame", None]  # CDS(truncated)/CDS(...)


def test_fusioncatcher_16_column_layout_reads_grch37_points() -> None:
    fusions = read_fusioncatcher(FC_16)

    assert [f.name for f in fusions] == ["FGFR2::BICC1", "CCDC6::RET"]
    assert fusions[0].breakpoint5 == "10:123243212:-"
    assert (fusions[1].junction_reads, fusions[1].spanning_reads) == (4, 7)


def test_fusioncatcher_missing_column_is_named() -> None:
    with pytest.raises(InputError) as caught:
        read_fusioncatcher(DATA / "fusioncatcher_missing_column.txt")

    assert (caught.value.line, caught.value.field) == (1, "Spanning_pairs")


def test_fusioncatcher_noninteger_count_names_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        read_fusions(DATA / "fusioncatcher_noninteger_count.txt")

    assert (caught.value.line, caught.value.field) == (3, "Spanning_unique_reads")


def test_fusioncatcher_unnamed_gene_keeps_its_ensembl_id(tmp_path: Path) -> None:
    lines = FC.read_text().splitlines()
    fields = lines[1].split("\t")
    fields[1] = ""  # Gene_2_symbol empty: a novel locus without a symbol
    path = tmp_path / "novel.txt"
    path.write_text("\n".join([lines[0], "\t".join(fields)]) + "\n")

    assert read_fusioncatcher(path)[0].gene3 == "ENSG00000122870"


# -------------------------------------------------------------------- FusionInspector

FI_FULL = DATA / "finspector.FusionInspector.fusions.tsv"
FI_ABRIDGED = DATA / "finspector.FusionInspector.fusions.abridged.tsv"
FI_WIKI = DATA / "finspector_wiki2019.FusionInspector.fusions.abridged.tsv"


def test_fusion_inspector_is_told_apart_from_star_fusion_and_named_as_such() -> None:
    fusions = read_fusion_inspector(FI_ABRIDGED)

    assert [(f.name, f.caller) for f in fusions] == [
        ("FGFR2::BICC1", "FusionInspector"),
        ("TPM3::NTRK1", "FusionInspector"),
    ]
    fgfr2 = fusions[0]
    # the genome breakpoint, not LeftLocalBreakpoint (an offset on the mini-contig)
    assert (fgfr2.breakpoint5, fgfr2.breakpoint3) == ("chr10:121483698:-", "chr10:58813832:+")
    assert (fgfr2.junction_reads, fgfr2.spanning_reads) == (11, 6)
    assert detect_fusion_format(SF_FULL) == "star-fusion"  # no LeftLocalBreakpoint


def test_fusion_inspector_full_file_and_2019_layout() -> None:
    full = read_fusion_inspector(FI_FULL)
    assert summary(full) == summary(read_fusion_inspector(FI_ABRIDGED))[:1]

    wiki = read_fusions(FI_WIKI)
    assert [(f.name, f.junction_reads, f.spanning_reads) for f in wiki] == [("CCDC6::RET", 8, 5)]
    assert wiki[0].caller == "FusionInspector"


def test_fusion_inspector_file_read_as_star_fusion_keeps_its_caller() -> None:
    assert {f.caller for f in read_star_fusion(FI_ABRIDGED)} == {"FusionInspector"}


def test_star_fusion_file_is_refused_by_the_fusion_inspector_reader() -> None:
    with pytest.raises(InputError, match="LeftLocalBreakpoint"):
        read_fusion_inspector(SF_FULL)


# ------------------------------------------------------------------- simple fusion table


def test_simple_table_reads_optional_columns_and_defaults_the_caller() -> None:
    fusions = read_fusion_tsv(DATA / "fusion_table.tsv")

    assert [f.name for f in fusions] == ["FGFR2::BICC1", "TPM3::NTRK1", "CCDC6::RET"]
    fgfr2, ntrk1, ret = fusions
    assert fgfr2.caller == "Oncomine Comprehensive v3"
    assert (fgfr2.junction_reads, fgfr2.spanning_reads, fgfr2.reading_frame) == (14, 9, "in-frame")
    assert fgfr2.breakpoint5 == "chr10:121483698:-"
    assert (ntrk1.caller, ntrk1.junction_reads, ntrk1.spanning_reads) == ("TSV", 6, None)
    assert (ret.breakpoint5, ret.junction_reads, ret.supporting_reads) == (None, None, None)


def test_simple_table_with_only_the_partners() -> None:
    (fusion,) = read_fusions(DATA / "fusion_table_minimal.tsv")

    assert (fusion.gene5, fusion.gene3, fusion.caller, fusion.record) == (
        "FGFR2",
        "BICC1",
        "TSV",
        2,
    )


def test_simple_table_empty_partner_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_fusion_tsv(DATA / "fusion_table_empty_partner.tsv")

    assert (caught.value.line, caught.value.field) == (2, "gene3")


def test_simple_table_header_without_gene3_is_not_a_fusion_table(tmp_path: Path) -> None:
    path = tmp_path / "calls.tsv"
    path.write_text("gene5\tgene\tjunction_reads\nFGFR2\tBICC1\t3\n")

    with pytest.raises(InputError, match="unrecognised fusion-caller output"):
        read_fusions(path)


@pytest.mark.parametrize("source", [FC, FI_ABRIDGED, DATA / "fusion_table.tsv"])
def test_new_readers_take_gzip_crlf_and_bom(tmp_path: Path, source: Path) -> None:
    packed = tmp_path / "calls.txt"
    packed.write_bytes(gzip.compress(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n")))

    assert summary(read_fusions(packed)) == summary(read_fusions(source))


def test_extra_columns_are_tolerated(tmp_path: Path) -> None:
    lines = FC.read_text().splitlines()
    path = tmp_path / "extra.txt"
    path.write_text("\n".join(f"{line}\tlab_note" for line in lines) + "\n")

    assert summary(read_fusioncatcher(path)) == summary(read_fusioncatcher(FC))


# --------------------------------------------------------------- SV VCF via the registry


def test_sv_vcf_is_detected_and_needs_the_knowledge_base(kb) -> None:
    manta = DATA.parent / "sv" / "manta_somaticSV_grch38.vcf"

    assert detect_fusion_format(manta) == "sv-vcf"
    with pytest.raises(InputError, match="knowledge base"):
        read_fusions(manta)
    fusions = read_fusions(manta, kb=kb, sample="CCA042_T")
    assert "FGFR2::chr10:58811205(no KB gene)" in [f.name for f in fusions]
