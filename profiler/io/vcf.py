"""Somatic VCF reader (cyvcf2): tumor-sample choice, assembly, VAF/depth, annotations.

The reader streams: `VcfSource.variants()` yields one SmallVariant per ALT allele and
keeps nothing, so memory stays flat however large the VCF is. It knows nothing about
therapies; it only needs to know which genes and transcripts the KB prefers, so that
it never reports another transcript's numbering for them.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.annotations import (
    AnnotationFormat,
    annotations_for_allele,
    choose_transcript,
    detect_annotation_format,
)
from profiler.io.assembly import AssemblyCall, detect_assembly, resolve_assembly
from profiler.kb.entries import KnowledgeBase
from profiler.model import SmallVariant, VariantStats

log = logging.getLogger(__name__)

_META = re.compile(r"^##(tumor_sample|normal_sample)=(.+)$")
_INT_MISSING = -2147483648


@dataclass
class _Counter:
    records: int = 0
    alleles: int = 0
    passed: int = 0
    filtered: int = 0


@dataclass
class VcfSource:
    """An opened, checked VCF: its samples, assembly and annotation layout."""

    path: Path
    tumor_sample: str | None
    normal_sample: str | None
    assembly: AssemblyCall
    annotation: AnnotationFormat | None
    _vcf: object = field(repr=False)
    _tumor_index: int | None = field(repr=False)
    _is_kb_gene: Callable[[str | None], bool] = field(repr=False)
    _is_kb_transcript: Callable[[str | None, str | None], bool] = field(repr=False)
    _counter: _Counter = field(default_factory=_Counter, repr=False)

    @property
    def stats(self) -> VariantStats:
        c = self._counter
        return VariantStats(
            records=c.records,
            alleles=c.alleles,
            passed=c.passed,
            filtered=c.filtered,
            annotated_with=self.annotation.tool if self.annotation else "none",
        )

    def variants(self) -> Iterator[SmallVariant]:
        """Every ALT allele of every record, PASS or not (the caller decides)."""
        counter = self._counter
        for number, record in enumerate(self._vcf, start=1):  # type: ignore[attr-defined]
            counter.records += 1
            filters = _filters(record)
            alts = list(record.ALT)
            if not alts:
                continue  # a reference-only site (ALT '.') carries no variant
            vafs, depth, alt_reads = self._allele_metrics(record, len(alts), number)
            raw_annotation = record.INFO.get(self.annotation.key) if self.annotation else None
            parsed = self.annotation.parse(raw_annotation) if raw_annotation else []
            for index, alt in enumerate(alts):
                if alt in ("*", "<NON_REF>") or alt.startswith("<"):
                    continue  # symbolic alleles are structural calls, not small variants
                counter.alleles += 1
                if filters:
                    counter.filtered += 1
                else:
                    counter.passed += 1
                yield self._variant(
                    record,
                    number,
                    index,
                    alt,
                    alts,
                    filters,
                    parsed,
                    vafs[index],
                    depth,
                    alt_reads[index],
                )

    def _variant(
        self, record, number, index, alt, alts, filters, parsed, vaf, depth, alt_reads
    ) -> SmallVariant:
        chosen = None
        trusted = False
        if parsed:
            candidates = annotations_for_allele(
                parsed,
                self.annotation.tool,
                record.REF,
                alt,
                alts,
                index,  # type: ignore[union-attr]
            )
            chosen, trusted = choose_transcript(
                candidates, self._is_kb_gene, self._is_kb_transcript
            )
        return SmallVariant(
            chrom=record.CHROM,
            pos=record.POS,
            ref=record.REF,
            alt=alt,
            filters=filters,
            gene=chosen.gene if chosen else None,
            transcript=chosen.transcript if chosen and trusted else None,
            hgvs_c=chosen.hgvs_c if chosen and trusted else None,
            hgvs_p=chosen.hgvs_p if chosen and trusted else None,
            consequence=chosen.consequence if chosen else None,
            vaf=vaf,
            depth=depth,
            alt_reads=alt_reads,
            annotation_source=(self.annotation.tool if chosen else "none"),  # type: ignore[union-attr]
            record=number,
        )

    def _allele_metrics(
        self, record, n_alts: int, number: int
    ) -> tuple[list[float | None], int | None, list[int | None]]:
        """VAF per ALT, depth, and ALT read counts for the tumor sample (AD, AF, DP)."""
        vafs: list[float | None] = [None] * n_alts
        alt_reads: list[int | None] = [None] * n_alts
        depth: int | None = None
        i = self._tumor_index
        if i is None:
            return vafs, _info_int(record, "DP"), alt_reads
        ad = _format_ints(record, "AD", i)
        if ad is not None and len(ad) == n_alts + 1 and all(v is not None for v in ad):
            total = sum(ad)  # type: ignore[arg-type]
            alt_reads = list(ad[1:])
            depth = total
            if total > 0:
                vafs = [v / total for v in ad[1:]]  # type: ignore[operator]
        af = _format_floats(record, "AF", i)
        if af is not None and len(af) == n_alts and all(v is not None for v in af):
            vafs = af
        if ad is None and af is None:
            vafs, alt_reads, tier_depth = _strelka_tier1(record, i, n_alts)
            depth = tier_depth
        dp = _format_ints(record, "DP", i)
        if dp and dp[0] is not None:
            depth = dp[0]
        vafs = [round(v, 4) if v is not None else None for v in vafs]
        for vaf in vafs:
            if vaf is not None and not 0.0 <= vaf <= 1.0:
                raise InputError(
                    f"record {number} ({record.CHROM}:{record.POS}): allele fraction {vaf} "
                    "is outside 0-1",
                    path=self.path,
                    field="FORMAT/AF",
                )
        return vafs, depth, alt_reads


def _strelka_tier1(
    record, sample: int, n_alts: int
) -> tuple[list[float | None], list[int | None], int | None]:
    """Strelka2 writes no AD: VAF from tier-1 counts (AU/CU/GU/TU for SNVs, TAR/TIR indels)."""
    none: tuple[list[float | None], list[int | None], int | None] = (
        [None] * n_alts,
        [None] * n_alts,
        None,
    )
    if n_alts != 1:
        return none
    ref, alt = record.REF, record.ALT[0]
    if len(ref) == 1 and len(alt) == 1:
        ref_counts = _format_ints(record, f"{ref.upper()}U", sample)
        alt_counts = _format_ints(record, f"{alt.upper()}U", sample)
    else:
        ref_counts = _format_ints(record, "TAR", sample)
        alt_counts = _format_ints(record, "TIR", sample)
    if not ref_counts or not alt_counts or ref_counts[0] is None or alt_counts[0] is None:
        return none
    total = ref_counts[0] + alt_counts[0]
    vaf = alt_counts[0] / total if total else None
    return [vaf], [alt_counts[0]], total


def _filters(record) -> tuple[str, ...]:
    value = record.FILTER
    if value is None or value in ("PASS", "."):
        return ()
    return tuple(f for f in value.split(";") if f and f != "PASS")


def _format_values(record, key: str, sample: int):
    try:
        array = record.format(key)
    except KeyError:
        return None
    if array is None:
        return None
    return array[sample]


def _format_ints(record, key: str, sample: int) -> list[int | None] | None:
    row = _format_values(record, key, sample)
    if row is None:
        return None
    out: list[int | None] = []
    for v in row:
        if v == _INT_MISSING or v == _INT_MISSING + 1:  # missing / vector end
            out.append(None)
        else:
            out.append(int(v))
    while out and out[-1] is None and len(out) > 1:
        out.pop()
    return out


def _format_floats(record, key: str, sample: int) -> list[float | None] | None:
    row = _format_values(record, key, sample)
    if row is None:
        return None
    try:
        values = [float(v) for v in row]
    except (TypeError, ValueError):
        return None
    return [None if math.isnan(v) else v for v in values]


def _info_int(record, key: str) -> int | None:
    value = record.INFO.get(key)
    return int(value) if isinstance(value, int | float) else None


def choose_tumor_sample(
    samples: list[str], header_tumor: str | None, requested: str | None, path: Path
) -> str | None:
    """--sample, else ##tumor_sample, else the only sample, else a sample named TUMOR."""
    listing = ", ".join(samples) if samples else "(none)"
    if requested:
        if requested not in samples:
            raise InputError(
                f"--sample {requested!r} is not in the VCF; its samples are: {listing}",
                path=path,
            )
        return requested
    if header_tumor:
        if header_tumor not in samples:
            raise InputError(
                f"##tumor_sample={header_tumor} names no sample column; samples: {listing}",
                path=path,
            )
        return header_tumor
    if len(samples) <= 1:
        return samples[0] if samples else None
    tumor_named = [s for s in samples if s.upper() == "TUMOR"]
    if len(tumor_named) == 1:
        return tumor_named[0]
    raise InputError(
        f"the VCF has {len(samples)} samples and no ##tumor_sample header; choose one with "
        f"--sample (samples: {listing})",
        path=path,
    )


def open_vcf(
    path: Path,
    kb: KnowledgeBase,
    *,
    sample: str | None = None,
    assembly: str | None = None,
) -> VcfSource:
    """Open and check a VCF (plain or bgzipped): samples, assembly, annotation layout."""
    from cyvcf2 import VCF  # imported here: cyvcf2 loads htslib, which a fusion-only run skips

    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path)
    try:
        vcf = VCF(str(path), lazy=True)
    except (OSError, Exception) as exc:  # cyvcf2 raises bare Exception on unreadable headers
        raise InputError(f"not a readable VCF ({exc})", path=path) from exc
    header_lines = vcf.raw_header.splitlines()
    if not header_lines or not header_lines[0].startswith("##fileformat=VCF"):
        raise InputError("missing ##fileformat=VCF header line", path=path, line=1)
    meta = {}
    for line in header_lines:
        m = _META.match(line.strip())
        if m:
            meta[m.group(1)] = m.group(2).strip()
    samples = list(vcf.samples)
    tumor = choose_tumor_sample(samples, meta.get("tumor_sample"), sample, path)
    normal = meta.get("normal_sample")
    contigs = dict(zip(vcf.seqnames, vcf.seqlens, strict=False)) if _has_contig_lengths(vcf) else {}
    try:
        detected = detect_assembly(header_lines, contigs, kb.assemblies)
    except InputError as exc:
        raise InputError(exc.reason, path=path) from exc
    resolved = resolve_assembly(assembly, detected, str(path))
    descriptions = {}
    for line in header_lines:
        if line.startswith("##INFO=<ID="):
            key = line[len("##INFO=<ID=") :].split(",", 1)[0]
            descriptions[key] = line
    annotation = detect_annotation_format(descriptions)

    def is_kb_gene(gene: str | None) -> bool:
        return gene is not None and gene in kb.genes

    def is_kb_transcript(gene: str | None, transcript: str | None) -> bool:
        g = kb.genes.get(gene or "")
        return bool(g and g.is_preferred_transcript(transcript))

    log.info(
        "%s: tumor sample %s, %s (%s), annotations: %s",
        path,
        tumor,
        resolved.assembly,
        resolved.source,
        annotation.tool if annotation else "none",
    )
    return VcfSource(
        path=path,
        tumor_sample=tumor,
        normal_sample=normal,
        assembly=resolved,
        annotation=annotation,
        _vcf=vcf,
        _tumor_index=samples.index(tumor) if tumor else None,
        _is_kb_gene=is_kb_gene,
        _is_kb_transcript=is_kb_transcript,
    )


def _has_contig_lengths(vcf) -> bool:
    try:
        return bool(vcf.seqlens)
    except AttributeError:
        return False
