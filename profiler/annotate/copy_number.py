"""Gene-level copy-number calls from a caller's segments.

Conventions (documented in the README and printed in the report's methods):
- Absolute copy number: the caller's own when it gives one (CNVkit `cn`, gene tables);
  otherwise from log2 with CNVkit's formula (etal/cnvkit cnvlib/call.py
  `_log2_ratio_to_absolute`): n = (P * 2^log2 - P * (1 - p)) / p for purity p and ploidy
  P (autosomes), n = P * 2^log2 when purity is unknown.
- A gene's copy number is the minimum over the segments that overlap it (PURPLE uses the
  minimum exonic copy number; exon coordinates are not in the KB, so the gene span is used).
- Amplification: copy number > 3 x sample ploidy; deep deletion: copy number < 0.5 (PURPLE
  driver catalogue, KB threshold `purple_driver_copy_number`). Both are options.
- Discrete tables (cBioPortal/GISTIC levels): +2 (high-level amplification) is an
  amplification and -2 (deep loss) a deep deletion; -1 (shallow loss) and +1 (gain) are
  not reportable events here. A gene given several levels takes the lowest, as a gene's
  copy number is the minimum over its segments. There is no copy number to print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from profiler.annotate.match import is_non_coding_name
from profiler.errors import InputError
from profiler.kb.entries import KnowledgeBase, normalise_chrom
from profiler.model import Assembly, CopyNumber, CopySegment

REPORTABLE = {
    # gene: the calls worth a finding (others are not listed)
    "ERBB2": ("amplification",),
    "FGFR2": ("amplification",),
    "CDKN2A": ("deep_deletion",),
}

DISCRETE_CALLS = {2: "amplification", -2: "deep_deletion"}  # cBioPortal/GISTIC levels
DISCRETE_CONVENTION = (
    "discrete levels in the cBioPortal/GISTIC convention (-2 deep deletion, -1 shallow "
    "loss, 0, +1 gain, +2 high-level amplification): +2 is called amplification and -2 "
    "homozygous (deep) deletion; -1 and +1 are not reportable events here"
)


@dataclass(frozen=True)
class CopyNumberSettings:
    ploidy: float = 2.0
    purity: float | None = None
    amplification_ratio: float = 3.0  # PURPLE: min copy number > 3 x ploidy
    deep_deletion_max: float = 0.5  # PURPLE: min copy number < 0.5

    def describe(self) -> str:
        purity = f"{self.purity:.0%}" if self.purity else "not given (log2 not rescaled)"
        return (
            f"amplification: copy number > {self.amplification_ratio:g} x ploidy "
            f"({self.amplification_ratio * self.ploidy:g} copies at ploidy {self.ploidy:g}); "
            f"deep deletion: copy number < {self.deep_deletion_max:g}; tumour purity {purity} "
            "(PURPLE driver catalogue convention; CNVkit log2-to-copy-number formula)"
        )


def absolute_copy_number(log2: float, ploidy: float, purity: float | None) -> float:
    """CNVkit's conversion for autosomes, clamped at zero (noise can push it below)."""
    ratio = 2.0**log2
    if purity and purity < 1.0:
        copies = (ploidy * ratio - ploidy * (1.0 - purity)) / purity
    else:
        copies = ploidy * ratio
    return max(copies, 0.0)


def segment_copy_number(segment: CopySegment, settings: CopyNumberSettings) -> float | None:
    if segment.copy_number is not None:
        return segment.copy_number
    if segment.log2 is not None:
        return absolute_copy_number(segment.log2, settings.ploidy, settings.purity)
    return None


def _classify(copies: float, settings: CopyNumberSettings) -> str | None:
    if copies > settings.amplification_ratio * settings.ploidy:
        return "amplification"
    if copies < settings.deep_deletion_max:
        return "deep_deletion"
    return None


def gene_copy_numbers(
    segments: Iterable[CopySegment],
    kb: KnowledgeBase,
    assembly: Assembly | None,
    settings: CopyNumberSettings,
) -> list[CopyNumber]:
    """Calls for the reportable genes: by the caller's gene labels, else by KB gene spans."""
    per_gene: dict[str, list[tuple[float, CopySegment]]] = {}
    needs_spans = False
    segments = list(segments)
    calls = _discrete_calls(s for s in segments if s.discrete is not None)
    segments = [s for s in segments if s.discrete is None]
    for segment in segments:
        copies = segment_copy_number(segment, settings)
        if copies is None:
            continue
        labelled = [g for g in segment.genes if g in REPORTABLE]
        for gene in labelled:
            per_gene.setdefault(gene, []).append((copies, segment))
        if not segment.genes:
            needs_spans = True
    if needs_spans:
        if assembly is None:
            raise InputError(
                "copy-number segments carry no gene names, so genes are located by their "
                "coordinates: pass --assembly GRCh37 or GRCh38 (or a VCF that states it)",
                path=segments[0].source if segments else None,
            )
        for gene in REPORTABLE:
            entry = kb.genes.get(gene)
            span = entry.spans.get(assembly) if entry else None
            if span is None:
                continue  # no verified span for this gene (e.g. CDKN2A): labels only
            for segment in segments:
                if segment.genes or segment.chrom is None:
                    continue
                if (
                    normalise_chrom(segment.chrom) == span.chrom
                    and segment.start is not None
                    and segment.end is not None
                    and segment.start <= span.end
                    and span.start <= segment.end
                ):
                    copies = segment_copy_number(segment, settings)
                    if copies is not None:
                        per_gene.setdefault(gene, []).append((copies, segment))
    for gene, values in per_gene.items():
        copies, segment = min(values, key=lambda v: v[0])
        call = _classify(copies, settings)
        if call is not None and call in REPORTABLE[gene]:
            calls.append(
                CopyNumber(
                    gene=gene,
                    call=call,
                    copy_number=round(copies, 2),
                    source=segment.source
                    if segment.record is None
                    else f"{segment.source}:{segment.record}",
                    log2=segment.log2,
                )
            )
    return sorted(calls, key=lambda c: c.gene)


def _discrete_calls(segments: Iterable[CopySegment]) -> list[CopyNumber]:
    """Reportable calls from discrete levels: the lowest level given for each gene."""
    lowest: dict[str, tuple[int, CopySegment]] = {}
    for segment in segments:
        level = segment.discrete
        if level is None:
            continue
        for gene in segment.genes:
            if gene in REPORTABLE and (gene not in lowest or level < lowest[gene][0]):
                lowest[gene] = (level, segment)
    calls = []
    for gene, (level, segment) in lowest.items():
        call = DISCRETE_CALLS.get(level)
        if call is not None and call in REPORTABLE[gene]:
            where = segment.source
            if segment.record is not None:
                where = f"{where}:{segment.record}"
            calls.append(CopyNumber(gene=gene, call=call, copy_number=None, source=where))
    return calls


OTHER_GENE_CALLS_SHOWN = 100  # copy-number calls outside the reportable genes listed one by one


def other_gene_copy_numbers(
    segments: Iterable[CopySegment], settings: CopyNumberSettings
) -> tuple[list[CopyNumber], int]:
    """Amplifications and deep deletions of genes the caller named, outside REPORTABLE.

    Only genes a segment or row names are called, lncRNA / clone names left out
    (coordinates alone locate the KB genes only: there is no gene model for the rest).
    Returns the first OTHER_GENE_CALLS_SHOWN calls (by gene) and how many there were.
    """
    lowest: dict[str, tuple[float | None, int | None, CopySegment]] = {}
    for segment in segments:
        if segment.discrete is not None:
            copies, level = None, segment.discrete
        else:
            copies, level = segment_copy_number(segment, settings), None
            if copies is None:
                continue
        for gene in segment.genes:
            if gene in REPORTABLE or is_non_coding_name(gene):
                continue  # lncRNA / clone names (CDKN2B-AS1) are not protein alterations
            key = copies if copies is not None else float(level or 0)
            held = lowest.get(gene)
            held_key = None if held is None else (held[0] if held[0] is not None else held[1])
            if held_key is None or key < held_key:
                lowest[gene] = (copies, level, segment)
    calls = []
    for gene in sorted(lowest):
        copies, level, segment = lowest[gene]
        call = DISCRETE_CALLS.get(level) if level is not None else None
        if copies is not None:
            call = _classify(copies, settings)
        if call is None:
            continue
        where = segment.source if segment.record is None else f"{segment.source}:{segment.record}"
        calls.append(
            CopyNumber(
                gene=gene,
                call=call,
                copy_number=round(copies, 2) if copies is not None else None,
                source=where,
                log2=segment.log2,
            )
        )
    return calls[:OTHER_GENE_CALLS_SHOWN], len(calls)
