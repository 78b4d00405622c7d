"""The typed API the CLI calls: pipelines can `import profiler.api` and do the same.

`run_report()` reads every input, builds one Report, and writes report.json and
report.pdf together: both appear, or neither does.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from profiler import __version__
from profiler.annotate.copy_number import CopyNumberSettings
from profiler.annotate.match import (
    Match,
    case_biomarkers,
    is_protein_altering,
    match_biomarkers,
    match_fusions,
)
from profiler.annotate.policy import DEFAULT_MIN_DEPTH, DEFAULT_MIN_VAF
from profiler.errors import InputError
from profiler.io.case import read_case
from profiler.io.fusions import detect_fusion_format, read_fusions
from profiler.kb import KnowledgeBase, load_knowledgebase
from profiler.model import CaseInfo, InputFile, Methods, Provenance, Report, SampleInfo
from profiler.recommend.engine import build_report
from profiler.render.json_report import render_json
from profiler.small_variants import SmallVariantSettings, open_small_variants
from profiler.steps import copy_number_step, her2_step, msi_step, tmb_counter, tmb_result

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
    maf: Path | None = None
    min_depth: int = DEFAULT_MIN_DEPTH
    min_vaf: float = DEFAULT_MIN_VAF
    reference: Path | None = None
    use_index: bool = True
    fusion_format: str | None = None
    min_fusion_reads: int = 0
    cnv_format: str | None = None
    ploidy: float = 2.0
    amplification_ratio: float = 3.0
    msi_tool: str | None = None
    msi_mode: str | None = None
    msi_threshold: float | None = None
    callable_mb: float | None = None
    target_bed: Path | None = None
    tmb_min_vaf: float = 0.05
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
        # 8 MiB blocks: hashlib releases the GIL per block, so a hashing thread (below)
        # waits for the GIL once per block rather than once per MiB
        for block in iter(lambda: handle.read(1 << 23), b""):
            digest.update(block)
    return digest.hexdigest()


def _sha256_in_background(path: Path) -> Callable[[], str]:
    """sha256_of(path) in a thread, on another core while the file is read; call to get it."""
    result: list = []

    def work() -> None:
        try:
            result.append(sha256_of(path))
        except BaseException as exc:  # raised where the digest is asked for
            result.append(exc)

    thread = threading.Thread(target=work, name="sha256", daemon=True)
    thread.start()

    def digest() -> str:
        thread.join()
        if isinstance(result[0], BaseException):
            raise result[0]
        return result[0]

    return digest


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
    if (
        options.vcf is None
        and options.maf is None
        and not options.fusions
        and options.cnv is None
        and options.msi is None
    ):
        raise InputError("nothing to report: give --vcf or --maf, --fusions, --cnv and/or --msi")
    if (options.callable_mb is not None or options.target_bed is not None) and options.vcf is None:
        raise InputError("TMB needs the VCF: --callable-mb/--target-bed without --vcf")
    kb = kb or load_knowledgebase(options.kb_dir)

    inputs: list[InputFile] = []
    case = CaseInfo()
    if options.case is not None:
        case = read_case(options.case)
        inputs.append(InputFile("case", str(options.case), sha256_of(options.case), "json"))

    matches: list[Match] = []
    warnings: list[str] = []
    not_assessed: list[str] = []
    assessments: list[str] = []

    fusion_callers: list[str] = []
    fusions = []
    for path in options.fusions:
        fmt = options.fusion_format or detect_fusion_format(path)
        calls = read_fusions(
            path,
            fmt,
            kb=kb,
            assembly=options.assembly if options.assembly != "auto" else None,
            sample=options.sample,
        )
        fusions.extend(calls)
        fusion_callers.append(fmt)
        inputs.append(InputFile("fusions", str(path), sha256_of(path), fmt))
    matches.extend(match_fusions(fusions, kb, min_reads=options.min_fusion_reads))
    if options.fusions:
        assessments.append(
            f"Fusions: duplicate calls of one 5'/3' pair merged across callers and files; "
            f"minimum supporting reads {options.min_fusion_reads} (--min-fusion-reads); "
            "an out-of-frame call of a target gene is of uncertain significance."
        )
    else:
        not_assessed.append("gene fusions (no --fusions input)")

    tumor = normal = None
    assembly = assembly_source = None
    stats = None
    erbb2_variants: list = []
    small_variant_methods: list[str] = []
    if options.vcf is not None or options.maf is not None:
        reading = open_small_variants(
            kb,
            vcf=options.vcf,
            maf=options.maf,
            sample=options.sample,
            assembly=options.assembly,
            settings=_small_variant_settings(options),
        )
        source = reading.source
        role, path = ("vcf", options.vcf) if options.vcf is not None else ("maf", options.maf)
        digest = _sha256_in_background(path)  # type: ignore[arg-type]
        tumor, normal = source.tumor_sample, source.normal_sample
        assembly, assembly_source = reading.assembly, reading.assembly_source
        tmb = tmb_counter(
            kb,
            assembly,
            callable_mb=options.callable_mb,
            target_bed=options.target_bed,
            min_vaf=options.tmb_min_vaf,
            min_depth=options.min_depth,
        )
        for variant in reading.variants(whole_file=tmb is not None):
            if tmb is not None:
                tmb.add(variant)
            if (
                variant.gene == "ERBB2"
                and not variant.filters
                and is_protein_altering(variant.consequence)
            ):
                erbb2_variants.append(variant)
            match = reading.match(variant)
            if match is not None:
                matches.append(match)
        if tmb is None:
            not_assessed.append("TMB (no --callable-mb or --target-bed: no denominator)")
        else:
            step = tmb_result(tmb, kb)
            matches.extend(step.matches)
            assessments.extend(step.methods)
        stats = reading.stats
        warnings.extend(reading.warnings())
        small_variant_methods = reading.methods()
        inputs.insert(0, InputFile(role, str(path), digest(), role))  # type: ignore[arg-type]
    else:
        not_assessed.append("small variants (no --vcf input)")
        not_assessed.append("TMB (no --vcf input)")
        if options.assembly in ("GRCh37", "GRCh38"):
            assembly, assembly_source = options.assembly, "--assembly option"

    copy_numbers: list = []
    if options.cnv is not None:
        settings = CopyNumberSettings(
            ploidy=options.ploidy,
            purity=case.tumor_purity,
            amplification_ratio=options.amplification_ratio,
        )
        copy_numbers, step = copy_number_step(
            options.cnv, options.cnv_format, kb, assembly, settings
        )
        matches.extend(step.matches)
        assessments.extend(step.methods)
        inputs.append(
            InputFile("cnv", str(options.cnv), sha256_of(options.cnv), options.cnv_format)
        )
    else:
        not_assessed.append("copy number (no --cnv input)")
    if options.msi is not None:
        step = msi_step(
            options.msi,
            kb,
            tool=options.msi_tool,
            mode=options.msi_mode,
            threshold=options.msi_threshold,
        )
        matches.extend(step.matches)
        assessments.extend(step.methods)
        warnings.extend(step.warnings)
        inputs.append(InputFile("msi", str(options.msi), sha256_of(options.msi), options.msi_tool))
    else:
        not_assessed.append("MSI (no --msi input)")

    matches.extend(her2_step(case, copy_numbers, erbb2_variants, kb).matches)
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
        min_depth=options.min_depth if stats is not None else None,
        min_vaf=options.min_vaf if stats is not None else None,
        small_variant_methods=tuple(small_variant_methods),
        assessments=tuple(assessments),
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


def _small_variant_settings(options: ReportOptions) -> SmallVariantSettings:
    if options.min_depth < 0 or not 0.0 <= options.min_vaf <= 1.0:
        raise InputError(
            f"--min-depth must be >= 0 and --min-vaf within 0-1 (got {options.min_depth}, "
            f"{options.min_vaf})"
        )
    return SmallVariantSettings(
        min_depth=options.min_depth,
        min_vaf=options.min_vaf,
        include_filtered=options.include_filtered,
        reference=options.reference,
        use_index=options.use_index,
    )


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
