"""Small real BAM/CRAM files written with pysam inside the tests (nothing large in the repo).

The header declares every primary chromosome with its real length on the chosen assembly
(read from the KB's assemblies.yaml), so the assembly check passes, while reads exist
only around the loci a test asks for. The reference base of a position is the KB codon
base where the KB gives one and a fixed pseudo-random base elsewhere, so that a FASTA
written from the same function (for CRAM) agrees with the reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pysam

from profiler.kb import KnowledgeBase

READ_LENGTH = 100
_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def known_bases(kb: KnowledgeBase, assembly: str) -> dict[tuple[str, int], str]:
    """(+ strand) reference bases the KB gives at its codons, keyed by (chrom, pos)."""
    out = {}
    for codon in kb.codons:
        for b in codon.bases:
            if b.base == "N":
                continue
            base = b.base if codon.strand == "+" else b.base.translate(_COMPLEMENT)
            chrom = next(h.coordinates[assembly].chrom for h in kb.hotspots if h.gene == codon.gene)
            out[(chrom, b.positions[assembly])] = base
    return out


def ref_base(known: dict[tuple[str, int], str], chrom: str, pos: int) -> str:
    return known.get((chrom, pos)) or "ACGT"[(pos * 2654435761) % 4 if pos % 7 else 2]


@dataclass
class Read:
    chrom: str  # bare ('2')
    start: int  # 1-based first aligned base
    alt: dict[int, str]  # position -> base that differs from the reference
    flag: int = 0
    mapq: int = 60
    baseq: int = 30
    name: str = "r"


def pile(
    chrom: str,
    positions: tuple[int, ...],
    depth: int,
    *,
    alt: dict[int, tuple[str, int]] | None = None,
    flag: int = 0,
    mapq: int = 60,
    baseq: int = 30,
    tag: str = "r",
) -> list[Read]:
    """`depth` single-end reads covering every position; the first n carry each alt base."""
    lo, hi = min(positions), max(positions)
    span = READ_LENGTH - (hi - lo) - 1
    reads = []
    for i in range(depth):
        start = lo - span + (i % span) + 1 if span > 0 else lo
        changes = {p: base for p, (base, n) in (alt or {}).items() if i < n}
        reads.append(Read(chrom, start, changes, flag, mapq, baseq, f"{tag}{i}"))
    return reads


def write_bam(
    path: Path,
    kb: KnowledgeBase,
    assembly: str,
    reads: list[Read],
    *,
    prefix: str = "chr",
    reference: Path | None = None,
    index: bool = True,
    sample: str = "TUMOR",
) -> Path:
    """Write a coordinate-sorted BAM (or CRAM when `reference` is given) and index it."""
    known = known_bases(kb, assembly)
    lengths = kb.assemblies[assembly].contig_lengths
    names = list(lengths)
    header = {
        "HD": {"VN": "1.6", "SO": "coordinate"},
        "SQ": [{"SN": prefix + n, "LN": lengths[n]} for n in names],
        "RG": [{"ID": "tumor", "SM": sample}],
    }
    mode = "wc" if reference is not None else "wb"
    ordered = sorted(reads, key=lambda r: (names.index(r.chrom), r.start, r.name))
    with pysam.AlignmentFile(
        str(path), mode, header=header, reference_filename=str(reference) if reference else None
    ) as out:
        for r in ordered:
            seg = pysam.AlignedSegment(out.header)
            seg.query_name = r.name
            seg.reference_id = names.index(r.chrom)
            seg.reference_start = r.start - 1
            seg.mapping_quality = r.mapq
            seg.flag = r.flag
            seg.cigarstring = f"{READ_LENGTH}M"
            seg.query_sequence = "".join(
                r.alt.get(p) or ref_base(known, r.chrom, p)
                for p in range(r.start, r.start + READ_LENGTH)
            )
            seg.query_qualities = pysam.qualitystring_to_array(chr(33 + r.baseq) * READ_LENGTH)
            seg.set_tag("RG", "tumor")
            out.write(seg)
    if index:
        pysam.index(str(path))
    return path


def write_fasta(
    path: Path, kb: KnowledgeBase, assembly: str, chrom: str, *, prefix: str = "chr"
) -> Path:
    """A FASTA of one chromosome, N up to 1 kb before its first KB locus (CRAM tests)."""
    known = known_bases(kb, assembly)
    spots = [pos for (c, pos) in known if c == chrom]
    first, last = min(spots) - 1000, max(spots) + 1000
    with open(path, "w") as out:
        out.write(f">{prefix}{chrom}\n")
        line = []
        for pos in range(1, last + 1):
            line.append("N" if pos < first else ref_base(known, chrom, pos))
            if len(line) == 60:
                out.write("".join(line) + "\n")
                line = []
        if line:
            out.write("".join(line) + "\n")
    pysam.faidx(str(path))
    return path


def write_vcf(
    path: Path, kb: KnowledgeBase, assembly: str, records: list[tuple[str, int, str, str]]
) -> Path:
    """A minimal tumour-only, unannotated VCF: the calls a test needs, nothing else."""
    lengths = kb.assemblies[assembly].contig_lengths
    lines = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
        *[f"##contig=<ID=chr{n},length={ln}>" for n, ln in lengths.items()],
        f"##reference={assembly}",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR",
    ]
    for chrom, pos, ref, alt in records:
        lines.append(
            f"chr{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:150,50:0.25:200"
        )
    path.write_text("\n".join(lines) + "\n")
    return path
