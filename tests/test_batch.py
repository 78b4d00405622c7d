"""`profiler batch` and `profiler cohort` (issue 14): a sample sheet through run_report.

Real sample sheets over the demo inputs and test data; one sample's bad input fails that
sample only, with its one-line error in cohort_summary.tsv, and the batch exits non-zero.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from profiler.batch import run_batch
from profiler.cli import main
from profiler.cohort import biomarker_lines
from profiler.errors import InputError
from profiler.samplesheet import read_samplesheet

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data"
DATA = Path(__file__).parent / "data"
HEADER = "sample_id,vcf,fusions,cnv,msi,case\n"


def _sheet(tmp_path: Path, text: str) -> Path:
    """A sheet beside copies of the demo inputs, so its relative paths resolve."""
    for source in DEMO.iterdir():
        if source.is_file() and source.name.startswith("CCA-DEMO-001"):
            shutil.copy(source, tmp_path / source.name)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(text)
    return sheet


def _summary(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "cohort_summary.tsv", sep="\t", dtype=str, keep_default_na=False)


def _multiqc(out: Path) -> tuple[dict, pd.DataFrame]:
    text = (out / "profiler_mqc.tsv").read_text()
    header = "".join(line[2:] + "\n" for line in text.splitlines() if line.startswith("# "))
    table = pd.read_csv(io.StringIO(text), sep="\t", comment="#", dtype=str, keep_default_na=False)
    return yaml.safe_load(header), table


def test_the_bundled_sheet_runs_with_two_jobs_and_summarises_each_sample(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "batch",
            "--samplesheet",
            str(DEMO / "samplesheet.csv"),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--no-pdf",
        ]
    )
    assert code == 0
    for sample in ("CCA-DEMO-001", "CCA-DEMO-001-RNA", "CCA-DEMO-001-DNA"):
        assert (out / sample / "report.json").is_file()
        assert not (out / sample / "report.pdf").exists()
    summary = _summary(out)
    assert summary[
        ["sample_id", "status", "gene", "alteration", "tier", "best_option"]
    ].values.tolist() == [
        ["CCA-DEMO-001", "actionable", "FGFR2", "FGFR2::BICC1 fusion", "IA", "Futibatinib"],
        ["CCA-DEMO-001", "actionable", "IDH1", "R132C", "IA", "Ivosidenib"],
        ["CCA-DEMO-001-RNA", "actionable", "FGFR2", "FGFR2::BICC1 fusion", "IA", "Futibatinib"],
        ["CCA-DEMO-001-DNA", "actionable", "IDH1", "R132C", "IA", "Ivosidenib"],
    ]
    # with the case (iCCA, second line) both options are on-label now; without a case the
    # report's own qualifications follow the option into the summary
    keys = summary["sample_id"] + " " + summary["gene"]
    evidence = dict(zip(keys, summary["evidence"], strict=True))
    assert evidence["CCA-DEMO-001 FGFR2"] == "approved_btc; OncoKB 1; AMP IA"
    assert evidence["CCA-DEMO-001 IDH1"] == "approved_btc; OncoKB 1; AMP IA"
    assert evidence["CCA-DEMO-001-DNA IDH1"] == (
        "approved_btc; OncoKB 1; AMP IA; depends on: anatomical subtype, line of therapy; "
        "with caveats"
    )
    err = capsys.readouterr().err
    assert "[3/3]" in err and "3 of 3 samples reported" in err  # plain lines: not a TTY
    # each report records the `profiler report` command that would reproduce it
    report = json.loads((out / "CCA-DEMO-001-RNA" / "report.json").read_text())
    command = report["provenance"]["command_line"]
    assert command[:3] == ["profiler", "report", "--fusions"] and "--no-pdf" in command


def test_a_failing_sample_fails_alone_and_the_batch_exits_non_zero(tmp_path):
    sheet = _sheet(
        tmp_path,
        HEADER
        + "good,CCA-DEMO-001.mutect2.vep.vcf.gz,,,,CCA-DEMO-001.case.json\n"
        + "missing,absent.vcf,,,,\n"
        + "wrong-kind,,CCA-DEMO-001.case.json,,,\n"
        + "nothing,,,,,\n",
    )
    out = tmp_path / "out"
    result = run_batch(sheet, out, jobs=2, write_pdf=False)
    assert result.exit_code == 2
    assert [o.sample_id for o in result.failed] == ["missing", "wrong-kind", "nothing"]
    assert (out / "good" / "report.json").is_file()
    assert not (out / "missing").exists() or not any((out / "missing").iterdir())
    summary = _summary(out).set_index("sample_id")
    assert summary.loc["good", "status"] == "actionable"
    for sample in ("missing", "wrong-kind", "nothing"):
        assert summary.loc[sample, "status"] == "failed"
        assert "\n" not in summary.loc[sample, "error"]
    assert "absent.vcf" in summary.loc["missing", "error"]
    assert "nothing to report" in summary.loc["nothing", "error"]
    _, table = _multiqc(out)
    assert table.set_index("Sample").loc["missing", "status"] == "failed"


def test_cli_exit_code_and_error_lines_for_a_failed_sample(tmp_path, capsys):
    sheet = _sheet(
        tmp_path,
        HEADER
        + "good,,CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv,,,\nbad,nope.vcf,,,,\n",
    )
    code = main(["batch", "--samplesheet", str(sheet), "--out", str(tmp_path / "out"), "--no-pdf"])
    assert code == 2
    err = capsys.readouterr().err
    assert "1 of 2 samples reported" in err
    assert "profiler: failed: bad:" in err and "nope.vcf" in err


def test_a_sample_without_actionable_findings_has_one_row(tmp_path):
    # 45 junction + 22 spanning reads: a minimum of 100 reads leaves nothing actionable
    sheet = _sheet(
        tmp_path, HEADER + "quiet,,CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv,,,\n"
    )
    run_batch(sheet, tmp_path / "out", write_pdf=False, min_fusion_reads=100)
    rows = _summary(tmp_path / "out").to_dict("records")
    assert rows == [
        {"sample_id": "quiet", "status": "no_actionable", "gene": "", "alteration": "", "tier": "",
         "best_option": "", "evidence": "", "error": ""}
    ]  # fmt: skip


def test_multiqc_file_follows_the_custom_content_format(tmp_path):
    msi = DATA / "msi" / "CCA042_T_vs_N.msisensor"
    sheet = _sheet(
        tmp_path,
        HEADER
        + f"with-msi,CCA-DEMO-001.mutect2.vep.vcf.gz,,,{msi},\n"
        + "rna,,CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv,,,\n",
    )
    out = tmp_path / "out"
    run_batch(sheet, out, write_pdf=False)
    assert (out / "profiler_mqc.tsv").name.endswith("_mqc.tsv")  # MultiQC finds it by name
    config, table = _multiqc(out)
    assert config["id"] == "profiler" and config["plot_type"] == "table"
    assert config["format"] == "tsv" and config["section_name"]
    assert table.columns[0] == "Sample"
    assert set(config["headers"]) == set(table.columns) - {"Sample"}
    rows = table.set_index("Sample")
    assert rows.loc["with-msi", "n_actionable"] == "1"
    assert rows.loc["with-msi", "top_finding"] == "IDH1 R132C"
    assert rows.loc["with-msi", "msi"] == "indeterminate (13.79%)"
    assert rows.loc["with-msi", "tmb"] == ""  # no denominator: TMB not assessed
    assert rows.loc["rna", "top_finding"] == "FGFR2::BICC1 fusion"
    assert rows.loc["rna", "msi"] == ""


def test_tmb_and_msi_are_read_from_the_reports_typed_biomarkers(tmp_path):
    out = tmp_path / "out"
    main(
        ["report", "--vcf", str(DATA / "vcf" / "tmb_vep_grch38.vcf"), "--callable-mb", "1",
         "--msi", str(DATA / "msi" / "CCA042_T.msisensor2"), "--no-pdf", "--out", str(out)]
    )  # fmt: skip
    report = json.loads((out / "report.json").read_text())
    msi, tmb = biomarker_lines(report)
    panel = report["biomarkers"]
    assert tmb == f"{panel['tmb']['value_mut_per_mb']} mut/Mb (TMB-low)" == "7.0 mut/Mb (TMB-low)"
    assert msi == f"{panel['msi']['status']} ({panel['msi']['score']:g}%)"


def test_cohort_command_summarises_finished_reports(tmp_path, capsys):
    run_batch(DEMO / "samplesheet.csv", tmp_path / "batch", write_pdf=False)
    reports = sorted((tmp_path / "batch").glob("*/report.json"))
    assert main(["cohort", "--out", str(tmp_path / "cohort"), *map(str, reports)]) == 0
    # the same reports give the same files, samples in the order given (sorted here)
    batch = _summary(tmp_path / "batch").sort_values("sample_id", kind="stable")
    cohort = _summary(tmp_path / "cohort")
    assert cohort.values.tolist() == batch.values.tolist()
    assert sorted(_multiqc(tmp_path / "cohort")[1].values.tolist()) == sorted(
        _multiqc(tmp_path / "batch")[1].values.tolist()
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sample_id,vcf,fusion\n", "unknown column 'fusion'"),
        ("vcf,case\nx.vcf,\n", "no sample_id column"),
        ("sample_id,vcf,vcf\n", "column 'vcf' appears twice"),
        (HEADER + "A,a.vcf,,,,\nA,b.vcf,,,,\n", "duplicate sample_id 'A' (first on line 2)"),
        (HEADER + "../up,a.vcf,,,,\n", "not usable as a folder name"),
        (HEADER + ",a.vcf,,,,\n", "not usable as a folder name"),
        (HEADER, "lists no sample"),
        ("", "no header line"),
        (HEADER + "A,a.vcf,,,,,extra\n", "7 cells for 6 columns"),
    ],
)
def test_unusable_sheets_are_refused_before_any_sample_runs(tmp_path, text, message):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(text)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_batch(sheet, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_sheet_paths_resolve_against_its_folder_and_split_fusions(tmp_path):
    (tmp_path / "sub").mkdir()
    sheet = tmp_path / "sub" / "sheet.csv"
    sheet.write_text(
        "\ufeffsample_id , maf,fusions,case\n"
        "S1, data/s1.maf , a.tsv; /abs/b.tsv ;,\n"
        "\n"
        "S2,,,/abs/case.json\n"
    )
    rows = read_samplesheet(sheet)
    assert [r.sample_id for r in rows] == ["S1", "S2"]
    assert rows[0].maf == tmp_path / "sub" / "data" / "s1.maf"
    assert rows[0].fusions == (tmp_path / "sub" / "a.tsv", Path("/abs/b.tsv"))
    assert rows[0].case is None and rows[0].vcf is None
    assert rows[1].case == Path("/abs/case.json") and rows[1].line == 4


def test_jobs_out_of_range_is_refused(tmp_path):
    with pytest.raises(InputError, match="--jobs must be 1 to"):
        run_batch(DEMO / "samplesheet.csv", tmp_path / "out", jobs=0)


@pytest.mark.slow
def test_batch_writes_pdf_and_json_per_sample(tmp_path):
    out = tmp_path / "out"
    result = run_batch(DEMO / "samplesheet.csv", out, jobs=2)
    assert result.exit_code == 0
    for sample in ("CCA-DEMO-001", "CCA-DEMO-001-RNA", "CCA-DEMO-001-DNA"):
        assert (out / sample / "report.pdf").read_bytes()[:5] == b"%PDF-"


class _Terminal(io.StringIO):
    """stderr as a terminal: the batch draws a tqdm progress bar instead of log lines."""

    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_and_failures_above_it(tmp_path, monkeypatch):
    sheet = _sheet(
        tmp_path,
        HEADER
        + "good,,CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv,,,\nbad,nope.vcf,,,,\n",
    )
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    code = main(["batch", "--samplesheet", str(sheet), "--out", str(tmp_path / "out"), "--no-pdf"])
    assert code == 2
    text = terminal.getvalue()
    assert "2/2" in text and "sample" in text  # the bar, complete
    assert "[1/2]" not in text  # no plain log lines on a terminal
    assert "profiler: bad failed:" in text and "nope.vcf" in text


def test_the_summary_keeps_the_reports_qualifications_of_an_option(tmp_path):
    # gallbladder carcinoma at the first-line decision: futibatinib's label is intrahepatic
    # CCA (off-label, tier IIC) and targeted options come after first-line therapy
    case = tmp_path / "gb.json"
    case.write_text('{"diagnosis": "gallbladder_carcinoma", "line_of_therapy": 1, "ecog": 1}')
    sheet = _sheet(
        tmp_path,
        HEADER + "GB,,CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv,,,gb.json\n",
    )
    run_batch(sheet, tmp_path / "out", write_pdf=False)
    row = _summary(tmp_path / "out").to_dict("records")[0]
    assert (row["tier"], row["best_option"]) == ("IIC", "Futibatinib")
    assert row["evidence"] == (
        "off_label; OncoKB 1; AMP IIC; after first-line therapy; with caveats"
    )
    _, table = _multiqc(tmp_path / "out")
    assert table.loc[0, "best_option"] == ("Futibatinib (after first-line therapy; with caveats)")
