"""Name unannotated SNVs/MNVs in a KB codon of interest by translating the changed codon.

The exact hotspot table names the alleles FACTS lists; this names every other SNV or MNV
that changes a codon of interest (BRAF V600E called as the dinucleotide CA>TT, V600A,
KRAS G12A ...) from the reference codon and strand stored in the KB, with the standard
genetic code. A codon base the KB does not know ('N') is tried as all four bases; a
change is named only when every choice gives the same amino acid, so KRAS G12D is never
guessed and never called G12C.

An MNV that crosses a codon boundary is split by codon: the KB codon it reaches is
translated on its own (KRAS CA>AG over c.33-34 changes codon 12 as c.34G>T), and the
bases in the neighbouring codon the KB does not hold are reported as such, not guessed.
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
    """The protein-level consequence of an SNV/MNV inside one codon of interest.

    `pos`, `ref` and `alt` are the part of the variant (+ strand) that falls in this
    codon: for an MNV reaching into a neighbouring codon, only that part, so the exact
    hotspot table can be asked about it too.
    """

    codon: Codon
    hgvs_c: str
    ref_codon: str
    alt_codon: str
    alt_aa: str | None  # None: not determinable (unknown reference base)
    pos: int = 0
    ref: str = ""
    alt: str = ""

    @property
    def hgvs_p(self) -> str | None:
        if self.alt_aa is None:
            return None
        return protein_hgvs(self.codon, self.alt_aa)

    @property
    def consequence(self) -> str:
        if self.alt_aa is None:
            return "coding_sequence_variant"
        if self.alt_aa == self.codon.ref_aa:
            return "synonymous_variant"
        return "stop_gained" if self.alt_aa == "*" else "missense_variant"


def protein_hgvs(codon: Codon, alt_aa: str) -> str:
    """p.Gly12Cys, p.Gly12= or p.Arg132Ter for one amino acid of a KB codon."""
    if alt_aa == codon.ref_aa:
        return f"p.{ONE_TO_THREE[codon.ref_aa]}{codon.number}="
    alt = "Ter" if alt_aa == "*" else ONE_TO_THREE[alt_aa]
    return f"p.{ONE_TO_THREE[codon.ref_aa]}{codon.number}{alt}"


@dataclass(frozen=True)
class OutsideBase:
    """A base an MNV changes next to a KB codon but outside the KB's codon table."""

    pos: int
    ref: str
    alt: str


@dataclass(frozen=True)
class CodonCall:
    """What an SNV/MNV does to the KB codons it touches, from the genomic position alone.

    `changes`: one entry per KB codon touched, in coding order. `outside`: changed bases
    that belong to no KB codon (the neighbouring codon of a boundary-spanning MNV); their
    effect is not named, because the KB does not hold those codons.
    """

    changes: tuple[CodonChange, ...]
    outside: tuple[OutsideBase, ...] = ()

    @property
    def gene(self) -> str:
        return self.changes[0].codon.gene


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
        call = self.call(chrom, pos, ref, alt)
        if call is None or call.outside or len(call.changes) != 1:
            return None  # outside a codon of interest, or across two codons
        return call.changes[0]

    def call(self, chrom: str, pos: int, ref: str, alt: str) -> CodonCall | None:
        """The KB codons an SNV/MNV changes, each translated; None when it touches none.

        An MNV crossing a codon boundary is split by codon: each KB codon it reaches is
        translated on its own, and bases in codons the KB does not hold are listed in
        `outside`, never translated. Indels, symbolic alleles and rows without a
        position or alleles (a minimal MAF) are not translated here.
        """
        if pos < 1 or not ref or not alt:
            return None
        if len(ref) == 1 and self.codon_at(chrom, pos) is None:
            return None  # the common case, an SNV away from every KB codon
        pos, ref, alt = _trim(pos, ref.upper(), alt.upper())
        if len(ref) != len(alt) or not set(ref + alt) <= set("ACGT"):
            return None
        by_codon: dict[str, list[int]] = {}
        codons: dict[str, Codon] = {}
        outside: list[OutsideBase] = []
        for offset in range(len(ref)):
            if ref[offset] == alt[offset]:
                continue  # an unchanged base inside a longer MNV
            codon = self.codon_at(chrom, pos + offset)
            if codon is None:
                outside.append(OutsideBase(pos + offset, ref[offset], alt[offset]))
                continue
            codons[codon.id] = codon
            by_codon.setdefault(codon.id, []).append(offset)
        if not codons:
            return None
        changes = [
            self._translate(codons[cid], pos, ref, alt, offsets)
            for cid, offsets in by_codon.items()
        ]
        changes.sort(key=lambda c: c.codon.number)
        return CodonCall(changes=tuple(changes), outside=tuple(outside))

    def _translate(
        self, codon: Codon, pos: int, ref: str, alt: str, offsets: list[int]
    ) -> CodonChange:
        """One codon's change from the changed bases (offsets into REF/ALT) that fall in it."""
        by_pos = {b.positions[self.assembly]: i for i, b in enumerate(codon.bases)}
        first, last = offsets[0], offsets[-1]
        part_pos, part_ref, part_alt = pos + first, ref[first : last + 1], alt[first : last + 1]
        ref_codon = [b.base for b in codon.bases]
        alt_codon = list(ref_codon)
        for offset, base in enumerate(part_alt):
            alt_codon[by_pos[part_pos + offset]] = base if codon.strand == "+" else complement(base)
        changed = sorted(codon.bases[by_pos[part_pos + o]].c for o in range(len(part_ref)))
        coding_alt = part_alt if codon.strand == "+" else complement(part_alt)[::-1]
        if len(changed) == 1:
            coding_ref = part_ref if codon.strand == "+" else complement(part_ref)
            hgvs_c = f"c.{changed[0]}{coding_ref}>{coding_alt}"
        else:
            hgvs_c = f"c.{changed[0]}_{changed[-1]}delins{coding_alt}"
        return CodonChange(
            codon=codon,
            hgvs_c=hgvs_c,
            ref_codon="".join(ref_codon),
            alt_codon="".join(alt_codon),
            alt_aa=translate("".join(alt_codon)),
            pos=part_pos,
            ref=part_ref,
            alt=part_alt,
        )
