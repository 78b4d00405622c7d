"""One exception family, so the CLI can map every failure to a documented exit code."""

from __future__ import annotations

from pathlib import Path


class ProfilerError(Exception):
    """Base class of every error profiler raises on purpose."""

    exit_code = 1


class InputError(ProfilerError):
    """An input file (or option) that profiler cannot use.

    Carries the file, the line or record, and the field, so the one-line message tells
    a pipeline operator exactly where to look.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.reason = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field}")
        prefix = ":".join(where[:1]) + (" (" + ", ".join(where[1:]) + ")" if where[1:] else "")
        return f"{prefix}: {self.reason}" if prefix else self.reason


class UnsupportedInputError(InputError):
    """An option that names a capability this release does not have yet."""

    exit_code = 2


class KnowledgeBaseError(ProfilerError):
    """The knowledge base is missing, unreadable or fails its schema."""

    exit_code = 3


class RenderError(ProfilerError):
    """The report could not be rendered or failed its own schema."""

    exit_code = 4
