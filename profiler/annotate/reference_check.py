"""Catch the classic GRCh37/GRCh38 mix-up from the records themselves, not only the header.

A VCF can claim GRCh38 in its header (a careless reheader, a wrong --assembly) while its
records are GRCh37. Read as GRCh38 it would silently find nothing. Two checks turn that
into an error naming the record:

1. REF contradiction: a record covering a KB codon base of the assembly in use whose REF
   base there is not the KB's reference base.
2. Other-assembly hotspot: a record that is exactly a KB hotspot allele of the *other*
   assembly (chrom, position, REF, ALT). Hotspot positions of the two builds differ by
   150 kb or more, so a true call of the assembly in use at exactly that allele is not
   a realistic event; a mislabelled file is.

The reader is told to look at the other assembly's hotspot positions too (`regions()`),
so the check also works when only target regions are read through an index.
"""

from __future__ import annotations

from pathlib import Path

from profiler.annotate.codons import CodonIndex
from profiler.errors import InputError
from profiler.io.regions import Region, bare_chrom
from profiler.kb.entries import Hotspot, KnowledgeBase
from profiler.model import Assembly, SmallVariant


def other_assembly(assembly: Assembly) -> Assembly:
    return "GRCh37" if assembly == "GRCh38" else "GRCh38"


class AssemblyConsistency:
    """Checks each variant read against the KB's reference bases for the assembly in use."""

    def __init__(
        self, kb: KnowledgeBase, assembly: Assembly, source: str, path: Path, kind: str = "VCF"
    ) -> None:
        self.assembly = assembly
        self.other = other_assembly(assembly)
        self.source = source  # how the assembly was decided, for the message
        self.path = path
        self.kind = kind  # "VCF" or "MAF", for the messages
        self.codons = CodonIndex(kb, assembly)
        self._other_hotspots: dict[tuple[str, int, str, str], Hotspot] = {}
        for hotspot in kb.hotspots:
            locus = hotspot.coordinates.get(self.other)
            if locus is not None:
                key = (locus.chrom, locus.pos, locus.ref, locus.alt)
                self._other_hotspots[key] = hotspot

    def regions(self) -> list[Region]:
        """The other assembly's hotspot loci, so that a target-region read still sees them."""
        return [
            Region(chrom, pos, pos + len(ref) - 1) for chrom, pos, ref, _ in self._other_hotspots
        ]

    def check(self, variant: SmallVariant) -> None:
        where = f"record {variant.record} " if variant.record else ""
        for offset, base in enumerate(variant.ref.upper()):
            pos = variant.pos + offset
            expected = self.codons.reference_base(variant.chrom, pos)
            if expected is not None and base != expected:
                codon = self.codons.codon_at(variant.chrom, pos)
                raise InputError(
                    f"{where}({variant.chrom}:{pos}) has REF {base} where {self.assembly} has "
                    f"{expected} ({codon.gene} codon {codon.number}): the REF alleles "  # type: ignore[union-attr]
                    f"contradict {self.assembly} ({self.source}); is this a "
                    f"{self.other} {self.kind}? Check the file's reference before reporting.",
                    path=self.path,
                )
        key = (bare_chrom(variant.chrom), variant.pos, variant.ref.upper(), variant.alt.upper())
        hotspot = self._other_hotspots.get(key)
        if hotspot is not None:
            raise InputError(
                f"{where}({variant.chrom}:{variant.pos} {variant.ref}>{variant.alt}) is "
                f"{hotspot.gene} {hotspot.protein_change} on {self.other}, but the file is "
                f"read as {self.assembly} ({self.source}): a {self.other} {self.kind} "
                f"labelled {self.assembly}? Fix the header or pass the right --assembly.",
                path=self.path,
            )
