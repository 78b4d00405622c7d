"""Somatic VCF reader (cyvcf2): tumor-sample choice, assembly, VAF/depth, annotations.

The reader streams: `VcfSource.variants()` yields one SmallVariant per ALT allele and
keeps nothing, so memory stays flat however large the VCF is. Given target regions it
does only the cheap work (position, FILTER, allele count) for records outside them, on
the text itself for a VCF (vcf_text.py), and with a tabix/CSI index it reads only the
regions. It knows nothing about therapies; it only needs to know which genes and
transcripts the KB prefers, so that it never reports another transcript's numbering for
them.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.annotations import (
    AnnotationFormat,
    detect_annotation_format,
)
from profiler.io.assembly import AssemblyCall, detect_assembly, resolve_assembly
from profiler.io.regions import TargetRegions
from profiler.io.samples import choose_normal_sample, choose_tumor_sample
from profiler.io.vcf_files import (
    contig_lines,
    find_index,
    line_problem,
    numbered_records,
    open_vcf_file,
    open_with_index_deferred,
    quiet_htslib,
    require_vcf_of_kind,
)
from profiler.io.vcf_index import check_index, is_bgzf, region_records, require_bgzf_eof
from profiler.io.vcf_metrics import choose_scheme, header_formats
from profiler.io.vcf_records import (
    DuplicateCheck,
    RecordReader,
    check_position,
    count_only,
    record_filters,
)
from profiler.io.vcf_stream import start_search, text_flavour
from profiler.io.vcf_text import TextPrefilter, header_facts
from profiler.kb.entries import KnowledgeBase
from profiler.model import SmallVariant, VariantStats

log = logging.getLogger(__name__)

_META = re.compile(r"^##(tumor_sample|normal_sample)=(.+)$")
WHOLE_FILE = "whole file"


@dataclass
class _Counter:
    records: int = 0
    alleles: int = 0
    passed: int = 0
    filtered: int = 0
    scope: str = WHOLE_FILE


@dataclass
class VcfSource:
    """An opened, checked VCF: its samples, assembly, caller scheme and annotation layout."""

    path: Path
    tumor_sample: str | None
    normal_sample: str | None
    assembly: AssemblyCall
    annotation: AnnotationFormat | None
    caller_scheme: str
    index: Path | None
    _vcf: object = field(repr=False)
    _reader: RecordReader = field(repr=False)
    _counter: _Counter = field(default_factory=_Counter, repr=False)
    _text: str | None = field(default=None, repr=False)  # 'gzip'/'plain' VCF text, None: BCF
    # Opened without its index (vcf_files): the contigs the .tbi lists; None once attached
    _index_contigs: frozenset[str] | None = field(default=None, repr=False)

    @property
    def tumor_only(self) -> bool:
        return self.normal_sample is None

    @property
    def stats(self) -> VariantStats:
        c = self._counter
        return VariantStats(
            records=c.records,
            alleles=c.alleles,
            passed=c.passed,
            filtered=c.filtered,
            annotated_with=self.annotation.tool if self.annotation else "none",
            scope=c.scope,
        )

    def variants(
        self,
        regions: TargetRegions | None = None,
        *,
        use_index: bool = True,
        also: frozenset[str] = frozenset(),
    ) -> Iterator[SmallVariant]:
        """Every ALT allele (PASS or not; the caller decides) of the records to look at.

        Without `regions` every record is parsed. With regions, records outside them are
        only counted; with an index (and `use_index`) only the regions are read at all,
        and the counts then cover those regions only (`stats.scope` says so). `also`:
        terms (TMB: coding consequences) that make a PASS record outside the regions worth
        reading closely when its raw annotation holds one of them; the whole file is then
        read, and deciding from the raw text keeps every other record as cheap as a count.
        """
        try:
            if not also and regions is not None and use_index and self.index is not None:
                yield from self._indexed(regions)
                return
            if use_index and self.index is not None:
                # Read whole, but an index that does not fit the file (another file's, or
                # a file cut short) still says the pair is wrong: refuse it as the indexed
                # read would, rather than trust a possibly truncated file.
                header = contig_lines(self.path) if self._text else frozenset()
                check_index(self.path, self.index, header)
            if regions is not None and self._text is not None:
                yield from self._prefiltered(regions, also)
            else:
                yield from self._streamed(regions, also)
        except UnicodeDecodeError as exc:  # cyvcf2 decodes CHROM, alleles, INFO as UTF-8
            raise InputError(f"a record is not UTF-8 text ({exc.reason})", path=self.path) from exc

    def _also_matches(self, also: frozenset[str]) -> Callable[[object], bool] | None:
        """For a record outside the regions: PASS with one of `also` in its annotation."""
        annotation = self.annotation
        if not also or annotation is None:  # unannotated: the caller widens the regions
            return None
        search = _terms_pattern(also).search
        key = annotation.key

        def matches(record) -> bool:
            if record_filters(record):
                return False
            raw = record.INFO.get(key)
            return isinstance(raw, str) and search(raw) is not None

        return matches

    def _streamed(
        self, regions: TargetRegions | None, also: frozenset[str] = frozenset()
    ) -> Iterator[SmallVariant]:
        """Every record through cyvcf2 (BCF, or when something needs every record)."""
        counter = self._counter
        overlaps = regions.overlaps if regions is not None else None
        wanted = self._also_matches(also)
        duplicates = DuplicateCheck(self.path)
        for number, record in numbered_records(self._vcf, self.path):
            counter.records += 1
            chrom = record.CHROM
            if not chrom or chrom.startswith("#"):
                # htslib turns a blank or '#' line inside the data into a record with an
                # empty/odd contig; the text path refuses it, and so must this one
                raise InputError(
                    f"record {number} (counting data lines from 1) is malformed: an empty "
                    "line or a '#' line inside the data section",
                    path=self.path,
                )
            if (
                overlaps is not None
                and not overlaps(chrom, check_position(record, number, self.path), record.end)
                and (wanted is None or not wanted(record))
            ):
                count_only(record, counter)
                continue
            duplicates.check(record, number)
            yield from self._reader.variants(record, number, counter)

    def _prefiltered(
        self, regions: TargetRegions, also: frozenset[str] = frozenset()
    ) -> Iterator[SmallVariant]:
        """Streaming a text VCF: records outside the regions are only counted, from the text.

        See vcf_text.py: the lines that can touch a region (and any line the cheap checks
        cannot vouch for) come back in batches and are read by cyvcf2 exactly as in
        `_streamed`, so the variants and the counts are the same (tests/test_vcf_text.py).
        """
        try:
            handle, scratch = tempfile.mkstemp(prefix=f"profiler-{os.getpid()}-", suffix=".vcf")
        except OSError:  # nowhere to write the batches: read every record through cyvcf2
            yield from self._streamed(regions, also)
            return
        os.close(handle)
        counter = self._counter
        overlaps = regions.overlaps
        wanted = self._also_matches(also)
        duplicates = DuplicateCheck(self.path)
        search = start_search(self.path, self._text, also) if wanted is not None else None
        prefilter = TextPrefilter(
            self.path,
            self._text,
            regions,
            header_facts(self._vcf),
            counts=counter,
            also=_terms_pattern(also, bytes) if wanted is not None else None,
            also_lines=search,
        )
        try:
            for batch in prefilter.batches():
                for number, record in _parsed(prefilter.header, batch.lines, scratch, self.path):
                    counter.records += 1
                    # With `also`, a PASS line sent from outside the regions is a candidate
                    # the text search chose (or one the cheap checks could not vouch for):
                    # read closely without searching its annotation again; what counts for
                    # TMB is decided from the chosen transcript, as for every variant.
                    pos = check_position(record, number, self.path)
                    if not overlaps(record.CHROM, pos, record.end) and (
                        wanted is None or record_filters(record)
                    ):
                        count_only(record, counter)
                        continue
                    duplicates.check(record, number)
                    yield from self._reader.variants(record, number, counter)
        finally:
            os.unlink(scratch)
            if search is not None:
                search.close()

    def _indexed(self, regions: TargetRegions) -> Iterator[SmallVariant]:
        counter = self._counter
        assert self.index is not None
        # an index from another file, or a file cut short, makes htslib's queries end
        # early without an error: prove the index fits before trusting it
        check_index(self.path, self.index, contig_lines(self.path) if self._text else frozenset())
        queries = regions.query_strings(self._vcf.seqnames)  # type: ignore[attr-defined]
        if self._index_contigs is not None:
            self._attach_index(queries)
        counter.scope = f"target regions only ({len(queries)} regions read through the index)"
        read: set[tuple[str, int, str, tuple[str, ...]]] = set()
        duplicates = DuplicateCheck(self.path)
        for query in queries:
            in_query: set[tuple[str, int, str, tuple[str, ...]]] = set()
            for record in region_records(self._vcf, query, self.path):
                key = (record.CHROM, record.POS, record.REF, tuple(record.ALT))
                if key in read and key not in in_query:
                    continue  # a record spanning two regions comes back from both queries
                in_query.add(key)
                read.add(key)
                duplicates.check(record, None)
                counter.records += 1
                yield from self._reader.variants(record, None, counter)

    def _attach_index(self, queries: list[str]) -> None:
        """Give the VCF opened without its index (see vcf_files) that index, read once.

        When a query names a contig the index lacks, cyvcf2 warns, naming the file it
        opened: the file is then opened again as before, under its own name, so the
        warning reads as it always did.
        """
        contigs, self._index_contigs = self._index_contigs, None
        wanted = {query.rsplit(":", 1)[0] for query in queries}
        if wanted <= contigs and not any(":" in name for name in wanted):
            try:
                self._vcf.set_index(str(self.index))  # type: ignore[attr-defined]
                return
            except Exception as exc:  # cyvcf2 raises OSError, or a bare Exception
                log.debug("%s: index %s not attached (%s)", self.path, self.index, exc)
        self._vcf = open_vcf_file(self.path)


def _parsed(
    header: bytes, lines: list[tuple[int, bytes]], scratch: str, path: Path
) -> Iterator[tuple[int, object]]:
    """(line number, cyvcf2 record) for data lines, parsed by htslib as one small VCF."""
    from cyvcf2 import VCF

    quiet_htslib()
    with open(scratch, "wb") as handle:
        handle.write(header)
        handle.write(b"\n".join(line for _, line in lines))
        handle.write(b"\n")
    vcf = VCF(scratch, lazy=True)
    try:
        records = iter(vcf)
        for number, line in lines:
            try:
                record = next(records)
                # htslib returns a record at POS 1 for an unparsable POS on a contig the
                # header lacks (and only warns): the text says what is wrong, in any case
                problem = line_problem(line)
            except Exception as exc:  # htslib's parse errors are bare Exceptions
                problem = line_problem(line) or str(exc)
            if problem is not None:
                raise InputError(
                    f"record {number} (counting data lines from 1) is malformed: {problem}",
                    path=path,
                )
            yield number, record
    finally:
        vcf.close()


@functools.cache
def _terms_pattern(terms: frozenset[str], kind: type = str) -> re.Pattern:
    """One regular expression finding any of the terms (as text or as bytes)."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(alternatives.encode() if kind is bytes else alternatives)


def open_vcf(
    path: Path,
    kb: KnowledgeBase,
    *,
    sample: str | None = None,
    assembly: str | None = None,
    tumor_sample_id: str | None = None,
) -> VcfSource:
    """Open and check a VCF (plain, bgzipped or BCF): samples, assembly, caller, annotation.

    `tumor_sample_id` (the case's) picks the tumor column when neither `sample` nor the
    header does (see `choose_tumor_sample`).

    CRLF line endings need nothing here: htslib strips the carriage return from header
    and data lines alike (tested in tests/test_vcf_callers.py).
    """
    # cyvcf2 is imported by vcf_files, here: it loads htslib, which a fusion-only run skips
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path)
    require_vcf_of_kind(path, "--vcf")
    text = text_flavour(path)
    if is_bgzf(path):  # a BGZF file cut at a block boundary decompresses without error
        require_bgzf_eof(path)
    vcf, index_contigs = open_with_index_deferred(path, text)
    header_lines = vcf.raw_header.splitlines()
    if not header_lines or not header_lines[0].startswith("##fileformat=VCF"):
        raise InputError("missing ##fileformat=VCF header line", path=path, line=1)
    meta = {}
    for line in header_lines:
        m = _META.match(line.strip())
        if m:
            meta[m.group(1)] = m.group(2).strip()
    samples = list(vcf.samples)
    tumor = choose_tumor_sample(
        samples, meta.get("tumor_sample"), sample, path, tumor_sample_id=tumor_sample_id
    )
    normal = choose_normal_sample(samples, tumor, meta.get("normal_sample"))
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
    scheme, extract = choose_scheme(header_formats(header_lines) if samples else {})

    def is_kb_gene(gene: str | None) -> bool:
        return gene is not None and gene in kb.genes

    def is_kb_transcript(gene: str | None, transcript: str | None) -> bool:
        g = kb.genes.get(gene or "")
        return bool(g and g.is_preferred_transcript(transcript))

    log.info(
        "%s: tumor sample %s, %s (%s), allele counts: %s, annotations: %s",
        path,
        tumor,
        resolved.assembly,
        resolved.source,
        scheme.name,
        annotation.tool if annotation else "none",
    )
    return VcfSource(
        path=path,
        tumor_sample=tumor,
        normal_sample=normal,
        assembly=resolved,
        annotation=annotation,
        caller_scheme=scheme.name,
        index=find_index(path),
        _vcf=vcf,
        _text=text,
        _index_contigs=index_contigs,
        _reader=RecordReader(
            path=path,
            annotation=annotation,
            caller_scheme=scheme.name,
            tumor_index=samples.index(tumor) if tumor else None,
            extract=extract,
            is_kb_gene=is_kb_gene,
            is_kb_transcript=is_kb_transcript,
        ),
    )


def _has_contig_lengths(vcf) -> bool:
    try:
        return bool(vcf.seqlens)
    except AttributeError:
        return False
