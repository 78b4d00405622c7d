"""Batch throughput: `profiler batch` on N synthetic exome-sized samples (issue 14).

    python benchmarks/batch.py                      # 50 samples of 30,000 records
    python benchmarks/batch.py --samples 10 --records 5000 --no-pdf-runs

Each sample is a Mutect2 + VEP VCF from benchmarks/make_vcf.py (the generator run.py uses;
one seed per sample, bgzipped and tabix-indexed: 30,000 records is the size of a
tumour/normal exome's calls before filtering, FILTERed ones included), the demo's
STAR-Fusion table and the demo case, so every report has findings, trials and standard
therapy to render. Whole `profiler batch` runs (a process, timed from start to exit, CPU
from wait4) for JSON only and JSON+PDF at --jobs 1 and 2; then, in this process, the
per-sample wall split of the first --split samples into parse (reading every input and
matching it to the KB: api.collect), interpret (api.assemble: evidence, fit, standard
therapy, trials, checklist), render JSON and render PDF. Prints Markdown for benchmarks/RESULTS.md.
Not a test: nothing here asserts a time. The machine is shared: the load average is
printed before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEMO = ROOT / "sample_data"
PROFILER = Path(sys.executable).with_name("profiler")
FUSIONS = DEMO / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv"
CASE = DEMO / "CCA-DEMO-001.case.json"


def make_cohort(folder: Path, samples: int, records: int) -> Path:
    """N VCFs (make_vcf.py, one seed each) and a sample sheet; reused when present."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["sample_id,vcf,fusions,cnv,msi,case"]
    for i in range(1, samples + 1):
        vcf = folder / f"S{i:03d}.{records}.vcf.gz"
        if not vcf.exists() or not Path(f"{vcf}.tbi").exists():
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "make_vcf.py"),
                    "--records",
                    str(records),
                    "--seed",
                    str(20250304 + i),
                    "--out",
                    str(vcf),
                ],
                check=True,
            )
        lines.append(f"S{i:03d},{vcf.name},{FUSIONS},,,{CASE}")
    sheet = folder / f"sheet_{samples}x{records}.csv"
    sheet.write_text("\n".join(lines) + "\n")
    return sheet


def timed_batch(sheet: Path, jobs: int, pdf: bool) -> tuple[float, float]:
    """Wall and CPU seconds (children included) of one whole `profiler batch` process."""
    with tempfile.TemporaryDirectory(prefix="profiler-batch-bench-") as out:
        command = [str(PROFILER), "batch", "--samplesheet", str(sheet), "--out", out]
        command += ["--jobs", str(jobs)] + ([] if pdf else ["--no-pdf"])
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed: {stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def stage_split(sheet: Path, count: int) -> dict[str, list[float]]:
    """Per-sample wall seconds of each stage, in this process: api.collect (parse),
    api.assemble (interpret), then the JSON and PDF renderers."""
    from profiler.api import ReportOptions, assemble, collect
    from profiler.kb import load_knowledgebase
    from profiler.render.json_report import render_json
    from profiler.render.pdf import render_pdf
    from profiler.samplesheet import read_samplesheet

    kb = load_knowledgebase(None)
    rows = read_samplesheet(sheet)[:count]

    def options(row: object) -> ReportOptions:
        return ReportOptions(out_dir="unused", vcf=row.vcf, fusions=row.fusions, case=row.case)

    render_pdf(assemble(options(rows[0]), kb, *collect(options(rows[0]), kb)))  # first-use cost
    stages: dict[str, list[float]] = {"parse": [], "interpret": [], "json": [], "pdf": []}
    for row in rows:
        t0 = time.perf_counter()
        case, collected = collect(options(row), kb)
        t1 = time.perf_counter()
        report = assemble(options(row), kb, case, collected)
        t2 = time.perf_counter()
        render_json(report)
        t3 = time.perf_counter()
        render_pdf(report)
        t4 = time.perf_counter()
        for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            stages[name].append(seconds)
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--split", type=int, default=10, help="samples timed stage by stage")
    parser.add_argument("--no-pdf-runs", action="store_true", help="JSON-only batch runs only")
    args = parser.parse_args()
    if shutil.which("bgzip") is None or shutil.which("tabix") is None:
        raise SystemExit("make_vcf.py needs bgzip and tabix (Debian: tabix)")

    load_before = os.getloadavg()
    start = time.perf_counter()
    sheet = make_cohort(HERE / "data" / "batch", args.samples, args.records)
    made = time.perf_counter() - start
    cores = os.cpu_count() or 1
    print(f"# {args.samples} samples x {args.records:,} records (generated/reused in {made:.0f} s)")
    print(f"# cpus {cores}; load average before {' '.join(f'{x:.2f}' for x in load_before)}\n")
    # samples/h/core divides by the cores asked for; samples per CPU-hour divides by the
    # CPU time actually used, which is the fairer per-core figure on a loaded machine
    print(
        "| outputs | --jobs | wall s | CPU s | s/sample | samples/h | samples/h/core "
        "| samples/CPU-h |"
    )
    print("|---|---|---|---|---|---|---|---|")
    runs = [(False, 1), (False, 2)] + ([] if args.no_pdf_runs else [(True, 1), (True, 2)])
    for pdf, jobs in runs:
        wall, cpu = timed_batch(sheet, jobs, pdf)
        per_hour = args.samples / wall * 3600
        used = min(jobs, cores)
        print(
            f"| {'JSON+PDF' if pdf else 'JSON'} | {jobs} | {wall:.1f} | {cpu:.1f} | "
            f"{wall / args.samples:.2f} | {per_hour:,.0f} | {per_hour / used:,.0f} | "
            f"{args.samples / cpu * 3600:,.0f} |",
            flush=True,
        )
    stages = stage_split(sheet, args.split)
    print(f"\nPer-sample wall split, first {args.split} samples, in process (seconds):\n")
    print("| stage | median | min | max |")
    print("|---|---|---|---|")
    for name, values in stages.items():
        print(
            f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |"
        )
    print(f"\n# load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
