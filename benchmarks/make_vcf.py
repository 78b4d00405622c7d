"""Generate a large somatic VCF (bgzipped + tabix-indexed) for the reading benchmark.

    python benchmarks/make_vcf.py --records 1000000 --out benchmarks/data/somatic_1M.vcf.gz

Records look like GATK Mutect2 + FilterMutectCalls tumor/normal output annotated by VEP
(FORMAT GT:AD:AF:DP), sorted, spread over chr1-22 in proportion to their GRCh38 lengths;
about 10% are FILTERed. The CSQ strings are shaped like `vep --everything` output of a
genome: about half the records lie in genes and carry 2-4 transcript entries (MANE Select
and canonical flags on one of them, HGVSc/HGVSp on coding ones), the rest one intergenic
entry; about 2% are coding (missense, synonymous, stop gained, frameshift) on the MANE
transcript, so a TMB run has thousands of eligible records to count. A few KB hotspot
calls (GRCh38 positions of the KB's hotspots) are placed so every run has findings. The
text is built in chunks with numpy and streamed through `bgzip -@2` (5M records: about a
minute on 2 cores).
Not a test: benchmarks/run.py measures reading speed on these files.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

import numpy as np

GRCH38 = {
    "1": 248956422, "2": 242193529, "3": 198295559, "4": 190214555, "5": 181538259,
    "6": 170805979, "7": 159345973, "8": 145138636, "9": 138394717, "10": 133797422,
    "11": 135086622, "12": 133275309, "13": 114364328, "14": 107043718, "15": 101991189,
    "16": 90338345, "17": 83257441, "18": 80373285, "19": 58617616, "20": 64444167,
    "21": 46709983, "22": 50818468,
}  # fmt: skip
CSQ = (
    "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|HGVSc|"
    "HGVSp|CANONICAL|MANE_SELECT|gnomADe_AF"
)
# (chrom, pos, ref, alt, symbol, transcript, hgvsc, hgvsp): FACTS 1a GRCh38 hotspots.
HOTSPOTS = [
    ("2", 208248389, "G", "A", "IDH1", "ENST00000345146.7", "c.394C>T", "p.Arg132Cys"),
    ("7", 140753336, "A", "T", "BRAF", "ENST00000646891.2", "c.1799T>A", "p.Val600Glu"),
    ("12", 25245351, "C", "A", "KRAS", "ENST00000311936.8", "c.34G>T", "p.Gly12Cys"),
]
BASES = np.array(list("ACGT"))


def header() -> str:
    lines = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=weak_evidence,Description="Mutation does not meet likelihood threshold">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt '
        'alleles in the order listed">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fractions of alternate alleles '
        'in the tumor">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
        '##INFO=<ID=TLOD,Number=A,Type=Float,Description="Log 10 likelihood ratio score">',
        f'##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
        f'VEP. Format: {CSQ}">',
        *(f"##contig=<ID=chr{c},length={n}>" for c, n in GRCH38.items()),
        "##normal_sample=BENCH-N",
        "##tumor_sample=BENCH-T",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tBENCH-N\tBENCH-T",
    ]
    return "\n".join(lines) + "\n"


CODING = ("missense_variant", "synonymous_variant", "stop_gained", "frameshift_variant")
CODING_P = (0.6, 0.3, 0.05, 0.05)
OTHER_GENIC = (
    "intron_variant",
    "upstream_gene_variant",
    "downstream_gene_variant",
    "3_prime_UTR_variant",
    "non_coding_transcript_exon_variant",
    "intron_variant&non_coding_transcript_variant",
)
IMPACT = {
    "missense_variant": "MODERATE",
    "synonymous_variant": "LOW",
    "stop_gained": "HIGH",
    "frameshift_variant": "HIGH",
}


def _entry(alt: str, consequence: str, gene: int, tx: int, flags: str, hgvs: str) -> str:
    impact = IMPACT.get(consequence, "MODIFIER")
    return (
        f"{alt}|{consequence}|{impact}|GENE{gene}|ENSG{gene:011d}|Transcript|"
        f"ENST{tx:011d}.1|protein_coding|||{hgvs}|{flags}|"
    )


def csq_string(alt: str, kind: float, gene: int, codon: int, rng_tx: int) -> str:
    """One record's CSQ: intergenic (kind >= 0.5), genic non-coding, or coding (< 0.02)."""
    if kind >= 0.5:
        return f"{alt}|intergenic_variant|MODIFIER|||||||||||"
    n_tx = 2 + rng_tx % 3
    entries = []
    for i in range(n_tx):
        tx = gene * 10 + i
        flags = "YES|NM_" + str(tx) if i == 0 else "|"
        if i == 0 and kind < 0.02:
            consequence = CODING[min(3, int(kind / 0.02 * 10) // 3)]
            hgvs = f"ENST{tx:011d}.1:c.{codon * 3}G>{alt}|ENSP{tx:011d}.1:p.Gly{codon}Asp"
        else:
            consequence = OTHER_GENIC[(rng_tx + i) % len(OTHER_GENIC)]
            hgvs = "|"
        entries.append(_entry(alt, consequence, gene, tx, flags, hgvs))
    return ",".join(entries)


def chunk_lines(chrom: str, positions: np.ndarray, rng: np.random.Generator) -> str:
    n = len(positions)
    ref_i = rng.integers(0, 4, n)
    alt_i = (ref_i + rng.integers(1, 4, n)) % 4
    depth = rng.integers(60, 400, n)
    alt_reads = np.maximum(1, (depth * rng.uniform(0.02, 0.5, n)).astype(int))
    filt = np.where(rng.random(n) < 0.1, "weak_evidence", "PASS")
    kind = rng.random(n)
    genes = rng.integers(1, 20_000, n)
    codons = rng.integers(1, 900, n)
    tx_draw = rng.integers(0, 1_000, n)
    out = []
    for p, r, a, d, k, f, c, g, cd, t in zip(
        positions.tolist(),
        BASES[ref_i],
        BASES[alt_i],
        depth.tolist(),
        alt_reads.tolist(),
        filt,
        kind.tolist(),
        genes.tolist(),
        codons.tolist(),
        tx_draw.tolist(),
        strict=True,
    ):
        csq = csq_string(a, c, g, cd, t)
        out.append(
            f"chr{chrom}\t{p}\t.\t{r}\t{a}\t.\t{f}\tDP={d + 90};TLOD={k / 3:.2f};CSQ={csq}\t"
            f"GT:AD:AF:DP\t0/0:90,0:0.011:90\t0/1:{d - k},{k}:{k / d:.3f}:{d}"
        )
    return "\n".join(out) + "\n"


def hotspot_line(h) -> str:
    chrom, pos, ref, alt, sym, tx, c, p = h
    csq = (
        f"{alt}|missense_variant|MODERATE|{sym}||Transcript|{tx}|protein_coding|||{tx}:{c}|"
        f"ENSP:{p}|YES|NM_x|"
    )
    return (
        f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=300;TLOD=90.00;CSQ={csq}\t"
        "GT:AD:AF:DP\t0/0:100,0:0.010:100\t0/1:140,60:0.300:200\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20250304)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    total = sum(GRCH38.values())
    hotspots = {h[0]: h for h in HOTSPOTS}
    with args.out.open("wb") as sink:
        bgzip = subprocess.Popen(["bgzip", "-@2", "-c"], stdin=subprocess.PIPE, stdout=sink)
        assert bgzip.stdin is not None
        bgzip.stdin.write(header().encode())
        for chrom, length in GRCH38.items():
            n = max(1, round(args.records * length / total))
            positions = np.sort(rng.choice(length - 10, size=n, replace=False) + 1)
            hotspot = hotspots.get(chrom)
            if hotspot is not None:
                positions = positions[positions != hotspot[1]]
            for start in range(0, len(positions), 200_000):
                part = positions[start : start + 200_000]
                text = chunk_lines(chrom, part, rng)
                if hotspot is not None and part[0] <= hotspot[1] <= part[-1]:
                    lines = text.splitlines(keepends=True)
                    at = int(np.searchsorted(part, hotspot[1]))
                    text = "".join([*lines[:at], hotspot_line(hotspot), *lines[at:]])
                bgzip.stdin.write(text.encode())
        bgzip.stdin.close()
        if bgzip.wait() != 0:
            raise SystemExit("bgzip failed")
    subprocess.run(["tabix", "-f", "-p", "vcf", str(args.out)], check=True)


if __name__ == "__main__":
    main()
