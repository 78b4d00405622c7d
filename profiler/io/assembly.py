"""Decide GRCh37 vs GRCh38 from a VCF header, and refuse a contradiction."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from profiler.errors import InputError
from profiler.kb.entries import AssemblyInfo, normalise_chrom
from profiler.model import Assembly

_HEADER_KEYS = ("##reference", "##assembly", "##VEP", "##SnpEffCmd", "##source_assembly")


@dataclass(frozen=True)
class AssemblyCall:
    assembly: Assembly | None
    source: str  # human-readable: which header evidence decided it


def _alias_pattern(alias: str) -> re.Pattern[str]:
    # An alias must stand alone ("hg19" but not "hg190"); '.', '/', '_', '=' and quotes bound it.
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(alias)}(?![0-9])", re.IGNORECASE)


def detect_assembly(
    header_lines: list[str],
    contig_lengths: Mapping[str, int],
    assemblies: Mapping[Assembly, AssemblyInfo],
) -> AssemblyCall:
    """Vote with contig lengths and assembly names in the header; conflicting votes fail."""
    votes: dict[Assembly, list[str]] = {}
    for name, info in assemblies.items():
        for contig, length in contig_lengths.items():
            known = info.contig_lengths.get(normalise_chrom(contig))
            if known is not None and known == length:
                votes.setdefault(name, []).append(f"contig {contig} length {length}")
                break
    for line in header_lines:
        if not line.startswith(_HEADER_KEYS):
            continue
        key = line.split("=", 1)[0]
        for name, info in assemblies.items():
            if any(_alias_pattern(alias).search(line) for alias in info.aliases):
                votes.setdefault(name, []).append(f"{key} header")
                break
    if len(votes) > 1:
        detail = "; ".join(f"{name}: {', '.join(why)}" for name, why in sorted(votes.items()))
        raise InputError(f"header evidence names more than one assembly ({detail})")
    if not votes:
        return AssemblyCall(None, "not stated in the header")
    ((name, why),) = votes.items()
    return AssemblyCall(name, "detected from " + ", ".join(why))


def resolve_assembly(requested: str | None, detected: AssemblyCall, path: str) -> AssemblyCall:
    """Combine --assembly with header evidence; a contradiction is an error, not a guess."""
    if requested in (None, "auto"):
        if detected.assembly is None:
            raise InputError(
                "cannot tell GRCh37 from GRCh38 (no ##contig lengths or ##reference naming "
                "the assembly); pass --assembly GRCh37 or --assembly GRCh38",
                path=path,
            )
        return detected
    if detected.assembly is not None and detected.assembly != requested:
        raise InputError(
            f"--assembly {requested} contradicts the header, which indicates "
            f"{detected.assembly} ({detected.source})",
            path=path,
        )
    return AssemblyCall(requested, "stated for this run")  # type: ignore[arg-type]
