"""What kind of input a file is, from its first bytes: for telling a user who mixed them up.

A small-variant VCF given to `--fusions` used to be read as a structural-variant VCF and
gave "no fusions"; a SEG given to `--fusions` was "unrecognised fusion-caller output"
followed by every fusion format. Each reader still decides by itself what it accepts;
this module only names what a refused (or suspicious) file looks like and which option
takes it, so the message says "this looks like a small-variant VCF, not a fusion file:
give it to --vcf".

The table kinds come from the readers' own header tests (the fusion, copy-number and
MSI registries), so a format added there is recognised here too. Only the first
`_SNIFF_BYTES` of the (decompressed) file are looked at: a VCF's kind is decided by its
header (an SV caller's name, FusionCatcher's INFO keys) and by the records within them
(symbolic or breakend ALTs, INFO SVTYPE).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from profiler.io.tabular import sniff

_SNIFF_BYTES = 1 << 18

# What each option takes, as the message names it ("..., not a fusion file").
EXPECTED = {
    "--vcf": "a small-variant VCF",
    "--maf": "a MAF",
    "--fusions": "a fusion file",
    "--cnv": "a copy-number file",
    "--msi": "an MSI result",
    "--case": "a case JSON file",
}
# detect_by_first_line's `what` -> the option whose files it detects
OPTION_OF_DETECTOR = {"fusion-caller": "--fusions", "copy-number": "--cnv", "MSI": "--msi"}

_SV_CALLERS = (
    (b"GenerateSVCandidates", "Manta"),
    (b"configManta", "Manta"),
    (b"##gridssVersion", "GRIDSS"),
    (b"##source=GRIDSS", "GRIDSS"),
    (b"##INFO=<ID=SVMETHOD,", "DELLY"),
    (b"##source=LUMPY", "LUMPY"),
    (b"##source=svaba", "SvABA"),
)
_FUSIONCATCHER = (b"##INFO=<ID=FUSION,", b"##INFO=<ID=GENE5,", b"##INFO=<ID=GENE3,")
_SV_ALT = re.compile(rb"^<[^>]+>$|[\[\]]|^\.[A-Za-z]+$|^[A-Za-z]+\.$")
_SV_INFO = re.compile(rb"(^|;)SVTYPE=")
_MAF_COLUMNS = {"Hugo_Symbol", "Variant_Classification", "Tumor_Sample_Barcode"}


@dataclass(frozen=True)
class InputKind:
    """What a file looks like, and the option that reads it."""

    description: str  # "a small-variant VCF", "STAR-Fusion output (star-fusion)" ...
    option: str  # "--vcf", "--fusions" ...


def identify(path: str | Path) -> InputKind | None:
    """The kind of input `path` looks like, or None when it looks like nothing we read."""
    head = sniff(path, _SNIFF_BYTES)
    if head.startswith(b"BCF"):
        return _vcf_kind(_bcf_header(head), [])
    if head.startswith(b"##fileformat=VCF"):
        lines = head.split(b"\n")
        header = [line for line in lines if line.startswith(b"##")]
        data = [line for line in lines[:-1] if line and not line.startswith(b"#")]
        return _vcf_kind(header, data[:200])
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    if text.lstrip().startswith(("{", "[")):
        return InputKind("a JSON file (case metadata?)", "--case")
    lines = [line.rstrip("\r") for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    for line in lines[:50]:
        if not line.startswith("#") and len(_MAF_COLUMNS & set(line.split("\t"))) >= 2:
            return InputKind("a MAF", "--maf")
    return _table_kind(lines[0])


def mixup_message(path: str | Path, option: str) -> str | None:
    """ "this looks like X, not Y: give it to --opt", or None if it looks like `option`'s."""
    option = OPTION_OF_DETECTOR.get(option, option)
    kind = identify(path)
    if kind is None or kind.option == option:
        return None
    expected = EXPECTED.get(option, f"a {option} file")
    return f"this looks like {kind.description}, not {expected}: give it to {kind.option}"


def _vcf_kind(header: list[bytes], data: list[bytes]) -> InputKind:
    """A small-variant VCF, or one --fusions reads (structural variants, FusionCatcher)."""
    if all(any(line.startswith(tag) for line in header) for tag in _FUSIONCATCHER):
        return InputKind("a FusionCatcher fusion VCF", "--fusions")
    text = b"\n".join(header)
    for tag, caller in _SV_CALLERS:
        if tag in text:
            return InputKind(f"a structural-variant VCF ({caller})", "--fusions")
    if data:
        structural = sum(_is_sv_record(line) for line in data)
        if structural == len(data):
            return InputKind("a structural-variant VCF", "--fusions")
        return InputKind("a small-variant VCF", "--vcf")
    if b"##INFO=<ID=SVTYPE," in text:
        return InputKind("a structural-variant VCF", "--fusions")
    return InputKind("a small-variant VCF", "--vcf")


def _is_sv_record(line: bytes) -> bool:
    fields = line.rstrip(b"\r").split(b"\t", 8)
    if len(fields) < 8:
        return False
    alts = fields[4].split(b",")
    return bool(_SV_INFO.search(fields[7])) or any(_SV_ALT.search(alt) for alt in alts)


def _bcf_header(head: bytes) -> list[bytes]:
    """The header lines of a BCF (magic, l_text, text), as far as `head` holds them."""
    if len(head) < 9:
        return []
    (length,) = struct.unpack("<I", head[5:9])
    return [line for line in head[9 : 9 + length].split(b"\n") if line.startswith(b"##")]


def _table_kind(first: str) -> InputKind | None:
    """A caller's table, by the first line, with the registries' own header tests."""
    from profiler.io import cnv, fusions, msi  # their readers import tabular, as this does

    families = (
        (fusions._HEADER_TESTS, "--fusions", "fusion-caller output"),
        (cnv._HEADER_TESTS, "--cnv", "copy-number output"),
        (msi._HEADER_TESTS, "--msi", "MSI output"),
    )
    for tests, option, noun in families:
        for name, test in tests.items():
            if name == fusions.SV_VCF:
                continue
            try:
                if test(first):
                    return InputKind(f"{noun} ({name})", option)
            except (IndexError, ValueError):  # a header test meets a line it never expected
                continue
    return None
