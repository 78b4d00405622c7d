"""Reading benchmark: profiler's streaming and indexed paths next to `bcftools view -H`.

    python benchmarks/run.py          # makes benchmarks/data/somatic_{1M,5M}.vcf.gz if missing
    python benchmarks/run.py --sizes 1000000

For each file, in the same run: `bcftools view -H FILE > /dev/null`, `profiler report
--no-pdf --no-index` (streaming: every record read, records outside the KB target
regions only counted), the same with `--callable-mb 30` (TMB: every record must be
judged; PASS records whose annotation names a coding consequence are read closely) and
`profiler report --no-pdf` (indexed: only target regions read). Each is a whole process,
timed from start to exit, with its peak RSS and its CPU time (user + system, including
the bgzip/grep helpers it waited for) from wait4(). Prints records/s, the ratio to
bcftools, CPU seconds and peak RSS as a Markdown table. Not a test: nothing here asserts
a time.

Measured as an installed profiler runs: its bytecode is compiled first (pip compiles an
installed package; an editable checkout run with PYTHONDONTWRITEBYTECODE=1 would compile
every module again in every process), and the best of the repeats is kept, so the KB's
remembered validation (profiler/kb/loader.py) is in place for it.
`benchmarks/breakdown.py FILE` shows where one run's time goes.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
PROFILER = Path(sys.executable).with_name("profiler")


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process, output discarded."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(command, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {stderr.strip()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best_of(command: list[str], repeats: int) -> tuple[float, float, float]:
    """The fastest run's wall and CPU seconds, and the largest peak RSS of all runs."""
    runs = [measure(command) for _ in range(repeats)]
    best = min(runs, key=lambda r: r[0])
    return best[0], best[1], max(r[2] for r in runs)


def ensure(records: int) -> Path:
    label = f"{records // 1_000_000}M" if records % 1_000_000 == 0 else str(records)
    path = DATA / f"somatic_{label}.vcf.gz"
    if not path.exists() or not Path(str(path) + ".tbi").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_vcf.py"),
                "--records",
                str(records),
                "--out",
                str(path),
            ],
            check=True,
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "profiler")], check=True)
    bcftools = subprocess.run(["bcftools", "--version"], capture_output=True, text=True)
    print(
        f"# {time.strftime('%Y-%m-%d')} · {platform.node()} · "
        f"{platform.processor() or platform.machine()}"
        f" · {os.cpu_count()} CPUs · Python {platform.python_version()}"
        f" · {bcftools.stdout.splitlines()[0] if bcftools.stdout else 'bcftools ?'}"
        f" · best of {args.repeats}"
    )
    print()
    print("| file | records | path | seconds | records/s | vs bcftools | CPU s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as out:
        for records in args.sizes:
            path = ensure(records)
            rows = [
                ("bcftools view -H", ["bash", "-c", f"bcftools view -H {path} > /dev/null"]),
                (
                    "profiler streaming",
                    [
                        str(PROFILER),
                        "report",
                        "--vcf",
                        str(path),
                        "--no-pdf",
                        "--no-index",
                        "--out",
                        out,
                    ],
                ),
                (
                    "profiler streaming + TMB",
                    [
                        str(PROFILER),
                        "report",
                        "--vcf",
                        str(path),
                        "--no-pdf",
                        "--no-index",
                        "--callable-mb",
                        "30",
                        "--out",
                        out,
                    ],
                ),
                (
                    "profiler indexed",
                    [str(PROFILER), "report", "--vcf", str(path), "--no-pdf", "--out", out],
                ),
            ]
            base = None
            for label, command in rows:
                seconds, cpu, rss = best_of(command, args.repeats)
                rate = records / seconds
                base = base or rate
                print(
                    f"| {path.name} | {records:,} | {label} | {seconds:.2f} | {rate:,.0f} | "
                    f"{rate / base:.2f}x | {cpu:.2f} | {rss:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
