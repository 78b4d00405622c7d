"""MSI readers: the MSIsensor family's score table and MANTIS, tool/mode decisions, refusals.

Fixtures are in tests/data/msi (see its README). Sibling files that reveal the mode
(`<prefix>_germline`, `<prefix>_all`) are created in tmp_path next to copies.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from profiler.errors import InputError
from profiler.io.msi import MSI_READERS, detect_msi_format, read_mantis, read_msi, read_msisensor

DATA = Path(__file__).parent / "data" / "msi"
PAIRED = DATA / "CCA042_T_vs_N.msisensor"
SENSOR2 = DATA / "CCA042_T.msisensor2"
PRO = DATA / "CCA042_T.msisensor_pro"
STATUS = DATA / "CCA042_mantis.txt.status"
LOCI = DATA / "CCA042_mantis.txt"


def test_msisensor_score_and_counts() -> None:
    result = read_msi(PAIRED)

    assert (result.tool, result.score, result.unit) == ("MSIsensor", 13.79, "percent")
    assert (result.total_sites, result.unstable_sites, result.record) == (2987, 412, 2)
    assert result.mode is None  # nothing beside the file says whether a normal was used


def test_stated_tool_and_mode_are_kept() -> None:
    result = read_msi(PAIRED, tool="MSIsensor", mode="tumor_normal")
    assert (result.tool, result.mode) == ("MSIsensor", "tumor_normal")


def test_msisensor2_is_tumor_only_and_refuses_a_normal() -> None:
    result = read_msi(SENSOR2, tool="MSIsensor2")
    assert (result.tool, result.score, result.mode) == ("MSIsensor2", 22.42, "tumor_only")

    with pytest.raises(InputError, match="tumor-only"):
        read_msi(SENSOR2, tool="MSIsensor2", mode="tumor_normal")


def test_unstable_sites_header_is_msisensor_pro() -> None:
    result = read_msi(PRO)
    assert (result.tool, result.score, result.unstable_sites) == ("MSIsensor-pro", 1.12, 96)


def test_germline_file_beside_the_score_means_tumor_normal(tmp_path: Path) -> None:
    copy = tmp_path / "CCA042.msi"
    shutil.copy(PAIRED, copy)
    (tmp_path / "CCA042.msi_germline").write_text("chromosome\tlocation\n")

    assert read_msi(copy).mode == "tumor_normal"


def test_pro_mode_files_beside_the_score_mean_tumor_only(tmp_path: Path) -> None:
    copy = tmp_path / "CCA042.pro"
    shutil.copy(PRO, copy)
    (tmp_path / "CCA042.pro_all").write_text("chromosome\tlocation\n")

    assert read_msi(copy).mode == "tumor_only"


def test_zero_sites_reads_as_zero_with_the_total_to_tell_it_apart() -> None:
    result = read_msi(DATA / "msisensor_zero_sites")
    assert (result.score, result.total_sites) == (0.0, 0)


@pytest.mark.parametrize(
    ("name", "line", "field", "message"),
    [
        ("msisensor_nonnumeric_score", 2, "%", "expected a number"),
        ("msisensor_two_rows", 3, None, "exactly one data row"),
        ("msisensor_inconsistent_percent", 2, "%", "does not match 412 of 2987"),
    ],
)
def test_malformed_score_files_name_line_and_field(name, line, field, message) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_msi(DATA / name)

    assert (caught.value.line, caught.value.field) == (line, field)


def test_missing_header_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError, match="without its header") as caught:
        read_msi(DATA / "msisensor_no_header")
    assert caught.value.line == 1

    with pytest.raises(InputError, match="missing header") as caught:
        read_msisensor(DATA / "msisensor_no_header")
    assert caught.value.line == 1


def test_unknown_tool_and_mode_are_refused() -> None:
    with pytest.raises(InputError, match="unknown MSIsensor tool 'MSIsensor-ct'"):
        read_msi(PAIRED, tool="MSIsensor-ct")
    with pytest.raises(InputError, match="unknown MSI mode 'paired'"):
        read_msi(PAIRED, mode="paired")


# ------------------------------------------------------------------------------ MANTIS


def test_mantis_status_gives_the_step_wise_difference() -> None:
    result = read_msi(STATUS)

    assert (result.tool, result.score, result.unit, result.mode) == (
        "MANTIS",
        0.5213,
        "distance",
        "tumor_normal",
    )
    assert (result.record, result.total_sites, result.unstable_sites) == (2, None, None)


def test_mantis_per_locus_table_average_row_matches_the_status() -> None:
    result = read_mantis(LOCI)

    assert (result.score, result.total_sites, result.record) == (0.5213, 5, 7)
    assert result.score == read_mantis(STATUS).score


def test_mantis_kmer_counts_are_refused_with_a_pointer_to_status() -> None:
    with pytest.raises(InputError, match=r"\.status"):
        read_msi(DATA / "CCA042_mantis_kmer_counts_filtered.txt")


def test_mantis_status_without_its_dif_row_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.status"
    path.write_text("\n".join(STATUS.read_text().splitlines()[:1]) + "\n")
    with pytest.raises(InputError, match="one Step-Wise Difference"):
        read_msi(path)


def test_mantis_is_not_read_as_another_tool_or_mode() -> None:
    with pytest.raises(InputError, match="cannot be read as MSIsensor"):
        read_msi(STATUS, tool="MSIsensor")
    with pytest.raises(InputError, match="tumor_normal"):
        read_msi(STATUS, mode="tumor_only")


# ----------------------------------------------------------------- registry, bytes


@pytest.mark.parametrize(
    ("path", "fmt"),
    [(PAIRED, "msisensor"), (SENSOR2, "msisensor"), (PRO, "msisensor"), (STATUS, "mantis")],
)
def test_format_is_detected(path: Path, fmt: str) -> None:
    assert detect_msi_format(path) == fmt


def test_registry_and_unknown_format() -> None:
    assert list(MSI_READERS) == ["msisensor", "mantis"]
    with pytest.raises(InputError, match=re.escape("known formats: msisensor, mantis")):
        read_msi(PAIRED, fmt="mmrdetect")


@pytest.mark.parametrize("source", [PAIRED, STATUS, LOCI])
def test_gzip_crlf_and_bom_read_the_same(tmp_path: Path, source: Path) -> None:
    packed = tmp_path / "msi.txt"
    packed.write_bytes(gzip.compress(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n")))

    got, expected = read_msi(packed), read_msi(source)
    assert (got.tool, got.score, got.total_sites, got.record) == (
        expected.tool,
        expected.score,
        expected.total_sites,
        expected.record,
    )


def test_empty_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("")
    with pytest.raises(InputError, match="empty file"):
        read_msi(empty)
    with pytest.raises(InputError, match="file not found"):
        read_msi(tmp_path / "absent")


def test_every_fixture_is_documented() -> None:
    readme = (DATA / "README.md").read_text()
    documented = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    assert documented == {p.name for p in DATA.iterdir() if p.name != "README.md"}
