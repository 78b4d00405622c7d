"""One cyvcf2 record as SmallVariants: the tumour sample's VAF/depth as the caller wrote
them (vcf_metrics.py) and the transcript annotation chosen for reporting (annotations.py).

VcfSource (vcf.py) decides which records to read closely; this module turns each of them
into one SmallVariant per ALT allele and counts it, so every reading path (streamed,
pre-filtered, indexed) names and counts a record the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from profiler.errors import InputError
from profiler.io.annotations import (
    AnnotationFormat,
    annotations_for_allele,
    choose_transcript,
    described,
)
from profiler.io.vcf_metrics import AlleleMetrics, Extractor
from profiler.model import SmallVariant


class Counts(Protocol):
    """What the reader counts: records, alleles, and alleles PASS or filtered."""

    records: int
    alleles: int
    passed: int
    filtered: int


@dataclass(frozen=True)
class RecordReader:
    """How one VCF's records become SmallVariants (fixed when the file is opened)."""

    path: Path
    annotation: AnnotationFormat | None
    caller_scheme: str
    tumor_index: int | None
    extract: Extractor
    is_kb_gene: Callable[[str | None], bool]
    is_kb_transcript: Callable[[str | None, str | None], bool]

    def variants(self, record, number: int | None, counter: Counts) -> Iterator[SmallVariant]:
        """One SmallVariant per ALT allele (not '*', not symbolic), counted in `counter`."""
        filters = record_filters(record)
        alts = list(record.ALT)
        if not alts:
            return  # a reference-only site (ALT '.') carries no variant
        pos = check_position(record, number, self.path)
        metrics = self.metrics(record, len(alts), number)
        annotation = self.annotation
        raw_annotation = record.INFO.get(annotation.key) if annotation else None
        if isinstance(raw_annotation, str) and "\ufffd" in raw_annotation:
            # cyvcf2 decodes INFO with errors="replace": "R132C\ufffd" would no longer be
            # the hotspot, a quiet false negative; a damaged annotation is refused instead
            raise InputError(
                f"{_where(number)} ({record.CHROM}:{pos}): the {annotation.key} annotation "
                "is not UTF-8 text",
                path=self.path,
                field="INFO",
            )
        parsed = annotation.parse(raw_annotation) if raw_annotation else []
        chrom, ref = record.CHROM, record.REF  # each read makes a new str
        for index, alt in enumerate(alts):
            if alt == "*" or alt.startswith("<"):
                continue  # symbolic alleles are structural calls, not small variants
            counter.alleles += 1
            if filters:
                counter.filtered += 1
            else:
                counter.passed += 1
            yield self._variant(chrom, pos, ref, number, index, alt, alts, filters, parsed, metrics)

    def _variant(
        self, chrom, pos, ref, number, index, alt, alts, filters, parsed, metrics: AlleleMetrics
    ) -> SmallVariant:
        annotation = self.annotation
        if not parsed or annotation is None:
            return SmallVariant(
                chrom=chrom,
                pos=pos,
                ref=ref,
                alt=alt,
                filters=filters,
                vaf=metrics.vafs[index],
                depth=metrics.depth,
                alt_reads=metrics.alt_reads[index],
                annotation_source="none",
                record=number,
            )
        candidates = annotations_for_allele(parsed, annotation.tool, ref, alt, alts, index)
        chosen, trusted = choose_transcript(candidates, self.is_kb_gene, self.is_kb_transcript)
        afs = [c.population_af for c in candidates if c.population_af is not None]
        population_af = max(afs) if afs else None
        annotated_as = None
        if chosen is None:
            gene = transcript = hgvs_c = hgvs_p = consequence = None
        else:
            gene, consequence = chosen.gene, chosen.consequence
            if trusted:
                transcript, hgvs_c, hgvs_p = chosen.transcript, chosen.hgvs_c, chosen.hgvs_p
            else:
                transcript = hgvs_c = hgvs_p = None
            if chosen.hgvs_p and not chosen.mane_select and self.is_kb_gene(gene):
                annotated_as = described(chosen)  # what the position may have to correct
        return SmallVariant(
            chrom=chrom,
            pos=pos,
            ref=ref,
            alt=alt,
            filters=filters,
            gene=gene,
            transcript=transcript,
            hgvs_c=hgvs_c,
            hgvs_p=hgvs_p,
            consequence=consequence,
            vaf=metrics.vafs[index],
            depth=metrics.depth,
            alt_reads=metrics.alt_reads[index],
            annotation_source=annotation.tool if chosen is not None else "none",
            record=number,
            population_af=population_af,
            annotated_as=annotated_as,
        )

    def metrics(self, record, n_alts: int, number: int | None) -> AlleleMetrics:
        """VAF per ALT, depth and ALT reads for the tumor sample, as this caller writes them."""
        if self.tumor_index is None:
            depth = record.INFO.get("DP")
            return AlleleMetrics.empty(n_alts, int(depth) if isinstance(depth, int) else None)
        metrics = self.extract(record, self.tumor_index, n_alts)
        vafs = tuple([None if v is None else round(v, 4) for v in metrics.vafs])
        ad = record.format("AD") if "AD" in record.FORMAT else None
        if ad is not None and len(ad) > self.tumor_index:
            for count in ad[self.tumor_index]:
                if _MISSING < count < 0:  # cyvcf2 spells missing values INT32_MIN(+1)
                    raise InputError(
                        f"{_where(number)} ({record.CHROM}:{record.POS}): AD holds a "
                        f"negative count ({count})",
                        path=self.path,
                        field="FORMAT",
                    )
        for name, count in [
            ("depth", metrics.depth),
            *(("ALT reads", n) for n in metrics.alt_reads),
        ]:
            if count is not None and count < 0:
                raise InputError(
                    f"{_where(number)} ({record.CHROM}:{record.POS}): {name} {count} is "
                    f"negative ({self.caller_scheme})",
                    path=self.path,
                    field="FORMAT",
                )
        for vaf in vafs:
            if vaf is not None and not 0.0 <= vaf <= 1.0:
                where = _where(number)
                raise InputError(
                    f"{where} ({record.CHROM}:{record.POS}): allele fraction {vaf} is "
                    f"outside 0-1 ({self.caller_scheme})",
                    path=self.path,
                    field="FORMAT",
                )
        return AlleleMetrics(vafs, metrics.depth, metrics.alt_reads)


MAX_POS = 2**31 - 1  # the largest position htslib's 32-bit record fields hold


_MISSING = -(2**31) + 1


def check_position(record, number: int | None, path: Path) -> int:
    """The record's POS; one beyond 2^31 is refused, naming the record.

    htslib keeps 64-bit positions but cyvcf2's POS is 32-bit: 2^31 + 1 wraps to
    -2147483647 and 2^32 + 1 to 1, a variant reported at the wrong place. `start` stays
    64-bit, so the two disagree exactly when POS wrapped.
    """
    pos = record.POS
    true = record.start + 1
    if pos != true or not 1 <= true <= MAX_POS:
        raise InputError(
            f"{_where(number)} ({record.CHROM}): POS {true} is outside 1-{MAX_POS}",
            path=path,
            field="POS",
        )
    return pos


def _where(number: int | None) -> str:
    return f"record {number} (counting data lines from 1)" if number else "record"


def count_only(record, counter: Counts) -> None:
    """Counts for a record outside the target regions: FILTER and ALT only, no FORMAT/INFO."""
    n = 0
    for alt in record.ALT:
        if alt != "*" and not alt.startswith("<"):
            n += 1
    counter.alleles += n
    value = record.FILTER
    if value is None or value == "PASS" or value == ".":
        counter.passed += n
    else:
        counter.filtered += n


def record_filters(record) -> tuple[str, ...]:
    """FILTER as names; PASS and '.' (cyvcf2 None) are no filter."""
    value = record.FILTER
    if value is None or value in ("PASS", "."):
        return ()
    return tuple(f for f in value.split(";") if f and f != "PASS")


class DuplicateCheck:
    """Refuse two records with the same CHROM, POS, REF and ALT allele, naming both.

    Which copy is true cannot be told from the file (a filtered copy and a PASS copy of
    IDH1 R132C give a non-actionable or a tier IA finding), and the index and the stream
    would meet them in different orders; so every reading path refuses them alike, and
    the message says how to remove them (`bcftools norm -d exact`). Only the records read
    closely (the target regions, and TMB candidates) are remembered: memory stays small.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[tuple[str, int, str, str], int | None] = {}

    def check(self, record, number: int | None) -> None:
        chrom, pos, ref = record.CHROM, record.POS, record.REF
        for alt in record.ALT:
            key = (chrom, pos, ref, alt)
            if key in self.seen:
                first = self.seen[key]
                which = (
                    f"records {first} and {number} (counting data lines from 1)"
                    if first is not None and number is not None
                    else "two records"
                )
                raise InputError(
                    f"{which} are both {chrom}:{pos} {ref}>{alt}: a duplicated record "
                    "(remove the copies, e.g. bcftools norm -d exact)",
                    path=self.path,
                )
            self.seen[key] = number
