"""Indexed reading of a tumour BAM/CRAM: filtered base counts at a few positions.

Only the requested positions are read through the index, so the cost does not grow with
the size of the file. The filters are the usual laboratory ones: reads that are
unmapped, secondary, supplementary, QC-failed or marked duplicate are skipped, as are
reads below a mapping quality and bases below a base quality; the two mates of a pair
overlapping a position count once (htslib's overlap detection).

The reader knows nothing about genes or therapies: the caller passes positions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from profiler.errors import InputError
from profiler.io.files import require_regular
from profiler.io.regions import bare_chrom

if TYPE_CHECKING:
    import pysam

# unmapped 0x4, secondary 0x100, QC fail 0x200, duplicate 0x400, supplementary 0x800
EXCLUDED_FLAGS = 0x4 | 0x100 | 0x200 | 0x400 | 0x800
BASES = "ACGT"


@dataclass(frozen=True)
class ReadFilters:
    min_mapq: int = 20
    min_baseq: int = 20


@dataclass(frozen=True)
class BaseCounts:
    """Filtered reads at one position, by base (deletions and N bases are not depth)."""

    counts: Mapping[str, int]

    @property
    def depth(self) -> int:
        return sum(self.counts.values())


class AlignmentReader:
    """An open, indexed BAM/CRAM whose contigs were checked against an assembly."""

    def __init__(self, path: Path, handle: pysam.AlignmentFile, contigs: dict[str, str]) -> None:
        self.path = path
        self._handle = handle
        self._contigs = contigs  # bare name ('7') -> the file's name ('chr7')
        self.format = "CRAM" if handle.is_cram else "BAM"
        self.index = _index_path(path, handle)
        self.samples = _samples(handle)  # SM of the read groups, in header order

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> AlignmentReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def contig_name(self, chrom: str) -> str:
        """The file's own name for a contig ('7' -> 'chr7'); InputError if it has none."""
        name = self._contigs.get(bare_chrom(chrom))
        if name is None:
            raise InputError(
                f"has no contig {chrom}: the target loci cannot be read", path=self.path
            )
        return name

    def base_counts(
        self, chrom: str, positions: Iterable[int], filters: ReadFilters
    ) -> dict[int, BaseCounts]:
        """Filtered base counts at each 1-based position (one pileup over their span)."""
        wanted = sorted(set(positions))
        if not wanted:
            return {}
        contig = self.contig_name(chrom)
        counts: dict[int, dict[str, int]] = {p: dict.fromkeys(BASES, 0) for p in wanted}
        try:
            columns = self._handle.pileup(
                contig,
                wanted[0] - 1,
                wanted[-1],
                truncate=True,
                stepper="samtools",
                flag_filter=EXCLUDED_FLAGS,
                min_mapping_quality=filters.min_mapq,
                min_base_quality=0,  # checked below, base by base
                ignore_overlaps=True,  # htslib zeroes the base quality of the second mate
                ignore_orphans=False,
                compute_baq=False,
                max_depth=1_000_000,
                multiple_iterators=False,  # one pileup at a time; CRAM has no other mode
            )
            for column in columns:
                pos = column.reference_pos + 1
                tally = counts.get(pos)
                if tally is None:
                    continue
                for read in column.pileups:
                    if read.is_del or read.is_refskip or read.query_position is None:
                        continue
                    aln = read.alignment
                    qpos = read.query_position
                    quals = aln.query_qualities
                    if quals is not None and quals[qpos] < filters.min_baseq:
                        continue
                    base = aln.query_sequence[qpos].upper()
                    if base in tally:
                        tally[base] += 1
        except (OSError, ValueError) as exc:
            raise InputError(
                f"cannot read {contig}:{wanted[0]}-{wanted[-1]} through the index ({exc}); "
                "is the index the one made for this file?",
                path=self.path,
            ) from exc
        return {p: BaseCounts(c) for p, c in counts.items()}

    def depth_over(self, chrom: str, start: int, end: int, filters: ReadFilters) -> list[int]:
        """Filtered depth at every base of [start, end] (1-based, inclusive).

        Fast path for gene summaries: htslib counts A/C/G/T per base in C; mates that
        overlap count twice here (unlike base_counts), which the methods line says.
        """
        contig = self.contig_name(chrom)

        def keep(read: pysam.AlignedSegment) -> bool:
            return not read.flag & EXCLUDED_FLAGS and read.mapping_quality >= filters.min_mapq

        try:
            a, c, g, t = self._handle.count_coverage(
                contig, start - 1, end, quality_threshold=filters.min_baseq, read_callback=keep
            )
        except (OSError, ValueError) as exc:
            raise InputError(
                f"cannot read {contig}:{start}-{end} through the index ({exc})", path=self.path
            ) from exc
        return [int(a[i] + c[i] + g[i] + t[i]) for i in range(len(a))]


def open_alignments(
    path: Path,
    *,
    reference: Path | None,
    contig_lengths: Mapping[str, int],
    assembly: str,
    other_assemblies: Mapping[str, Mapping[str, int]] = {},  # read only
    needed: Iterable[str] = (),
) -> AlignmentReader:
    """Open an indexed BAM/CRAM and check that its contigs are the run's assembly.

    Refused (InputError): a file that is not BAM/CRAM, a CRAM without --reference, a
    missing index, an index older than the file it indexes (the file was rewritten after
    indexing: the index then points at the wrong bytes), a contig whose length differs
    from the assembly's (a GRCh37 BAM with a GRCh38 VCF), and a needed contig that is absent.
    """
    require_regular(path)
    handle = _open(path, reference)
    try:
        _check_index(path, handle)
        contigs = _check_contigs(path, handle, contig_lengths, assembly, other_assemblies)
        for chrom in needed:
            if bare_chrom(chrom) not in contigs:
                raise InputError(
                    f"has no contig {chrom} (needed for the target loci on {assembly})", path=path
                )
        reader = AlignmentReader(path, handle, contigs)
        if len(reader.samples) > 1:
            raise InputError(
                f"holds reads of several samples ({', '.join(reader.samples)}): coverage is "
                "read from the tumour's alignments only",
                path=path,
            )
    except BaseException:
        handle.close()
        raise
    return reader


def _open(path: Path, reference: Path | None) -> pysam.AlignmentFile:
    with open(path, "rb") as raw:
        magic = raw.read(4)
    if magic[:4] == b"CRAM":
        if reference is None:
            raise InputError(
                "is a CRAM: its bases can only be read with the reference FASTA (--reference)",
                path=path,
            )
        require_regular(reference)
    elif magic[:2] != b"\x1f\x8b":
        raise InputError("is not a BAM or CRAM file (an indexed BAM/CRAM is needed)", path=path)
    import pysam  # only a run with --bam pays for it

    try:
        handle = pysam.AlignmentFile(
            str(path), "rc" if magic[:4] == b"CRAM" else "rb",
            reference_filename=str(reference) if reference else None,
        )  # fmt: skip
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot open as BAM/CRAM ({exc})", path=path) from exc
    if not (handle.is_bam or handle.is_cram):
        handle.close()
        raise InputError("is not a BAM or CRAM file (an indexed BAM/CRAM is needed)", path=path)
    return handle


def _samples(handle: pysam.AlignmentFile) -> tuple[str, ...]:
    """The sample names (@RG SM) the header gives, once each."""
    groups = handle.header.to_dict().get("RG", [])
    return tuple(dict.fromkeys(str(g["SM"]) for g in groups if g.get("SM")))


def _index_path(path: Path, handle: pysam.AlignmentFile) -> Path | None:
    suffixes = (".crai",) if handle.is_cram else (".bai", ".csi")
    for suffix in suffixes:
        for candidate in (Path(str(path) + suffix), path.with_suffix(suffix)):
            if candidate.is_file():
                return candidate
    return None


def _check_index(path: Path, handle: pysam.AlignmentFile) -> None:
    """An index must exist and be no older than the file (what pysam lets us check)."""
    kind = "CRAM (.crai)" if handle.is_cram else "BAM (.bai or .csi)"
    try:
        has_index = handle.check_index()
    except (ValueError, AttributeError):
        has_index = False
    index = _index_path(path, handle)
    if not has_index or index is None:
        raise InputError(
            f"has no index: an indexed {kind} is needed so that only the target loci are read "
            "(samtools index makes one)",
            path=path,
        )
    if os.stat(index).st_mtime < os.stat(path).st_mtime:
        raise InputError(
            f"its index {index.name} is older than the file: the file was rewritten after it "
            "was indexed, so the index may point at the wrong reads; index it again",
            path=path,
        )


def _check_contigs(
    path: Path,
    handle: pysam.AlignmentFile,
    lengths: Mapping[str, int],
    assembly: str,
    others: Mapping[str, Mapping[str, int]],
) -> dict[str, str]:
    """Bare contig name -> the file's name; a length that contradicts the assembly stops."""
    contigs: dict[str, str] = {}
    for name, length in zip(handle.references, handle.lengths, strict=True):
        bare = bare_chrom(name)
        known = lengths.get(bare)
        if known is None:
            continue
        if known != length:
            fits = [other for other, table in others.items() if table.get(bare) == length]
            which = f" (the {fits[0]} length)" if fits else ""
            raise InputError(
                f"contig {name} is {length:,} bp{which}, but {assembly}'s is {known:,} bp: the "
                f"alignments are not on the run's assembly ({assembly})",
                path=path,
            )
        contigs[bare] = name
    if not contigs:
        raise InputError(
            f"names none of {assembly}'s chromosomes (1-22, X, Y) in its header", path=path
        )
    return contigs
