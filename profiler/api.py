"""The typed API the CLI calls: pipelines can `import profiler.api` and do the same.

`run_report()` reads every input, builds one Report, and writes report.json with
report.pdf and/or report.html (options.formats) together: all appear, or none does.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from profiler import __version__
from profiler.annotate.checklist import build_checklist, with_coverage
from profiler.errors import InputError, RenderError
from profiler.io.case import CASE_DICT, case_json_text, read_case, read_case_mapping
from profiler.kb import KnowledgeBase, load_knowledgebase
from profiler.model import CaseInfo, InputFile, Provenance, Report, SignOut
from profiler.options import DEFAULT_FORMATS, ReportOptions
from profiler.outdir import claim_out_dir
from profiler.pipeline import STEPS, Collected
from profiler.provenance import report_dates, sha256_of
from profiler.recommend.engine import build_report
from profiler.render.atomic import publish_outputs
from profiler.render.json_report import render_json
from profiler.report_id import id_material, report_id

__all__ = ["ReportOptions", "build", "demo_options", "run_report", "write_outputs"]

log = logging.getLogger(__name__)


def _check_options(options: ReportOptions) -> None:
    """The option checks that need no file: run before --out is claimed or any input read."""
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
    if options.bam is not None and options.vcf is None and options.maf is None:
        raise InputError(
            "coverage at target loci needs the small-variant calls: --bam without --vcf or --maf"
        )
    if options.min_fusion_reads < 0:
        raise InputError(
            f"--min-fusion-reads must be 0 (no minimum) or more, not {options.min_fusion_reads}"
        )


def build(options: ReportOptions, kb: KnowledgeBase | None = None) -> Report:
    """Read every input and build the Report (no files written)."""
    _check_options(options)
    kb = kb or load_knowledgebase(options.kb_dir)
    case, collected = collect(options, kb)
    return assemble(options, kb, case, collected)


def collect(options: ReportOptions, kb: KnowledgeBase) -> tuple[CaseInfo, Collected]:
    """The reading stage: the case and every input, through the pipeline's steps."""
    collected = Collected()
    case = CaseInfo()
    if isinstance(options.case, Mapping):  # the case facts themselves (Python API)
        case = read_case_mapping(options.case)
        digest = hashlib.sha256(case_json_text(options.case).encode()).hexdigest()
        collected.inputs.append(InputFile("case", CASE_DICT, digest, "json"))
    elif options.case is not None:
        case = read_case(options.case)
        collected.inputs.append(
            InputFile("case", str(options.case), sha256_of(options.case), "json")
        )
    for step in STEPS:
        step(options, kb, case, collected)
    return case, collected


def assemble(
    options: ReportOptions, kb: KnowledgeBase, case: CaseInfo, collected: Collected
) -> Report:
    """The interpreting stage: recommendations, checklist and sign-out (nothing is read)."""
    generated, report_date = report_dates(options.report_date)
    provenance = Provenance(
        tool_version=__version__,
        kb_version=kb.version,
        kb_release_date=kb.release_date,
        kb_sha256=kb.content_sha256 or None,
        command_line=options.command_line,
        generated_at=generated,
        inputs=tuple(collected.inputs),
        report_date=report_date,
    )
    sign_out = SignOut(
        report_id=report_id(id_material(options, case, provenance)),
        signed_by=options.signed_by,
        amends=options.amends,
        amendment_reason=options.amendment_reason,
    )
    report = build_report(
        kb=kb,
        case=case,
        matches=collected.matches,
        sample=collected.sample(case),
        methods=collected.methods(options),
        provenance=provenance,
        warnings=collected.warnings,
        checklist=with_coverage(
            build_checklist(collected.checklist_inputs(case), collected.matches),
            collected.coverage,
        ),
        biomarkers=collected.biomarkers(),
        not_reported=tuple(collected.not_reported),
        coverage=collected.coverage,
    )
    return dataclasses.replace(report, sign_out=sign_out)


def write_outputs(
    report: Report,
    out_dir: Path,
    *,
    pdf: bool = True,
    formats: Sequence[str] | None = None,
) -> tuple[Path, ...]:
    """Write report.json (and report.pdf / report.html) so that all appear or none does.

    `formats` ("pdf", "html", "json") overrides `pdf`. Takes the output folder's lock for
    the time it writes (see profiler/outdir.py).
    """
    if formats is None:
        formats = ("pdf", "json") if pdf else ("json",)
    with claim_out_dir(out_dir) as staging:
        return _publish(report, staging, Path(out_dir), formats=tuple(formats))


def _publish(
    report: Report, staging: Path, out_dir: Path, *, formats: tuple[str, ...]
) -> tuple[Path, ...]:
    """Render into `staging`, then publish together (render/atomic.publish_outputs)."""
    json_bytes = render_json(report)
    try:
        staged_json = staging / "report.json"
        staged_json.write_bytes(json_bytes)
        staged_pdf = staged_html = None
        if "html" in formats:
            from profiler.render.html import write_html

            staged_html = staging / "report.html"
            write_html(report, staged_html)
        if "pdf" in formats:
            from profiler.render.pdf import write_pdf  # WeasyPrint loads only when needed

            staged_pdf = staging / "report.pdf"
            write_pdf(report, staged_pdf, embedded_json=json_bytes)
        return publish_outputs(staged_json, out_dir, pdf=staged_pdf, html=staged_html)
    except OSError as exc:  # full disk, quota, a folder that went away: one line, exit 4
        why = exc.strerror or str(exc)
        raise RenderError(f"cannot write the report to {out_dir}: {why}") from exc


def run_report(
    options: ReportOptions | None = None, kb: KnowledgeBase | None = None, **keywords: object
) -> Report:
    """Claim --out (exit 4 if unusable, before any input is read), build, publish, and
    return the Report (the files are in `out_dir`: report.json plus the other formats).

    The CLI passes a ReportOptions; a Python pipeline may pass ReportOptions' fields as
    keywords instead (`profiler.run_report(out_dir="out", vcf="t.vcf.gz", case={...})`):
    files as str or Path, `fusions` one file or a sequence, `case` a file or a dict.
    Keywords are forwarded to ReportOptions unchanged, so every option it has is accepted
    and a misspelt one is a TypeError naming it.
    """
    if options is None:
        options = ReportOptions(**keywords)  # type: ignore[arg-type]
    elif keywords:
        raise TypeError("run_report() takes a ReportOptions or keywords, not both")
    _check_options(options)
    out_dir = Path(options.out_dir)
    with claim_out_dir(out_dir) as staging:
        report = build(options, kb)
        outputs = _publish(report, staging, out_dir, formats=options.formats)
    for path in outputs:
        log.info("wrote %s", path)
    return report


def demo_options(
    out_dir: Path,
    command_line: Sequence[str] = (),
    *,
    formats: str | Sequence[str] = DEFAULT_FORMATS,
    signed_by: str | None = None,
    report_date: str | None = None,
) -> ReportOptions:
    """The bundled demo case (sample_data/): a VCF, a STAR-Fusion file, an MSIsensor score
    and case facts; the output formats and sign-out as `profiler report` takes them.

    The MSIsensor file is a tumor-normal run (the demo VCF is Mutect2 tumor/normal), which
    its score file alone cannot say, so the mode is given as a lab would give it.
    """
    from profiler.resources import data_dir

    demo = data_dir("sample_data")
    return ReportOptions(
        out_dir=out_dir,
        vcf=demo / "CCA-DEMO-001.mutect2.vep.vcf.gz",
        fusions=(demo / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv",),
        msi=demo / "CCA-DEMO-001_T_vs_N.msisensor",
        msi_tool="MSIsensor",
        msi_mode="tumor_normal",
        case=demo / "CCA-DEMO-001.case.json",
        command_line=tuple(command_line),
        formats=formats,
        signed_by=signed_by,
        report_date=report_date,
    )
