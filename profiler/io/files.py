"""Opening an input safely: regular files only, never blocking, never without a size limit.

Every input is hashed into the report's provenance after it is read (profiler/provenance.py).
A pipe, a FIFO or a terminal (`--case /dev/stdin`) can be read only once, so the digest
taken afterwards would be that of empty input, and nobody could re-hash it later to check
the report; a character device such as /dev/zero never ends. So inputs must be regular
files: a pipeline that produces an input on the fly writes it to a file first. The file is
opened with O_NONBLOCK (opening a FIFO would otherwise wait for a writer) and checked with
fstat on the open descriptor, so a path swapped after a check cannot slip through.

Size limits, per kind of input (on the file and, for gzip, on the decompressed text): they
are far above any real output of the tools read and only stop a wrong file from taking
all memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from profiler.errors import InputError

MiB = 1 << 20

CASE_LIMIT = 1 * MiB  # one case's clinical facts: a few hundred bytes
TABLE_LIMIT = 256 * MiB  # a fusion, copy-number or MSI caller's table, a target BED


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe or FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def open_regular(path: str | Path) -> BinaryIO:
    """The file opened for binary reading; OSError (ENOENT, ...) or InputError if not regular."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                f"is {_kind(mode)}, not a regular file: write the input to a file first "
                "(its SHA-256 goes into the report, so it must be readable again)",
                path=path,
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_limited(handle: BinaryIO, limit: int, path: str | Path) -> bytes:
    """Everything in `handle`, refused (InputError) if it is more than `limit` bytes."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"larger than the {limit // MiB} MiB limit for this input", path=path)
    return data


def read_input_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular input file of at most `limit` bytes, else an InputError."""
    try:
        with open_regular(path) as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise InputError(
                    f"larger than the {limit // MiB} MiB limit for this input", path=path
                )
            return read_limited(handle, limit, path)
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=path) from exc


def require_regular(path: str | Path) -> None:
    """Refuse (InputError) a path that is not a readable regular file, without blocking.

    For inputs that a library (htslib) opens itself and streams: no size limit there.
    """
    try:
        open_regular(path).close()
    except FileNotFoundError as exc:
        raise InputError("file not found", path=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=path) from exc
