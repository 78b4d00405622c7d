"""Name unannotated SNVs/MNVs in a KB codon of interest by translating the changed codon.

The exact hotspot table names the alleles FACTS lists; this names every other SNV or MNV
that changes a codon of interest (BRAF V600E called as the dinucleotide CA>TT, V600A,
KRAS G12A ...) from the reference codon and strand stored in the KB, with the standard
genetic code. A codon base the KB does not know ('N') is tried as all four bases; a
change is named only when every choice gives the same amino acid, so KRAS G12D is never
guessed and never called G12C.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from profiler.io.hgvs import THREE_TO_ONE
from profiler.io.regions import bare_chrom
from profiler.kb.entries import Codon, KnowledgeBase
from profiler.model import Assembly

_BASES = "TCAG"
_AMINO = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
GENETIC_CODE = {
    a + b + c: _AMINO[16 * i + 4 * j + k]
    for i, a in enumerate(_BASES)
    for j, b in enumerate(_BASES)
    for k, c in enumerate(_BASES)
}
ONE_TO_THREE = {one: three for three, one in THREE_TO_ONE.items()}
_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


def complement(bases: str) -> str:
    return bases.translate(_COMPLEMENT)


def translate(codon: str) -> str | None:
    """One-letter amino acid, trying all four bases for each 'N'; None when they disagree."""
    choices = {
        GENETIC_CODE["".join(filled)]
        for filled in product(*[_BASES if b == "N" else b for b in codon])
    }
    return choices.pop() if len(choices) == 1 else None


@dataclass(frozen=True)
class CodonChange:
    """The protein-level consequence of an SNV/MNV inside one codon of interest."""

    codon: Codon
    hgvs_c: str
    ref_codon: str
    alt_codon: str
    alt_aa: str | None  # None: not determinable (unknown reference base)

    @property
    def hgvs_p(self) -> str | None:
        if self.alt_aa is None:
            return None
        if self.alt_aa == self.codon.ref_aa:
            return f"p.{ONE_TO_THREE[self.codon.ref_aa]}{self.codon.number}="
        alt = "Ter" if self.alt_aa == "*" else ONE_TO_THREE[self.alt_aa]
        return f"p.{ONE_TO_THREE[self.codon.ref_aa]}{self.codon.number}{alt}"

    @property
    def consequence(self) -> str:
        if self.alt_aa is None:
            return "coding_sequence_variant"
        if self.alt_aa == self.codon.ref_aa:
            return "synonymous_variant"
        return "stop_gained" if self.alt_aa == "*" else "missense_variant"


def _trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Drop bases REF and ALT share at either end (an MNV written with padding)."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


class CodonIndex:
    """The KB codons of one assembly, by chromosome and position."""

    def __init__(self, kb: KnowledgeBase, assembly: Assembly) -> None:
        self.assembly = assembly
        self._chrom = {c.gene: kb.genes[c.gene].spans[assembly].chrom for c in kb.codons}
        self._at: dict[tuple[str, int], Codon] = {}
        for codon in kb.codons:
            for base in codon.bases:
                self._at[(self._chrom[codon.gene], base.positions[assembly])] = codon

    def codon_at(self, chrom: str, pos: int) -> Codon | None:
        return self._at.get((bare_chrom(chrom), pos))

    def reference_base(self, chrom: str, pos: int) -> str | None:
        """The + strand reference base the KB knows at a codon position (None: unknown)."""
        codon = self.codon_at(chrom, pos)
        if codon is None:
            return None
        for base in codon.bases:
            if base.positions[self.assembly] == pos and base.base != "N":
                return base.base if codon.strand == "+" else complement(base.base)
        return None

    def change(self, chrom: str, pos: int, ref: str, alt: str) -> CodonChange | None:
        """The codon change of an SNV/MNV lying wholly inside one KB codon, else None."""
        pos, ref, alt = _trim(pos, ref.upper(), alt.upper())
        if len(ref) != len(alt) or not set(ref + alt) <= set("ACGT"):
            return None  # indels and symbolic alleles are not translated here
        positions = range(pos, pos + len(ref))
        found = [self.codon_at(chrom, p) for p in positions]
        codon = found[0]
        if codon is None or any(c is None or c.id != codon.id for c in found):
            return None  # outside a codon of interest, or across two codons
        by_pos = {b.positions[self.assembly]: i for i, b in enumerate(codon.bases)}
        ref_codon = [b.base for b in codon.bases]
        alt_codon = list(ref_codon)
        for offset, p in enumerate(positions):
            base = alt[offset] if codon.strand == "+" else complement(alt[offset])
            alt_codon[by_pos[p]] = base
        changed = sorted(codon.bases[by_pos[p]].c for p in positions)
        coding_alt = alt if codon.strand == "+" else complement(alt)[::-1]
        if len(changed) == 1:
            coding_ref = ref if codon.strand == "+" else complement(ref)
            hgvs_c = f"c.{changed[0]}{coding_ref}>{coding_alt}"
        else:
            hgvs_c = f"c.{changed[0]}_{changed[-1]}delins{coding_alt}"
        return CodonChange(
            codon=codon,
            hgvs_c=hgvs_c,
            ref_codon="".join(ref_codon),
            alt_codon="".join(alt_codon),
            alt_aa=translate("".join(alt_codon)),
        )
