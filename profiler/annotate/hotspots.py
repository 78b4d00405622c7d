"""Name small variants at the KB's codons from their genomic position, and others from the KB
when the annotation gave nothing.

At a KB codon (IDH1 R132, BRAF V600, KRAS G12/G13, ERBB2 S310/V777) the genomic position
decides the protein change: an exact KB hotspot allele (FACTS 1a) first, then the changed
codon translated from the KB's reference codon (codons.py). That name wins over another
transcript's label (BRAF V600E annotated only on the MANE Plus Clinical transcript reads
p.Val640Glu); the annotation's own HGVS is kept only when it is on the KB's MANE Select
transcript and agrees. Elsewhere an exact hotspot, then the gene whose span contains the
variant (no protein consequence claimed), name variants the annotation left unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from profiler.annotate.codons import CodonCall, CodonChange, CodonIndex
from profiler.io.hgvs import short_protein_change
from profiler.kb.entries import Hotspot, KnowledgeBase, normalise_chrom
from profiler.model import Assembly, SmallVariant

_UNANNOTATED = ("none", "KB gene span")


@dataclass(frozen=True)
class _Name:
    """The protein change the genomic position gives, and which KB table gave it."""

    hgvs_c: str
    hgvs_p: str | None  # None: the KB's codon does not fix the amino acid
    consequence: str
    transcript: str
    how: str  # "KB hotspot" or "KB codon"


class HotspotIndex:
    """Exact (chrom, pos, ref, alt) lookup of KB hotspots, and gene spans, for one assembly."""

    def __init__(self, kb: KnowledgeBase, assembly: Assembly) -> None:
        self.assembly = assembly
        self._by_locus: dict[tuple[str, int, str, str], Hotspot] = {}
        for hotspot in kb.hotspots:
            locus = hotspot.coordinates.get(assembly)
            if locus is not None:
                key = (normalise_chrom(locus.chrom), locus.pos, locus.ref, locus.alt)
                self._by_locus[key] = hotspot
        self._spans = [
            (gene.symbol, gene.spans[assembly])
            for gene in kb.genes.values()
            if assembly in gene.spans
        ]
        self._genes = kb.genes
        self.codons = CodonIndex(kb, assembly)

    def hotspot(self, variant: SmallVariant) -> Hotspot | None:
        return self._hotspot_at(variant.chrom, variant.pos, variant.ref, variant.alt)

    def _hotspot_at(self, chrom: str, pos: int, ref: str, alt: str) -> Hotspot | None:
        return self._by_locus.get((normalise_chrom(chrom), pos, ref, alt))

    def gene_at(self, chrom: str, pos: int) -> str | None:
        for symbol, span in self._spans:
            if span.contains(chrom, pos):
                return symbol
        return None

    def annotate(self, variant: SmallVariant) -> SmallVariant:
        """Name the variant: from its position at a KB codon, else fill what the annotator left.

        Away from the KB codons an annotated protein change is never overwritten.
        """
        call = self.codons.call(variant.chrom, variant.pos, variant.ref, variant.alt)
        if call is not None and variant.gene in (None, call.gene):
            return self._from_position(variant, call)
        if variant.hgvs_p:
            return variant
        hotspot = self.hotspot(variant)
        if hotspot is not None:
            if variant.gene not in (None, hotspot.gene):
                return variant
            return replace(
                variant,
                gene=hotspot.gene,
                transcript=hotspot.transcript,
                hgvs_c=hotspot.hgvs_c,
                hgvs_p=hotspot.hgvs_p,
                consequence=variant.consequence or "missense_variant",
                annotation_source=_source(variant, "KB hotspot"),
            )
        if variant.gene is None and variant.annotation_source == "none":
            # Only for unannotated input: an annotator that named no gene (intergenic) is
            # believed over the KB's approximate spans.
            gene = self.gene_at(variant.chrom, variant.pos)
            if gene is not None:
                return replace(variant, gene=gene, annotation_source="KB gene span")
        return variant

    def _from_position(self, variant: SmallVariant, call: CodonCall) -> SmallVariant:
        """The KB codon's name for the variant, unless a MANE Select annotation agrees."""
        name = self._name(variant.chrom, call)
        gene = self._genes.get(call.gene)
        on_mane = bool(gene and gene.is_preferred_transcript(variant.transcript))
        if variant.hgvs_p and on_mane:
            mine = short_protein_change(variant.hgvs_p)
            if name.hgvs_p is None or mine == short_protein_change(name.hgvs_p):
                # Kept as is: the MANE Select annotation agrees, or the KB's codon (an
                # unknown base) cannot contradict a translation made on the full reference.
                return variant
        notes = list(variant.notes)
        before = variant.annotated_as
        if variant.hgvs_p and before is None:
            before = f"{short_protein_change(variant.hgvs_p)} on {variant.transcript}" + (
                " (MANE Select)" if on_mane else ""
            )
        if before is not None:
            notes.append(_normalised(before, name))
        if call.outside:
            loci = ", ".join(f"{variant.chrom}:{b.pos} {b.ref}>{b.alt}" for b in call.outside)
            notes.append(
                f"The variant also changes {loci}, next to {call.gene} codon "
                f"{call.changes[0].codon.number} but outside the knowledge base's codons: "
                "its effect on that codon is not named."
            )
        return replace(
            variant,
            gene=call.gene,
            transcript=name.transcript,
            hgvs_c=name.hgvs_c,
            hgvs_p=name.hgvs_p,
            consequence=name.consequence,
            annotation_source=_source(variant, name.how),
            notes=tuple(notes),
        )

    def _name(self, chrom: str, call: CodonCall) -> _Name:
        """One name for the KB codons the variant changes (an exact hotspot wins)."""
        parts = [self._part(chrom, change) for change in call.changes]
        changed = [
            (change, part)
            for change, part in zip(call.changes, parts, strict=True)
            if part.consequence != "synonymous_variant"
        ]
        if len(changed) <= 1:
            return changed[0][1] if changed else parts[0]
        # Two KB codons changed in cis (KRAS G12 and G13): an HGVS allele of both.
        known = all(part.hgvs_p for _, part in changed)
        return _Name(
            hgvs_c="c.[" + ";".join(part.hgvs_c[2:] for _, part in changed) + "]",
            hgvs_p=(
                "p.[" + ";".join(part.hgvs_p[2:] for _, part in changed) + "]"  # type: ignore[index]
                if known
                else None
            ),
            consequence="missense_variant" if known else "coding_sequence_variant",
            transcript=changed[0][0].codon.transcript,
            how=parts[0].how,
        )

    def _part(self, chrom: str, change: CodonChange) -> _Name:
        hotspot = self._hotspot_at(chrom, change.pos, change.ref, change.alt)
        if hotspot is not None and hotspot.gene == change.codon.gene:
            return _Name(
                hgvs_c=hotspot.hgvs_c,
                hgvs_p=hotspot.hgvs_p,
                consequence="missense_variant",
                transcript=hotspot.transcript,
                how="KB hotspot",
            )
        return _Name(
            hgvs_c=change.hgvs_c,
            hgvs_p=change.hgvs_p,
            consequence=change.consequence,
            transcript=change.codon.transcript,
            how="KB codon",
        )


def _source(variant: SmallVariant, how: str) -> str:
    if variant.annotation_source in _UNANNOTATED:
        return how
    return f"{variant.annotation_source} + {how}"


def _normalised(before: str, name: _Name) -> str:
    """The note saying what the position did to the annotator's label."""
    if name.hgvs_p is None:
        return (
            f"{before} not reported: not on the knowledge base's MANE Select transcript "
            f"{name.transcript}, and the genomic position gives {name.hgvs_c} without "
            "fixing the amino acid."
        )
    after = short_protein_change(name.hgvs_p)
    if before.split(" ", 1)[0] == after:
        return f"{before} confirmed as {after} on {name.transcript} from the genomic position."
    return f"{before} normalised to {after} on {name.transcript} from the genomic position."
