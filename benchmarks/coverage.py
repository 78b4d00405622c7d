"""Time to assess coverage at every KB target locus, on synthetic indexed BAMs of two sizes.

    python benchmarks/coverage.py            # 1M and 10M reads (benchmarks/data/, reused)
    python benchmarks/coverage.py 200000 2000000

Each BAM has the real GRCh38 header (1-22, X, Y), reads of 100 bp spread evenly over the
whole genome, plus 500 reads piled on every target codon (so the loci have the same depth
in both files). Printed per size: the time of the coverage step (open, checks, every
locus, and a gene summary over 2 kb around each codon), against two baselines measured in
the same run: pysam counting the reads of one 100 bp region (the floor of an indexed
access) and pysam reading the whole BAM (what a non-indexed reader would cost). The
point: the coverage time stays flat while the file grows tenfold. Not a test.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pysam

from profiler.annotate.coverage import target_loci
from profiler.kb import load_knowledgebase
from profiler.steps import coverage_step

DATA = Path(__file__).resolve().parent / "data"
ASSEMBLY = "GRCh38"
READ = 100
PILE = 500


def make_bam(path: Path, reads: int) -> float:
    """Write and index the synthetic BAM (reused when present); returns seconds spent."""
    if path.exists() and Path(str(path) + ".bai").exists():
        return 0.0
    start = time.perf_counter()
    kb = load_knowledgebase()
    lengths = kb.assemblies[ASSEMBLY].contig_lengths
    names = list(lengths)
    genome = sum(lengths.values())
    piles: dict[str, list[int]] = {}
    for locus in target_loci(kb, ASSEMBLY):
        first = min(locus.positions) - READ + 4
        piles.setdefault(locus.chrom, []).extend(first + (i % (READ - 6)) for i in range(PILE))
    header = {
        "HD": {"VN": "1.6", "SO": "coordinate"},
        "SQ": [{"SN": f"chr{n}", "LN": lengths[n]} for n in names],
    }
    rng = random.Random(13)
    tmp = path.with_suffix(".tmp.bam")
    with pysam.AlignmentFile(str(tmp), "wb", header=header) as out:
        seg = pysam.AlignedSegment(out.header)
        seg.query_name = "r"
        seg.mapping_quality = 60
        seg.cigarstring = f"{READ}M"
        seg.query_sequence = "".join(rng.choice("ACGT") for _ in range(READ))
        seg.query_qualities = pysam.qualitystring_to_array("?" * READ)
        for tid, name in enumerate(names):
            seg.reference_id = tid
            n = max(1, reads * lengths[name] // genome)
            step = (lengths[name] - READ) / n
            extra = sorted(piles.get(name, []))
            k = 0
            for i in range(n):
                pos = int(i * step) + rng.randrange(max(1, int(step)))
                while k < len(extra) and extra[k] - 1 <= pos:
                    seg.reference_start = extra[k] - 1
                    out.write(seg)
                    k += 1
                seg.reference_start = pos
                out.write(seg)
            for rest in extra[k:]:
                seg.reference_start = rest - 1
                out.write(seg)
    pysam.index(str(tmp), str(tmp) + ".bai")
    tmp.rename(path)
    Path(str(tmp) + ".bai").rename(str(path) + ".bai")
    return time.perf_counter() - start


def best(fn, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    DATA.mkdir(exist_ok=True)
    kb = load_knowledgebase()
    loci = target_loci(kb, ASSEMBLY)
    bed = DATA / "coverage_loci.bed"
    around = [(lc.chrom, lc.positions[0] - 1000, lc.positions[0] + 1000) for lc in loci]
    bed.write_text("".join(f"chr{chrom}\t{lo}\t{hi}\n" for chrom, lo, hi in around))
    idh1 = next(lc for lc in loci if lc.id == "IDH1_R132")
    rows = []
    for reads in sizes:
        path = DATA / f"coverage_{reads}.bam"
        made = make_bam(path, reads)

        def assess(path: Path = path, with_bed: bool = False) -> None:
            step = coverage_step(
                path, kb, ASSEMBLY, [], reference=None, target_bed=bed if with_bed else None,
                lod_vaf=0.05, tumor_purity=None, min_mapq=20, min_baseq=20, min_coverage=None,
            )  # fmt: skip
            assert len(step.coverage.loci) == len(loci)

        def one_region(path: Path = path) -> None:
            with pysam.AlignmentFile(str(path)) as f:
                f.count(f"chr{idh1.chrom}", idh1.positions[0] - 50, idh1.positions[0] + 50)

        def whole(path: Path = path) -> None:
            with pysam.AlignmentFile(str(path)) as f:
                sum(1 for _ in f.fetch(until_eof=True))

        assess()  # warm-up: imports and first opening are not the per-run cost measured
        t_loci = best(assess)
        t_bed = best(lambda path=path: assess(path, True))
        t_one = best(one_region)
        t_whole = best(whole, rounds=1)
        size = path.stat().st_size / 1e6
        rows.append((reads, size, made, t_loci, t_bed, t_one, t_whole))
    sys.stdout.write(
        f"{len(loci)} target loci ({ASSEMBLY}), {PILE} reads piled on each; best of 5 after a "
        "warm-up (whole-file read: 1 round)\n"
        "| reads | BAM MB | made in s | all loci s | loci + gene summary s | one-region "
        "count s | whole-BAM read s | loci / one region | whole / loci |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    for reads, size, made, t_loci, t_bed, t_one, t_whole in rows:
        sys.stdout.write(
            f"| {reads:,} | {size:,.0f} | {made:.1f} | {t_loci:.3f} | {t_bed:.3f} | "
            f"{t_one:.4f} | {t_whole:.1f} | {t_loci / t_one:.0f}x | {t_whole / t_loci:.0f}x |\n"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000])
