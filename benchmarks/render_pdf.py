"""PDF render time of a synthetic report with N findings (issue 15: 204 findings, 137 s).

    python benchmarks/render_pdf.py 200

The report is the test suite's (tests/test_scale.py: a fifth of the findings actionable
cards with therapies and notes, the rest rows of the other-findings table), rendered by
the real renderer twice in the same run: first as a plain PDF (the baseline, what the
renderer wrote before PDF/A), then as the report is now written (PDF/A-3b with report.json
embedded). Prints wall and CPU seconds, the page count and the ratio. Not a test.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pypdf import PdfReader
from test_scale import _many_findings

from profiler.render.json_report import report_to_dict
from profiler.render.pdf import render_pdf


def _timed(label: str, render) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = render()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    sys.stdout.write(
        f"{label}: {pages} pages, {len(pdf):,} bytes in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({cpu / pages:.2f} s CPU a page)\n"
    )
    return cpu


def main(count: int) -> None:
    import json

    report = _many_findings(count)
    # the hand-built report has no report id, so it is embedded as a plain dict dump
    embedded = json.dumps(report_to_dict(report), indent=2, default=str).encode()
    sys.stdout.write(f"{len(report.findings)} findings\n")
    render_pdf(_many_findings(5), archival=False)  # warm-up: fonts and caches load once
    base = _timed("plain PDF (baseline)", lambda: render_pdf(report, archival=False))
    now = _timed("PDF/A-3b + report.json", lambda: render_pdf(report, embedded_json=embedded))
    sys.stdout.write(f"ratio PDF/A-3b / plain (CPU): {now / base:.2f}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
