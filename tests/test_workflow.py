"""workflow/Snakefile on sample_data/ (issue 14): snakemake from PyPI, --cores 2.

Runs the real workflow in a scratch folder (`--directory`) and checks each sample's
report.json and the cohort outputs; a KB version pin that does not match stops it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAKEFILE = ROOT / "workflow" / "Snakefile"
SHEET = ROOT / "sample_data" / "samplesheet.csv"
SAMPLES = ("CCA-DEMO-001", "CCA-DEMO-001-RNA", "CCA-DEMO-001-DNA")


def _snakemake(workdir: Path, *config: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    # the workflow's shell rules call `profiler`: the one installed beside this Python
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable, "-m", "snakemake", "-s", str(SNAKEFILE), "--cores", "2",
        "--directory", str(workdir), "--config", f"samplesheet={SHEET}", *config,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.slow
def test_workflow_reports_each_sample_and_summarises_the_cohort(tmp_path):
    from profiler.kb import load_knowledgebase

    version = load_knowledgebase(None).version
    result = _snakemake(tmp_path, "outdir=results", "pdf=False", f"kb_version={version}")
    assert result.returncode == 0, result.stderr[-3000:]
    results = tmp_path / "results"
    for sample in SAMPLES:
        assert (results / sample / "report.json").is_file()
    with (results / "cohort_summary.tsv").open() as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert [(r["sample_id"], r["gene"], r["alteration"]) for r in rows] == [
        ("CCA-DEMO-001", "FGFR2", "FGFR2::BICC1 fusion"),
        ("CCA-DEMO-001", "IDH1", "R132C"),
        ("CCA-DEMO-001-RNA", "FGFR2", "FGFR2::BICC1 fusion"),
        ("CCA-DEMO-001-DNA", "IDH1", "R132C"),
    ]
    mqc = (results / "profiler_mqc.tsv").read_text().splitlines()
    assert "# plot_type: 'table'" in mqc
    assert [line.split("\t")[0] for line in mqc if not line.startswith("#")] == [
        "Sample",
        *SAMPLES,
    ]


@pytest.mark.slow
def test_workflow_refuses_a_knowledge_base_of_another_version(tmp_path):
    result = _snakemake(tmp_path, "pdf=False", "kb_version=0.0.0-not-this")
    assert result.returncode != 0
    assert "config kb_version asks for 0.0.0-not-this" in result.stderr
    assert not (tmp_path / "results").exists()
