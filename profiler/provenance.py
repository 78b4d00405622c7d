"""Provenance: input digests and the report's timestamp, so a signed report can be reproduced."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from profiler.io.files import open_regular


def sha256_of(path: Path) -> str:
    """The SHA-256 of a regular file (a pipe's bytes would be gone: profiler/io/files.py)."""
    digest = hashlib.sha256()
    with open_regular(path) as handle:
        # 8 MiB blocks: hashlib releases the GIL per block, so a hashing thread (below)
        # waits for the GIL once per block rather than once per MiB
        for block in iter(lambda: handle.read(1 << 23), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_in_background(path: Path) -> Callable[[], str]:
    """sha256_of(path) in a thread, on another core while the file is read; call to get it."""
    result: list = []

    def work() -> None:
        try:
            result.append(sha256_of(path))
        except BaseException as exc:  # raised where the digest is asked for
            result.append(exc)

    thread = threading.Thread(target=work, name="sha256", daemon=True)
    thread.start()

    def digest() -> str:
        thread.join()
        if isinstance(result[0], BaseException):
            raise result[0]
        return result[0]

    return digest


def generated_at() -> str:
    """UTC now, or SOURCE_DATE_EPOCH when set (reproducible builds and golden tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(tz=timezone.utc)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def report_dates(report_date: str | None) -> tuple[str | None, str]:
    """(generated_at, report_date) of a run.

    With a report date given (--report-date) the report carries no wall-clock time at
    all, so two runs of the same case are byte-identical; without one, the report date
    is the UTC date of the generation time.
    """
    if report_date is not None:
        return None, report_date
    moment = generated_at()
    return moment, moment[:10]
