"""The typed API the CLI calls: pipelines can `import profiler.api` and do the same.

`run_report()` reads every input, builds one Report, and writes report.json and
report.pdf together: both appear, or neither does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from profiler import __version__
from profiler.annotate.hotspots import HotspotIndex
from profiler.annotate.match import (
    Match,
    case_biomarkers,
    match_biomarkers,
    match_fusions,
    match_small_variant,
)
from profiler.errors import InputError, UnsupportedInputError
from profiler.io.case import read_case
from profiler.io.fusions import detect_fusion_format, read_fusions
from profiler.io.vcf import open_vcf
from profiler.kb import KnowledgeBase, load_knowledgebase
from profiler.model import CaseInfo, InputFile, Methods, Provenance, Report, SampleInfo
from profiler.recommend.engine import build_report
from profiler.render.json_report import render_json

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportOptions:
    """Everything `profiler report` accepts, as a typed object."""

    out_dir: Path
    vcf: Path | None = None
    fusions: tuple[Path, ...] = ()
    cnv: Path | None = None
    msi: Path | None = None
    case: Path | None = None
    sample: str | None = None
    assembly: str = "auto"
    include_filtered: bool = False
    write_pdf: bool = True
    kb_dir: Path | None = None
    command_line: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RunResult:
    exit_code: int
    report: Report
    outputs: tuple[Path, ...]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _generated_at() -> str:
    """UTC now, or SOURCE_DATE_EPOCH when set (reproducible builds and golden tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(tz=timezone.utc)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build(options: ReportOptions, kb: KnowledgeBase | None = None) -> Report:
    """Read every input and build the Report (no files written)."""
    if options.cnv is not None:
        raise UnsupportedInputError(
            "copy-number input (--cnv) is not yet supported in this release", path=options.cnv
        )
    if options.msi is not None:
        raise UnsupportedInputError(
            "MSI input (--msi) is not yet supported in this release", path=options.msi
        )
    if options.vcf is None and not options.fusions:
        raise InputError("nothing to report: give --vcf and/or --fusions")
    kb = kb or load_knowledgebase(options.kb_dir)

    inputs: list[InputFile] = []
    case = CaseInfo()
    if options.case is not None:
        case = read_case(options.case)
        inputs.append(InputFile("case", str(options.case), sha256_of(options.case), "json"))

    matches: list[Match] = []
    warnings: list[str] = []
    not_assessed = ["copy number (no --cnv input)", "MSI (no --msi input)", "TMB"]

    fusion_callers: list[str] = []
    fusions = []
    for path in options.fusions:
        fmt = detect_fusion_format(path)
        calls = read_fusions(path, fmt)
        fusions.extend(calls)
        fusion_callers.append(fmt)
        inputs.append(InputFile("fusions", str(path), sha256_of(path), fmt))
    matches.extend(match_fusions(fusions, kb))
    if not options.fusions:
        not_assessed.append("gene fusions (no --fusions input)")

    tumor = normal = None
    assembly = assembly_source = None
    stats = None
    if options.vcf is not None:
        source = open_vcf(options.vcf, kb, sample=options.sample, assembly=options.assembly)
        tumor, normal = source.tumor_sample, source.normal_sample
        assembly, assembly_source = source.assembly.assembly, source.assembly.source
        index = HotspotIndex(kb, assembly)  # type: ignore[arg-type]
        for variant in _stream(source):
            match = match_small_variant(
                index.annotate(variant), kb, include_filtered=options.include_filtered
            )
            if match is not None:
                matches.append(match)
        stats = source.stats
        if stats.alleles == 0:
            warnings.append(f"{options.vcf}: the VCF contains no variant records.")
        if source.annotation is None:
            warnings.append(
                "The VCF has no VEP/SnpEff annotation: target alterations were recognised "
                "from the knowledge base's hotspot coordinates only; other variants in "
                "target genes are listed without a protein consequence."
            )
        inputs.insert(0, InputFile("vcf", str(options.vcf), sha256_of(options.vcf), "vcf"))
    else:
        not_assessed.append("small variants (no --vcf input)")

    matches.extend(match_biomarkers(case_biomarkers(case), kb))

    sample = SampleInfo(
        patient_id=case.patient_id,
        specimen_id=case.specimen_id,
        tumor_sample=tumor,
        normal_sample=normal,
        assembly=assembly,
        assembly_source=assembly_source,
    )
    methods = Methods(
        pass_only=not options.include_filtered,
        variant_stats=stats,
        fusion_callers=tuple(dict.fromkeys(fusion_callers)),
        not_assessed=tuple(not_assessed),
    )
    provenance = Provenance(
        tool_version=__version__,
        kb_version=kb.version,
        kb_release_date=kb.release_date,
        command_line=options.command_line,
        generated_at=_generated_at(),
        inputs=tuple(inputs),
    )
    return build_report(
        kb=kb,
        case=case,
        matches=matches,
        sample=sample,
        methods=methods,
        provenance=provenance,
        warnings=warnings,
    )


def _stream(source):
    """Iterate the VCF, turning htslib's parse failures into an InputError naming the file."""
    iterator = source.variants()
    while True:
        try:
            variant = next(iterator)
        except StopIteration:
            return
        except InputError:
            raise
        except Exception as exc:  # cyvcf2/htslib raise plain exceptions on malformed records
            number = source.stats.records + 1
            raise InputError(
                f"record {number} (counting data lines from 1) is malformed: {exc}",
                path=source.path,
            ) from exc
        yield variant


def write_outputs(report: Report, out_dir: Path, *, pdf: bool = True) -> tuple[Path, ...]:
    """Write report.json (and report.pdf) so that both appear or neither does."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_bytes = render_json(report)
    targets = [out_dir / "report.json"] + ([out_dir / "report.pdf"] if pdf else [])
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".profiler-") as tmp:
        staged = Path(tmp) / "report.json"
        staged.write_bytes(json_bytes)
        staged_files = [staged]
        if pdf:
            from profiler.render.pdf import write_pdf  # WeasyPrint loads only when needed

            staged_pdf = Path(tmp) / "report.pdf"
            write_pdf(report, staged_pdf)
            staged_files.append(staged_pdf)
        for source, target in zip(staged_files, targets, strict=True):
            os.replace(source, target)
    return tuple(targets)


def run_report(options: ReportOptions, kb: KnowledgeBase | None = None) -> RunResult:
    report = build(options, kb)
    outputs = write_outputs(report, options.out_dir, pdf=options.write_pdf)
    for path in outputs:
        log.info("wrote %s", path)
    return RunResult(exit_code=0, report=report, outputs=outputs)


def demo_options(out_dir: Path, command_line: Sequence[str] = ()) -> ReportOptions:
    """The bundled demo case (sample_data/): a VCF, a STAR-Fusion file and case facts."""
    from profiler.resources import data_dir

    demo = data_dir("sample_data")
    return ReportOptions(
        out_dir=out_dir,
        vcf=demo / "CCA-DEMO-001.mutect2.vep.vcf.gz",
        fusions=(demo / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv",),
        case=demo / "CCA-DEMO-001.case.json",
        command_line=tuple(command_line),
    )
