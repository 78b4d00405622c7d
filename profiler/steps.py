"""The biomarker steps of a report run: copy number, MSI, TMB and the combined HER2 call.

Each step reads its input (profiler.io), interprets it (profiler.annotate) and returns
matches plus the lines the methods section prints, so `api.build` stays a short list of
steps and every threshold used is written into the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from profiler.annotate.copy_number import (
    DISCRETE_CONVENTION,
    REPORTABLE,
    CopyNumberSettings,
    gene_copy_numbers,
    other_gene_copy_numbers,
)
from profiler.annotate.coverage import (
    LocusCall,
    TargetLocus,
    assess_coverage,
    coverage_thresholds,
    gene_summary,
    target_loci,
)
from profiler.annotate.coverage import methods_line as coverage_methods_line
from profiler.annotate.her2 import her2_matches
from profiler.annotate.match import Match, match_biomarkers
from profiler.annotate.msi import call_msi
from profiler.annotate.tmb import TmbCounter, read_bed_size
from profiler.errors import InputError
from profiler.io.alignments import AlignmentReader
from profiler.io.copynumber import CopyNumberTable
from profiler.kb.entries import KnowledgeBase
from profiler.model import (
    Assembly,
    Biomarker,
    CaseInfo,
    CopyNumber,
    CoverageAssessment,
    SmallVariant,
)
from profiler.model.panel import MsiPanel, TmbPanel
from profiler.options import NUMERIC_OPTIONS

TMB_HIGH_MIN = 10.0  # mut/Mb, FDA / FoundationOne CDx (KB threshold tmb_high_fda)


@dataclass
class StepResult:
    matches: list[Match] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    biomarker: Biomarker | None = None  # MSI: combined with MMR IHC in annotate/mmr.py
    samples: list[str] = field(default_factory=list)  # sample names the input file gives
    msi: MsiPanel | None = None  # the typed MSI result for the biomarker panel
    tmb: TmbPanel | None = None  # the typed TMB result for the biomarker panel


def copy_number_step(
    path: Path,
    fmt: str | None,
    kb: KnowledgeBase,
    assembly: Assembly | None,
    settings: CopyNumberSettings,
    sample: str | None = None,
    tumor_sample_id: str | None = None,
) -> tuple[list[CopyNumber], StepResult]:
    from profiler.io.cnv import read_copy_number_table

    table = read_copy_number_table(path, fmt, sample=sample, tumor_sample_id=tumor_sample_id)
    segments = table.segments
    calls = gene_copy_numbers(segments, kb, assembly, settings)
    discrete = any(s.discrete is not None for s in segments)
    rule = DISCRETE_CONVENTION if discrete else settings.describe()
    of_sample = f", sample {table.sample}" if table.sample else ""
    result = StepResult(
        methods=[f"Copy number ({path.name}{of_sample}): {rule}.", *_skipped_rows(path, table)],
        samples=list(dict.fromkeys(s.sample for s in segments if s.sample)),
    )
    for call in calls:
        if call.gene == "ERBB2":
            continue  # ERBB2 is part of the combined HER2 call
        label = "amplification" if call.call == "amplification" else "homozygous deletion"
        rule = next(
            (
                a
                for a in kb.alterations_for(call.gene, "copy_number")
                if a.match.get("call") == call.call
            ),
            None,
        )
        note = {
            "FGFR2": "FGFR2 amplification: no approved agent; trials of FGFR2 amplification are "
            "under investigation (encourage trial participation).",
            "CDKN2A": "CDKN2A homozygous deletion: reported without a targeted agent.",
        }.get(call.gene)
        result.matches.append(
            Match(
                gene=call.gene,
                alteration=label,
                category="copy_number",
                rule=rule,
                reportable=True,
                notes=(note,) if note else (),
                copy_number=call,
            )
        )
    others, total = other_gene_copy_numbers(segments, settings)
    for call in others:
        label = "amplification" if call.call == "amplification" else "homozygous deletion"
        result.matches.append(
            Match(
                gene=call.gene,
                alteration=label,
                category="copy_number",
                rule=None,
                reportable=True,
                copy_number=call,
                tier="III",
            )
        )
    if total > len(others):
        result.methods.append(
            f"Copy number ({path.name}): {total:,} amplifications / deep deletions in genes "
            f"outside the knowledge base; the first {len(others)} by gene name are listed."
        )
    return [*calls, *others], result


def _skipped_rows(path: Path, table: CopyNumberTable, shown: int = 10) -> list[str]:
    """One methods line per reason a copy-number row was not used, naming its lines.

    A reportable gene (ERBB2, FGFR2, CDKN2A) among them is named, because its absence
    from the findings then means "not assessed", not "not altered".
    """
    by_reason: dict[str, list[str]] = {}
    for row in table.skipped:
        named = f" ({row.gene})" if row.gene in REPORTABLE else ""
        by_reason.setdefault(row.reason, []).append(f"{row.line}{named}")
    lines = []
    for reason, rows in by_reason.items():
        more = f" and {len(rows) - shown} more" if len(rows) > shown else ""
        lines.append(
            f"Copy number ({path.name}): {len(rows)} row(s) not used, {reason}: "
            f"line {', '.join(rows[:shown])}{more}."
        )
    return lines


def msi_step(
    path: Path,
    kb: KnowledgeBase,
    *,
    tool: str | None,
    mode: str | None,
    threshold: float | None,
) -> StepResult:
    from profiler.io.msi import read_msi

    reading = read_msi(path, tool=tool, mode=mode)
    call = call_msi(reading, kb, threshold)
    marker = call.biomarker
    result = StepResult(
        methods=[
            f"MSI ({path.name}): {reading.tool} score {marker.value:g}"
            f"{'%' if marker.unit == '%' else ' (' + (marker.unit or '') + ')'} -> "
            f"{marker.status}; {call.rule}."
        ],
        biomarker=marker,
        msi=MsiPanel(
            status=marker.status,
            score=marker.value if marker.value is not None else reading.score,
            unit=marker.unit,
            tool=reading.tool,
            mode=reading.mode,
            threshold=call.rule,
        ),
    )
    if marker.status == "indeterminate":
        result.matches.append(
            Match(
                gene="MSI",
                alteration="MSI indeterminate",
                category="biomarker",
                rule=None,
                reportable=False,
                biomarker=marker,
                notes=("Indeterminate MSI score: confirm mismatch-repair status by IHC or PCR.",),
            )
        )
    elif marker.status == "not_interpretable":
        result.warnings.append(
            f"MSI score {marker.value:g} from {reading.tool} was not interpreted: {call.rule}."
        )
    return result


def tmb_counter(
    kb: KnowledgeBase,
    assembly: Assembly | None,
    *,
    callable_mb: float | None,
    target_bed: Path | None,
    min_vaf: float,
    min_depth: int,
) -> TmbCounter | None:
    """A counter when a callable size is known; None means TMB is not assessed."""
    if callable_mb is None and target_bed is None:
        return None
    territory = None
    if target_bed is not None:
        size, territory = read_bed_size(target_bed)
        callable_mb = callable_mb or size
    bounds = NUMERIC_OPTIONS["callable_mb"][2]  # a --target-bed of a few bases too
    if callable_mb is None or not bounds.contains(callable_mb):
        raise InputError(
            f"the TMB territory must be {bounds.describe()} Mb, not {callable_mb:g} Mb",
            path=target_bed,
        )
    hotspots = {
        (c.chrom, c.pos, c.ref, c.alt)
        for h in kb.hotspots
        for a, c in h.coordinates.items()
        if a == assembly
    }

    def is_driver(variant: SmallVariant) -> bool:
        chrom = variant.chrom[3:] if variant.chrom.lower().startswith("chr") else variant.chrom
        return (chrom, variant.pos, variant.ref, variant.alt) in hotspots

    return TmbCounter(
        callable_mb=callable_mb,
        min_vaf=min_vaf,
        min_depth=min_depth,
        is_driver=is_driver,
        territory=territory,
    )


def tmb_result(counter: TmbCounter, kb: KnowledgeBase) -> StepResult:
    if counter.unannotated_seen and counter.count == 0:
        return StepResult(
            methods=[
                "TMB: not assessed; the VCF carries no consequence annotation and no "
                "target-region file defines the coding territory."
            ],
        )
    value = counter.value
    status = "TMB-H" if value >= TMB_HIGH_MIN else "TMB-low"
    marker = Biomarker(
        name="TMB",
        status=status,
        value=round(value, 2),
        unit="mut/Mb",
        source="computed from the VCF",
    )
    result = StepResult(
        methods=[f"TMB: {counter.describe()} -> {status}."],
        tmb=TmbPanel(
            status=status,
            value_mut_per_mb=round(value, 2),
            mutations=counter.count,
            megabases=round(counter.callable_mb, 4),
            threshold=TMB_HIGH_MIN,
            rule=counter.rule(),
        ),
    )
    if status == "TMB-H":
        result.matches.extend(match_biomarkers([marker], kb))
    return result


def her2_step(
    case: CaseInfo,
    copy_numbers: Iterable[CopyNumber],
    variants: Iterable[SmallVariant],
    kb: KnowledgeBase,
) -> StepResult:
    return StepResult(matches=her2_matches(case, copy_numbers, variants, kb))


@dataclass
class CoverageStep:
    coverage: CoverageAssessment
    methods: list[str]
    warnings: list[str]
    format: str  # "BAM" | "CRAM"
    index: Path
    sample: str | None  # the @RG SM of the alignments (None: the header names none)


def coverage_step(
    bam: Path,
    kb: KnowledgeBase,
    assembly: Assembly | None,
    calls: Iterable[LocusCall],
    *,
    reference: Path | None,
    target_bed: Path | None,
    lod_vaf: float,
    tumor_purity: float | None,
    min_mapq: int,
    min_baseq: int,
    min_coverage: int | None,
) -> CoverageStep:
    """Open the BAM/CRAM (checked against the run's assembly) and classify every target locus."""
    from profiler.io.alignments import open_alignments

    if assembly is None:
        raise InputError("coverage needs the run's assembly (--assembly or the VCF header)")
    thresholds = coverage_thresholds(
        lod_vaf=lod_vaf,
        tumor_purity=tumor_purity,
        min_mapq=min_mapq,
        min_baseq=min_baseq,
        min_coverage=min_coverage,
    )
    loci = target_loci(kb, assembly)
    others = {name: info.contig_lengths for name, info in kb.assemblies.items() if name != assembly}
    with open_alignments(
        bam,
        reference=reference,
        contig_lengths=kb.assemblies[assembly].contig_lengths,
        assembly=assembly,
        other_assemblies=others,
        needed={lc.chrom for lc in loci},
    ) as reader:
        reference_base = _reference_bases(reference, loci, reader)
        genes = []
        if target_bed is not None:
            _, regions = read_bed_size(target_bed)
            intervals = [(r.chrom, r.start, r.end) for r in regions.merged()]
            genes = gene_summary(reader, kb, assembly, intervals, thresholds)
        assessment = assess_coverage(
            reader,
            loci,
            calls,
            thresholds,
            assembly=assembly,
            reference_base=reference_base,
            genes=genes,
            genes_bed=str(target_bed) if target_bed is not None else None,
        )
        fmt, index = reader.format, reader.index
        sample = reader.samples[0] if reader.samples else None
    warnings = [
        f"{lc.label}: {lc.possible_missed_call}."
        for lc in assessment.loci
        if lc.possible_missed_call
    ]
    assert index is not None  # open_alignments refuses a file without one
    methods = [coverage_methods_line(assessment)]
    return CoverageStep(assessment, methods, warnings, fmt, index, sample)


def _reference_bases(
    reference: Path | None, loci: Iterable[TargetLocus], reader: AlignmentReader
) -> dict[tuple[str, int], str]:
    """+ strand bases the KB leaves unknown ('N'), read from --reference when given."""
    unknown = [
        (lc.chrom, p) for lc in loci for p, r in zip(lc.positions, lc.refs, strict=True) if r == "N"
    ]
    if reference is None or not unknown:
        return {}
    import pysam  # only a run with --reference pays for it

    try:
        with pysam.FastaFile(str(reference)) as fasta:
            return {
                (chrom, pos): fasta.fetch(reader.contig_name(chrom), pos - 1, pos).upper()
                for chrom, pos in unknown
                if reader.contig_name(chrom) in fasta.references
            }
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the reference FASTA ({exc})", path=reference) from exc
