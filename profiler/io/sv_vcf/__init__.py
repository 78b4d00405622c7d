"""Structural-variant VCFs (Manta, GRIDSS, DELLY) read as gene fusions.

Both breakends of each novel adjacency are placed in knowledge-base genes (`genes.yaml`
spans for the VCF's assembly), the 5'/3' partners follow from breakend orientation and
gene strand (the rule, with a worked example, is in `breakends.py`), and mate records
are merged into one event.

Merging. Records are one event when linked by MATEID (Manta, GRIDSS, spec) or when they
describe the same adjacency (same two breakends and sides), which also merges legacy
GRIDSS pairs linked by PARID. PARID itself is not followed: the spec uses it for
partners (the other side of the same reference position), not mates. A DELLY BND is one
record. The event keeps the first record's line and, per read class, the larger count
of its records (mates report the same reads; summing would count them twice).

Reads (tumor sample chosen as for small variants, `choose_tumor_sample`): Manta FORMAT
SR/PR alt values (split reads -> junction, paired reads -> spanning); GRIDSS FORMAT (or
INFO) SR and RP; DELLY FORMAT RV and DV (INFO SR and PE without samples).

FILTER. Records the caller filtered (Manta `MinSomaticScore`, DELLY `LowQual` ...) are
returned, not dropped: the FILTER values (of every record of the event, PASS and '.'
left out) go into `Fusion.filters`, and `confidence` reads "PASS" or "filtered: <FILTER>",
plus "; IMPRECISE" when the caller says so. Whether a filtered call may be reported is
interpretation (annotate/fusion_evidence.py: never actionable, listed with its FILTER).
"""

from __future__ import annotations

import gzip
import itertools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.assembly import detect_assembly, resolve_assembly
from profiler.io.samples import choose_normal_sample, choose_tumor_sample
from profiler.io.sv_vcf.breakends import (
    LEFT,
    RIGHT,
    Breakend,
    adjacencies,
    is_unmapped_partner,
    kept_end,
    parse_bnd_alt,
    partners,
)
from profiler.io.tabular import GZIP_MAGIC
from profiler.io.vcf_files import quiet_htslib, require_vcf_of_kind
from profiler.kb.entries import KnowledgeBase
from profiler.model import Fusion

__all__ = [
    "LEFT",
    "RIGHT",
    "Breakend",
    "SvVcfCalls",
    "is_unmapped_partner",
    "kept_end",
    "parse_bnd_alt",
    "read_sv_vcf",
    "read_sv_vcf_calls",
]

log = logging.getLogger(__name__)

_META = re.compile(r"^##(tumor_sample|normal_sample)=(.+)$")


@dataclass(frozen=True)
class SvVcfCalls:
    """An SV VCF's fusions and the sample columns they were read from (for identity checks)."""

    fusions: list[Fusion]
    tumor_sample: str | None
    normal_sample: str | None


@dataclass
class _Event:
    a: Breakend
    b: Breakend
    record: int | None  # 1-based line of the event's first record (None for BCF)
    kind: str  # "BND" or "<DEL> 512 bp" ...
    filters: set[str] = field(default_factory=set)
    imprecise: bool = False
    junction: int | None = None
    spanning: int | None = None

    def key(self) -> frozenset[tuple[str, int, str]]:
        return frozenset((x.chrom.removeprefix("chr"), x.pos, x.side) for x in (self.a, self.b))

    def absorb(self, other: _Event) -> None:
        self.filters |= other.filters
        self.imprecise = self.imprecise or other.imprecise
        self.junction = _larger(self.junction, other.junction)
        self.spanning = _larger(self.spanning, other.spanning)

    @property
    def confidence(self) -> str:
        text = "PASS" if not self.filters else "filtered: " + ";".join(sorted(self.filters))
        if self.kind != "BND":
            text += f"; {self.kind}"
        return text + ("; IMPRECISE" if self.imprecise else "")


def _larger(x: int | None, y: int | None) -> int | None:
    return y if x is None else x if y is None else max(x, y)


def read_sv_vcf(
    path: str | Path, kb: KnowledgeBase, assembly: str | None = None, *, sample: str | None = None
) -> list[Fusion]:
    """Fusions implied by an SV VCF's adjacencies, in file order of their first record.

    `assembly` ("GRCh37"/"GRCh38") is checked against the header; None detects it from
    the header. `sample` names the tumor column when the file does not say which it is.
    Raises InputError for an unreadable VCF, an undecidable assembly or tumor sample.
    """
    return read_sv_vcf_calls(path, kb, assembly, sample=sample).fusions


def read_sv_vcf_calls(
    path: str | Path,
    kb: KnowledgeBase,
    assembly: str | None = None,
    *,
    sample: str | None = None,
    tumor_sample_id: str | None = None,
) -> SvVcfCalls:
    """As `read_sv_vcf`, also naming the tumor and normal columns the file holds.

    The sample names are returned even when no adjacency becomes a fusion, so a report
    can tell whose SV calls it read. `tumor_sample_id` (the case's) picks the tumor
    column when neither `sample` nor `##tumor_sample` does.
    """
    from cyvcf2 import VCF  # imported here: cyvcf2 loads htslib, which table-only runs skip

    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path)
    require_vcf_of_kind(path, "--fusions")  # a Mutect2 VCF here would give "no fusions"
    quiet_htslib()
    try:
        vcf = VCF(str(path), lazy=True)
    except Exception as exc:  # cyvcf2 raises bare Exception on unreadable headers
        raise InputError(f"not a readable VCF or BCF ({exc})", path=path) from exc
    header = vcf.raw_header.rstrip("\n").split("\n")
    if not header[0].startswith("##fileformat=VCF"):
        raise InputError("missing ##fileformat=VCF header line", path=path, line=1)
    samples = list(vcf.samples)
    meta = {m[1]: m[2].strip() for m in map(_META.match, header) if m}
    tumor = choose_tumor_sample(
        samples,
        meta.get("tumor_sample"),
        sample,
        path,
        tumor_sample_id=tumor_sample_id,
        option="--sv-sample",
    )
    normal = choose_normal_sample(samples, tumor, meta.get("normal_sample"))
    contigs = dict(zip(vcf.seqnames, vcf.seqlens, strict=False)) if _lengths(vcf) else {}
    try:
        detected = detect_assembly(header, contigs, kb.assemblies)
    except InputError as exc:
        raise InputError(exc.reason, path=path) from exc
    build = resolve_assembly(assembly, detected, str(path)).assembly
    caller = _caller(header)
    reads = _read_counter(caller, samples.index(tumor) if tumor else None)
    events = _events(vcf, _header_line_count(path), reads, path)
    genes = [(g.symbol, g.strand, g.spans[build]) for g in kb.genes.values() if build in g.spans]

    def gene_at(end: Breakend) -> tuple[str, str] | None:
        hits = sorted((s, strand) for s, strand, span in genes if span.contains(end.chrom, end.pos))
        if len(hits) > 1:
            log.warning("%s: %s:%d lies in several KB genes %s", path, end.chrom, end.pos, hits)
        return hits[0] if hits else None

    fusions: list[Fusion] = []
    skipped = {"no KB gene": 0, "intragenic": 0}
    for event in events:
        made = partners(event.a, event.b, gene_at(event.a), gene_at(event.b))
        if isinstance(made, str):
            skipped[made] += 1
            continue
        for gene5, end5, gene3, end3 in made:
            fusions.append(
                Fusion(
                    gene5=gene5,
                    gene3=gene3,
                    caller=caller,
                    source=str(path),
                    breakpoint5=f"{end5.chrom}:{end5.pos}:{'+' if end5.side == LEFT else '-'}",
                    breakpoint3=f"{end3.chrom}:{end3.pos}:{'+' if end3.side == RIGHT else '-'}",
                    junction_reads=event.junction,
                    spanning_reads=event.spanning,
                    confidence=event.confidence,
                    record=event.record,
                    filters=tuple(sorted(event.filters)),
                )
            )
    log.info(
        "%s: %s %s, %d event(s): %d fusion call(s); not fusions: %d without a KB gene, "
        "%d intragenic",
        path,
        caller,
        build,
        len(events),
        len(fusions),
        skipped["no KB gene"],
        skipped["intragenic"],
    )
    return SvVcfCalls(fusions, tumor, normal)


def _header_line_count(path: Path) -> int | None:
    """Header lines as in the file (htslib may add some to `raw_header`); None for BCF."""
    with path.open("rb") as raw:
        packed = raw.read(2) == GZIP_MAGIC
    count = 0
    with gzip.open(path, "rb") if packed else path.open("rb") as handle:
        for line in handle:
            if line.startswith(b"BCF"):
                return None
            if not line.startswith(b"#"):
                break
            count += 1
    return count


def _lengths(vcf) -> bool:
    try:
        return bool(vcf.seqlens)
    except AttributeError:  # cyvcf2 raises when no ##contig line carries a length
        return False


def _caller(header: list[str]) -> str:
    """The SV caller named by the header; "SV VCF" when it names none we know."""
    text = "\n".join(header)
    if "GenerateSVCandidates" in text or "configManta" in text:
        return "Manta"
    if "##gridssVersion" in text or "##source=GRIDSS" in text:
        return "GRIDSS"
    if "##INFO=<ID=CT," in text and "##INFO=<ID=SVMETHOD," in text:
        return "DELLY"
    return "SV VCF"


def _read_counter(caller: str, tumor: int | None):
    """record -> (junction reads, spanning reads) for the caller's own fields."""

    def fmt(record, key: str, column: int) -> int | None:
        values = record.format(key) if tumor is not None else None
        if values is None or len(values[tumor]) <= column:
            return None
        value = values[tumor][column]
        return int(value) if value >= 0 else None  # htslib's missing/end sentinels are < 0

    def info(record, key: str) -> int | None:
        value = record.INFO.get(key)
        value = value[0] if isinstance(value, tuple) else value
        return int(value) if isinstance(value, (int, float)) and value >= 0 else None

    def manta(record):
        return fmt(record, "SR", 1), fmt(record, "PR", 1)

    def gridss(record):
        if tumor is not None:
            return fmt(record, "SR", 0), fmt(record, "RP", 0)
        return info(record, "SR"), info(record, "RP")

    def delly(record):
        if tumor is not None:
            return fmt(record, "RV", 0), fmt(record, "DV", 0)
        return info(record, "SR"), info(record, "PE")

    def none(record):
        return None, None

    return {"Manta": manta, "GRIDSS": gridss, "DELLY": delly}.get(caller, none)


def _records(vcf, path: Path, header_lines: int | None):
    """(ordinal, record); htslib parse errors (bare Exceptions in cyvcf2) as InputError."""
    records = iter(vcf)
    for ordinal in itertools.count(1):
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:
            line = header_lines + ordinal if header_lines is not None else None
            raise InputError(
                f"malformed VCF record {ordinal} ({exc})", path=path, line=line
            ) from exc
        yield ordinal, record


def _events(vcf, header_lines: int | None, reads, path: Path) -> list[_Event]:
    """Adjacencies of the file, mates merged, in order of their first record."""
    events: list[_Event] = []
    by_id: dict[str, _Event] = {}
    by_key: dict[frozenset, _Event] = {}
    unpaired = 0
    for ordinal, record in _records(vcf, path, header_lines):
        alts = list(record.ALT)
        mates = [m for m in str(record.INFO.get("MATEID") or "").split(",") if m]
        try:
            junction, spanning = reads(record)
        except (TypeError, ValueError) as exc:  # a count the header declares as text
            raise InputError(
                f"VCF record {ordinal}: its read counts are not numbers ({exc})",
                path=path,
                line=header_lines + ordinal if header_lines is not None else None,
            ) from exc
        filters = {f for f in (record.FILTER or "").split(";") if f and f not in {"PASS", "."}}
        for n, alt in enumerate(alts):
            # One ALT: the record's own ID and MATEID name this adjacency. Several ALTs
            # (spec "multiple mates"): the n-th MATEID goes with the n-th ALT only.
            links = [record.ID, *mates] if len(alts) == 1 else mates[n : n + 1]
            links = [i for i in links if i]
            found = adjacencies(record, alt)
            unpaired += not found
            for a, b, kind in found:
                line = header_lines + ordinal if header_lines is not None else None
                new = _Event(a, b, line, kind, set(filters))
                new.imprecise = bool(record.INFO.get("IMPRECISE"))
                new.junction, new.spanning = junction, spanning
                same = by_key.get(new.key()) or next((by_id[i] for i in links if i in by_id), None)
                if same is not None:
                    same.absorb(new)
                    new = same
                else:
                    events.append(new)
                    by_key[new.key()] = new
                for i in links:
                    by_id.setdefault(i, new)
    if unpaired:
        log.info("%s: %d allele(s) without a mate breakend (single, INS, CNV)", path, unpaired)
    return events
