"""Small HGVS helpers: the short protein names oncologists write (p.Arg132Cys -> R132C)."""

from __future__ import annotations

import re

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
    "Sec": "U", "Pyl": "O", "Xaa": "X",
}  # fmt: skip

_AA3 = re.compile("|".join(THREE_TO_ONE))
_SUBSTITUTION = re.compile(r"^([A-Z*])(\d+)([A-Z*=])$")


def strip_hgvs_prefix(value: str | None) -> str | None:
    """'ENSP00000345146.2:p.Arg132Cys' -> 'p.Arg132Cys'; VEP escapes '=' as %3D."""
    if not value:
        return None
    value = value.replace("%3D", "=")
    return value.split(":", 1)[1] if ":" in value else value


def short_protein_change(hgvs_p: str | None) -> str | None:
    """One-letter protein change without 'p.' and parentheses: p.(Val600Glu) -> V600E."""
    if not hgvs_p:
        return None
    text = strip_hgvs_prefix(hgvs_p) or ""
    if text.startswith("p."):
        text = text[2:]
    text = text.strip("()")
    if not text or text in {"?", "="}:
        return None
    return _AA3.sub(lambda m: THREE_TO_ONE[m.group(0)], text)


def parse_substitution(short: str | None) -> tuple[str, int, str] | None:
    """'R132C' -> ('R', 132, 'C'); None for anything that is not a single-residue change."""
    if not short:
        return None
    match = _SUBSTITUTION.match(short)
    if not match:
        return None
    return match.group(1), int(match.group(2)), match.group(3)


def is_missense(short: str | None) -> bool:
    parsed = parse_substitution(short)
    return parsed is not None and parsed[2] not in {"*", "="} and parsed[2] != parsed[0]
