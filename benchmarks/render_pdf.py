"""PDF render time of a synthetic report with N findings (issue 15: 204 findings, 137 s).

    python benchmarks/render_pdf.py 200

The report is the test suite's (tests/test_scale.py: a fifth of the findings actionable
cards with therapies and notes, the rest rows of the other-findings table), rendered by
the real renderer. Prints wall and CPU seconds and the page count. Not a test.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pypdf import PdfReader
from test_scale import _many_findings

from profiler.render.pdf import render_pdf


def main(count: int) -> None:
    report = _many_findings(count)
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = render_pdf(report)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    sys.stdout.write(
        f"{len(report.findings)} findings: {pages} pages in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({cpu / pages:.2f} s CPU a page)\n"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
