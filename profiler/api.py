"""The typed API the CLI calls: pipelines can `import profiler.api` and do the same.

`run_report()` reads every input, builds one Report, and writes report.json and
report.pdf together: both appear, or neither does.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from profiler import __version__
from profiler.errors import InputError
from profiler.io.case import read_case
from profiler.kb import KnowledgeBase, load_knowledgebase
from profiler.model import CaseInfo, InputFile, Provenance, Report
from profiler.options import ReportOptions
from profiler.pipeline import STEPS, Collected
from profiler.provenance import generated_at, sha256_of
from profiler.recommend.engine import build_report
from profiler.render.json_report import render_json

__all__ = ["ReportOptions", "RunResult", "build", "demo_options", "run_report", "write_outputs"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    exit_code: int
    report: Report
    outputs: tuple[Path, ...]


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
    if options.min_fusion_reads < 0:
        raise InputError(
            f"--min-fusion-reads must be 0 (no minimum) or more, not {options.min_fusion_reads}"
        )
    kb = kb or load_knowledgebase(options.kb_dir)

    collected = Collected()
    case = CaseInfo()
    if options.case is not None:
        case = read_case(options.case)
        collected.inputs.append(
            InputFile("case", str(options.case), sha256_of(options.case), "json")
        )
    for step in STEPS:
        step(options, kb, case, collected)

    provenance = Provenance(
        tool_version=__version__,
        kb_version=kb.version,
        kb_release_date=kb.release_date,
        command_line=options.command_line,
        generated_at=generated_at(),
        inputs=tuple(collected.inputs),
    )
    return build_report(
        kb=kb,
        case=case,
        matches=collected.matches,
        sample=collected.sample(case),
        methods=collected.methods(options),
        provenance=provenance,
        warnings=collected.warnings,
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
