"""Name variants from the KB's own coordinates when the VCF carries no usable annotation.

Three steps, most specific first: an exact KB hotspot allele (FACTS 1a), then any SNV/MNV
inside a KB codon of interest translated from the KB's reference codon (codons.py), then
the gene whose span contains the variant (no protein consequence claimed).
"""

from __future__ import annotations

from dataclasses import replace

from profiler.annotate.codons import CodonIndex
from profiler.kb.entries import Hotspot, KnowledgeBase, normalise_chrom
from profiler.model import Assembly, SmallVariant


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
        self.codons = CodonIndex(kb, assembly)

    def hotspot(self, variant: SmallVariant) -> Hotspot | None:
        key = (normalise_chrom(variant.chrom), variant.pos, variant.ref, variant.alt)
        return self._by_locus.get(key)

    def gene_at(self, chrom: str, pos: int) -> str | None:
        for symbol, span in self._spans:
            if span.contains(chrom, pos):
                return symbol
        return None

    def annotate(self, variant: SmallVariant) -> SmallVariant:
        """Fill gene/HGVS from the KB when the annotator gave no protein change.

        A KB hotspot wins only when the VCF annotation is silent: an annotated protein
        change on the MANE transcript is never overwritten.
        """
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
                annotation_source=(
                    "KB hotspot"
                    if variant.annotation_source == "none"
                    else f"{variant.annotation_source} + KB hotspot"
                ),
            )
        change = self.codons.change(variant.chrom, variant.pos, variant.ref, variant.alt)
        if change is not None and variant.gene in (None, change.codon.gene):
            return replace(
                variant,
                gene=change.codon.gene,
                transcript=change.codon.transcript,
                hgvs_c=change.hgvs_c,
                hgvs_p=change.hgvs_p,
                consequence=change.consequence,
                annotation_source=(
                    "KB codon"
                    if variant.annotation_source in ("none", "KB gene span")
                    else f"{variant.annotation_source} + KB codon"
                ),
            )
        if variant.gene is None and variant.annotation_source == "none":
            # Only for unannotated input: an annotator that named no gene (intergenic) is
            # believed over the KB's approximate spans.
            gene = self.gene_at(variant.chrom, variant.pos)
            if gene is not None:
                return replace(variant, gene=gene, annotation_source="KB gene span")
        return variant
