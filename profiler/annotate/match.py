"""Match detected events against the KB's alteration rules.

The matcher decides *what* was found and whether a KB rule applies; it does not order
therapies or write prose (that is the recommendation engine's job).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from profiler.annotate.fusion_evidence import (
    DEFAULT_MIN_FUSION_READS,
    assay,
    describe,
    group_calls,
    unmeasured,
)
from profiler.annotate.fusion_layout import fusion_layout
from profiler.annotate.policy import ReportingPolicy
from profiler.io.hgvs import is_missense, parse_substitution, short_protein_change
from profiler.kb.entries import Alteration, KnowledgeBase, Therapy
from profiler.model import Biomarker, CopyNumber, Fusion, FusionLayout, SmallVariant

# Sequence Ontology terms (VEP and SnpEff) that change the protein or its splicing.
PROTEIN_ALTERING = frozenset({
    "missense_variant", "stop_gained", "stop_lost", "start_lost", "frameshift_variant",
    "inframe_insertion", "inframe_deletion", "protein_altering_variant",
    "splice_acceptor_variant", "splice_donor_variant", "coding_sequence_variant",
    "transcript_ablation", "exon_loss_variant", "disruptive_inframe_deletion",
    "disruptive_inframe_insertion", "conservative_inframe_deletion",
    "conservative_inframe_insertion", "initiator_codon_variant", "stop_retained_variant",
    "gene_fusion", "bidirectional_gene_fusion", "feature_ablation",
})  # fmt: skip


@dataclass(frozen=True)
class Match:
    """One detected alteration and the KB rule it satisfies (or None)."""

    gene: str
    alteration: str
    category: str
    rule: Alteration | None
    reportable: bool  # False: filtered / out of frame / wrong partner role - shown, not acted on
    notes: tuple[str, ...] = ()
    variant: SmallVariant | None = None
    fusions: tuple[Fusion, ...] = ()
    biomarker: Biomarker | None = None
    copy_number: CopyNumber | None = None
    # When set, these replace the rule's therapies (the HER2 call combines two rules and
    # attaches conditions); `excluded` are (therapy, reason) pairs shown as not recommended.
    therapies: tuple[Therapy, ...] | None = None
    excluded: tuple[tuple[Therapy, str], ...] = ()
    # An explicit AMP/ASCO/CAP tier (None: the engine decides from rule and therapies):
    # "III" for alterations outside the KB's genes that would otherwise be "not_tiered".
    tier: str | None = None
    fusion_layout: FusionLayout | None = None  # fusions: what the report's diagram draws


def with_condition(therapies: Iterable[Therapy], condition: str) -> tuple[Therapy, ...]:
    """The same KB therapies, each carrying an extra condition the report prints."""

    def joined(therapy: Therapy) -> str:
        return f"{therapy.condition}; {condition}" if therapy.condition else condition

    return tuple(dataclasses.replace(t, condition=joined(t)) for t in therapies)


def is_protein_altering(consequence: str | None) -> bool:
    if not consequence:
        return False
    return any(term in PROTEIN_ALTERING for term in consequence.replace(",", "&").split("&"))


def variant_label(variant: SmallVariant) -> str:
    short = short_protein_change(variant.hgvs_p)
    if short:
        return short
    if variant.hgvs_c:
        return variant.hgvs_c
    return f"{variant.chrom}:{variant.pos} {variant.ref}>{variant.alt}"


def small_variant_rule(variant: SmallVariant, kb: KnowledgeBase) -> Alteration | None:
    """The KB rule a variant satisfies: an exact protein change, or a codon's missense."""
    if variant.gene is None:
        return None
    short = short_protein_change(variant.hgvs_p)
    if short is None:
        return None
    for rule in kb.alterations_for(variant.gene, "small_variant"):
        match = rule.match
        if short in match.get("protein_changes", ()):
            return rule
        codon = match.get("codon")
        if codon is not None:
            parsed = parse_substitution(short)
            classes = match.get("classes", ["missense"])
            if (
                parsed
                and parsed[1] == codon
                and parsed[0] == match.get("ref_aa", parsed[0])
                and ("missense" in classes and is_missense(short))
            ):
                return rule
    return None


def match_small_variant(
    variant: SmallVariant,
    kb: KnowledgeBase,
    *,
    include_filtered: bool = False,
    policy: ReportingPolicy | None = None,
) -> Match | None:
    """A Match for a variant worth listing, or None when it is only counted.

    Listed: variants satisfying a KB rule (filtered or below the policy's reporting
    thresholds too, flagged and not actionable, never dropped), protein-altering or
    unclassified variants in KB genes, and protein-altering PASS variants meeting the
    thresholds in any other gene (tier III: the KB holds no evidence for them). Counted
    only: non-coding variants, and non-target variants that are filtered or below
    threshold. Without a policy no VAF/depth threshold applies.
    """
    if policy is not None:
        include_filtered = policy.include_filtered
    if variant.gene is None:
        return None
    if variant.gene not in kb.genes:
        return _other_gene_variant(variant, policy)
    rule = small_variant_rule(variant, kb)
    unannotated = variant.annotation_source in ("none", "KB gene span")
    if rule is None and not (is_protein_altering(variant.consequence) or unannotated):
        return None
    notes: list[str] = list(variant.notes)  # how the name was reached (annotate/hotspots)
    reportable = True
    short = short_protein_change(variant.hgvs_p)
    target = rule is not None or any(
        h.gene == variant.gene and h.protein_change == short for h in kb.hotspots
    )
    if variant.filters and not include_filtered:
        if not target:
            return None
        reportable = False
        notes.append(
            f"Filtered by the variant caller (FILTER={';'.join(variant.filters)}): detected "
            "below reporting quality; confirm with an orthogonal method before acting on it."
        )
    shortfalls = policy.shortfalls(variant) if policy is not None else []
    if shortfalls:
        if not target:
            return None
        reportable = False
        notes.append(
            f"Detected below the reporting threshold ({'; '.join(shortfalls)}): confirm with "
            "an orthogonal method before acting on it."
        )
    unmeasured = policy.unmeasured(variant) if policy is not None else []
    if unmeasured:
        notes.append(
            f"The input gives no {' or '.join(unmeasured)} for this variant: the reporting "
            "thresholds could not be checked."
        )
    if policy is not None:
        germline = policy.germline_note(variant, target=target)
        if germline:
            notes.append(germline)
    codon_only = variant.annotation_source.endswith("KB codon") and variant.hgvs_p is None
    if codon_only:
        notes.append(
            f"Changes a knowledge-base codon of interest ({variant.hgvs_c}), but the amino "
            "acid cannot be determined: the knowledge base does not hold every base of the "
            "reference codon. Confirm with a transcript annotation."
        )
    if unannotated and rule is None:
        notes.append(
            "The VCF carries no transcript annotation for this variant and it is not a "
            "knowledge-base hotspot: its protein consequence was not determined."
        )
    if not unannotated and not codon_only and rule is None and variant.hgvs_p is None:
        notes.append(
            "No MANE Select / canonical transcript annotation was available; another "
            "transcript's numbering is not reported."
        )
    return Match(
        gene=variant.gene,
        alteration=variant_label(variant),
        category="small_variant",
        rule=rule,
        reportable=reportable,
        notes=tuple(notes),
        variant=variant,
    )


def _other_gene_variant(variant: SmallVariant, policy: ReportingPolicy | None) -> Match | None:
    """A protein-altering PASS variant outside the KB's genes that meets the thresholds.

    Listed so that the pathologist sees the whole profile (TP53, BAP1, ARID1A ...); it
    never carries a therapy. Filtered or below-threshold calls outside the KB are only
    counted, as before: there is no target alteration to confirm. What tier III means is
    said once, where the report lists them (not repeated in each finding's notes).
    """
    if variant.filters or not is_protein_altering(variant.consequence):
        return None
    notes = []
    if policy is not None:
        if policy.shortfalls(variant):
            return None
        unmeasured_fields = policy.unmeasured(variant)
        if unmeasured_fields:
            notes.append(
                f"The input gives no {' or '.join(unmeasured_fields)} for this variant: the "
                "reporting thresholds could not be checked."
            )
        germline = policy.germline_note(variant, target=False)
        if germline:
            notes.append(germline)
    return Match(
        gene=variant.gene or "",
        alteration=variant_label(variant),
        category="small_variant",
        rule=None,
        reportable=True,
        notes=tuple(notes),
        variant=variant,
    )


def match_fusions(
    fusions: Iterable[Fusion],
    kb: KnowledgeBase,
    *,
    min_reads: int = DEFAULT_MIN_FUSION_READS,
    assembly: str | None = None,
) -> list[Match]:
    """One Match per fusion event: its calls grouped and gated (annotate/fusion_evidence.py).

    Only calls that name a KB gene become findings; the others are counted by
    `other_fusions_line` (a whole-transcriptome run can report tens of thousands).

    A finding is reportable when at least one of its calls passes evidence gating (caller's
    FILTER, Arriba confidence, `min_reads` with a junction read for RNA calls); otherwise it
    is listed as not reportable, to be confirmed with an orthogonal method. A counted RNA
    call makes the DNA-only condition unnecessary.
    """
    matches = []
    genes = kb.genes
    relevant = [call for call in fusions if touches_kb_gene(call, genes)]
    for group in group_calls(relevant, genes, min_reads):
        gene5, gene3 = group.gene5, group.gene3
        rule, gene, notes = _fusion_rule(gene5, gene3, kb)
        notes.append(group.concordance())
        passing = group.passing
        reportable = bool(passing)
        if not reportable:
            notes.append(group.not_reportable_note())
        else:
            notes.extend(group.uncounted_notes())
        unchecked = [describe(c) for c in passing if unmeasured(c, min_reads)]
        if unchecked:
            notes.append(
                f"The input gives no read counts for {', '.join(unchecked)}: the minimum of "
                f"{min_reads} supporting reads could not be checked."
            )
        frames = {c.reading_frame for c in passing if c.reading_frame}
        if rule is not None and frames and "in-frame" not in frames:
            reportable = False
            notes.append(
                f"Reading frame reported as {', '.join(sorted(frames))}: of uncertain "
                "significance, not considered actionable."
            )
        therapies = None
        partner = gene3 if gene == gene5 else gene5
        dna_only = all(assay(c) == "DNA" for c in passing)
        if rule is not None and reportable and (dna_only or "(" in partner):
            # A DNA breakpoint pair: expression, frame and the breakpoint's position relative
            # to the kinase domain (exon coordinates are not in the KB) are not established.
            therapies = with_condition(
                rule.therapies,
                f"Confirm an expressed, in-frame {gene} fusion (RNA assay or FISH): "
                "detected as a DNA rearrangement only",
            )
            notes.append(
                f"{gene} rearrangement detected in DNA (structural-variant caller)"
                + (f" with partner {partner}" if "(" in partner else "")
                + ": confirm the fusion transcript before a targeted agent."
            )
        notes.extend(_label_notes(group.calls))
        matches.append(
            Match(
                gene=gene,
                # the display name (GENE5::GENE3 always), not a caller's locus notation
                alteration=f"{group.calls[0].name} fusion",
                category="fusion",
                rule=rule,
                reportable=reportable,
                notes=tuple(notes),
                fusions=tuple(group.calls),
                therapies=therapies,
                fusion_layout=fusion_layout(group.calls, rule, genes, assembly),
            )
        )
    return matches


_SYMBOL_SPLIT = re.compile(r"[,;/\s]+")


def touches_kb_gene(call: Fusion, genes: Iterable[str]) -> bool:
    """True when any partner, label or locus neighbour of the call is a KB gene.

    Arriba's intergenic `SH2D2A(4811),NTRK1(1207)` names neighbours, and a DNA breakend
    may carry one: each is checked, so nothing near a KB gene is counted away.
    """
    for text in (call.gene5, call.gene3, call.label5, call.label3):
        if not text:
            continue
        if text in genes:
            return True
        for token in _SYMBOL_SPLIT.split(text):
            if token.split("(", 1)[0] in genes:
                return True
    return False


# Gene names that are not protein-coding genes: lncRNA (LINC..., ...-AS1), clone-based
# names (RP11-..., CTD-..., AC/AL/AP/AF accession-style such as AF117829.1), LOC ids, miRNAs.
_NON_CODING = re.compile(
    r"^(LINC\d|LOC\d|MIR\d|SNOR|RP\d+-|CT[ABCD]-|KB-|XXbac-|A[CFLP]\d{6}\.\d|.+-AS\d+$|.+-IT\d+$)"
)
NOT_REPORTED_SHOWN = 50  # appendix rows; the rest are counted on the methods line


def is_non_coding_name(gene: str) -> bool:
    """True for a partner named like a non-coding gene or a genomic clone (not a protein)."""
    return bool(_NON_CODING.match(gene.split("(", 1)[0].strip()))


@dataclass(frozen=True)
class OtherFusions:
    """Fusion calls outside KB genes, sorted for the report (annotate, not render, decides).

    `listed`: coding partners, passing evidence gating, one Match per GENE5::GENE3 name
    (tier III: no KB rule), at most `OTHER_FUSIONS_SHOWN`; `not_reported`: (call, reason)
    for non-coding partners, unnamed loci and calls failing gating, at most
    `NOT_REPORTED_SHOWN`; `counted`: the calls beyond both limits.
    """

    listed: tuple[Match, ...]
    not_reported: tuple[tuple[Fusion, str], ...]
    counted: int


OTHER_FUSIONS_SHOWN = 50  # tier III fusions outside KB genes listed one by one


def other_fusions(
    fusions: Iterable[Fusion], kb: KnowledgeBase, *, min_reads: int = DEFAULT_MIN_FUSION_READS
) -> OtherFusions:
    """Sort the calls outside KB genes into listed, not reported and counted (see above)."""
    from profiler.annotate.fusion_evidence import gate, is_unnamed

    by_name: dict[str, list[Fusion]] = {}
    not_reported: list[tuple[Fusion, str]] = []
    counted = 0
    for call in fusions:
        if touches_kb_gene(call, kb.genes):
            continue
        partners = (call.label5 or call.gene5, call.label3 or call.gene3)
        if any(is_non_coding_name(p) for p in partners):
            reason = "non-coding partner (lncRNA or clone-based gene name)"
        elif any(is_unnamed(p) for p in (call.gene5, call.gene3)):
            reason = "a partner is an unnamed locus, not a gene"
        else:
            reason = gate(call, min_reads)
        if reason is None:
            if call.name in by_name or len(by_name) < OTHER_FUSIONS_SHOWN:
                by_name.setdefault(call.name, []).append(call)
            else:
                counted += 1
        elif len(not_reported) < NOT_REPORTED_SHOWN:
            not_reported.append((call, reason))
        else:
            counted += 1
    listed = tuple(
        Match(
            gene=calls[0].label5 or calls[0].gene5,
            alteration=f"{name} fusion",
            category="fusion",
            rule=None,
            reportable=True,
            notes=(
                "Neither partner is a knowledge-base gene: reading frame and retained "
                "domains were not assessed.",
            ),
            fusions=tuple(calls),
        )
        for name, calls in by_name.items()
    )
    return OtherFusions(listed, tuple(not_reported), counted)


def other_fusions_line(
    fusions: Iterable[Fusion], kb: KnowledgeBase, other: OtherFusions | None = None
) -> str | None:
    """The methods line that counts calls outside KB genes, per caller and file (or None).

    Why not one finding each beyond the limits: they carry no KB rule, and a
    whole-transcriptome run with permissive settings lists tens of thousands, which made
    a report of hundreds of MB. `other` says how many were listed / not reported.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for call in fusions:
        if not touches_kb_gene(call, kb.genes):
            counts[(call.caller, call.source)] += 1
    if not counts:
        return None
    total = sum(counts.values())
    parts = "; ".join(
        f"{caller} ({Path(source).name}): {n:,}" for (caller, source), n in counts.items()
    )
    if other is None:
        return (
            f"Fusion calls outside knowledge-base genes: {total:,} ({parts}); counted, not "
            "listed one by one (no knowledge-base rule applies to them)."
        )
    listed = sum(len(m.fusions) for m in other.listed)
    return (
        f"Fusion calls outside knowledge-base genes: {total:,} ({parts}); {listed:,} listed "
        f"as tier III (at most {OTHER_FUSIONS_SHOWN} fusions), {len(other.not_reported):,} "
        f"under Not reported (at most {NOT_REPORTED_SHOWN}), {other.counted:,} counted here "
        "only."
    )


def _label_notes(calls: Iterable[Fusion]) -> list[str]:
    """Say where a partner's displayed symbol stands for a locus (Arriba intergenic)."""
    notes = []
    for call in calls:
        for end, raw, label in (("5'", call.gene5, call.label5), ("3'", call.gene3, call.label3)):
            if label is None or label == raw:
                continue
            note = (
                f"{end} breakpoint intergenic ({call.caller} wrote {raw!r}): shown as "
                f"{label!r} after the neighbouring gene on the side the fusion keeps; it is "
                "not a fusion of that gene and is not matched as one."
            )
            if note not in notes:
                notes.append(note)
    return notes


def _fusion_rule(
    gene5: str, gene3: str, kb: KnowledgeBase
) -> tuple[Alteration | None, str, list[str]]:
    for rule in kb.alterations:
        if rule.category != "fusion":
            continue
        role = rule.match.get("role")
        if (role == "five_prime" and gene5 == rule.gene) or (
            role == "three_prime" and gene3 == rule.gene
        ):
            return rule, rule.gene, []
    for rule in kb.alterations:
        if rule.category == "fusion" and rule.gene in (gene5, gene3):
            wanted = "5'" if rule.match.get("role") == "five_prime" else "3'"
            return (
                None,
                rule.gene,
                [
                    f"{rule.gene} is not the {wanted} partner here; the knowledge-base rule "
                    f"({rule.label}) requires {rule.gene} as the {wanted} partner."
                ],
            )
    gene = gene3 if gene3 in kb.genes else gene5
    return None, gene, []


_BIOMARKER_LABELS = {
    ("MMR_IHC", "deficient"): ("MMR", "MMR-deficient (dMMR, IHC)"),
    ("MSI", "MSI-H"): ("MSI", "MSI-H"),
    ("TMB", "TMB-H"): ("TMB", "TMB-H"),
}


def match_biomarkers(markers: Iterable[Biomarker], kb: KnowledgeBase) -> list[Match]:
    """Biomarkers that satisfy a KB rule become findings; negative results are context."""
    matches = []
    for marker in markers:
        for rule in kb.alterations:
            if (
                rule.category == "biomarker"
                and rule.match.get("biomarker") == marker.name
                and marker.status in rule.match.get("statuses", ())
            ):
                gene, label = _BIOMARKER_LABELS.get(
                    (marker.name, marker.status), (rule.gene, f"{marker.name} {marker.status}")
                )
                matches.append(
                    Match(
                        gene=gene,
                        alteration=label,
                        category="biomarker",
                        rule=rule,
                        reportable=True,
                        biomarker=marker,
                    )
                )
                break
    return matches
