"""The small-variant step of a report run: VCF or MAF in, annotated variants and matches out.

One place decides what is read closely (KB target regions, plus the other assembly's
hotspot loci so the 37/38 mix-up check sees them), how variants are named (annotation,
then KB hotspot / codon / gene span), which checks run on them (REF against the KB's
codon bases, optional --reference FASTA), and how they are reported (thresholds,
filters, tumor-only germline rule). `api.build` only drives the loop, so other steps
(TMB, the HER2 call) can see every variant it yields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from profiler.annotate.hotspots import HotspotIndex
from profiler.annotate.match import Match, match_small_variant
from profiler.annotate.policy import GERMLINE_RULE, ReportingPolicy
from profiler.annotate.reference_check import AssemblyConsistency
from profiler.errors import InputError
from profiler.io.kinds import mixup_message
from profiler.io.maf import MafSource, open_maf
from profiler.io.regions import Region, TargetRegions
from profiler.io.vcf import VcfSource, open_vcf
from profiler.kb.entries import KnowledgeBase
from profiler.model import Assembly, SmallVariant, VariantStats

# KB gene spans are approximate (genes.yaml): pad them so an annotated variant at a
# gene's edge (splice region, UTR) is never skipped by the target-region check.
SPAN_PADDING = 10_000


@dataclass(frozen=True)
class SmallVariantSettings:
    """The small-variant options of `profiler report`."""

    min_depth: int
    min_vaf: float
    include_filtered: bool = False
    reference: Path | None = None
    use_index: bool = True


def target_regions(kb: KnowledgeBase, assembly: Assembly, extra: list[Region]) -> TargetRegions:
    """KB gene spans (padded) of the assembly in use, plus `extra` loci."""
    regions = [
        Region(
            g.spans[assembly].chrom,
            max(1, g.spans[assembly].start - SPAN_PADDING),
            g.spans[assembly].end + SPAN_PADDING,
        )
        for g in kb.genes.values()
        if assembly in g.spans
    ]
    return TargetRegions([*regions, *extra])


class SmallVariantReading:
    """Drive one VCF or MAF through naming, checks and the reporting policy."""

    def __init__(
        self,
        source: VcfSource | MafSource,
        kb: KnowledgeBase,
        settings: SmallVariantSettings,
    ) -> None:
        self.source = source
        self.kb = kb
        self.settings = settings
        assembly = self.assembly
        self.index = HotspotIndex(kb, assembly)
        self.consistency = AssemblyConsistency(
            kb,
            assembly,
            self.assembly_source,
            Path(source.path),
            kind="MAF" if isinstance(source, MafSource) else "VCF",
        )
        self.policy = ReportingPolicy(
            min_depth=settings.min_depth,
            min_vaf=settings.min_vaf,
            include_filtered=settings.include_filtered,
            tumor_only=source.tumor_only,
        )
        self.fasta = None
        if settings.reference is not None:
            from profiler.io.reference import ReferenceFasta

            lengths = {name: info.contig_lengths for name, info in kb.assemblies.items()}
            self.fasta = ReferenceFasta(settings.reference, assembly, lengths)
        self.rows = 0
        self._maf_filtered = 0

    @property
    def assembly(self) -> Assembly:
        if isinstance(self.source, VcfSource):
            return self.source.assembly.assembly  # type: ignore[return-value]
        return self.source.assembly

    @property
    def assembly_source(self) -> str:
        if isinstance(self.source, VcfSource):
            return self.source.assembly.source
        return self.source.assembly_source

    @property
    def annotated(self) -> bool:
        """A MAF always names consequences; a VCF only with a VEP/SnpEff annotation."""
        return not isinstance(self.source, VcfSource) or self.source.annotation is not None

    def variants(
        self,
        *,
        also_terms: frozenset[str] = frozenset(),
        also_regions: TargetRegions | None = None,
    ) -> Iterator[SmallVariant]:
        """Every variant read closely, named and checked against the assembly.

        The KB's target regions are read closely; so are, elsewhere in the file, PASS
        records whose raw annotation holds one of `also_terms` (TMB: coding consequences)
        and records inside `also_regions` (TMB of an unannotated VCF: the --target-bed).
        Either makes the reader go through the whole file instead of the index.
        """
        for variant in self._raw(also_terms, also_regions):
            self.rows += 1
            if variant.filters:
                self._maf_filtered += 1
            self.consistency.check(variant)
            yield self.index.annotate(variant)

    def _raw(
        self, also_terms: frozenset[str], also_regions: TargetRegions | None
    ) -> Iterator[SmallVariant]:
        source = self.source
        if isinstance(source, MafSource):
            yield from source.variants()
            return
        extra = self.consistency.regions()
        if also_regions is not None:
            extra = [*extra, *also_regions.merged()]
        regions = target_regions(self.kb, self.assembly, extra)
        iterator = source.variants(
            regions,
            use_index=self.settings.use_index and also_regions is None,
            also=also_terms,
        )
        while True:
            try:
                variant = next(iterator)
            except StopIteration:
                return
            except InputError:
                raise
            except Exception as exc:  # cyvcf2/htslib raise plain exceptions on bad records
                number = source.stats.records + 1
                raise InputError(
                    f"record {number} (counting data lines from 1) is malformed: {exc}",
                    path=source.path,
                ) from exc
            yield variant

    def match(self, variant: SmallVariant) -> Match | None:
        """The Match to report (None: only counted); a listed variant's REF is verified."""
        found = match_small_variant(variant, self.kb, policy=self.policy)
        if found is not None and self.fasta is not None:
            self.fasta.verify(variant, self.source.path)
        return found

    @property
    def stats(self) -> VariantStats:
        if isinstance(self.source, VcfSource):
            return self.source.stats
        return VariantStats(
            records=self.rows,
            alleles=self.rows,
            passed=self.rows - self._maf_filtered,
            filtered=self._maf_filtered,
            annotated_with="MAF",
            scope=f"MAF rows of sample {self.source.tumor_sample}",
        )

    def warnings(self) -> list[str]:
        out = []
        source = self.source
        if isinstance(source, VcfSource):
            stats = source.stats
            if stats.alleles == 0:
                out.append(f"{source.path}: the VCF contains no variant records.")
            if source.annotation is None:
                out.append(
                    "The VCF has no VEP/SnpEff annotation: target alterations were named from "
                    "the knowledge base's hotspot and codon tables; other variants in target "
                    "genes are listed without a protein consequence."
                )
        else:
            if self.rows == 0:
                out.append(f"{source.path}: no usable MAF rows for sample {source.tumor_sample}.")
            out.extend(source.warnings())
        return out

    def methods(self) -> list[str]:
        """Lines for the report's methods section: how small variants were read and judged."""
        lines = []
        source = self.source
        if isinstance(source, VcfSource):
            lines.append(f"Allele counts read as: {source.caller_scheme}.")
            if source.stats.scope != "whole file":
                lines.append(
                    "Only the knowledge base's target regions were read (indexed VCF): record "
                    "counts cover those regions, not the whole file."
                )
        else:
            lines.extend(source.methods())
        codons = ", ".join(f"{c.gene} {c.ref_aa}{c.number}" for c in self.kb.codons)
        lines.append(
            f"At the knowledge base's codons ({codons}) the protein change is named from the "
            "genomic position (KB hotspot alleles, else the KB's reference codon translated); "
            "an annotation is kept there only on the MANE Select transcript and when it agrees."
        )
        lines.append(
            f"Reporting thresholds: VAF >= {self.policy.min_vaf:g} and depth >= "
            f"{self.policy.min_depth}; target alterations below them or filtered by the "
            "caller are listed for orthogonal confirmation, never as actionable."
        )
        if self.policy.tumor_only:
            lines.append(GERMLINE_RULE)
        if self.fasta is not None:
            lines.append(
                f"REF alleles of {self.fasta.checked} reported variant(s) verified against "
                f"{self.fasta.path}."
            )
        return lines


def open_small_variants(
    kb: KnowledgeBase,
    *,
    vcf: Path | None,
    maf: Path | None,
    sample: str | None,
    assembly: str | None,
    settings: SmallVariantSettings,
    tumor_sample_id: str | None = None,
) -> SmallVariantReading:
    """Open the VCF or the MAF (never both) and set up the reading.

    `tumor_sample_id` (the case's) picks the tumor of a multi-sample file when `sample`
    does not; whether the file then names exactly that sample is the caller's check.
    """
    if vcf is not None and maf is not None:
        raise InputError("give --vcf or --maf, not both: they are two copies of one call set")
    if maf is not None:

        def is_kb_gene(gene: str | None) -> bool:
            return gene is not None and gene in kb.genes

        def is_kb_transcript(gene: str | None, transcript: str | None) -> bool:
            g = kb.genes.get(gene or "")
            return bool(g and g.is_preferred_transcript(transcript))

        try:
            source: VcfSource | MafSource = open_maf(
                maf,
                sample=sample,
                assembly=assembly,
                is_kb_gene=is_kb_gene,
                is_kb_transcript=is_kb_transcript,
                tumor_sample_id=tumor_sample_id,
            )
        except InputError as exc:  # a VCF or fusion table given to --maf: say which option
            hint = mixup_message(maf, "--maf")
            if hint is None:
                raise
            raise InputError(hint, path=maf) from exc
    else:
        source = open_vcf(
            vcf,  # type: ignore[arg-type]
            kb,
            sample=sample,
            assembly=assembly,
            tumor_sample_id=tumor_sample_id,
        )
    return SmallVariantReading(source, kb, settings)
