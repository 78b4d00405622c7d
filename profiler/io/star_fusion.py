"""STAR-Fusion reader: `star-fusion.fusion_predictions[.abridged][.coding_effect].tsv`.

Columns are found by header name, never by position, because STAR-Fusion has added and
moved columns across releases:

- 1.10+ (current): `#FusionName JunctionReadCount SpanningFragCount est_J est_S
  SpliceType LeftGene LeftBreakpoint RightGene RightBreakpoint [JunctionReads
  SpanningFrags] LargeAnchorSupport FFPM LeftBreakDinuc LeftBreakEntropy
  RightBreakDinuc RightBreakEntropy annots`, and with --examine_coding_effect also
  `CDS_LEFT_ID ... PROT_FUSION_TYPE FUSION_MODEL FUSION_CDS FUSION_TRANSL PFAM_LEFT
  PFAM_RIGHT`. The abridged file drops the read-name columns.
- 1.0-era `star-fusion.fusion_candidates.final.abridged`: the first nine columns only
  (no est_J/est_S, FFPM or annots).
- pre-1.0: `#fusion_name JunctionReads SpanningFrags Splice_type LeftGene ...
  JunctionReads SpanningFrags`, where the first JunctionReads/SpanningFrags pair holds
  the counts and the repeated pair the read names.

LeftGene is the 5' partner and RightGene the 3' partner (the fusion is named
`Left--Right`). The CTAT docs describe LeftGene as "the gene represented by the left
section of the fusion transcript" (FusionInspector wiki, "FusionInspector Outputs
Described", same columns), and STAR-Fusion's own test output lists known fusions
5'-first: BCR--ABL1, EML4--ALK, ETV6--NTRK3, CCDC6--RET (testing/__misc_tests/__fuco).
No explicit "left = 5'" sentence was found in the STAR-Fusion wiki itself. Gene cells
read `SYMBOL^ENSG...`; only the symbol is kept, because the knowledge base matches
partners by exact HGNC symbol. Breakpoints (`chr10:121483698:-`) are kept as written.

FusionInspector (`finspector.FusionInspector.fusions[.abridged].tsv`) writes the same
`#FusionName` table with the same count, gene and breakpoint columns, plus its own:
`LeftLocalBreakpoint`/`RightLocalBreakpoint` (positions on its fusion mini-contig),
`NumCounterFusionLeft/Right`, `FAR_left/right`, and in 2.x `est_J`, `est_S`,
`microh_brkpt_dist`, `annot_splice`, `pred_cluster` ... (FusionInspector wiki,
"FusionInspector Outputs Described"; 2.8 header as written by pipelines that create
an empty FusionInspector file). STAR-Fusion never writes the `*LocalBreakpoint`
columns, so their presence is what tells the two apart, and a row read from such a
file is labelled "FusionInspector" whichever function read it. `LeftBreakpoint` (the
genome coordinate) is the breakpoint kept; the local ones are contig offsets.
FusionInspector writes no tab for an empty last field (`annots` with no annotation), so
a row one field short is read with that field empty when the reader does not use it;
STAR-Fusion rows must have the header's width (a shorter row is a truncated file).

- early `#FusionName` files (STAR-Fusion 0.x `star-fusion.fusion_candidates.txt`):
  `#FusionName JunctionReads SpanningFrags LeftGene LeftBreakpoint ...`, counts under
  the legacy names as in pre-1.0 files, told apart by the absence of both *Count columns.

ctat-LR-fusion (long reads) also writes `#FusionName ... LeftLocalBreakpoint`: its
`num_LR` column tells it apart (profiler/io/ctat_lr_fusion.py), and it is detected first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from profiler.errors import InputError
from profiler.io.tabular import (
    column_index,
    optional_text,
    parse_count,
    partner_genes,
    read_caller_table,
    split_row,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "STAR-Fusion"
FUSION_INSPECTOR = "FusionInspector"
_HEADER_STARTS = ("#FusionName", "#fusion_name")
_INSPECTOR_COLUMNS = ("LeftLocalBreakpoint", "RightLocalBreakpoint")

# PROT_FUSION_TYPE (--examine_coding_effect) -> the frame vocabulary the model uses.
_FRAMES = {"INFRAME": "in-frame", "FRAMESHIFT": "out-of-frame"}


def is_star_fusion_header(line: str) -> bool:
    """True for the header line of any STAR-Fusion (or FusionInspector) prediction file."""
    return line.split("\t", 1)[0].strip() in _HEADER_STARTS


def is_fusion_inspector_header(line: str) -> bool:
    """True for a `#FusionName` header that carries FusionInspector's local breakpoints."""
    if not is_star_fusion_header(line):
        return False
    names = {name.strip() for name in line.split("\t")}
    return all(name in names for name in _INSPECTOR_COLUMNS)


def read_star_fusion(path: str | Path) -> list[Fusion]:
    """Read a STAR-Fusion predictions file into Fusions, one per row, in file order.

    Raises InputError naming file, line and column for a missing required column, a
    row of the wrong width or a non-integer read count; nothing is returned then.
    A FusionInspector file read here keeps its own caller name (see the module notes).
    """
    return _read(path, "STAR-Fusion", is_star_fusion_header, "'#FusionName'")


def read_fusion_inspector(path: str | Path) -> list[Fusion]:
    """Read a FusionInspector fusions file into Fusions (caller "FusionInspector").

    A STAR-Fusion file (no `LeftLocalBreakpoint` column) is refused: reading it here
    would label STAR-Fusion calls as FusionInspector-validated ones.
    """
    return _read(
        path, FUSION_INSPECTOR, is_fusion_inspector_header, "'#FusionName' with LeftLocalBreakpoint"
    )


def _read(
    path: str | Path, tool: str, is_header: Callable[[str], bool], expected: str
) -> list[Fusion]:
    path = Path(path)
    lines = read_caller_table(path, tool, is_header, expected)
    layout = _Layout.from_header(lines[0], path)
    fusions = [
        layout.fusion(line, number, path)
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    ]
    log.debug("%s: %d %s row(s)", path, len(fusions), layout.caller)
    return fusions


def gene_symbol(cell: str) -> str:
    """`FGFR2^ENSG00000066468.23` -> `FGFR2`; a plain symbol is returned unchanged."""
    return cell.strip().split("^", 1)[0].strip()


def reading_frame(prot_fusion_type: str) -> str | None:
    """PROT_FUSION_TYPE as the model's frame: INFRAME/FRAMESHIFT mapped, '.' unknown."""
    value = prot_fusion_type.strip()
    if value in {"", "."}:
        return None
    return _FRAMES.get(value.upper(), value.lower())


class _Layout:
    """Where each needed column sits in this particular file, and what it is called."""

    def __init__(self, width: int, columns: dict[str, tuple[int, str]], caller: str) -> None:
        self.width = width
        self.columns = columns
        self.caller = caller

    @classmethod
    def from_header(cls, header_line: str, path: Path) -> _Layout:

        header = header_line.split("\t")
        header[0] = header[0].strip().lstrip("#")
        index = column_index(header)
        # Pre-1.0 files (`#fusion_name`, and the early `#FusionName` files without the
        # *Count columns) name the count columns JunctionReads/SpanningFrags (their first
        # occurrence); in files with JunctionReadCount/SpanningFragCount those names hold
        # read names, never counts, and a file with only one *Count column lacks the other.
        legacy = header[0] == "fusion_name" or not (
            "JunctionReadCount" in index or "SpanningFragCount" in index
        )
        wanted = {
            "junction": ("JunctionReadCount", "JunctionReads")
            if legacy
            else ("JunctionReadCount",),
            "spanning": ("SpanningFragCount", "SpanningFrags")
            if legacy
            else ("SpanningFragCount",),
            "left_breakpoint": ("LeftBreakpoint",),
            "right_breakpoint": ("RightBreakpoint",),
        }
        if "LeftGene" in index and "RightGene" in index:
            wanted["left_gene"] = ("LeftGene",)
            wanted["right_gene"] = ("RightGene",)
        else:  # the oldest layouts: partners only in the fusion name, Left--Right
            wanted["fusion_name"] = (header[0],)
        if "PROT_FUSION_TYPE" in index:
            wanted["frame"] = ("PROT_FUSION_TYPE",)
        columns: dict[str, tuple[int, str]] = {}
        missing: list[str] = []
        for key, names in wanted.items():
            found = next((name for name in names if name in index), None)
            if found is None:
                missing.append(names[0])
            else:
                columns[key] = (index[found], found)
        if missing:
            tool = FUSION_INSPECTOR if _INSPECTOR_COLUMNS[0] in index else CALLER
            raise InputError(
                f"{tool} header lacks required column(s) {', '.join(missing)}",
                path=path,
                line=1,
                field=missing[0],
            )
        caller = FUSION_INSPECTOR if all(n in index for n in _INSPECTOR_COLUMNS) else CALLER
        return cls(len(header), columns, caller)

    def fusion(self, line: str, number: int, path: Path) -> Fusion:
        if (
            self.caller == FUSION_INSPECTOR
            and line.count("\t") == self.width - 2
            and all(position != self.width - 1 for position, _ in self.columns.values())
        ):
            line += "\t"  # FusionInspector leaves out an empty last field (module notes)
        fields = split_row(line, self.width, path, number)

        def cell(key: str) -> str:
            return fields[self.columns[key][0]]

        def count(key: str) -> int:
            return parse_count(cell(key), path, number, self.columns[key][1])

        if "left_gene" in self.columns:
            gene5, gene3 = gene_symbol(cell("left_gene")), gene_symbol(cell("right_gene"))
            if not gene5 or not gene3:
                raise InputError(
                    "cannot read the two partner genes",
                    path=path,
                    line=number,
                    field="LeftGene" if not gene5 else "RightGene",
                )
        else:
            name = self.columns["fusion_name"][1]
            gene5, gene3 = partner_genes(cell("fusion_name"), "--", path, number, name)
        return Fusion(
            gene5=gene5,
            gene3=gene3,
            caller=self.caller,
            source=str(path),
            breakpoint5=optional_text(cell("left_breakpoint")),
            breakpoint3=optional_text(cell("right_breakpoint")),
            junction_reads=count("junction"),
            spanning_reads=count("spanning"),
            reading_frame=reading_frame(cell("frame")) if "frame" in self.columns else None,
            confidence=None,  # STAR-Fusion assigns no confidence class
            record=number,
        )
