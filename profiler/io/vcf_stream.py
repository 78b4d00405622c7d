"""The decompressed text of a VCF, read in chunks and searched for terms, each by a
second process where one is installed.

- `decompressed_chunks`: the text in chunks of about CHUNK_BYTES. gzip input goes through
  `bgzip -dc` when it is installed, so decompression runs on another core while this one
  reads the lines; otherwise the gzip module decompresses in this process.
- `start_search`: which data lines mention a term (TMB: a coding consequence). TMB needs
  every record of the file, but only PASS records with a coding consequence can count,
  about 2% of a genome's calls. Deciding that in Python costs a multi-term search of each
  record's annotation (2-3 us a record with `re`, more than the rest of the text
  pre-filter); `grep -F` does the same search at about 1 GB/s on another core while the
  pre-filter (vcf_text.py) reads the lines. It runs `bgzip -dc FILE | grep -n -o -F -e
  TERM ...` (or grep on a plain VCF) and yields the numbers of the data lines that mention
  a term, in increasing order. A line named there is only a candidate: cyvcf2 then reads
  it, so a term elsewhere in the line costs time, never a wrong count. Without grep (or
  bgzip for compressed input) it returns None and the pre-filter searches each PASS line
  itself with a regular expression: slower, same result. A grep or bgzip failure is an
  error, never a silently shorter list.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from profiler.errors import InputError

CHUNK_BYTES = 1 << 20


def text_flavour(path: Path) -> str | None:
    """'gzip' (BGZF or plain gzip) or 'plain' for VCF text; None for BCF or anything else."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(2)
        if magic == b"\x1f\x8b":
            with gzip.open(path, "rb") as handle:
                return "gzip" if handle.read(2) == b"##" else None
        return "plain" if magic == b"##" else None
    except (OSError, EOFError, zlib.error):
        return None


def decompressed_chunks(path: Path, flavour: str) -> Iterator[bytes]:
    """The file's text in chunks of about CHUNK_BYTES.

    gzip input goes through `bgzip -dc` when it is installed: the decompression then runs
    in its own process, on another core, while this one reads the lines. Otherwise the
    gzip module decompresses in this process.
    """
    if flavour == "plain":
        with open(path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk
        return
    bgzip = shutil.which("bgzip")
    proc = None
    if bgzip is not None:
        try:
            proc = subprocess.Popen(
                [bgzip, "-dc", os.fspath(Path(path).resolve())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError:  # found but not runnable: decompress here instead
            proc = None
    if proc is None:
        try:
            with gzip.open(path, "rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    yield chunk
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot decompress the VCF ({exc})", path=path) from exc
        return
    assert proc.stdout is not None and proc.stderr is not None
    _widen_pipe(proc.stdout.fileno())
    finished = False
    try:
        while chunk := proc.stdout.read(CHUNK_BYTES):
            yield chunk
        finished = True
    finally:
        if not finished:  # the reader stopped early (an error, or the caller let go)
            proc.kill()
        proc.stdout.close()
        message = proc.stderr.read().decode(errors="replace").strip()
        proc.stderr.close()
        status = proc.wait()
    if status != 0:
        raise InputError(f"cannot decompress the VCF (bgzip: {message})", path=path)


def _widen_pipe(fd: int) -> None:
    """Let bgzip run a chunk ahead: with Linux's default 64 KiB pipe it waits for every read."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, CHUNK_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or a lower pipe-max-size
        pass


class LineSearch:
    """A running `grep -n -o -F`; iterate it for the data-line numbers with a match."""

    def __init__(self, path: Path, processes: list[subprocess.Popen]) -> None:
        self.path = path
        self._processes = processes
        self._closed = False
        self.header_lines = 0  # set by the pre-filter once it has read the header

    def __iter__(self) -> Iterator[int]:
        grep = self._processes[-1]
        assert grep.stdout is not None
        last = 0
        for output in grep.stdout:
            number = int(output[: output.index(b":")]) - self.header_lines
            if number > last:  # header lines and repeated matches of one line are skipped
                last = number
                yield number
        self.close(check=True)  # the search ran to its end: a failure is an error here

    def close(self, *, check: bool = False) -> None:
        """Stop the processes; with `check`, raise if one of them failed (grep: 1 = no line)."""
        if self._closed:
            return
        self._closed = True
        failed = []
        for process in reversed(self._processes):
            if not check and process.poll() is None:
                process.kill()
            if process.stdout is not None:
                process.stdout.close()
            assert process.stderr is not None
            message = process.stderr.read().decode(errors="replace").strip() if check else ""
            process.stderr.close()
            ok = (0, 1) if process is self._processes[-1] else (0,)
            if process.wait() not in ok and check:
                failed.append(message or f"{Path(str(process.args[0])).name} failed")
        if failed:
            raise InputError(f"cannot search the VCF text ({'; '.join(failed)})", path=self.path)


def start_search(path: Path, flavour: str, terms: Iterable[str]) -> LineSearch | None:
    """Start searching the file for `terms`; None when grep (or bgzip) is not installed."""
    grep = shutil.which("grep")
    bgzip = shutil.which("bgzip") if flavour == "gzip" else None
    if grep is None or (flavour == "gzip" and bgzip is None):
        return None
    patterns = [arg for term in sorted(terms) for arg in ("-e", term)]
    source = os.fspath(Path(path).resolve())
    processes: list[subprocess.Popen] = []
    try:
        if bgzip is not None:
            processes.append(
                subprocess.Popen(
                    [bgzip, "-dc", source],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            )
        processes.append(
            subprocess.Popen(
                [grep, "-n", "-o", "-F", "-a", *patterns] + ([] if processes else ["--", source]),
                stdin=processes[0].stdout if processes else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, "LC_ALL": "C"},
            )
        )
    except OSError:
        for process in processes:
            process.kill()
        return None
    if len(processes) == 2 and processes[0].stdout is not None:
        processes[0].stdout.close()  # grep owns the pipe now; bgzip sees SIGPIPE if grep stops
        processes[0].stdout = None
    return LineSearch(Path(path), processes)
