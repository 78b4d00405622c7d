"""Per-caller VAF, depth and ALT read counts: each caller writes them differently.

One registry, keyed by the FORMAT fields a VCF header declares, decides once per file
how the tumor column is read (CNVkit's tabio does the same for file formats):

- Strelka2 SNVs/indels: tier-1 `{REF}U`/`{ALT}U` counts, indels `TIR/(TAR+TIR)`; `DP`.
- VarScan2: `FREQ` percent string ("20.97%"), ALT reads from the Number=1 `AD`; `DP`.
- FreeBayes: `AO/(RO + sum AO)`; `DP`.
- MuTect 1: `FA`; DeepVariant / DeepSomatic: `VAF`; ALT reads from `AD`; `DP`.
- GATK Mutect2, bcftools, VarDict, HaplotypeCaller: `AF`, else `AD` (Number=R); `DP`.
- sites-only VCFs (no FORMAT): no VAF; depth from INFO `DP`.

Every scheme returns one VAF and one ALT read count per ALT allele (the multi-allelic
index is kept), so a record is never split with another allele's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_INT_MISSING = -2147483648  # htslib's missing / vector-end sentinels for integers
_INT_END = _INT_MISSING + 1
_INT_SENTINELS = (_INT_MISSING, _INT_END)
_FORMAT_LINE = re.compile(r"^##FORMAT=<ID=([^,>]+),Number=([^,>]+),Type=([^,>]+)")


@dataclass(frozen=True)
class FormatField:
    """One `##FORMAT` declaration: the Number and Type decide how a value is read."""

    id: str
    number: str
    type: str


@dataclass(frozen=True)
class AlleleMetrics:
    """VAF and ALT reads per ALT allele, and the site depth, for the tumor sample."""

    vafs: tuple[float | None, ...]
    depth: int | None
    alt_reads: tuple[int | None, ...]

    @classmethod
    def empty(cls, n_alts: int, depth: int | None = None) -> AlleleMetrics:
        return cls((None,) * n_alts, depth, (None,) * n_alts)


Extractor = Callable[[object, int, int], AlleleMetrics]


@dataclass(frozen=True)
class CallerScheme:
    """How one family of callers writes allele counts, and how to recognise it."""

    name: str
    applies: Callable[[Mapping[str, FormatField]], bool]
    build: Callable[[Mapping[str, FormatField]], Extractor]


def header_formats(header_lines: list[str]) -> dict[str, FormatField]:
    """The `##FORMAT` declarations of a header, by ID."""
    out: dict[str, FormatField] = {}
    for line in header_lines:
        m = _FORMAT_LINE.match(line)
        if m:
            out[m.group(1)] = FormatField(m.group(1), m.group(2), m.group(3))
    return out


# ----------------------------------------------------------------- value access


def format_row(record, key: str, sample: int):
    """The raw FORMAT values of one sample, or None when the record lacks the key."""
    try:
        array = record.format(key)
    except KeyError:
        return None
    if array is None:
        return None
    return array[sample]


def _python_values(row):
    """A numpy row as Python numbers (tolist(): the same values, no numpy scalars to compare)."""
    tolist = getattr(row, "tolist", None)
    return row if tolist is None else tolist()


def format_ints(record, key: str, sample: int) -> list[int | None] | None:
    try:  # format_row, inlined: this runs three times for every record read closely
        array = record.format(key)
    except KeyError:
        return None
    if array is None:
        return None
    out: list[int | None] = [
        None if v in _INT_SENTINELS else int(v) for v in _python_values(array[sample])
    ]
    while len(out) > 1 and out[-1] is None:
        out.pop()
    return out


def format_floats(record, key: str, sample: int) -> list[float | None] | None:
    try:
        array = record.format(key)
    except KeyError:
        return None
    if array is None:
        return None
    try:
        values = [float(v) for v in _python_values(array[sample])]
    except (TypeError, ValueError):
        return None
    return [None if v != v else v for v in values]  # v != v: NaN, htslib's missing value


def format_int(record, key: str, sample: int) -> int | None:
    values = format_ints(record, key, sample)
    return values[0] if values else None


def parse_percent(text: str | None) -> float | None:
    """VarScan2 FREQ: '20.97%' -> 0.2097; a JVM in a comma-decimal locale writes '20,97%'."""
    if text is None:
        return None
    value = str(text).strip().rstrip("%").replace(",", ".")
    if value in ("", "."):
        return None
    try:
        return float(value) / 100.0
    except ValueError:
        return None


def _complete(values: list | None, n: int) -> bool:
    # `None not in`: the values are Python ints/floats or None, never equal to None
    return values is not None and len(values) == n and None not in values


def _depth_or_sum(record, sample: int, counts: list[int | None] | None) -> int | None:
    depth = format_int(record, "DP", sample)
    if depth is None and counts and None not in counts:
        depth = sum(counts)  # type: ignore[arg-type]
    return depth


# ------------------------------------------------------------------- extractors


def _ad_af(fields: Mapping[str, FormatField]) -> Extractor:
    """Mutect2, bcftools, VarDict: AD is Number=R (REF first), AF Number=A when written."""
    ad_is_r = "AD" in fields and fields["AD"].number in ("R", ".")
    has_af = "AF" in fields

    def extract(record, sample: int, n_alts: int) -> AlleleMetrics:
        vafs: tuple[float | None, ...] = (None,) * n_alts
        alt_reads: tuple[int | None, ...] = (None,) * n_alts
        ad = format_ints(record, "AD", sample) if ad_is_r else None
        if _complete(ad, n_alts + 1):
            total = sum(ad)  # type: ignore[arg-type]
            alt_reads = tuple(ad[1:])  # type: ignore[index]
            if total > 0:
                vafs = tuple([v / total for v in alt_reads])  # type: ignore[operator]
        else:
            ad = None
        if has_af:
            af = format_floats(record, "AF", sample)
            if _complete(af, n_alts):
                vafs = tuple(af)  # type: ignore[arg-type]
        return AlleleMetrics(vafs, _depth_or_sum(record, sample, ad), alt_reads)

    return extract


def _with_fraction(key: str) -> Callable[[Mapping[str, FormatField]], Extractor]:
    """MuTect 1 (FA) and DeepVariant/DeepSomatic (VAF): a Number=A fraction plus AD."""

    def build(fields: Mapping[str, FormatField]) -> Extractor:
        counts = _ad_af({k: v for k, v in fields.items() if k != "AF"})

        def extract(record, sample: int, n_alts: int) -> AlleleMetrics:
            base = counts(record, sample, n_alts)
            fraction = format_floats(record, key, sample)
            if _complete(fraction, n_alts):
                return AlleleMetrics(tuple(fraction), base.depth, base.alt_reads)  # type: ignore[arg-type]
            return base

        return extract

    return build


def _varscan(fields: Mapping[str, FormatField]) -> Extractor:
    """VarScan2: FREQ is a percent string; AD is Number=1, the ALT read count only."""

    def extract(record, sample: int, n_alts: int) -> AlleleMetrics:
        if n_alts != 1:
            return AlleleMetrics.empty(n_alts, format_int(record, "DP", sample))
        row = format_row(record, "FREQ", sample)
        vaf = parse_percent(row if isinstance(row, str) else (row[0] if row is not None else None))
        alt = format_int(record, "AD", sample)
        ref = format_int(record, "RD", sample)
        depth = format_int(record, "DP", sample)
        if depth is None and alt is not None and ref is not None:
            depth = alt + ref
        if vaf is None and alt is not None and ref is not None and alt + ref > 0:
            vaf = alt / (alt + ref)
        return AlleleMetrics((vaf,), depth, (alt,))

    return extract


def _freebayes(fields: Mapping[str, FormatField]) -> Extractor:
    """FreeBayes: RO (Number=1) and AO (Number=A) observation counts."""

    def extract(record, sample: int, n_alts: int) -> AlleleMetrics:
        ro = format_int(record, "RO", sample)
        ao = format_ints(record, "AO", sample)
        depth = format_int(record, "DP", sample)
        if ro is None or not _complete(ao, n_alts):
            return AlleleMetrics.empty(n_alts, depth)
        total = ro + sum(ao)  # type: ignore[arg-type]
        vafs = tuple(a / total if total else None for a in ao)  # type: ignore[operator,union-attr]
        return AlleleMetrics(vafs, depth if depth is not None else total, tuple(ao))  # type: ignore[arg-type]

    return extract


def _strelka(fields: Mapping[str, FormatField]) -> Extractor:
    """Strelka2 writes no AD: tier-1 counts, per base for SNVs, TAR/TIR for indels.

    SNV VAF = ALT tier-1 count / (REF + ALT tier-1 counts), indel VAF = TIR / (TAR + TIR)
    (tier 1, the first of the two values), as the Strelka2 user guide recommends.
    """

    def extract(record, sample: int, n_alts: int) -> AlleleMetrics:
        ref = record.REF.upper()
        alts = [a.upper() for a in record.ALT]
        depth = format_int(record, "DP", sample)
        if len(ref) == 1 and all(len(a) == 1 for a in alts):
            ref_count = format_int(record, f"{ref}U", sample)
            alt_counts = [format_int(record, f"{a}U", sample) for a in alts]
            if ref_count is None or not _complete(alt_counts, n_alts):
                return AlleleMetrics.empty(n_alts, depth)
            total = ref_count + sum(alt_counts)  # type: ignore[arg-type]
        elif n_alts == 1:
            tar = format_int(record, "TAR", sample)
            tir = format_int(record, "TIR", sample)
            if tar is None or tir is None:
                return AlleleMetrics.empty(n_alts, depth)
            alt_counts, total = [tir], tar + tir
        else:
            return AlleleMetrics.empty(n_alts, depth)
        vafs = tuple(a / total if total else None for a in alt_counts)  # type: ignore[operator]
        return AlleleMetrics(vafs, depth if depth is not None else total, tuple(alt_counts))

    return extract


def _none(fields: Mapping[str, FormatField]) -> Extractor:
    def extract(record, sample: int, n_alts: int) -> AlleleMetrics:
        return AlleleMetrics.empty(n_alts)

    return extract


def _has(*keys: str) -> Callable[[Mapping[str, FormatField]], bool]:
    return lambda fields: all(k in fields for k in keys)


# First match wins: the specific callers before the generic AD/AF reading, because
# VarScan2's AD (ALT only) and Strelka2's missing AD would be misread by it.
SCHEMES: tuple[CallerScheme, ...] = (
    CallerScheme(
        "Strelka2 tier-1 counts",
        lambda f: _has("AU", "CU", "GU", "TU")(f) or _has("TAR", "TIR")(f),
        _strelka,
    ),
    CallerScheme("VarScan2 FREQ/RD/AD", _has("FREQ"), _varscan),
    CallerScheme("FreeBayes RO/AO", _has("RO", "AO"), _freebayes),
    CallerScheme("MuTect FA/AD", _has("FA"), _with_fraction("FA")),
    CallerScheme("DeepVariant VAF/AD", _has("VAF"), _with_fraction("VAF")),
    CallerScheme("AD/AF/DP", lambda f: "AD" in f or "AF" in f, _ad_af),
    CallerScheme("no allele counts", lambda f: True, _none),
)


def choose_scheme(fields: Mapping[str, FormatField]) -> tuple[CallerScheme, Extractor]:
    """The first scheme whose FORMAT fields the header declares, and its extractor."""
    for scheme in SCHEMES:
        if scheme.applies(fields):
            return scheme, scheme.build(fields)
    raise AssertionError("the last scheme applies to every header")  # pragma: no cover
