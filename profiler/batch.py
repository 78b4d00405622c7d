"""`profiler batch`: every sample of a sample sheet through the same run_report().

Each sample is its own report run into OUT/<sample_id>/ (its own lock, its own
all-or-nothing publication). One sample's unusable input fails that sample only: its
one-line error goes into the cohort summary and the batch exits non-zero. An invalid
knowledge base or sample sheet stops the batch before any sample runs, since it would
fail every sample alike. `jobs > 1` runs samples in a process pool (spawned workers:
each sample's reading is CPU-bound Python, so threads would share one core).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from profiler import api
from profiler.cohort import CohortEntry, load_entry, write_cohort
from profiler.errors import InputError, ProfilerError
from profiler.kb import load_knowledgebase
from profiler.samplesheet import SampleRow, read_samplesheet

log = logging.getLogger(__name__)

MAX_JOBS = 256


@dataclass(frozen=True)
class SampleOutcome:
    sample_id: str
    exit_code: int  # 0: report written; else the exit code `profiler report` would give
    error: str | None = None  # one line
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@dataclass(frozen=True)
class BatchResult:
    exit_code: int  # 0 when every sample succeeded; else the highest sample exit code
    outcomes: tuple[SampleOutcome, ...]
    summary: Path
    multiqc: Path

    @property
    def failed(self) -> tuple[SampleOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)


def sample_options(
    row: SampleRow,
    out_dir: Path,
    report_options: Mapping[str, object],
) -> api.ReportOptions:
    """The ReportOptions of one sample; `report_options` (write_pdf, kb_dir, thresholds...)
    are forwarded unchanged, so every option `profiler report` has applies to a batch."""
    sample_out = Path(out_dir) / row.sample_id
    command = ["profiler", "report"]
    for flag, value in (("--vcf", row.vcf), ("--maf", row.maf), ("--cnv", row.cnv)):
        command += [flag, str(value)] if value is not None else []
    for path in row.fusions:
        command += ["--fusions", str(path)]
    for flag, value in (("--msi", row.msi), ("--case", row.case)):
        command += [flag, str(value)] if value is not None else []
    if not report_options.get("write_pdf", True):
        command.append("--no-pdf")
    command += ["--out", str(sample_out)]
    return api.ReportOptions(
        out_dir=sample_out,
        vcf=row.vcf,
        maf=row.maf,
        fusions=row.fusions,
        cnv=row.cnv,
        msi=row.msi,
        case=row.case,
        command_line=tuple(command),  # what one `profiler report` of this sample would be
        **report_options,  # type: ignore[arg-type]
    )


def run_sample(
    row: SampleRow, out_dir: Path, report_options: Mapping[str, object]
) -> SampleOutcome:
    """One sample's report; every error is caught and returned, so the cohort goes on."""
    start = time.perf_counter()
    try:
        api.run_report(sample_options(row, out_dir, report_options))
    except ProfilerError as exc:
        return SampleOutcome(row.sample_id, exc.exit_code, _one_line(exc), _since(start))
    except Exception as exc:  # an unexpected error in one sample must not end the cohort
        log.exception("sample %s: unexpected error", row.sample_id)
        return SampleOutcome(
            row.sample_id, 1, f"unexpected error: {type(exc).__name__}: {_one_line(exc)}"
        )
    return SampleOutcome(row.sample_id, 0, None, _since(start))


def run_batch(
    samplesheet: Path,
    out_dir: Path,
    *,
    jobs: int = 1,
    on_done: Callable[[SampleOutcome, int, int], None] | None = None,
    **report_options: object,
) -> BatchResult:
    """Run every sample of the sheet, then write the cohort summary and MultiQC table.

    `on_done(outcome, done, total)` is called in this process as each sample finishes
    (the CLI's progress bar or log lines).
    """
    if not 1 <= jobs <= MAX_JOBS:
        raise InputError(f"--jobs must be 1 to {MAX_JOBS}, not {jobs}")
    rows = read_samplesheet(samplesheet)
    load_knowledgebase(report_options.get("kb_dir"))  # an invalid KB fails once, here (exit 3)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, SampleOutcome] = {}
    if jobs == 1 or len(rows) == 1:
        for row in rows:
            outcomes[row.sample_id] = done = run_sample(row, out_dir, report_options)
            _notify(on_done, done, len(outcomes), len(rows))
    else:
        workers = min(jobs, len(rows))
        level = logging.getLogger("profiler").getEffectiveLevel()
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("spawn"),
            initializer=_init_worker,
            initargs=(level,),
        ) as pool:
            futures = {pool.submit(run_sample, row, out_dir, report_options): row for row in rows}
            try:
                for future in as_completed(futures):
                    done = _outcome(future, futures[future])
                    outcomes[done.sample_id] = done
                    _notify(on_done, done, len(outcomes), len(rows))
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    ordered = tuple(outcomes[row.sample_id] for row in rows)
    entries = [_entry(outcome, out_dir) for outcome in ordered]
    summary, multiqc = write_cohort(out_dir, entries)
    exit_code = max((o.exit_code for o in ordered), default=0)
    return BatchResult(exit_code=exit_code, outcomes=ordered, summary=summary, multiqc=multiqc)


def _outcome(future: Future, row: SampleRow) -> SampleOutcome:
    """A finished future's outcome; a worker that died (killed, out of memory) fails its
    sample (and a broken pool the samples it still held), never the whole batch."""
    try:
        return future.result()
    except Exception as exc:
        return SampleOutcome(
            row.sample_id, 1, f"worker process failed: {type(exc).__name__}: {_one_line(exc)}"
        )


def _entry(outcome: SampleOutcome, out_dir: Path) -> CohortEntry:
    if not outcome.ok:
        return CohortEntry(outcome.sample_id, error=outcome.error)
    try:
        return load_entry(outcome.sample_id, out_dir / outcome.sample_id / "report.json")
    except InputError as exc:  # removed between its run and the summary
        return CohortEntry(outcome.sample_id, error=_one_line(exc))


def _init_worker(level: int) -> None:
    """A spawned worker logs like the parent (same level and prefix on stderr)."""
    logging.basicConfig(level=level, format="profiler: %(levelname)s: %(message)s")


def _notify(
    on_done: Callable[[SampleOutcome, int, int], None] | None,
    outcome: SampleOutcome,
    done: int,
    total: int,
) -> None:
    if on_done is not None:
        on_done(outcome, done, total)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _since(start: float) -> float:
    return round(time.perf_counter() - start, 3)
