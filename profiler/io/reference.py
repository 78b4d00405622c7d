"""Optional --reference FASTA: verify the REF allele of every reported variant.

pysam.FastaFile reads a faidx-indexed FASTA (plain or bgzipped). Contigs are looked up
under the VCF's name first, then with the 'chr' prefix added or removed. A FASTA contig
whose length is that of the *other* assembly's chromosome is refused at once: the FASTA
and the VCF disagree about the build. Contigs of other lengths (decoys, test windows) are
not judged by length, only by their bases.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from profiler.errors import InputError
from profiler.io.regions import bare_chrom
from profiler.model import Assembly, SmallVariant


class ReferenceFasta:
    def __init__(
        self,
        path: Path,
        assembly: Assembly,
        contig_lengths: Mapping[Assembly, Mapping[str, int]],
    ) -> None:
        import pysam  # only a run with --reference pays for it

        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("reference FASTA not found", path=self.path)
        try:
            self._fasta = pysam.FastaFile(str(self.path))
        except (OSError, ValueError) as exc:
            raise InputError(f"not a readable, indexed FASTA ({exc})", path=self.path) from exc
        other: Assembly = "GRCh37" if assembly == "GRCh38" else "GRCh38"
        for name, length in zip(self._fasta.references, self._fasta.lengths, strict=True):
            bare = bare_chrom(name)
            if (
                contig_lengths[other].get(bare) == length
                and contig_lengths[assembly].get(bare) != length
            ):
                raise InputError(
                    f"contig {name} is {length} bp, the {other} length, but the variants "
                    f"are {assembly}: the FASTA is not the reference the VCF was called on",
                    path=self.path,
                )
        self._names = {bare_chrom(n): n for n in self._fasta.references}
        self.checked = 0

    def verify(self, variant: SmallVariant, source: Path | str) -> None:
        """Raise InputError naming the record when its REF is not the FASTA's sequence."""
        where = f"record {variant.record} " if variant.record else ""
        name = variant.chrom if variant.chrom in self._fasta.references else None
        name = name or self._names.get(bare_chrom(variant.chrom))
        if name is None:
            raise InputError(
                f"{where}({variant.locus}): contig {variant.chrom} is not in the reference "
                f"FASTA {self.path}",
                path=source,
            )
        start = variant.pos - 1
        actual = self._fasta.fetch(name, start, start + len(variant.ref)).upper()
        if actual != variant.ref.upper():
            raise InputError(
                f"{where}({variant.locus}): REF {variant.ref} does not match the reference "
                f"FASTA {self.path}, which has {actual or '(nothing)'} there",
                path=source,
                field="REF",
            )
        self.checked += 1
