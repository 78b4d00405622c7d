"""profiler: a molecular-profiling report interpreter for biliary tract cancer.

`profiler.run_report(...)` is the function the command line calls (profiler/api.py); it
is imported on first use, so `import profiler` stays cheap (no WeasyPrint, no KB).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~10 ms)

# The one place the version is written: pyproject.toml reads it from here
# ([tool.hatch.version]), and no run pays for importlib.metadata (~0.05 s) to look it up.
__version__ = "0.1.0"

__all__ = ["ReportOptions", "__version__", "run_report"]

if TYPE_CHECKING:  # pragma: no cover
    from profiler.api import ReportOptions, run_report

# Names served from profiler.api on first access (PEP 562), so `import profiler` loads nothing.
_LAZY = {"run_report", "ReportOptions"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from profiler import api

        return getattr(api, name)
    raise AttributeError(f"module 'profiler' has no attribute {name!r}")
