"""One validation layer for numbers: finite, in range, of a sane size.

Every number profiler acts on (a reader's cell, a case field, an option) goes through
here, because each unchecked spelling once produced a quiet, wrong report: `nan`
creatinine clearance compared False with every limit and ruled cisplatin out, CNV `inf`
or `-3` copies were called, `--callable-mb 1e-300` gave TMB-H at 1e302 and a 5,000-digit
integer raised ValueError deep inside a reader. The core functions raise `NumberError`
(a ValueError with a short reason); readers use `read_float` / `read_int`, which turn it
into an InputError naming the file, line and field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError

# A count or coordinate with more digits than this is no measurement (2^63 has 19): it
# is refused before int() so that a 5,000-digit cell cannot hit Python's int-size limit.
MAX_INT_DIGITS = 18
# No real decimal number in a caller's output is longer than this (float() accepts any
# length, and a long one usually means a binary or corrupt cell).
MAX_NUMBER_CHARS = 64
_INT = re.compile(r"[+-]?[0-9]+")


class NumberError(ValueError):
    """A value that is not a usable number; the message says why, without a location."""


@dataclass(frozen=True)
class Bounds:
    """An interval a value must lie in; None means unbounded on that side."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: low itself is excluded
    high_open: bool = False

    def describe(self) -> str:
        """'in [0, 1]', 'in (0, 100]', '>= 0' ... for one-line messages and --help."""
        if self.low is not None and self.high is not None:
            left = "(" if self.low_open else "["
            right = ")" if self.high_open else "]"
            return f"in {left}{_plain(self.low)}, {_plain(self.high)}{right}"
        if self.low is not None:
            return f"{'>' if self.low_open else '>='} {_plain(self.low)}"
        if self.high is not None:
            return f"{'<' if self.high_open else '<='} {_plain(self.high)}"
        return "finite"

    def contains(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return self.high is None or not (
            value >= self.high if self.high_open else value > self.high
        )


def _plain(value: float) -> str:
    """1000000 as '1000000', not '1e+06': bounds are read by people typing options."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


FINITE = Bounds()
NON_NEGATIVE = Bounds(low=0)


def check_float(value: float, bounds: Bounds = FINITE) -> float:
    """`value` itself when finite and within `bounds`; else NumberError."""
    if not math.isfinite(value):
        raise NumberError(f"must be a finite number, not {value!r}")
    if not bounds.contains(value):
        raise NumberError(f"must be {bounds.describe()}, not {value:g}")
    return value


def check_int(value: int, bounds: Bounds = FINITE) -> int:
    """`value` itself when it has at most MAX_INT_DIGITS digits and lies within `bounds`."""
    if abs(value) >= 10**MAX_INT_DIGITS:
        raise NumberError(f"is too large (more than {MAX_INT_DIGITS} digits)")
    if not bounds.contains(value):
        raise NumberError(f"must be {bounds.describe()}, not {value}")
    return value


def parse_float(text: str, bounds: Bounds = FINITE) -> float:
    """A decimal number written as text ('2.04', '-0.5', '1e-3'): finite, in `bounds`."""
    value = text.strip()
    if len(value) > MAX_NUMBER_CHARS:
        raise NumberError(f"is not a number ({len(value)} characters long)")
    try:
        parsed = float(value)
    except ValueError:
        raise NumberError(f"expected a number, found {value!r}") from None
    if not math.isfinite(parsed):
        raise NumberError(f"expected a finite number, found {value!r}")
    return check_float(parsed, bounds)


def parse_int(text: str, bounds: Bounds = FINITE) -> int:
    """An integer written as digits only (no '1e3', no '12.0'), of a sane size, in `bounds`."""
    value = text.strip()
    if not _INT.fullmatch(value):
        raise NumberError(f"expected an integer, found {value[:40]!r}")
    if len(value.lstrip("+-")) > MAX_INT_DIGITS:
        raise NumberError(f"integer is too large ({len(value.lstrip('+-'))} digits)")
    return check_int(int(value), bounds)


def read_float(
    text: str, path: Path | str, line: int | None, field: str, bounds: Bounds = FINITE
) -> float:
    """`parse_float` for a reader: a bad cell is an InputError naming file, line and field."""
    try:
        return parse_float(text, bounds)
    except NumberError as exc:
        raise InputError(str(exc), path=path, line=line, field=field) from None


def read_int(
    text: str, path: Path | str, line: int | None, field: str, bounds: Bounds = FINITE
) -> int:
    """`parse_int` for a reader: a bad cell is an InputError naming file, line and field."""
    try:
        return parse_int(text, bounds)
    except NumberError as exc:
        raise InputError(str(exc), path=path, line=line, field=field) from None
