"""Where the time of one report run goes, in process (seconds per stage).

    python benchmarks/breakdown.py benchmarks/data/somatic_5M.vcf.gz            # indexed
    python benchmarks/breakdown.py benchmarks/data/somatic_1M.vcf.gz --no-index

Wraps a few profiler.api functions with timers and runs `api.run_report` (JSON only) as
the CLI would. Stages: importing profiler.api; loading the KB (validation remembered or
not); opening the VCF (cyvcf2/numpy import, header checks); reading, naming and matching
the variants (the SHA-256 of the input runs in a thread meanwhile); waiting for that
digest; building the report; rendering and validating the JSON; writing it. Python's own
start-up is not included (about 0.02 s here). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import argparse  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

STAGES: list[tuple[str, float]] = [("start", START)]


def mark(label: str) -> None:
    STAGES.append((label, time.perf_counter()))


def timed(module, name: str, before: str, after: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        mark(before)
        result = original(*args, **kwargs)
        mark(after)
        return result

    setattr(module, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vcf", type=Path)
    parser.add_argument("--no-index", action="store_true")
    args = parser.parse_args()
    mark("(arguments)")
    import profiler.api as api
    import profiler.pipeline as pipeline

    mark("import profiler.api")
    kb = api.load_knowledgebase()
    mark("KB load")
    timed(pipeline, "open_small_variants", "(between)", "open VCF")
    timed(api, "build_report", "(rest of build)", "build report")
    timed(api, "render_json", "(between)", "render + validate JSON")
    original_digest = pipeline.sha256_in_background

    def digest_later(path):
        wait = original_digest(path)

        def timed_wait():
            mark("reading, naming, matching")
            value = wait()
            mark("wait for SHA-256")
            return value

        return timed_wait

    pipeline.sha256_in_background = digest_later
    with tempfile.TemporaryDirectory() as out:
        options = api.ReportOptions(
            out_dir=Path(out), vcf=args.vcf, write_pdf=False, use_index=not args.no_index
        )
        api.run_report(options, kb)
    mark("write")
    parts = []
    previous = STAGES[0][1]
    for label, moment in STAGES[1:]:
        if not label.startswith("(") or moment - previous >= 0.005:
            parts.append(f"{label.strip('()')} {moment - previous:.2f}")
        previous = moment
    print(" · ".join(parts) + f" · total {STAGES[-1][1] - START:.2f} s")


if __name__ == "__main__":
    main()
