"""Coverage-aware negatives: classify every KB target locus from the tumour BAM/CRAM.

States (per locus):
- detected: the VCF/MAF reports a call at the locus (reportable or not: the findings say);
- not_detected: no call, and the locus has at least the threshold depth at every base;
- indeterminate: no call, and some base of the locus is below the threshold depth.
Alt reads at a locus without a call are flagged "possible missed call: K of N reads" and
never made actionable: only the variant caller's output is interpreted.

The depth threshold is derived, not chosen: the smallest depth N at which a variant at
the expected VAF is seen in at least MIN_ALT_READS reads with probability >= CONFIDENCE
(binomial, reads independent). The expected VAF is the run's VAF limit of detection
(--min-vaf), lowered to purity / 2 when the case's tumour purity says a clonal
heterozygous variant in a diploid region would sit below the limit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from profiler.errors import InputError
from profiler.io.alignments import BASES, AlignmentReader, BaseCounts, ReadFilters
from profiler.kb.entries import KnowledgeBase
from profiler.model import SmallVariant
from profiler.model.coverage import (
    AltEvidence,
    CoverageAssessment,
    CoverageState,
    CoverageThresholds,
    GeneCoverage,
    LocusCoverage,
)

# A variant at the expected VAF must give at least this many alt reads ... A single or
# two reads are within reach of sequencing and mapping error at any depth; five is a
# conservative count for a call a report relies on (chosen, stated in the methods).
MIN_ALT_READS = 5
# ... with this probability at the threshold depth.
CONFIDENCE = 0.95
# Possible missed call: >= 3 reads AND VAF >= 2% with the same base. At base quality
# >= 20 (error <= 1%, a third of which gives any one given wrong base, <= 0.33%), a
# 2% fraction is six times the worst-case rate of one specific error; 3 reads keep a
# single chimeric read pair (2 reads) from raising the flag at low depth. A flag asks
# for a review of the alignments; it never reports a variant.
FLAG_MIN_READS = 3
FLAG_MIN_VAF = 0.02
# No practical assay reaches beyond this: a VAF so low that the derived depth exceeds it
# cannot be assessed by a depth threshold at all.
MAX_DERIVED_DEPTH = 1_000_000
NO_BAM = "coverage at target loci (no BAM/CRAM given)"  # a "Not assessed" entry
DEFAULT_MIN_MAPQ = 20
DEFAULT_MIN_BASEQ = 20

# Checklist ids of the pertinent-negatives list (Report.checklist) -> KB codon ids.
CHECKLIST_LOCI: dict[str, tuple[str, ...]] = {
    "idh1_r132": ("IDH1_R132",),
    "braf_v600e": ("BRAF_V600",),
    "kras_g12c": ("KRAS_G12",),
}
# The named allele a checklist item is about (a G12D call is not a G12C).
CHECKLIST_ALLELE: dict[str, str] = {"braf_v600e": "V600E", "kras_g12c": "G12C"}
_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


@dataclass(frozen=True)
class TargetLocus:
    """A KB codon (or a hotspot outside every codon) on one assembly."""

    id: str
    gene: str
    label: str
    chrom: str  # KB spelling, no 'chr'
    positions: tuple[int, ...]
    refs: tuple[str, ...]  # + strand reference base per position ('N' unknown)
    hotspots: Mapping[tuple[int, str], str]  # (pos, alt base) -> protein change


def binomial_min_depth(vaf: float, min_alt: int, confidence: float) -> int:
    """Smallest depth N with P(Binomial(N, vaf) >= min_alt) >= confidence.

    P grows with N, so a bisection finds it; InputError when it exceeds MAX_DERIVED_DEPTH.
    """
    if not 0 < vaf <= 1:
        raise InputError(
            f"a coverage threshold cannot be derived for an expected VAF of {vaf:g}: give "
            "the depth threshold explicitly (--min-coverage)"
        )
    if _p_at_least(MAX_DERIVED_DEPTH, vaf, min_alt) < confidence:
        raise InputError(
            f"a variant at VAF {vaf:g} needs more than {MAX_DERIVED_DEPTH:,} reads to be seen "
            f"{min_alt} times: give the depth threshold explicitly (--min-coverage)"
        )
    low, high = min_alt, MAX_DERIVED_DEPTH
    while low < high:
        mid = (low + high) // 2
        if _p_at_least(mid, vaf, min_alt) >= confidence:
            high = mid
        else:
            low = mid + 1
    return low


def _p_at_least(depth: int, vaf: float, k: int) -> float:
    """P(X >= k) for X ~ Binomial(depth, vaf), summed in log space (no overflow)."""
    if depth < k:
        return 0.0
    if vaf >= 1:
        return 1.0
    log_p, log_q = math.log(vaf), math.log1p(-vaf)
    below = sum(
        math.exp(
            math.lgamma(depth + 1)
            - math.lgamma(i + 1)
            - math.lgamma(depth - i + 1)
            + i * log_p
            + (depth - i) * log_q
        )
        for i in range(k)
    )
    return max(0.0, 1.0 - below)


def coverage_thresholds(
    *,
    lod_vaf: float,
    tumor_purity: float | None,
    min_mapq: int = DEFAULT_MIN_MAPQ,
    min_baseq: int = DEFAULT_MIN_BASEQ,
    min_coverage: int | None = None,
) -> CoverageThresholds:
    """The thresholds of one run: the binomial depth unless the lab set --min-coverage."""
    expected = lod_vaf if tumor_purity is None else min(lod_vaf, tumor_purity / 2)
    derived: int | None = None
    if min_coverage is None or 0 < expected <= 1:
        try:
            derived = binomial_min_depth(expected, MIN_ALT_READS, CONFIDENCE)
        except InputError:
            if min_coverage is None:
                raise
    depth = min_coverage if min_coverage is not None else derived
    assert depth is not None  # one of the two is set (binomial_min_depth raised otherwise)
    return CoverageThresholds(
        min_mapq=min_mapq,
        min_baseq=min_baseq,
        min_depth=depth,
        depth_source="option" if min_coverage is not None else "derived",
        lod_vaf=lod_vaf,
        tumor_purity=tumor_purity,
        expected_vaf=expected,
        min_alt_reads=MIN_ALT_READS,
        confidence=CONFIDENCE,
        derived_depth=derived,
        flag_min_reads=FLAG_MIN_READS,
        flag_min_vaf=FLAG_MIN_VAF,
    )


def target_loci(kb: KnowledgeBase, assembly: str) -> list[TargetLocus]:
    """Every KB codon of interest, plus any KB hotspot no codon contains, on `assembly`."""
    loci: list[TargetLocus] = []
    covered: set[tuple[str, int]] = set()
    hotspot_alleles: dict[tuple[str, int, str], str] = {}
    for h in kb.hotspots:
        locus = h.coordinates.get(assembly)  # type: ignore[call-overload]
        if locus is not None and len(locus.ref) == 1 and len(locus.alt) == 1:
            hotspot_alleles[(locus.chrom, locus.pos, locus.alt)] = h.protein_change
    for codon in kb.codons:
        span = next(
            (
                h.coordinates[assembly].chrom  # type: ignore[index]
                for h in kb.hotspots
                if h.gene == codon.gene and assembly in h.coordinates
            ),
            None,
        )
        gene = kb.genes.get(codon.gene)
        chrom = span or (gene.spans[assembly].chrom if gene and assembly in gene.spans else None)  # type: ignore[index]
        if chrom is None:
            continue
        positions = tuple(b.positions[assembly] for b in codon.bases)  # type: ignore[index]
        refs = tuple(
            b.base if codon.strand == "+" else b.base.translate(_COMPLEMENT) for b in codon.bases
        )
        order = sorted(range(3), key=lambda i: positions[i])
        positions = tuple(positions[i] for i in order)
        refs = tuple(refs[i] for i in order)
        alleles = {
            (pos, alt): name
            for (c, pos, alt), name in hotspot_alleles.items()
            if c == chrom and pos in positions
        }
        loci.append(
            TargetLocus(
                id=codon.id,
                gene=codon.gene,
                label=f"{codon.gene} {codon.ref_aa}{codon.number}",
                chrom=chrom,
                positions=positions,
                refs=refs,
                hotspots=alleles,
            )
        )
        covered.update((chrom, p) for p in positions)
    for h in kb.hotspots:
        locus = h.coordinates.get(assembly)  # type: ignore[call-overload]
        if locus is None:
            continue
        span = tuple(range(locus.pos, locus.pos + len(locus.ref)))
        if all((locus.chrom, p) in covered for p in span):
            continue
        loci.append(
            TargetLocus(
                id=h.id,
                gene=h.gene,
                label=f"{h.gene} {h.protein_change}",
                chrom=locus.chrom,
                positions=span,
                refs=tuple(locus.ref),
                hotspots={(locus.pos, locus.alt): h.protein_change} if len(locus.alt) == 1 else {},
            )
        )
        covered.update((locus.chrom, p) for p in span)
    return loci


@dataclass(frozen=True)
class LocusCall:
    """A VCF/MAF call that overlaps a target locus, and whether the report acts on it."""

    variant: SmallVariant
    alteration: str
    reportable: bool


def overlaps(locus: TargetLocus, variant: SmallVariant) -> bool:
    chrom = variant.chrom[3:] if variant.chrom.lower().startswith("chr") else variant.chrom
    if chrom != locus.chrom:
        return False
    end = variant.pos + max(len(variant.ref), 1) - 1
    return variant.pos <= locus.positions[-1] and end >= locus.positions[0]


def assess_coverage(
    reader: AlignmentReader,
    loci: Sequence[TargetLocus],
    calls: Iterable[LocusCall],
    thresholds: CoverageThresholds,
    *,
    assembly: str,
    reference_base: Mapping[tuple[str, int], str] | None = None,
    genes: Sequence[GeneCoverage] = (),
    genes_bed: str | None = None,
) -> CoverageAssessment:
    """Read every locus through the index and classify it (see the module docstring)."""
    filters = ReadFilters(min_mapq=thresholds.min_mapq, min_baseq=thresholds.min_baseq)
    calls = list(calls)
    results = []
    for locus in loci:
        counts = reader.base_counts(locus.chrom, locus.positions, filters)
        here = [c for c in calls if overlaps(locus, c.variant)]
        results.append(
            classify_locus(
                locus,
                counts,
                here,
                thresholds,
                contig=reader.contig_name(locus.chrom),
                reference_base=reference_base or {},
            )
        )
    return CoverageAssessment(
        source=str(reader.path),
        assembly=assembly,
        thresholds=thresholds,
        loci=tuple(results),
        genes=tuple(genes),
        genes_bed=genes_bed,
    )


def classify_locus(
    locus: TargetLocus,
    counts: Mapping[int, BaseCounts],
    calls: Sequence[LocusCall],
    thresholds: CoverageThresholds,
    *,
    contig: str,
    reference_base: Mapping[tuple[str, int], str],
) -> LocusCoverage:
    depths = tuple(counts[p].depth for p in locus.positions)
    depth = min(depths)
    evidence = []
    for pos, ref in zip(locus.positions, locus.refs, strict=True):
        if ref == "N":
            ref = reference_base.get((locus.chrom, pos), "N")
        if ref not in BASES:
            continue  # reference base unknown: depth counted, alt reads not judged
        at = counts[pos]
        for base in BASES:
            reads = at.counts[base]
            if base == ref or reads < thresholds.flag_min_reads:
                continue
            if at.depth and reads / at.depth >= thresholds.flag_min_vaf:
                evidence.append(
                    AltEvidence(pos, ref, base, reads, at.depth, locus.hotspots.get((pos, base)))
                )
    evidence.sort(key=lambda e: (-e.reads, e.pos, e.alt))
    names = tuple(dict.fromkeys(c.alteration for c in calls))
    reportable = any(c.reportable for c in calls)
    state: CoverageState
    missed = None
    if calls:
        state = "detected"
        text = f"detected: {', '.join(names)} ({depth}× at {locus.label})"
        if not reportable:
            text = (
                f"detected below reporting quality: {', '.join(names)} "
                f"({depth}× at {locus.label}); not actionable"
            )
        unsupported = _unsupported_snvs(calls, counts, thresholds)
        if unsupported:
            text = (
                f"{text}; the alignments show no read with {', '.join(unsupported)} at "
                f"{depth}×: check that the BAM/CRAM is this tumour's"
            )
    else:
        if depth >= thresholds.min_depth:
            state = "not_detected"
            text = f"not detected, covered at {depth}×"
        else:
            state = "indeterminate"
            text = f"indeterminate: {depth}× at {locus.label}"
        if evidence:
            top = evidence[0]
            named = f", {locus.gene} {top.hotspot}" if top.hotspot else ""
            missed = (
                f"possible missed call: {top.reads} of {top.depth} reads "
                f"({contig}:{top.pos} {top.ref}>{top.alt}{named}); review the alignments, "
                "not reported"
            )
            text = f"{text}; {missed}"
    return LocusCoverage(
        id=locus.id,
        gene=locus.gene,
        label=locus.label,
        chrom=contig,
        positions=locus.positions,
        depths=depths,
        state=state,
        text=text,
        calls=names,
        calls_reportable=reportable if calls else True,
        alt=tuple(evidence),
        possible_missed_call=missed,
    )


def _unsupported_snvs(
    calls: Sequence[LocusCall], counts: Mapping[int, BaseCounts], thresholds: CoverageThresholds
) -> list[str]:
    """Called SNVs with not one alt read in a well-covered BAM: a sign of a sample mix-up."""
    out = []
    for call in calls:
        v = call.variant
        at = counts.get(v.pos)
        if len(v.ref) != 1 or len(v.alt) != 1 or at is None:
            continue
        if at.depth >= thresholds.min_depth and at.counts.get(v.alt.upper(), 0) == 0:
            out.append(call.alteration)
    return out


def checklist_coverage(assessment: CoverageAssessment | None) -> dict[str, str]:
    """Checklist id -> short coverage text, for the pertinent-negatives checklist.

    Keys: idh1_r132, braf_v600e, kras_g12c and her2 (the ERBB2 hotspot codons); an id
    whose loci are not in the KB or not assessed is absent. A call of another allele at
    the same codon (KRAS G12D for kras_g12c) leaves the named allele not detected.
    """
    if assessment is None:
        return {}
    out: dict[str, str] = {}
    groups = dict(CHECKLIST_LOCI)
    groups["her2"] = tuple(lc.id for lc in assessment.loci if lc.gene == "ERBB2")
    for item, ids in groups.items():
        loci = [lc for lc in (assessment.locus(i) for i in ids) if lc is not None]
        if not loci:
            continue
        allele = CHECKLIST_ALLELE.get(item)
        if len(loci) == 1:
            out[item] = _one_text(loci[0], allele)
        else:
            out[item] = _group_text(loci)
    return out


def _one_text(locus: LocusCoverage, allele: str | None) -> str:
    if locus.state == "detected" and allele is not None and allele not in locus.calls:
        text = f"not detected ({locus.label}: {', '.join(locus.calls)}), covered at {locus.depth}×"
        return text
    return locus.text


def _group_text(loci: Sequence[LocusCoverage]) -> str:
    """ERBB2: the detected loci first, then the worst-covered one, each named."""
    detected = [lc for lc in loci if lc.state == "detected"]
    if detected:
        return "; ".join(lc.text for lc in detected)
    low = [lc for lc in loci if lc.state == "indeterminate"]
    if low:
        return "; ".join(lc.text for lc in low)
    flagged = [lc.text for lc in loci if lc.possible_missed_call]
    least = min(lc.depth for lc in loci)
    text = f"not detected at {', '.join(lc.label for lc in loci)}, covered at >= {least}×"
    return "; ".join([text, *flagged]) if flagged else text


def gene_summary(
    reader: AlignmentReader,
    kb: KnowledgeBase,
    assembly: str,
    intervals: Iterable[tuple[str, int, int]],
    thresholds: CoverageThresholds,
) -> list[GeneCoverage]:
    """Mean depth and fraction >= threshold over the BED bases inside each target gene.

    Target genes: those with a KB hotspot or codon (the small-variant targets). Only
    BED intervals inside their spans are read, so the cost is set by the panel, not the BAM.
    """
    filters = ReadFilters(min_mapq=thresholds.min_mapq, min_baseq=thresholds.min_baseq)
    targets = sorted({h.gene for h in kb.hotspots} | {c.gene for c in kb.codons})
    merged = _merge(intervals)
    out = []
    for symbol in targets:
        gene = kb.genes.get(symbol)
        span = gene.spans.get(assembly) if gene else None  # type: ignore[call-overload]
        if span is None:
            continue
        total, covered, bases = 0, 0, 0
        for start, end in merged.get(span.chrom, ()):
            lo, hi = max(start, span.start), min(end, span.end)
            if lo > hi:
                continue
            depths = reader.depth_over(span.chrom, lo, hi, filters)
            bases += len(depths)
            total += sum(depths)
            covered += sum(1 for d in depths if d >= thresholds.min_depth)
        if bases:
            out.append(GeneCoverage(symbol, bases, total / bases, covered / bases))
    return out


def _merge(intervals: Iterable[tuple[str, int, int]]) -> dict[str, list[tuple[int, int]]]:
    by_chrom: dict[str, list[tuple[int, int]]] = {}
    for chrom, start, end in intervals:
        bare = chrom[3:] if chrom.lower().startswith("chr") else chrom
        by_chrom.setdefault(bare, []).append((start, end))
    merged: dict[str, list[tuple[int, int]]] = {}
    for chrom, spans in by_chrom.items():
        out: list[list[int]] = []
        for start, end in sorted(spans):
            if out and start <= out[-1][1] + 1:
                out[-1][1] = max(out[-1][1], end)
            else:
                out.append([start, end])
        merged[chrom] = [(s, e) for s, e in out]
    return merged


def methods_line(assessment: CoverageAssessment | None) -> str:
    """One methods sentence: filters, threshold and its reasoning (no CLI flags)."""
    if assessment is None:
        return f"Not assessed: {NO_BAM}."
    t = assessment.thresholds
    purity = (
        f"; tumour purity {t.tumor_purity:.0%} gives an expected clonal heterozygous VAF of "
        f"{t.tumor_purity / 2:.3g} (purity/2, diploid region), and the lower of that and "
        f"the limit of detection is used"
        if t.tumor_purity is not None
        else "; tumour purity not given, so the limit of detection alone is used"
    )
    if t.depth_source == "derived":
        threshold = (
            f"depth threshold {t.min_depth}×, the smallest depth at which a variant at VAF "
            f"{t.expected_vaf:.3g} is seen in >= {t.min_alt_reads} reads with >= "
            f"{t.confidence:.0%} probability (binomial; VAF limit of detection "
            f"{t.lod_vaf:g}{purity})"
        )
    else:
        derived = (
            f"; the binomial depth for VAF {t.expected_vaf:.3g} would be {t.derived_depth}×"
            if t.derived_depth is not None
            else ""
        )
        threshold = f"depth threshold {t.min_depth}× set by the laboratory{derived}"
    genes = ""
    if assessment.genes_bed is not None:
        genes = (
            "; gene summary over the panel BED intervals inside each target gene "
            "(overlapping mates counted twice there)"
        )
    return (
        f"Coverage at target loci ({assessment.source}, {assessment.assembly}): reads with "
        f"mapping quality >= {t.min_mapq}, bases with base quality >= {t.min_baseq}; "
        "duplicate, secondary, supplementary, QC-failed and unmapped reads excluded, "
        "overlapping mates counted once; a codon's depth is the lowest of its bases; "
        f"{threshold}. Alt reads without a call (>= {t.flag_min_reads} reads and VAF >= "
        f"{t.flag_min_vaf:.0%}) are flagged as possible missed calls for review, never "
        f"reported{genes}."
    )
