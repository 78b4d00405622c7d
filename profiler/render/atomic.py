"""Atomic file writes: a report file either appears complete or not at all.

A half-written PDF in a results directory could be picked up by a LIMS or signed by
mistake, so every renderer writes to a temporary file beside the destination and
renames it into place only once the content is complete (``os.replace`` is atomic
within one filesystem, which is why the temporary file lives in the same directory).
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _current_umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)  # elsewhere: the only portable way is to set and restore it
    os.umask(umask)
    return umask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it onto `path` if the block succeeds.

    On any exception the temporary file is removed and the exception propagates, so a
    failed render never leaves a partial report (nor a stray temporary file) behind.
    Raises FileNotFoundError before the block runs when the destination directory
    does not exist.
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path(".")
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp creates files readable by the owner only; a report is an ordinary
        # output file, so give it the permissions a plain open() would have.
        os.chmod(tmp, 0o666 & ~_current_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` atomically (flushed to disk before the rename)."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically; see `atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode(encoding))


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems refuse fsync on a directory
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish_pair(
    staged_json: Path, staged_pdf: Path | None, out_dir: Path, *, pdf_name: str = "report.pdf"
) -> tuple[Path, ...]:
    """report.json and report.pdf (or none): `publish_outputs` without an HTML twin."""
    return publish_outputs(staged_json, out_dir, pdf=staged_pdf, pdf_name=pdf_name)


def publish_outputs(
    staged_json: Path,
    out_dir: Path,
    *,
    pdf: Path | None = None,
    html: Path | None = None,
    pdf_name: str = "report.pdf",
    html_name: str = "report.html",
) -> tuple[Path, ...]:
    """Move a rendered report.json (with report.pdf, report.html) into `out_dir` as one unit.

    Several names cannot change in one atomic step, so the JSON is the commit record: the
    old report.json goes first, then each of the PDF and the HTML is put in place (or,
    when this run did not render it, the old one is removed, so that it never sits
    beside a report it does not belong to), and the new report.json comes last. A run
    killed at any point therefore leaves either the new set, or no report.json at all
    beside files that are each complete in themselves; never a report.json beside
    another run's PDF or HTML. All files also carry the same report id.
    SIGINT/SIGTERM are held back during the renames, so only SIGKILL/SIGSTOP can stop it
    between them.
    """
    json_target = out_dir / staged_json.name
    companions = ((pdf, out_dir / pdf_name), (html, out_dir / html_name))
    for staged in (staged_json, pdf, html):
        if staged is not None:
            _fsync_file(staged)
    signals = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(json_target)
        for staged, target in companions:
            if staged is not None:
                os.replace(staged, target)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
        os.replace(staged_json, json_target)
        _fsync_dir(out_dir)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    return (json_target, *(target for staged, target in companions if staged is not None))
