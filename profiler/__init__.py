"""profiler: a molecular-profiling report interpreter for biliary tract cancer."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it from here
# ([tool.hatch.version]), and no run pays for importlib.metadata (~0.05 s) to look it up.
__version__ = "0.1.0"

__all__ = ["__version__"]
