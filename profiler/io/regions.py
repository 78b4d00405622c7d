"""Genomic regions a reader is asked to look at closely (everything else is only counted).

Kept apart from the readers so that a reader never needs the knowledge base: the caller
(api.py) builds the regions from the KB and hands them in.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@functools.cache  # a handful of contig names, asked for several times per variant
def bare_chrom(chrom: str) -> str:
    """'chr7' -> '7', 'chrM' -> 'MT': contig names compared without the UCSC prefix."""
    bare = chrom[3:] if chrom[:3].lower() == "chr" else chrom
    return "MT" if bare in ("M", "m") else bare


@dataclass(frozen=True)
class Region:
    """1-based, inclusive; `chrom` without a 'chr' prefix."""

    chrom: str
    start: int
    end: int


class TargetRegions:
    """Merged, sorted regions per chromosome with a constant-time miss for other contigs."""

    def __init__(self, regions: Iterable[Region]) -> None:
        by_chrom: dict[str, list[tuple[int, int]]] = {}
        for r in regions:
            by_chrom.setdefault(bare_chrom(r.chrom), []).append((r.start, r.end))
        self._by_chrom: dict[str, tuple[tuple[int, int], ...]] = {}
        for chrom, spans in by_chrom.items():
            merged: list[list[int]] = []
            for start, end in sorted(spans):
                if merged and start <= merged[-1][1] + 1:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            self._by_chrom[chrom] = tuple((s, e) for s, e in merged)
        # Both spellings of every contig, so the hot loop does one dict lookup; the spans
        # as (starts, ends) so that one bisection finds the only span that can overlap.
        self._lookup: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        for chrom, spans in self._by_chrom.items():
            bounds = (tuple(s for s, _ in spans), tuple(e for _, e in spans))
            self._lookup[chrom] = bounds
            self._lookup["chr" + ("M" if chrom == "MT" else chrom)] = bounds

    def __len__(self) -> int:
        return sum(len(s) for s in self._by_chrom.values())

    def merged(self) -> list[Region]:
        """The merged regions, to combine with others."""
        return [Region(c, s, e) for c, spans in self._by_chrom.items() for s, e in spans]

    def bounds(self, chrom: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        """Sorted starts and ends of the merged regions on `chrom` (as the VCF spells it)."""
        return self._lookup.get(chrom)

    def overlaps(self, chrom: str, start: int, end: int) -> bool:
        """Does [start, end] (1-based, inclusive) touch a region?"""
        bounds = self._lookup.get(chrom)
        if bounds is None:
            return False
        starts, ends = bounds
        # Merged spans are disjoint and sorted, so ends grow with starts: of the spans
        # starting at or before `end`, only the last can reach `start`.
        i = bisect_right(starts, end)
        return i > 0 and ends[i - 1] >= start

    def query_strings(self, contigs: Iterable[str]) -> list[str]:
        """'chr7:140719327-140924929' strings in the VCF's own contig naming."""
        names = {bare_chrom(c): c for c in contigs}
        out = []
        for chrom, spans in self._by_chrom.items():
            name = names.get(chrom)
            if name is None:
                continue
            out.extend(f"{name}:{s}-{e}" for s, e in spans)
        return out
