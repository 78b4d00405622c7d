"""File names, not paths, on the page: a report travels; the server's directories must not.

The JSON keeps every full path (provenance, caller records) so a run can be traced. The
page shows the file name only: the input paths the report knows are replaced by their
names, and any other absolute path left in a sentence (a reader's note, a warning) is cut
to its last part. Links (`href`) and markup are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

# An absolute POSIX path of two or more parts, not inside a URL ("https://host/a/b"),
# a unit ("mL/min") or a regimen ("5-FU/leucovorin").
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~-])/(?:[^\s/'\"(),;<>]+/)+([^\s/'\"(),;<>]*)")


def file_name(path: str) -> str:
    """The last part of a path ("/data/run7/a.vcf.gz" -> "a.vcf.gz")."""
    return PurePath(path).name or path


def strip_paths(text: str, known: Iterable[str] = ()) -> str:
    """`text` with every path in `known`, then every other absolute path, cut to its name."""
    for path in sorted(set(known), key=len, reverse=True):
        if path and ("/" in path or "\\" in path) and path in text:
            text = text.replace(path, file_name(path))
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1) or file_name(m.group(0).rstrip("/")), text)


def without_paths(value: Any, known: tuple[str, ...]) -> Any:
    """The view-model with `strip_paths` applied to every string but links and markup."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return strip_paths(value, known)
    if isinstance(value, dict):
        return {k: v if k == "href" else without_paths(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [without_paths(v, known) for v in value]
    if isinstance(value, tuple):
        return tuple(without_paths(v, known) for v in value)
    return value
