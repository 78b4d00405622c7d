"""Write a STAR-Fusion abridged table of N fusion calls between genes outside the KB.

    python benchmarks/make_fusions.py 40000 benchmarks/data/fusions_40k.abridged.tsv

The partners are invented symbols (GENEA123--GENEB456) on made-up breakpoints, so none
touches a knowledge-base gene; two real KB fusions (FGFR2--BICC1, TPM3--NTRK1) come
first so the report still has findings. Deterministic: row i is a function of i only.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = (
    "#FusionName\tJunctionReadCount\tSpanningFragCount\test_J\test_S\tSpliceType\tLeftGene\t"
    "LeftBreakpoint\tRightGene\tRightBreakpoint\tLargeAnchorSupport\tFFPM\tLeftBreakDinuc\t"
    "LeftBreakEntropy\tRightBreakDinuc\tRightBreakEntropy\tannots\n"
)
KB_ROWS = (
    "FGFR2--BICC1\t9\t5\t9.00\t5.00\tONLY_REF_SPLICE\tFGFR2^ENSG00000066468.23\t"
    "chr10:121483698:-\tBICC1^ENSG00000122870.13\tchr10:58813832:+\tYES_LDAS\t0.3317\tGT\t"
    '1.8892\tAG\t1.9656\t["Mitelman"]\n'
)


def row(i: int) -> str:
    left, right = f"GENEA{i % 20011}", f"GENEB{(i * 7) % 30011}"
    chrom5, chrom3 = f"chr{1 + i % 22}", f"chr{1 + (i * 5) % 22}"
    return (
        f"{left}--{right}\t{1 + i % 40}\t{i % 9}\t{1 + i % 40}.00\t{i % 9}.00\tONLY_REF_SPLICE\t"
        f"{left}^ENSG{i:011d}.1\t{chrom5}:{1000 + i * 13}:+\t{right}^ENSG{i + 1:011d}.1\t"
        f"{chrom3}:{5000 + i * 17}:-\tYES_LDAS\t0.1\tGT\t1.9\tAG\t1.9\t[]\n"
    )


def write(count: int, path: Path) -> Path:
    """Write `count` out-of-KB rows (plus the KB rows) to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        out.write(HEADER)
        out.write(KB_ROWS)
        for i in range(count):
            out.write(row(i))
    return path


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
