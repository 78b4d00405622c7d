"""Command line: parses arguments, calls the API, maps errors to exit codes.

Exit codes: 0 success; 1 unexpected error; 2 unusable input (file, line and field named
on stderr); 3 invalid knowledge base; 4 report could not be rendered or written (also an
unusable --out, checked before any input is read); 130 interrupted (SIGINT), 143
terminated (SIGTERM), 129 hung up (SIGHUP): cleaned up as for Ctrl-C, no report written.
`batch` exits 0 when every sample was reported, else with the highest exit code among its
failed samples (the sheet and the KB are checked first and fail the whole batch).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from profiler import __version__
from profiler.annotate.coverage import (
    CONFIDENCE,
    DEFAULT_MIN_BASEQ,
    DEFAULT_MIN_MAPQ,
    MIN_ALT_READS,
)
from profiler.annotate.fusion_evidence import DEFAULT_MIN_FUSION_READS
from profiler.annotate.policy import DEFAULT_MIN_DEPTH, DEFAULT_MIN_VAF
from profiler.errors import InputError, ProfilerError
from profiler.options import NUMERIC_OPTIONS

if TYPE_CHECKING:  # pragma: no cover
    from profiler.batch import SampleOutcome

log = logging.getLogger("profiler")

# Libraries whose INFO lines are their internals, not our progress (see main).
_QUIET_LIBRARIES = ("weasyprint", "fontTools")


class Terminated(KeyboardInterrupt):
    """SIGTERM/SIGHUP raised as an interrupt, so every `finally` cleans up as for Ctrl-C.

    A batch scheduler stops a job with SIGTERM; its default action would end the process
    at once and leave staging folders and scratch files behind.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _handle_termination() -> None:
    """Turn SIGTERM and SIGHUP into Terminated (main thread only, where Python allows it)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # nohup and friends asked for it to be ignored
            signal.signal(signum, _raise_terminated)
        except ValueError:  # not the main thread (main() called from a thread)
            return


def _bounds(flag: str) -> str:
    """The documented bounds of a numeric option, for its --help line."""
    bounds = next(b for f, _, b in NUMERIC_OPTIONS.values() if f == flag)
    return f"; allowed: {bounds.describe()}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="profiler",
        description="Molecular-profiling report interpreter for biliary tract cancer.",
    )
    parser.add_argument("--version", action="version", version=f"profiler {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True)

    report = commands.add_parser("report", help="interpret one case and write JSON + PDF")
    report.add_argument(
        "--vcf", type=Path, help="somatic VCF: plain, bgzipped (a .tbi/.csi is used) or BCF"
    )
    report.add_argument(
        "--maf",
        type=Path,
        help="MAF instead of --vcf (vcf2maf/GDC, cBioPortal, TCGA legacy, Funcotator, Oncotator)",
    )
    report.add_argument(
        "--fusions",
        type=Path,
        action="append",
        default=[],
        help=(
            "fusion calls (STAR-Fusion, FusionInspector, Arriba, FusionCatcher table or VCF, "
            "simple TSV, SV VCF); repeat for several files"
        ),
    )
    _add_biomarker_options(report)
    report.add_argument("--case", type=Path, help="case metadata JSON (schemas/case.schema.json)")
    report.add_argument("--sample", help="tumor sample name in a multi-sample VCF or MAF")
    report.add_argument(
        "--sv-sample", help="tumor sample name in a multi-sample structural-variant VCF"
    )
    report.add_argument(
        "--cnv-sample", help="sample name in a multi-sample copy-number file (SEG, discrete table)"
    )
    report.add_argument(
        "--assembly",
        choices=("auto", "GRCh37", "GRCh38"),
        default="auto",
        help="reference assembly (default: the VCF header or the MAF's NCBI_Build)",
    )
    report.add_argument(
        "--include-filtered",
        action="store_true",
        help="treat non-PASS VCF records like PASS ones (default: listed, never actionable)",
    )
    report.add_argument(
        "--min-depth",
        type=int,
        default=DEFAULT_MIN_DEPTH,
        help=f"reporting threshold: minimum read depth (default {DEFAULT_MIN_DEPTH}); target "
        "alterations below it are listed for confirmation, never actionable"
        + _bounds("--min-depth"),
    )
    report.add_argument(
        "--min-vaf",
        type=float,
        default=DEFAULT_MIN_VAF,
        help=f"reporting threshold: minimum variant allele fraction (default "
        f"{DEFAULT_MIN_VAF})" + _bounds("--min-vaf"),
    )
    report.add_argument(
        "--reference",
        type=Path,
        help="indexed reference FASTA: verify the REF allele of every reported variant",
    )
    _add_coverage_options(report)
    report.add_argument(
        "--no-index",
        action="store_true",
        help="read the whole VCF even when a .tbi/.csi index exists (counts every record)",
    )
    _add_format_option(report)
    report.add_argument(
        "--no-pdf", action="store_true", help="write report.json only (same as --format json)"
    )
    _add_sign_out_options(report)
    report.add_argument("--kb", type=Path, help="knowledge-base directory (default: bundled)")
    report.add_argument("--out", type=Path, required=True, help="output directory")

    demo = commands.add_parser("demo", help="render the bundled demo case")
    _add_format_option(demo)
    _add_sign_out_options(demo, amendments=False)
    demo.add_argument("--out", type=Path, required=True, help="output directory")

    schema = commands.add_parser("schema", help="print a JSON Schema (report, case, knowledgebase)")
    schema.add_argument("name", choices=("report", "case", "knowledgebase"))

    kb = commands.add_parser("kb", help="knowledge-base commands")
    kb_commands = kb.add_subparsers(dest="kb_command", required=True)
    validate = kb_commands.add_parser("validate", help="validate the KB against its schema")
    validate.add_argument("--kb", type=Path, help="knowledge-base directory (default: bundled)")
    listing = kb_commands.add_parser("list", help="alterations, agents and evidence, as a table")
    listing.add_argument("--kb", type=Path, help="knowledge-base directory (default: bundled)")
    listing.add_argument(
        "--format",
        choices=("table", "tsv", "json"),
        default="table",
        help="table (default, for reading), tsv or json (for scripts)",
    )
    _add_pipeline_commands(commands)
    return parser


def _add_pipeline_commands(commands: argparse._SubParsersAction) -> None:
    """`batch` (a sample sheet on one machine) and `cohort` (summarise finished reports)."""
    batch = commands.add_parser(
        "batch", help="one report per sample of a sample sheet, plus a cohort summary"
    )
    batch.add_argument(
        "--samplesheet",
        type=Path,
        required=True,
        help="CSV: sample_id,vcf,fusions,cnv,msi,case[,maf]; several fusion files separated "
        "by ';'; relative paths from the sheet's folder",
    )
    batch.add_argument("--out", type=Path, required=True, help="output directory")
    batch.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="samples run at once (processes; default 1; allowed: 1-256)",
    )
    batch.add_argument("--no-pdf", action="store_true", help="write report.json only")
    batch.add_argument("--kb", type=Path, help="knowledge-base directory (default: bundled)")

    cohort = commands.add_parser(
        "cohort", help="cohort_summary.tsv + profiler_mqc.tsv from finished report.json files"
    )
    cohort.add_argument(
        "reports",
        type=Path,
        nargs="+",
        help="SAMPLE/report.json files; each sample is named by its report's folder",
    )
    cohort.add_argument("--out", type=Path, required=True, help="output directory")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="profiler: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    # -v is for our progress lines: WeasyPrint's layout steps and fontTools' subsetting
    # log at INFO through their own loggers, which would flood stderr with internals.
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    command_line = ("profiler", *argv)
    _handle_termination()
    try:
        return _dispatch(args, command_line)
    except ProfilerError as exc:
        print(f"profiler: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        print(f"profiler: terminated by {name}", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print("profiler: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed by its reader (`profiler kb list | head`): not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _dispatch(args: argparse.Namespace, command_line: tuple[str, ...]) -> int:
    from profiler import api

    if args.command == "report":
        options = api.ReportOptions(
            out_dir=args.out,
            vcf=args.vcf,
            fusions=tuple(args.fusions),
            cnv=args.cnv,
            msi=args.msi,
            case=args.case,
            sample=args.sample,
            sv_sample=args.sv_sample,
            cnv_sample=args.cnv_sample,
            assembly=args.assembly,
            include_filtered=args.include_filtered,
            fusion_format=args.fusion_format,
            min_fusion_reads=args.min_fusion_reads,
            cnv_format=args.cnv_format,
            ploidy=args.ploidy,
            amplification_ratio=args.amp_ratio,
            msi_tool=args.msi_tool,
            msi_mode=args.msi_mode,
            msi_threshold=args.msi_threshold,
            callable_mb=args.callable_mb,
            target_bed=args.target_bed,
            tmb_min_vaf=args.tmb_min_vaf,
            bam=args.bam,
            min_mapq=args.min_mapq,
            min_baseq=args.min_baseq,
            min_coverage=args.min_coverage,
            maf=args.maf,
            min_depth=args.min_depth,
            min_vaf=args.min_vaf,
            reference=args.reference,
            use_index=not args.no_index,
            write_pdf=not args.no_pdf,
            kb_dir=args.kb,
            command_line=command_line,
            formats=args.format,
            signed_by=args.signed_by,
            report_date=args.report_date,
            amends=args.amends,
            amendment_reason=args.amendment_reason,
        )
        api.run_report(options)
        return 0
    if args.command == "schema":
        from profiler.resources import schema_path

        sys.stdout.write(schema_path(args.name).read_text(encoding="utf-8"))
        return 0
    if args.command == "demo":
        options = api.demo_options(
            args.out,
            command_line,
            formats=args.format,
            signed_by=args.signed_by,
            report_date=args.report_date,
        )
        api.run_report(options)
        for name in options.formats:
            print(Path(args.out) / f"report.{name}")
        return 0
    if args.command == "batch":
        return _batch(args)
    if args.command == "cohort":
        return _cohort(args)
    from profiler.kb import commands as kb_commands

    if args.kb_command == "validate":
        return kb_commands.validate(args.kb, sys.stdout)
    return kb_commands.list_table(args.kb, sys.stdout, fmt=args.format)


def _batch(args: argparse.Namespace) -> int:
    from profiler.batch import run_batch

    on_done, close = _progress()
    try:
        result = run_batch(
            args.samplesheet,
            args.out,
            jobs=args.jobs,
            on_done=on_done,
            write_pdf=not args.no_pdf,
            kb_dir=args.kb,
        )
    finally:
        close()
    failed = result.failed
    print(
        f"profiler: {len(result.outcomes) - len(failed)} of {len(result.outcomes)} samples "
        f"reported; summary {result.summary}, MultiQC table {result.multiqc}",
        file=sys.stderr,
    )
    for outcome in failed:
        print(f"profiler: failed: {outcome.sample_id}: {outcome.error}", file=sys.stderr)
    return result.exit_code


def _progress() -> tuple[Callable[..., None], Callable[[], None]]:
    """A tqdm bar on a terminal; one plain line per sample otherwise (logs, schedulers)."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="sample", file=sys.stderr, dynamic_ncols=True)

        def update(outcome: SampleOutcome, done: int, total: int) -> None:
            bar.total = total
            bar.update(1)
            if outcome.error:
                bar.write(f"profiler: {outcome.sample_id} failed: {outcome.error}", file=sys.stderr)

        return update, bar.close

    def line(outcome: SampleOutcome, done: int, total: int) -> None:
        what = "ok" if not outcome.error else f"failed: {outcome.error}"
        print(
            f"profiler: [{done}/{total}] {outcome.sample_id} {what} ({outcome.seconds:.1f} s)",
            file=sys.stderr,
            flush=True,
        )

    return line, lambda: None


def _cohort(args: argparse.Namespace) -> int:
    from profiler.cohort import load_entry, write_cohort

    entries = [load_entry(path.resolve().parent.name, path) for path in args.reports]
    names = [e.sample_id for e in entries]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(f"two reports for sample {repeated[0]!r} (named by their folder)")
    for path in write_cohort(args.out, entries):
        print(path)
    return 0


def _add_format_option(parser: argparse.ArgumentParser) -> None:
    """--format, shared by `report` and `demo`."""
    parser.add_argument(
        "--format",
        default="pdf,json",
        help="files to write, comma-separated from pdf, html, json (default pdf,json); json is "
        "always required. html: one self-contained file for lab portals",
    )


def _add_sign_out_options(parser: argparse.ArgumentParser, *, amendments: bool = True) -> None:
    """Sign-out: without --signed-by the report is a draft, marked so on every page.

    `demo` takes the signer and the date but not --amends: the demo replaces no report.
    """
    group = parser.add_argument_group("sign-out")
    group.add_argument(
        "--signed-by",
        metavar="NAME",
        help="the signing pathologist: makes the report final (default: a draft, marked "
        "'DRAFT — not for clinical use' on every page)",
    )
    group.add_argument(
        "--report-date",
        metavar="YYYY-MM-DD",
        help="the report date (default: today, UTC); with it the report carries no "
        "wall-clock time, so the same inputs give byte-identical JSON",
    )
    if not amendments:
        return
    group.add_argument(
        "--amends",
        metavar="REPORT_ID",
        help="the report id this report replaces (needs --amendment-reason)",
    )
    group.add_argument(
        "--amendment-reason", metavar="TEXT", help="why the earlier report is replaced"
    )


def _add_coverage_options(report: argparse.ArgumentParser) -> None:
    """Coverage at the KB target loci from the tumour BAM/CRAM (pertinent negatives)."""
    group = report.add_argument_group("coverage at target loci")
    group.add_argument(
        "--bam",
        type=Path,
        help="indexed tumour BAM or CRAM (CRAM: with --reference): depth at every target "
        "locus, so that 'not detected' says whether the locus was covered",
    )
    group.add_argument(
        "--min-mapq",
        type=int,
        default=DEFAULT_MIN_MAPQ,
        help=f"minimum mapping quality of a read counted (default {DEFAULT_MIN_MAPQ})"
        + _bounds("--min-mapq"),
    )
    group.add_argument(
        "--min-baseq",
        type=int,
        default=DEFAULT_MIN_BASEQ,
        help=f"minimum base quality of a base counted (default {DEFAULT_MIN_BASEQ})"
        + _bounds("--min-baseq"),
    )
    group.add_argument(
        "--min-coverage",
        type=int,
        help="depth below which a target locus is indeterminate (default: the depth at "
        f"which a variant at the --min-vaf VAF, or purity/2 if lower, shows >= {MIN_ALT_READS} "
        f"reads with {CONFIDENCE * 100:.0f}%% probability)" + _bounds("--min-coverage"),
    )


def _add_biomarker_options(report: argparse.ArgumentParser) -> None:
    """Copy number, MSI and TMB: inputs and the thresholds a lab may set (shown in methods)."""
    group = report.add_argument_group("fusions, copy number, MSI and TMB")
    group.add_argument(
        "--fusion-format", help="fusion caller format for every --fusions file (default: detect)"
    )
    group.add_argument(
        "--min-fusion-reads",
        type=int,
        default=DEFAULT_MIN_FUSION_READS,
        help=(
            "minimum supporting reads (junction + spanning, with at least one junction read) "
            f"for an RNA fusion call to count (default {DEFAULT_MIN_FUSION_READS}; 0: no minimum)"
            + _bounds("--min-fusion-reads")
        ),
    )
    group.add_argument(
        "--cnv",
        type=Path,
        help="copy-number calls: CNVkit .cns/.call.cns, GATK .seg, CBS .seg or a gene table",
    )
    group.add_argument("--cnv-format", help="copy-number format (default: detect from the header)")
    group.add_argument(
        "--ploidy",
        type=float,
        default=2.0,
        help="sample ploidy for copy number (default 2)" + _bounds("--ploidy"),
    )
    group.add_argument(
        "--amp-ratio",
        type=float,
        default=3.0,
        help="amplification when copy number > RATIO x ploidy (default 3, PURPLE convention)"
        + _bounds("--amp-ratio"),
    )
    group.add_argument(
        "--msi", type=Path, help="MSI output: MSIsensor / MSIsensor2 / MSIsensor-pro, MANTIS"
    )
    group.add_argument(
        "--msi-tool",
        choices=("MSIsensor", "MSIsensor2", "MSIsensor-pro", "MANTIS"),
        help="the MSI tool, when the file alone does not tell",
    )
    group.add_argument(
        "--msi-mode",
        choices=("tumor_normal", "tumor_only"),
        help="how the MSI tool was run (thresholds differ)",
    )
    group.add_argument(
        "--msi-threshold",
        type=float,
        help="lab-calibrated MSI-H cut-off (needed for MSIsensor-pro and MANTIS)"
        + _bounds("--msi-threshold"),
    )
    group.add_argument(
        "--callable-mb",
        type=float,
        help="callable territory in Mb: enables TMB from the VCF" + _bounds("--callable-mb"),
    )
    group.add_argument("--target-bed", type=Path, help="panel BED: TMB territory and denominator")
    group.add_argument(
        "--tmb-min-vaf",
        type=float,
        default=0.05,
        help="minimum VAF of a variant counted for TMB (default 0.05, FoundationOne CDx)"
        + _bounds("--tmb-min-vaf"),
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
