"""Proving that a BGZF file is whole and that the .tbi/.csi beside it was made from it.

htslib trusts an index: a .tbi from another file, a stale one beside a recompressed file
or a file cut short after indexing make its region queries end early without an error,
and the report then says "no variant records" where IDH1 R132C was. So before the index
is used: the data must end with BGZF's 28-byte end-of-file block, every contig the index
lists must be one the header declares, and the index's largest virtual offset must point
inside the file at the start of a BGZF block. The index being older than the data is a
weaker hint, handled by `find_index` (the index is then not used).
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

from profiler.errors import InputError

# SAM/BAM specification 4.1.2: the empty block that ends every BGZF file
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
_BLOCK_START = b"\x1f\x8b\x08\x04"
REINDEX = "re-index it (tabix -p vcf / bcftools index) or pass --no-index"


def is_bgzf(path: Path) -> bool:
    """A gzip file whose first member carries BGZF's 'BC' extra field."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(18)
    except OSError:
        return False
    return len(head) == 18 and head[:4] == _BLOCK_START and head[12:14] == b"BC"


def require_bgzf_eof(path: Path) -> None:
    """Refuse a BGZF file without its end-of-file block: it was cut short.

    BGZF blocks are whole gzip members, so a file cut at a block boundary decompresses
    without an error and would quietly lose every record after the cut.
    """
    try:
        with Path(path).open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - len(BGZF_EOF)))
            tail = handle.read()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", path=path) from exc
    if tail != BGZF_EOF:
        raise InputError(
            "the BGZF end-of-file block is missing: the file is truncated (or was written "
            "by a tool that omits it); compress it again with bgzip",
            path=path,
        )


def check_index(path: Path, index: Path, header_contigs: frozenset[str]) -> None:
    """Refuse an index that does not fit `path` (see the module docstring).

    `header_contigs`: the contigs the header declares (empty: not checked).
    """
    try:
        with gzip.open(index, "rb") as handle:
            data = handle.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(
            f"the index {index.name} is unreadable ({exc}); {REINDEX}", path=path
        ) from exc
    try:
        names, max_offset = _parse(data)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise InputError(
            f"the index {index.name} is malformed ({exc}); {REINDEX}", path=path
        ) from exc
    if names and header_contigs and not set(names) <= header_contigs:
        strange = sorted(set(names) - header_contigs)[:3]
        raise InputError(
            f"the index {index.name} lists contigs the header does not declare "
            f"({', '.join(strange)}): it was made from another file; {REINDEX}",
            path=path,
        )
    size = path.stat().st_size
    block = max_offset >> 16
    if block >= size or not _block_at(path, block):
        raise InputError(
            f"the index {index.name} points past the data or between its blocks (offset "
            f"{block} of {size} bytes): it was made from another or a longer version of "
            f"this file; {REINDEX}",
            path=path,
        )


def _block_at(path: Path, offset: int) -> bool:
    with Path(path).open("rb") as handle:
        handle.seek(offset)
        head = handle.read(14)
    return len(head) == 14 and head[:4] == _BLOCK_START and head[12:14] == b"BC"


def _parse(data: bytes) -> tuple[list[str], int]:
    """Contig names (may be empty: a BCF's CSI) and the largest chunk end offset."""
    at = 0

    def take(fmt: str):
        nonlocal at
        values = struct.unpack_from(fmt, data, at)
        at += struct.calcsize(fmt)
        return values

    magic = data[:4]
    at = 4
    names: list[str] = []
    if magic == b"TBI\x01":
        (n_ref,) = take("<i")
        *_, l_nm = take("<7i")
        names = _names(data[at : at + l_nm])
        at += l_nm
        csi = False
    elif magic == b"CSI\x01":
        _min_shift, _depth, l_aux = take("<3i")
        aux = data[at : at + l_aux]
        at += l_aux
        if l_aux >= 28:
            (l_nm,) = struct.unpack_from("<i", aux, 24)
            names = _names(aux[28 : 28 + l_nm])
        (n_ref,) = take("<i")
        csi = True
    else:
        raise ValueError("neither a tabix nor a CSI index")
    if n_ref < 0 or (names and len(names) != n_ref):
        raise ValueError("its contig count does not match its names")
    largest = 0
    for _ in range(n_ref):
        (n_bin,) = take("<i")
        for _ in range(n_bin):
            if csi:
                _bin, _loffset, n_chunk = take("<IQi")
            else:
                _bin, n_chunk = take("<Ii")
            if n_chunk < 0:
                raise ValueError("a negative chunk count")
            chunks = struct.unpack_from(f"<{2 * n_chunk}Q", data, at)
            at += 16 * n_chunk
            if _bin != _pseudo_bin(csi, data) and chunks:
                largest = max(largest, max(chunks[1::2]))
        if not csi:
            (n_intv,) = take("<i")
            at += 8 * n_intv
            if at > len(data):
                raise ValueError("cut short")
    return names, largest


def _pseudo_bin(csi: bool, data: bytes) -> int:
    """The bin holding metadata, not chunks (37450 for tabix; depends on depth for CSI)."""
    if not csi:
        return 37450
    min_shift, depth = struct.unpack_from("<2i", data, 4)
    del min_shift
    return ((1 << ((depth + 1) * 3)) - 1) // 7 + 1


def _names(block: bytes) -> list[str]:
    if not block:
        return []
    return [name.decode() for name in block.rstrip(b"\0").split(b"\0")]


def region_records(vcf, query: str, path: Path):
    """Records of one region; a contig the index does not list simply has none.

    Any other error while reading a region is the index not fitting the file (or the
    file being damaged): never an empty region.
    """
    try:
        yield from vcf(query)
    except Exception as exc:  # cyvcf2 raises bare Exception for a contig absent from the index
        if "no intervals found" not in str(exc):
            raise InputError(
                f"reading region {query} through the index failed ({exc}); {REINDEX}",
                path=path,
            ) from exc
