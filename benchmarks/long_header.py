"""Time a report on a VCF whose header holds one very long line (issue 15).

    python benchmarks/long_header.py            # a 50 MB line
    python benchmarks/long_header.py --mb 200

The header end used to be searched again for every chunk read (quadratic: 36 s for a 50 MB
line); it is now found in one pass. Prints the whole-process time of `profiler report
--no-pdf` next to `bcftools view -h` on the same file. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "vcf" / "mutect2_vep_grch38.vcf"
PROFILER = Path(sys.executable).with_name("profiler")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long_header.vcf"
        text = FIXTURE.read_text()
        path.write_text(text.replace("\n", "\n##long=" + "x" * (args.mb << 20) + "\n", 1))
        bcftools = timed(["bcftools", "view", "-h", str(path)])
        profiler = timed([str(PROFILER), "report", "--vcf", str(path), "--no-pdf", "--out", tmp])
        print(
            f"{args.mb} MB header line: bcftools view -h {bcftools:.2f} s, "
            f"profiler {profiler:.2f} s"
        )


if __name__ == "__main__":
    main()
