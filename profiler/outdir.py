"""The output folder, claimed before any input is read.

A report run reads inputs for seconds to minutes; finding only afterwards that `--out` is
a file, read-only or taken by another run wastes that work and used to end in a
traceback. `claim_out_dir` checks the folder by doing what the run will do there (create
it, take its lock, create the staging folder), so every such problem is one line, exit 4,
before the first input is opened.

Lock: `fcntl.flock` on `DIR/.profiler.lock` (works on NFS, unlike a lock on the directory
itself, which would need the directory open for writing). A second run into the same
folder fails at once rather than waiting: a waiting run behind a paused (SIGSTOP) one would
hang a pipeline silently, a clear message does not. The lock file is removed on release;
the inode check after locking keeps that removal race-free.

Staging: `.profiler-*` folders are where a run renders before publishing (see
`render/atomic.publish_outputs`). A run killed with SIGKILL leaves its folder behind; the
next run that holds the lock removes the ones older than `STALE_AFTER_SECONDS`. Scratch
files in the temporary directory named with a dead process id are removed likewise.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from profiler.errors import RenderError

LOCK_NAME = ".profiler.lock"
STAGING_PREFIX = ".profiler-"
STALE_AFTER_SECONDS = 10 * 60
SCRATCH_PREFIX = "profiler-"

_SCRATCH_NAME = re.compile(r"profiler-(\d+)-")


def _fail(out_dir: Path, exc: OSError | str) -> RenderError:
    why = exc if isinstance(exc, str) else _why(exc)
    return RenderError(f"cannot write the report to {out_dir}: {why}")


def _make_dir(out_dir: Path) -> bool:
    """Create `out_dir` if needed; True if this call created it."""
    try:
        if stat.S_ISDIR(os.stat(out_dir).st_mode):
            return False
        raise _fail(out_dir, "it exists and is not a directory")
    except FileNotFoundError:
        pass
    except OSError as exc:  # name too long, a part of the path is a file, ...
        raise _fail(out_dir, _why(exc)) from exc
    try:
        out_dir.mkdir(parents=True)
    except FileExistsError as exc:  # a dangling symlink, or a file made meanwhile
        raise _fail(out_dir, "it exists and is not a directory") from exc
    except OSError as exc:  # read-only, no space, ...
        raise _fail(out_dir, _why(exc)) from exc
    return True


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a directory"
    return exc.strerror or str(exc)


def _lock(out_dir: Path) -> int:
    """Hold `out_dir`'s lock file; RenderError naming the folder if another run holds it."""
    path = out_dir / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise _fail(out_dir, exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RenderError(
                f"cannot write the report to {out_dir}: another profiler run is writing "
                f"there (it holds {path}); wait for it to finish or choose another --out"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise _fail(out_dir, exc) from exc
        # the holder before us may have removed the file after we opened it: a lock on
        # a removed inode locks nothing, so lock the file the name points to now
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def _unlock(out_dir: Path, fd: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(out_dir / LOCK_NAME)  # while still holding it: see _lock
    os.close(fd)


def remove_stale_staging(out_dir: Path, now: float | None = None) -> list[Path]:
    """Remove `.profiler-*` folders older than STALE_AFTER_SECONDS (call with the lock held)."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(out_dir):
            if not entry.name.startswith(STAGING_PREFIX) or entry.name == LOCK_NAME:
                continue
            with contextlib.suppress(OSError):
                if not entry.is_dir(follow_symlinks=False):
                    continue
                if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_SECONDS:
                    continue
                shutil.rmtree(entry.path)
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def remove_stale_scratch(folder: str | None = None, now: float | None = None) -> list[Path]:
    """Remove our `profiler-<pid>-*` scratch files of dead processes, older than the limit."""
    folder = folder or tempfile.gettempdir()
    now = time.time() if now is None else now
    removed = []
    uid = os.getuid()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _SCRATCH_NAME.match(entry.name)
            if match is None:
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if info.st_uid != uid or now - info.st_mtime < STALE_AFTER_SECONDS:
                    continue
                if _alive(int(match.group(1))):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def claim_out_dir(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Create and lock `out_dir`, clean stale staging, and yield a new staging folder.

    Raises RenderError (exit 4, one line) when the folder cannot be written or another run
    holds it. The staging folder is removed on exit, whatever happens in the block, and so
    is the output folder itself if this call created it and the block failed.
    """
    out = Path(out_dir)
    created = _make_dir(out)
    fd = _lock(out)
    published = False
    try:
        remove_stale_staging(out)
        remove_stale_scratch()
        try:
            staging = Path(tempfile.mkdtemp(dir=out, prefix=STAGING_PREFIX))
        except OSError as exc:
            raise _fail(out, exc) from exc
        try:
            yield staging
            published = True
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        _unlock(out, fd)
        if created and not published:  # a failed run leaves no empty folder it made
            with contextlib.suppress(OSError):
                out.rmdir()
