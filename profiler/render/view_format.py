"""How single values look on the page: missing values, numbers, dates, lists.

Shared by every part of the view-model (profiler.render.view and the view_* modules it
assembles) so that "unknown", a VAF or a date reads the same in every section.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

NOT_KNOWN = "not known"  # a clinical fact the case record does not give
NOT_APPLICABLE = "—"  # a measurement that does not exist or was not reported


def as_text(value: object | None, missing: str = NOT_KNOWN) -> str:
    """The value as shown, or `missing` when it is None or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return missing
    return str(value)


def humanize(name: str) -> str:
    """A code name as a label, for codes without their own label: "not_met" -> "Not met"."""
    return name.replace("_", " ").capitalize()


def format_vaf(vaf: float | None) -> str:
    """A variant allele fraction (0–1) as a percentage with one decimal: 0.341 -> "34.1%"."""
    if vaf is None:
        return NOT_APPLICABLE
    return f"{vaf * 100:.1f}%"


def format_count(value: int | None) -> str:
    """A read count with thousands separators: 1234 -> "1,234"."""
    if value is None:
        return NOT_APPLICABLE
    return f"{value:,}"


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th" (the line of therapy)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _parse_timestamp(value: str) -> datetime | None:
    try:
        # Python 3.10's fromisoformat does not accept the "Z" suffix.
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed


def format_timestamp(value: str) -> str:
    """An ISO 8601 timestamp as "YYYY-MM-DD HH:MM UTC"; unparseable text is shown as is."""
    parsed = _parse_timestamp(value)
    if parsed is None:
        return value
    zone = " UTC" if parsed.tzinfo else ""
    return parsed.strftime("%Y-%m-%d %H:%M") + zone


def date_part(value: str) -> str:
    """The date of an ISO 8601 timestamp ("YYYY-MM-DD"); unparseable text is shown as is."""
    parsed = _parse_timestamp(value)
    return parsed.strftime("%Y-%m-%d") if parsed else value


def join_text(items: Iterable[object], sep: str = ", ") -> str:
    """The items that are present (not None, not empty), joined."""
    return sep.join(str(i) for i in items if i is not None and str(i) != "")
