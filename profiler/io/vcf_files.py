"""Opening a VCF with cyvcf2, and its index: read once, only when regions are read.

While htslib reads the header of a bgzipped VCF it also reads the .tbi beside it, to add
the contigs the index lists and the header lacks; cyvcf2 then reads the .tbi again for
the first region query. For a whole-genome index that is ~0.03 s each time. When the
header already declares every contig the index lists, that first reading changes
nothing: the header is then read through a link in a temporary folder, where htslib
finds no index, and the index is read once, when regions are read (never, when the
whole file is). Anything unexpected means opening the file as before.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import re
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from profiler.errors import InputError
from profiler.io.kinds import mixup_message
from profiler.io.tabular import GZIP_MAGIC, sniff

log = logging.getLogger(__name__)


def quiet_htslib() -> None:
    """Silence htslib's own stderr lines ("[W::vcf_parse] ...", "[E::bgzf_read] ...").

    They would precede profiler's one-line message, and each condition they report is
    either refused by us with the file and record named (a malformed record, a truncated
    block) or harmless to what we read (an undeclared contig or INFO key). cyvcf2 links
    its own htslib, so pysam's `set_verbosity` would not reach it; cyvcf2 >= 0.31 has
    `set_htslib_log_level` (0: HTS_LOG_OFF). Called before every open: htslib's level is
    process-wide, and a library user may have raised it since.
    """
    from cyvcf2 import cyvcf2

    setter = getattr(cyvcf2, "set_htslib_log_level", None)
    if setter is not None:
        setter(0)


def require_vcf_of_kind(path: Path, option: str) -> None:
    """Refuse a file that is not VCF/BCF, or is the other kind of VCF, naming the right option.

    `option` is "--vcf" (small variants) or "--fusions" (structural variants): a fusion
    table given to --vcf is "no ##fileformat line: is this a VCF?", and a Manta VCF given
    to --vcf (or a Mutect2 VCF to --fusions) names the option that reads it, instead of
    htslib's "not valid bcf or vcf" or a silently empty list of fusions.
    """
    head = sniff(path, 16)
    if not head.startswith((b"##", b"BCF")):
        if head == b"" and _starts_gzip(path):
            raise InputError(
                "corrupt or truncated gzip data (cannot decompress its start)", path=path
            )
        what = "an empty file" if head == b"" else "no ##fileformat line"
        hint = mixup_message(path, option)
        raise InputError(
            f"{what}: is this a VCF?" + (f" {hint[0].upper()}{hint[1:]}" if hint else ""),
            path=path,
            line=1,
        )
    hint = mixup_message(path, option)
    if hint is not None:
        raise InputError(hint, path=path)
    if not head.startswith(b"BCF"):
        _check_header_text(path)


def numbered_records(vcf, path: Path) -> Iterator[tuple[int, object]]:
    """(data line number, record); htslib's parse errors (bare Exceptions) as InputError."""
    records = iter(vcf)
    number = 0
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:
            raise InputError(
                f"record {number} (counting data lines from 1) is malformed: {exc}", path=path
            ) from exc
        yield number, record


_TYPES = {"Integer", "Float", "String", "Character", "Flag"}
_TYPE = re.compile(r"^##(INFO|FORMAT)=<.*?\bType=([^,>]*)")


def _check_header_text(path: Path) -> None:
    """Refuse header lines htslib reads wrongly or cyvcf2 cannot decode.

    Not UTF-8: cyvcf2 raises UnicodeDecodeError on a contig or sample name. An INFO or
    FORMAT Type outside the spec's five: htslib reads the field and cyvcf2 then raises a
    bare Exception on the first record that has it ("type ... not supported").
    """
    try:
        with gzip.open(path, "rb") if _starts_gzip(path) else path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                if not raw.startswith(b"#"):
                    return
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"header line is not UTF-8 text (byte {exc.start + 1})",
                        path=path,
                        line=number,
                    ) from exc
                m = _TYPE.match(line)
                if m and m.group(2) not in _TYPES:
                    raise InputError(
                        f"{m.group(1)} Type={m.group(2)!r} is not a VCF type "
                        f"({', '.join(sorted(_TYPES))})",
                        path=path,
                        line=number,
                    )
    except (OSError, EOFError, zlib.error):
        return  # unreadable: htslib's opening reports it


def _starts_gzip(path: Path) -> bool:
    try:
        with Path(path).open("rb") as handle:
            return handle.read(2) == GZIP_MAGIC
    except OSError:
        return False


def find_index(path: Path, *, quiet: bool = False) -> Path | None:
    """A usable .tbi/.csi next to the file; a stale index (older than the data) is ignored."""
    for suffix in (".tbi", ".csi"):
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            if candidate.stat().st_mtime < path.stat().st_mtime:
                if not quiet:
                    log.warning("%s: index %s is older than the file; not used", path, candidate)
                return None
            return candidate
    return None


def open_vcf_file(path: Path):
    """cyvcf2.VCF(path), as every reader opened it: htslib finds the index beside it."""
    from cyvcf2 import VCF

    quiet_htslib()
    try:
        return VCF(str(path), lazy=True)
    except (OSError, Exception) as exc:  # cyvcf2 raises bare Exception on unreadable headers
        if _starts_gzip(path) and not _header_decompresses(path):
            raise InputError("corrupt or truncated gzip data in the header", path=path) from exc
        raise InputError(f"not a readable VCF or BCF ({exc})", path=path) from exc


def line_problem(line: bytes) -> str | None:
    """What is wrong with a VCF data line that htslib would only print, or None.

    htslib says "[E::vcf_parse] Could not parse the position" on stderr and cyvcf2 raises
    "error parsing variant ... ret: -2": with htslib silenced, this names the field.
    """
    fields = line.rstrip(b"\r").split(b"\t", 8)
    if len(fields) < 8:
        return f"{len(fields)} tab-separated fields, a VCF record has at least 8"
    if not fields[1].removeprefix(b"+").isdigit():  # htslib reads '+1015' as 1015
        text = fields[1].decode("utf-8", "replace")[:40]
        return f"POS {text!r} is not a position (a non-negative integer)"
    return None


def _header_decompresses(path: Path) -> bool:
    """Whether the gzip stream can be read through the header (to '#CHROM' or the end)."""
    try:
        with gzip.open(path, "rb") as handle:
            for line in handle:
                if not line.startswith(b"##"):
                    break
    except (OSError, EOFError, zlib.error):
        return False
    return True


def open_with_index_deferred(path: Path, text: str | None) -> tuple[object, frozenset[str] | None]:
    """The cyvcf2 VCF, and the .tbi's contigs when it was opened without reading them."""
    index = find_index(path, quiet=True)  # open_vcf logs a stale one, as it always has
    if text == "gzip" and index is not None and index.suffix == ".tbi":
        contigs = _tbi_contigs(index)
        # the header's text first, so that a file opened as before is opened only once
        # (htslib's warnings about its header would otherwise be printed twice)
        if contigs and contig_lines(path) >= contigs:
            vcf = _open_without_index(path)
            if vcf is not None and _declared_contigs(vcf) >= contigs:
                return vcf, contigs
    return open_vcf_file(path), None


def _open_without_index(path: Path):
    """cyvcf2.VCF through a link in a temporary folder, where htslib finds no index."""
    from cyvcf2 import VCF

    quiet_htslib()
    try:
        folder = tempfile.mkdtemp(prefix=f"profiler-{os.getpid()}-")
    except OSError:
        return None
    link = os.path.join(folder, path.name)
    try:
        try:
            os.symlink(os.path.abspath(path), link)
        except OSError:  # no symlinks here: open it as before
            return None
        try:
            return VCF(link, lazy=True)
        except Exception as exc:  # cyvcf2 raises bare Exception on unreadable headers
            if folder in str(exc):
                return None  # its message names the link: open it as before, for the name
            # a header htslib cannot read: opening it again would only fail again
            raise InputError(f"not a readable VCF or BCF ({exc})", path=path) from exc
    finally:  # htslib holds the file open: the link is no longer needed
        with contextlib.suppress(OSError):
            os.unlink(link)
        with contextlib.suppress(OSError):
            os.rmdir(folder)


_CONTIG_LINE = re.compile(rb"##contig=<ID=([^,>]+)[,>]")


def contig_lines(path: Path) -> frozenset[str]:
    """The IDs of the header's plain `##contig=<ID=...` lines, read from the text."""
    ids = set()
    try:
        with gzip.open(path, "rb") as handle:
            for line in handle:
                if not line.startswith(b"##"):
                    break
                m = _CONTIG_LINE.match(line)
                if m:
                    ids.add(m.group(1).decode("utf-8", "replace"))
    except (OSError, EOFError, zlib.error):
        return frozenset()
    return frozenset(ids)


def _declared_contigs(vcf) -> frozenset[str]:
    """The IDs of the header's ##contig records, as htslib looks them up."""
    return frozenset(
        str(record.info().get("ID", "")) for record in vcf.header_iter() if record.type == "CONTIG"
    )


def _tbi_contigs(index: Path) -> frozenset[str] | None:
    """The contig names a tabix index lists (they open the file), or None if unreadable."""
    try:
        with gzip.open(index, "rb") as handle:
            head = handle.read(36)
            if len(head) != 36 or head[:4] != b"TBI\x01":
                return None
            n_ref, *_, names_length = struct.unpack("<8i", head[4:])
            names = handle.read(names_length) if names_length >= 0 else b""
    except (OSError, EOFError, zlib.error, struct.error):
        return None
    if len(names) != names_length or not names.endswith(b"\0"):
        return None
    listed = names[:-1].split(b"\0")
    if len(listed) != n_ref:
        return None
    try:
        return frozenset(name.decode() for name in listed)
    except UnicodeDecodeError:
        return None
