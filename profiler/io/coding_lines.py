"""Which data lines of a text VCF mention a term (TMB: a coding consequence), found by a
second process.

TMB needs every record of the file, but only PASS records with a coding consequence can
count, about 2% of a genome's calls. Deciding that in Python costs a multi-term search of
each record's annotation (2-3 us a record with `re`, more than the rest of the text
pre-filter); `grep -F` does the same search at about 1 GB/s, on another core, while the
pre-filter reads the lines (vcf_text.py). This module starts `bgzip -dc FILE | grep -n -o
-F -e TERM ...` (or grep on a plain VCF) and yields the numbers of the data lines that
mention a term, in increasing order. A line named here is only a candidate: cyvcf2 then
reads its annotation, so a term elsewhere in the line costs time, never a wrong count.
Without grep (or bgzip for compressed input) `start_search` returns None and the
pre-filter searches each PASS line itself with a regular expression: slower, same result.
A grep or bgzip failure is an error, never a silently shorter list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from profiler.errors import InputError


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
