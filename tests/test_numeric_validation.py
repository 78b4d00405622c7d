"""Hostile numbers (issue 15): every number is finite and in range, or the run stops.

Each test writes its bad file itself (tmp_path). Before, a NaN creatinine clearance passed
the case schema (NaN compares False with every limit) and ruled cisplatin out in silence,
a NaN purity printed "nan%", CNV `inf` or `-3` copies were called, `--callable-mb 1e-300`
gave TMB-H at 1e302, `--ploidy 0` and `--msi-threshold -5` were accepted, report.json
could hold a bare `NaN` (not JSON), and 5,000-digit integers or deep nesting raised
ValueError / RecursionError inside a reader.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from profiler import cli
from profiler.api import ReportOptions, build
from profiler.errors import InputError, RenderError
from profiler.io.arriba import read_arriba
from profiler.io.case import read_case
from profiler.io.cnv import read_copy_number
from profiler.io.msi import read_msi
from profiler.options import NUMERIC_OPTIONS
from profiler.render.json_report import render_json

DATA = Path(__file__).parent / "data"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"
VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"
CASE = json.loads((DATA / "case" / "icca_line2.json").read_text(encoding="utf-8"))


def _case_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    return path


def _case_with(tmp_path: Path, field: str, token: str) -> Path:
    """The tests/data case with one field's value replaced by a raw JSON token."""
    document = json.dumps({**CASE, field: "@@"}, indent=2)
    return _case_file(tmp_path, document.replace('"@@"', token))


# ----------------------------------------------------------------- case JSON numbers


def test_nan_creatinine_clearance_no_longer_silently_rules_out_cisplatin(tmp_path):
    path = _case_with(tmp_path, "creatinine_clearance_ml_min", "NaN")
    with pytest.raises(InputError, match="NaN is not a JSON number") as caught:
        read_case(path)
    assert caught.value.path == str(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "NaN" in lines[caught.value.line - 1]  # the line the NaN is written on


def test_nan_tumor_purity_is_refused_not_printed_as_nan_percent(tmp_path):
    with pytest.raises(InputError, match="NaN"):
        read_case(_case_with(tmp_path, "tumor_purity", "NaN"))


@pytest.mark.parametrize("token", ["Infinity", "-Infinity", "1e400", "-1e999"])
def test_infinite_case_numbers_are_refused(tmp_path, token):
    with pytest.raises(InputError, match="finite"):
        read_case(_case_with(tmp_path, "life_expectancy_weeks", token))


def test_5000_digit_integer_in_case_json_is_an_input_error_not_a_valueerror(tmp_path):
    with pytest.raises(InputError, match="too large"):
        read_case(_case_with(tmp_path, "age", "7" * 5000))


def test_deeply_nested_case_json_is_an_input_error_not_a_recursionerror(tmp_path):
    path = _case_file(tmp_path, "[" * 200_000 + "]" * 200_000)
    with pytest.raises(InputError, match="nested too deeply"):
        read_case(path)


def test_absurd_metastasis_count_is_refused_by_the_schema(tmp_path):
    token = '{"count": 99999999999, "max_per_organ": 1}'
    with pytest.raises(InputError, match="maximum"):
        read_case(_case_with(tmp_path, "metastases", token))


# ------------------------------------------------------------- copy-number numbers


CNVKIT_HEADER = "chromosome\tstart\tend\tgene\tlog2\tcn\tprobes\n"


@pytest.mark.parametrize("copies", ["inf", "-inf", "Infinity", "-3", "1e30"])
def test_cnv_infinite_or_negative_copies_are_refused_not_called(tmp_path, copies):
    path = tmp_path / "genes.tsv"
    path.write_text(f"gene\tcopy_number\nERBB2\t{copies}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_copy_number(path)
    assert (caught.value.line, caught.value.field) == (2, "copy_number")


def test_cnvkit_negative_cn_is_refused(tmp_path):
    path = tmp_path / "tumor.call.cns"
    path.write_text(CNVKIT_HEADER + "chr17\t39687914\t39730426\tERBB2\t3.1\t-3\t12\n")
    with pytest.raises(InputError, match="must be in \\[0, 10000\\]") as caught:
        read_copy_number(path)
    assert caught.value.field == "cn"


@pytest.mark.parametrize("log2", ["inf", "2000", "-1e308"])
def test_cnv_log2_beyond_any_measurement_is_refused_not_overflowing(tmp_path, log2):
    path = tmp_path / "tumor.cns"
    path.write_text(CNVKIT_HEADER + f"chr17\t39687914\t39730426\tERBB2\t{log2}\t\t12\n")
    with pytest.raises(InputError) as caught:
        read_copy_number(path)
    assert caught.value.field == "log2"


def test_5000_digit_probe_count_is_an_input_error_not_a_valueerror(tmp_path):
    path = tmp_path / "tumor.cns"
    probes = "9" * 5000
    path.write_text(CNVKIT_HEADER + f"chr17\t39687914\t39730426\tERBB2\t3.1\t\t{probes}\n")
    with pytest.raises(InputError, match="too large") as caught:
        read_copy_number(path)
    assert caught.value.field == "probes"


def test_5000_digit_segment_coordinate_is_an_input_error(tmp_path):
    path = tmp_path / "tumor.cns"
    path.write_text(CNVKIT_HEADER + f"chr17\t1\t{'9' * 5000}\tERBB2\t3.1\t\t12\n")
    with pytest.raises(InputError, match="too large"):
        read_copy_number(path)


# -------------------------------------------------------------------- MSI numbers


@pytest.mark.parametrize("value", ["-5", "inf", "nan"])
def test_mantis_negative_or_infinite_distance_is_refused(tmp_path, value):
    path = tmp_path / "mantis.txt.status"
    path.write_text(
        "Average Metric Value (Abbr)\tValue\tThreshold\tStatus\n"
        f"Step-Wise Difference (DIF)\t{value}\t0.4000\tUnstable\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_msi(path)
    assert (caught.value.line, caught.value.field) == (2, "Value")


def test_msisensor_5000_digit_site_count_is_an_input_error(tmp_path):
    path = tmp_path / "msi"
    big = "1" * 5000
    path.write_text(
        f"Total_Number_of_Sites\tNumber_of_Somatic_Sites\t%\n{big}\t1\t0.00\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="too large"):
        read_msi(path)


# ------------------------------------------------------------------ numeric options

BAD_OPTIONS = [
    ("ploidy", 0.0),
    ("ploidy", float("nan")),
    ("amplification_ratio", 0.5),
    ("amplification_ratio", float("inf")),
    ("msi_threshold", -5.0),
    ("msi_threshold", float("nan")),
    ("callable_mb", 1e-300),
    ("callable_mb", float("inf")),
    ("min_vaf", 1.5),
    ("min_vaf", float("nan")),
    ("tmb_min_vaf", -0.1),
    ("min_depth", -1),
    ("min_depth", 7 * 10**5000),
    ("min_fusion_reads", 2.5),
]


@pytest.mark.parametrize(
    ("name", "value"), BAD_OPTIONS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BAD_OPTIONS)]
)
def test_out_of_range_or_non_finite_options_are_refused_naming_the_flag(tmp_path, name, value):
    flag = NUMERIC_OPTIONS[name][0]
    with pytest.raises(InputError, match=f"^{flag} "):
        ReportOptions(out_dir=tmp_path, vcf=VCF, **{name: value})


@pytest.mark.parametrize(
    "argv",
    [
        ["--ploidy", "0"],
        ["--msi-threshold", "-5"],
        ["--callable-mb", "1e-300"],
        ["--amp-ratio", "nan"],
        ["--min-vaf", "inf"],
    ],
)
def test_cli_hostile_numeric_option_is_a_one_line_error_exit_2(tmp_path, capsys, argv):
    out = tmp_path / "out"
    code = cli.main(["report", "--vcf", str(VCF), *argv, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"profiler: error: {argv[0]} ")
    assert not out.exists()


def test_callable_mb_1e_300_no_longer_gives_tmb_h_at_1e302(tmp_path):
    with pytest.raises(InputError, match="--callable-mb"):
        build(ReportOptions(out_dir=tmp_path, vcf=VCF, callable_mb=1e-300))


def test_target_bed_of_a_few_bases_is_refused_as_a_tmb_denominator(tmp_path, kb):
    bed = tmp_path / "tiny.bed"
    bed.write_text("chr12\t25245349\t25245351\n", encoding="utf-8")
    with pytest.raises(InputError, match="TMB territory must be in") as caught:
        build(ReportOptions(out_dir=tmp_path, vcf=VCF, target_bed=bed), kb)
    assert caught.value.path == str(bed)


def test_every_numeric_option_documents_its_bounds_in_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for flag, _, bounds in NUMERIC_OPTIONS.values():
        assert flag in text
        assert f"allowed: {bounds.describe()}" in text


# ---------------------------------------------------------------------- report.json


def test_report_json_never_holds_a_bare_nan(tmp_path, kb):
    report = build(ReportOptions(out_dir=tmp_path, fusions=(STAR,), write_pdf=False), kb)
    finding = dataclasses.replace(report.findings[0], vaf=float("nan"))
    poisoned = dataclasses.replace(report, findings=(finding, *report.findings[1:]))
    with pytest.raises(RenderError, match=r"findings\[0\]\.vaf"):
        render_json(poisoned)


def test_report_json_is_strict_json(tmp_path, kb):
    report = build(ReportOptions(out_dir=tmp_path, fusions=(STAR,), write_pdf=False), kb)

    def refuse(token: str) -> float:
        raise AssertionError(f"non-standard JSON token {token}")

    document = json.loads(render_json(report), parse_constant=refuse)
    assert document["findings"]
    assert all(math.isfinite(v) for v in _floats(document))  # no inf sneaks through as 1e999


def _floats(node: object) -> list[float]:
    if isinstance(node, float):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return [f for item in node for f in _floats(item)]
    return []


# ------------------------------------------------------------------ Arriba distances


@pytest.mark.parametrize("distance", ["\u00b2", "9" * 5000])
def test_arriba_unicode_or_5000_digit_neighbour_distance_is_no_crash(tmp_path, distance):
    source = (DATA / "fusions" / "arriba_v2_fusions.tsv").read_text(encoding="utf-8")
    assert "NTRK1(1207)" in source
    path = tmp_path / "fusions.tsv"
    path.write_text(source.replace("NTRK1(1207)", f"NTRK1({distance})"), encoding="utf-8")
    fusions = read_arriba(path)
    assert any(f.gene3.startswith("SH2D2A(4811),NTRK1(") for f in fusions)
