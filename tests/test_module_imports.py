"""The package's import structure: the API runs the steps, the steps never import the API.

pipeline.py once imported ReportOptions from api.py (under TYPE_CHECKING) while api.py
imported the steps from pipeline.py: an import circle. The options now live in
profiler/options.py, and only the API's callers (cli.py, batch.py, the lazy
profiler.run_report in __init__.py) import profiler.api.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "profiler"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_callers_of_the_api_import_it():
    # cli.py and batch.py call run_report(); __init__.py serves profiler.run_report
    # lazily (issue 14). No step, reader or renderer may.
    importers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "api.py" and "profiler.api" in _imported_modules(path)
    )
    assert importers == ["__init__.py", "batch.py", "cli.py"]


def test_the_steps_load_without_the_api():
    code = "import sys, profiler.pipeline; sys.exit(10 * ('profiler.api' in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_report_options_are_still_importable_from_the_api():
    from profiler import api, options

    assert api.ReportOptions is options.ReportOptions
