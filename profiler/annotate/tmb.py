"""Tumour mutational burden from the VCF, only with a stated callable size.

What counts (printed in the report's methods), following the FoundationOne CDx convention
in FACTS Part 4 (synonymous and non-synonymous coding base substitutions and indels at
>= 5% allele frequency, known drivers removed):
- FILTER=PASS small variants with VAF >= min_vaf (default 0.05) and depth >= min_depth;
- coding consequences only (missense, synonymous, nonsense, stop/start changes,
  frameshift, in-frame indels), read from VEP/SnpEff annotation; with an unannotated VCF,
  every variant inside --target-bed (taken to be the coding callable territory);
- knowledge-base hotspots (known drivers) are not counted.
No callable size, no TMB: the denominator is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.regions import Region, TargetRegions, bare_chrom
from profiler.io.tabular import read_text_lines
from profiler.model import SmallVariant

CODING = frozenset({
    "missense_variant", "synonymous_variant", "stop_gained", "stop_lost", "start_lost",
    "stop_retained_variant", "frameshift_variant", "inframe_insertion", "inframe_deletion",
    "protein_altering_variant", "coding_sequence_variant", "incomplete_terminal_codon_variant",
    "start_retained_variant", "initiator_codon_variant", "disruptive_inframe_deletion",
    "disruptive_inframe_insertion", "conservative_inframe_deletion",
    "conservative_inframe_insertion",
})  # fmt: skip


def read_bed_size(path: Path) -> tuple[float, TargetRegions]:
    """Total size in Mb (overlaps merged) and the regions of a BED file."""
    regions = []
    lines = read_text_lines(path)  # a regular file of bounded size, gzip or not
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith(("#", "track", "browser")):
            continue
        fields = line.split("\t")
        try:
            chrom, start, end = fields[0], int(fields[1]), int(fields[2])
        except (IndexError, ValueError) as exc:
            raise InputError("expected chrom, start, end", path=path, line=number) from exc
        if end <= start or start < 0:
            raise InputError(f"empty or negative interval {start}-{end}", path=path, line=number)
        regions.append(Region(chrom, start + 1, end))  # BED is 0-based, half-open
    if not regions:
        raise InputError("no intervals", path=path)
    return _merged_bases(regions) / 1e6, TargetRegions(regions)


def _merged_bases(regions: list[Region]) -> int:
    """Bases covered, counting overlapping intervals once."""
    total = 0
    by_chrom: dict[str, list[tuple[int, int]]] = {}
    for region in regions:
        by_chrom.setdefault(bare_chrom(region.chrom), []).append((region.start, region.end))
    for spans in by_chrom.values():
        current_start, current_end = None, None
        for start, end in sorted(spans):
            if current_end is not None and start <= current_end + 1:
                current_end = max(current_end, end)
                continue
            if current_end is not None:
                total += current_end - current_start + 1
            current_start, current_end = start, end
        if current_end is not None:
            total += current_end - current_start + 1
    return total


@dataclass
class TmbCounter:
    """Counts eligible variants while the VCF streams past (constant memory)."""

    callable_mb: float
    min_vaf: float
    min_depth: int
    is_driver: Callable[[SmallVariant], bool]
    territory: TargetRegions | None = None
    count: int = 0
    unannotated_seen: bool = field(default=False)

    def add(self, variant: SmallVariant) -> None:
        if variant.filters or variant.vaf is None or variant.vaf < self.min_vaf:
            return
        if variant.depth is not None and variant.depth < self.min_depth:
            return
        end = variant.pos + max(len(variant.ref), 1) - 1
        if self.territory is not None and not self.territory.overlaps(
            variant.chrom, variant.pos, end
        ):
            return
        if variant.consequence:
            terms = variant.consequence.replace(",", "&").split("&")
            if not any(term in CODING for term in terms):
                return
        elif self.territory is None:
            self.unannotated_seen = True
            return
        if self.is_driver(variant):
            return
        self.count += 1

    @property
    def value(self) -> float:
        return self.count / self.callable_mb

    def rule(self) -> str:
        """What was counted, in words a clinician reads (no command-line options)."""
        territory = (
            "within the target BED territory" if self.territory is not None else "genome-wide"
        )
        return (
            f"PASS, VAF >= {self.min_vaf:g}, depth >= {self.min_depth}, coding SNVs and "
            f"indels incl. synonymous, {territory}, knowledge-base hotspots excluded; TMB-H "
            ">= 10 mut/Mb, FDA/FoundationOne CDx"
        )

    def describe(self) -> str:
        territory = "genome-wide" if self.territory is None else "within the given target regions"
        return (
            f"{self.count} coding somatic variants / {self.callable_mb:.3g} Mb = "
            f"{self.value:.1f} mut/Mb (PASS, VAF >= {self.min_vaf:g}, depth >= "
            f"{self.min_depth}, coding SNVs and indels incl. synonymous, {territory}, "
            "knowledge-base hotspots excluded; TMB-H >= 10 mut/Mb, FDA/FoundationOne CDx)"
        )
