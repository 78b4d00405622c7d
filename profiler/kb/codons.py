"""Codons of interest (hotspots.yaml `codons`), as typed entries for the codon translator."""

from __future__ import annotations

from typing import Any

from profiler.kb.entries import Codon, CodonBase


def codons_from(section: dict[str, Any]) -> tuple[Codon, ...]:
    """Build Codon entries from the validated `hotspots` document section."""
    return tuple(
        Codon(
            id=c["id"],
            gene=c["gene"],
            transcript=c["transcript"],
            number=c["codon"],
            ref_aa=c["ref_aa"],
            strand=c["strand"],
            bases=tuple(
                CodonBase(
                    c=b["c"],
                    base=b["base"],
                    positions={"GRCh37": b["GRCh37"], "GRCh38": b["GRCh38"]},
                )
                for b in c["bases"]
            ),
        )
        for c in section.get("codons", [])
    )
