"""Streaming a text VCF against target regions without a cyvcf2 object per record.

Reading every record through htslib and cyvcf2 costs about twice what `bcftools view`
needs, and nearly all records of a somatic VCF lie outside the KB's target regions, where
only FILTER and the ALT count matter. So for a VCF (plain, gzip or BGZF; BCF keeps the
cyvcf2 path) the streaming path reads the decompressed text itself and looks at five
columns of each data line:

- CHROM, POS, REF (and INFO/END when the header declares it as htslib uses it) decide
  whether the record can touch a target region;
- ALT and FILTER give the counts, by exactly the rules of `vcf._count_only`.

Lines that can touch a target region, and every line these cheap checks cannot vouch for
(a column count other than the header's, a POS that is not plain digits, an undeclared
FILTER, an ALT with an empty allele, ...), go in small batches to the unchanged cyvcf2
code: header + those lines as a temporary VCF, so that htslib parses them, reports their
errors and names them exactly as before, and every FORMAT/annotation rule stays in one
place. INFO, FORMAT and sample values of records outside the target regions are never
parsed (the issue's "cheap checks before touching FORMAT/INFO"), so a malformed value
there is not reported, whereas a wrong column count, an unreadable POS or an empty line
anywhere still is, naming the record.

With TMB (`also`) the file is still read this way, but a PASS line outside the regions
is sent to htslib too when it mentions a coding consequence: the lines `grep -F` names in
another process (vcf_stream.py), or, without grep, the lines whose INFO matches a
regular expression. About 2% of a genome's records are such candidates; the others stay
a count.

Why a second reading path beside cyvcf2 (issue 10 asked to keep one unless measured):
iterating a 1M-record VCF through cyvcf2 alone, touching nothing, takes about twice
`bcftools view -H` (0.52x in benchmarks/RESULTS.md), so no cyvcf2-per-record path can
reach the 0.8x target; this pre-filter reads the streaming report at 1.2-1.6x and the TMB
report at about 0.9x (benchmarks/RESULTS.md, same run as bcftools).

Memory stays flat: one chunk of text and at most one batch of target-region lines.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.regions import TargetRegions
from profiler.io.vcf_stream import LineSearch, decompressed_chunks

BATCH_LINES = 10_000
BATCH_BYTES = 16 << 20

# VCF 4.3 section 1.4.7 contig names. htslib accepts every such name that the header does
# not declare (with a warning); anything else is left to htslib to judge.
_CONTIG_NAME = re.compile(rb"[0-9A-Za-z!$%&+./:;?@^_|~-][0-9A-Za-z!#$%&*+./:;=?@^_|~-]*")

_NEVER = 1 << 62  # a line number past any file: the search has no further line
_OTHER = 0  # chromosome state: htslib must judge this CHROM
_NO_TARGET = 1  # a readable CHROM without target regions
_FILTERED_SHIFT = 40  # alleles of filtered records count in the bits above this one
_PASS_MASK = (1 << _FILTERED_SHIFT) - 1
_WEIGHTS = {1: 1, 0: 1 << _FILTERED_SHIFT}  # filter_class -> weight


@dataclass(frozen=True)
class HeaderFacts:
    """What the pre-filter needs from the header htslib parsed (see `header_facts`)."""

    contigs: frozenset[bytes]
    filters: frozenset[bytes]
    end_is_integer: bool  # htslib takes a record's end from INFO/END only when Integer


@dataclass
class LineCounts:
    """Counts of the lines the pre-filter settles itself, by `_count_only`'s rules."""

    records: int = 0
    alleles: int = 0
    passed: int = 0
    filtered: int = 0


@dataclass
class Batch:
    """Data lines (1-based line number, text) for htslib, in file order."""

    lines: list[tuple[int, bytes]] = field(default_factory=list)
    size: int = 0


def header_facts(vcf) -> HeaderFacts:
    """Declared contigs and FILTERs, and whether INFO/END is an Integer, from cyvcf2."""
    contigs: set[bytes] = set()
    filters: set[bytes] = {b"PASS"}
    end_is_integer = False
    for record in vcf.header_iter():
        kind = record.type
        if kind not in ("CONTIG", "FILTER", "INFO"):
            continue
        info = record.info()
        name = str(info.get("ID", "")).encode()
        if kind == "CONTIG":
            contigs.add(name)
        elif kind == "FILTER":
            filters.add(name)
        elif name == b"END" and info.get("Type") == "Integer":
            end_is_integer = True
    return HeaderFacts(frozenset(contigs), frozenset(filters), end_is_integer)


# Header lines that define how htslib parses a record; the rest (tool command lines,
# ##reference, ##tumor_sample, ...) is left out of the batch files, which htslib parses
# once per batch: a header with a 50 MB comment line made every batch cost a second.
_PARSING_LINES = (b"##fileformat", b"##INFO", b"##FORMAT", b"##FILTER", b"##contig", b"##ALT")


def _parsing_header(header: bytes) -> bytes:
    """The header's record-defining lines and its #CHROM line."""
    return (
        b"".join(
            line for line in header.splitlines(keepends=True) if line.startswith(_PARSING_LINES)
        )
        + header[header.rfind(b"\n#CHROM", 0, len(header) - 1) + 1 :]
    )


def alt_alleles(alt: bytes) -> int:
    """ALT alleles `_count_only` counts (not '*', not symbolic); -1: let htslib read it."""
    if alt == b".":
        return 0  # htslib: no ALT allele
    if not alt.isascii():
        return -1
    n = 0
    for allele in alt.split(b","):
        if not allele:
            return -1  # htslib reads an empty allele as '.'; rare enough to leave to it
        if allele != b"*" and not allele.startswith(b"<"):
            n += 1
    return n


def filter_class(value: bytes, declared: frozenset[bytes]) -> int:
    """1: PASS or '.' (cyvcf2's FILTER None), 0: filtered, -1: let htslib read it.

    Only FILTER names the header declares are settled here ('PASS;q10' and 'PASS;PASS'
    are filtered, as cyvcf2 reports them); an undeclared or empty name goes to htslib.
    """
    if value == b"PASS" or value == b".":
        return 1
    for name in value.split(b";"):
        if name not in declared:
            return -1
    return 0


class TextPrefilter:
    """One pass over a text VCF: counts the lines it can settle, batches the others."""

    def __init__(
        self,
        path: Path,
        flavour: str,
        regions: TargetRegions,
        facts: HeaderFacts,
        counts: LineCounts | None = None,
        also: re.Pattern[bytes] | None = None,
        also_lines: LineSearch | None = None,
    ) -> None:
        self.path = Path(path)
        # A PASS line outside the regions is sent too when it mentions one of the terms
        # (TMB: a coding consequence): the line numbers `also_lines` (grep in another
        # process, vcf_stream.py) names, or, without it, lines whose INFO matches `also`.
        self.also = also
        self.also_lines = also_lines
        self._also_iter = iter(also_lines) if also_lines is not None else None
        self._also_next = 0
        self.flavour = flavour
        self.regions = regions
        self.facts = facts
        self.header = b""  # the header lines htslib parses records with, for the batch files
        # Added to as lines are settled (any object with these four int attributes).
        self.counts = counts if counts is not None else LineCounts()
        self._chroms: dict[bytes, object] = {}
        self._alts: dict[bytes, int] = {}  # ALT text -> alleles counted
        self._weights: dict[bytes, int] = {}  # FILTER text -> 1 (PASS) or 2**40 (filtered)
        self._counted = 0  # lines up to this number are in `counts` or were sent

    def batches(self) -> Iterator[Batch]:
        """Batches of lines for htslib, in file order; `counts` covers every other line."""
        chunks = decompressed_chunks(self.path, self.flavour)
        try:
            pending = b""  # the start of a line that continues in the next chunk
            batch = Batch()
            number = 0
            for chunk in itertools.chain([self._read_header(chunks)], chunks):
                if b"\r" in chunk:  # CRLF: htslib drops the CR before each newline
                    chunk = chunk.replace(b"\r\n", b"\n")
                lines = chunk.split(b"\n")
                if pending:
                    if len(lines) > 1 and not lines[0] and pending.endswith(b"\r"):
                        lines[0] = pending[:-1]  # a CRLF split between two chunks
                    else:
                        lines[0] = pending + lines[0]
                nul = b"\x00" in chunk or b"\x00" in pending
                pending = lines.pop()
                if lines:
                    number = yield from self._scan(lines, number, batch, nul)
            if pending:  # a last line without a newline (htslib keeps a CR there)
                number = yield from self._scan([pending], number, batch, b"\x00" in pending)
            if batch.lines:
                yield batch
        finally:
            chunks.close()

    def _read_header(self, chunks: Iterator[bytes]) -> bytes:
        """Consume the header (through the #CHROM line); return the text after it."""
        buffer = bytearray()
        end = None
        start = 0  # where the line that `buffer` ends in starts
        for chunk in chunks:
            # Linear in the header's size however long its lines: each chunk is searched
            # once for newlines and each line start is looked at once (searching the whole
            # buffer again per chunk took 36 s for one 50 MB header line).
            begin = len(buffer)
            buffer += chunk
            newline = buffer.find(b"\n", begin)
            while newline >= 0:
                if buffer.startswith(b"#CHROM", start):
                    end = newline + 1
                    break
                start = newline + 1
                newline = buffer.find(b"\n", start)
            if end is not None:
                break
        if end is None:  # a header without data, maybe without a final newline
            if not buffer.startswith(b"#CHROM", start):
                raise InputError("no #CHROM header line", path=self.path)
            buffer += b"\n"
            end = len(buffer)
        header = bytes(buffer[:end])
        if b"\r" in header:
            header = header.replace(b"\r\n", b"\n")
        self.header = _parsing_header(header)
        if self.also_lines is not None:
            self.also_lines.header_lines = header.count(b"\n")
        columns = header[header.rfind(b"\n#CHROM", 0, len(header) - 1) + 1 : -1]
        self._columns = len(columns.split(b"\t"))
        return bytes(buffer[end:])

    def _chrom_state(self, chrom: bytes) -> object:
        state: object = _OTHER
        if chrom in self.facts.contigs or _CONTIG_NAME.fullmatch(chrom):
            try:
                bounds = self.regions.bounds(chrom.decode())
            except UnicodeDecodeError:
                bounds = None
            else:
                state = _NO_TARGET if bounds is None else bounds
        self._chroms[chrom] = state
        return state

    def _scan(self, lines: list[bytes], before: int, batch: Batch, nul: bool):
        """Lines (CR removed): counted here, or added to `batch`, which is yielded when full.

        `before`: the number of the line before the first; `nul`: a NUL byte is among them.
        A generator that returns the last line number (the caller `yield from`s it). The
        loop runs once per record of the file, so it is written for speed: a line settled
        here adds n * weight to one accumulator (weight 1 for PASS, 2**40 for filtered),
        and its record is counted as "not sent to htslib".
        """
        columns = self._columns
        if columns < 8 or nul:
            columns = 0  # htslib cuts a field at a NUL; such lines are all left to htslib
        check_end = self.facts.end_is_integer
        also = self.also.search if self.also is not None else None
        also_iter = self._also_iter
        also_next = self._also_next
        searching = also is not None or also_iter is not None
        chroms = self._chroms
        alts = self._alts
        weights = self._weights
        lines_sent = batch.lines
        sent = len(lines_sent)
        total = 0  # sum of n * weight over the settled lines
        last_chrom = None
        state: object = _OTHER
        number = before
        for number, line in enumerate(lines, before + 1):
            # One split more than the header has tabs, so that an extra column shows.
            f = line.split(b"\t", columns)
            if len(f) == columns:
                chrom = f[0]
                if chrom != last_chrom:
                    last_chrom = chrom
                    state = chroms.get(chrom)
                    if state is None:
                        state = self._chrom_state(chrom)
                pos = f[1]
                if state is not _OTHER and len(pos) < 10 and pos.isdigit():
                    # Settled here (counted) unless the line can touch a region or is a
                    # PASS line the TMB search chose; those, and every line the checks
                    # below cannot vouch for, go to htslib at the end of the loop.
                    hit = False
                    if state is not _NO_TARGET:
                        starts, ends = state  # type: ignore[misc]
                        p = int(pos)
                        # cyvcf2's record.end: POS + len(REF) - 1, or INFO/END (Integer)
                        i = bisect_right(starts, p + len(f[3]) - 1)
                        hit = bool(i and ends[i - 1] >= p) or (check_end and b"END=" in f[7])
                    if not hit:
                        try:
                            n, weight = alts[f[4]], weights[f[6]]
                        except KeyError:
                            n = alt_alleles(f[4])
                            weight = _WEIGHTS.get(filter_class(f[6], self.facts.filters))
                            if n >= 0 and weight is not None:
                                if len(alts) < 100_000 and len(weights) < 100_000:
                                    alts[f[4]] = n
                                    weights[f[6]] = weight
                            else:
                                n = -1
                        if n >= 0:
                            if searching and weight == 1:
                                if also_iter is not None:
                                    while also_next < number:
                                        also_next = next(also_iter, _NEVER)
                                    hit = also_next == number
                                else:
                                    hit = also(f[7]) is not None  # type: ignore[misc]
                            if not hit:
                                total += n * weight  # type: ignore[operator]
                                continue
            if line[:1] == b"#" or not line.strip():
                # htslib crashes on these: refuse them here, after the lines before them
                self._settle(len(lines_sent) - sent, total, number - 1)
                if lines_sent:
                    yield self._full(batch)
                what = "an empty line" if not line.strip() else "a '#' line after the header"
                raise InputError(
                    f"record {number} (counting data lines from 1) is malformed: {what}",
                    path=self.path,
                )
            lines_sent.append((number, line))
            batch.size += len(line)
            if len(lines_sent) >= BATCH_LINES or batch.size >= BATCH_BYTES:
                self._settle(len(lines_sent) - sent, total, number)
                total = sent = 0
                yield self._full(batch)
        self._settle(len(lines_sent) - sent, total, number)
        self._also_next = also_next
        return number

    def _settle(self, sent: int, total: int, number: int) -> None:
        """Add the lines settled since the last call (up to line `number`) to the counts."""
        settled = number - self._counted - sent
        self._counted = number
        passed, filtered = total & _PASS_MASK, total >> _FILTERED_SHIFT
        counts = self.counts
        counts.records += settled
        counts.alleles += passed + filtered
        counts.passed += passed
        counts.filtered += filtered

    @staticmethod
    def _full(batch: Batch) -> Batch:
        """A copy of the filled batch to hand over; `batch` itself is emptied and reused."""
        full = Batch(list(batch.lines), batch.size)
        batch.lines.clear()
        batch.size = 0
        return full
