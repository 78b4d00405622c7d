"""The facts a fusion diagram draws, from the call and the knowledge base only.

A diagram must not claim more than the data: the KB carries each target gene's span and
strand (Ensembl gene records) and which side of a fusion its rule requires (FGFR2 5';
NTRK1/2/3, RET, NRG1 3'), but no exon or protein-domain coordinates. So the layout places
the breakpoint along the gene (as a fraction of the gene span, in the gene's own 5'->3'
direction) and states the partner rule; it never says which domain is kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from profiler.annotate.fusion_evidence import locus
from profiler.kb.entries import Alteration, Gene
from profiler.model import Fusion, FusionLayout, FusionPartner

_SIDES = {"five_prime": "5'", "three_prime": "3'"}


def _place(
    gene: Gene | None, breakpoint: str | None, assembly: str | None
) -> tuple[float | None, str | None]:
    """(fraction along the gene 5'->3', the span used) or (None, None) when not placeable."""
    where = locus(breakpoint)
    if gene is None or gene.strand not in ("+", "-") or where is None:
        return None, None
    chrom, pos = where
    candidates = [assembly] if assembly in gene.spans else list(gene.spans)
    inside = [(n, gene.spans[n]) for n in candidates if gene.spans[n].contains(chrom, pos)]
    if len(inside) != 1:  # not in the gene, or ambiguous between assemblies: do not place
        return None, None
    name, span = inside[0]
    length = span.end - span.start
    if length <= 0:
        return None, None
    offset = pos - span.start if gene.strand == "+" else span.end - pos
    label = f"{name} {span.chrom}:{span.start}-{span.end} ({gene.strand})"
    return round(offset / length, 4), label


def fusion_layout(
    calls: Sequence[Fusion],
    rule: Alteration | None,
    genes: Mapping[str, Gene],
    assembly: str | None = None,
) -> FusionLayout | None:
    """The diagram facts of one fusion event (its first call with breakpoints leads)."""
    if not calls:
        return None
    call = next((c for c in calls if c.breakpoint5 and c.breakpoint3), calls[0])
    name5 = call.label5 or call.gene5
    name3 = call.label3 or call.gene3
    fraction5, span5 = _place(genes.get(call.gene5), call.breakpoint5, assembly)
    fraction3, span3 = _place(genes.get(call.gene3), call.breakpoint3, assembly)
    frames = sorted({c.reading_frame for c in calls if c.reading_frame})
    side = _SIDES.get(str(rule.match.get("role"))) if rule is not None else None
    role_ok = None
    if rule is not None and side is not None:
        role_ok = (call.gene5 if side == "5'" else call.gene3) == rule.gene
    return FusionLayout(
        five=FusionPartner(name5, "5'", call.breakpoint5, fraction5, span5),
        three=FusionPartner(name3, "3'", call.breakpoint3, fraction3, span3),
        frame=", ".join(frames) or None,
        rule_gene=rule.gene if rule is not None else None,
        rule_side=side,
        rule_label=rule.label if rule is not None else None,
        role_ok=role_ok,
    )
