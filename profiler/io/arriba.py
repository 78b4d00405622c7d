"""Arriba reader: `fusions.tsv` (and `fusions.discarded.tsv`, which has the same format).

Columns are found by header name (the header line starts with `#gene1`), because Arriba
2.0 reordered them: 1.x writes `... type direction1 direction2 split_reads1 ...
confidence closest_genomic_breakpoint1/2 [tags] filters fusion_transcript [gene_id1/2]
reading_frame ...`, 2.x writes `... type split_reads1 split_reads2 discordant_mates
coverage1 coverage2 confidence reading_frame tags retained_protein_domains ...
direction1 direction2 filters fusion_transcript peptide_sequence read_identifiers`.

5'/3' partner. Arriba's documentation, "Output files", section `gene1` and `gene2`
(https://arriba.readthedocs.io/en/latest/output-files/; suhrig/arriba
documentation/05-Output-files.md): "`gene1` contains the gene which makes up the 5' end
of the transcript and `gene2` the gene which makes up the 3' end. The order is predicted
on the basis of the strands that the supporting reads map to, how the reads are
oriented, and splice patterns." Arriba's writer (source/output_fusions.cpp) swaps the
two ends before writing when it predicted the transcript to start in the second one
("the 5' gene should always come first"). So gene1 is gene5 and gene2 is gene3, and no
re-ordering is done here. `strand1(gene/fusion)` and `strand2(gene/fusion)` hold the
gene's annotated strand before the slash and the transcribed strand after it; a '.'
after the slash means Arriba could not predict the transcribed strands, and then the
column order is not a 5'/3' prediction (the docs point to `direction1/2` for that
case). Such rows are still returned in Arriba's order, with a warning in the log,
because dropping a call silently is worse. Breakpoints are kept as written
(`chr10:121483698`, no strand; Arriba puts strands in the strand columns).

Supporting reads: split_reads1 + split_reads2 are split (junction) fragments,
discordant_mates are spanning fragments ("a.k.a. spanning reads or bridge reads").

Filters. The `filters` column lists the filters that removed some of the supporting reads,
each with the number removed in parentheses (`duplicates(3)`); "If a filter discarded the
event as a whole (all reads), the number of filtered reads is missing" (same section of
the documentation). Such count-less names, which `fusions.discarded.tsv` rows carry, are
kept in `Fusion.filters`: Arriba itself rejected the call.

Intergenic partners. For a breakpoint outside any gene Arriba writes the closest
upstream and downstream genes with their distances, e.g. `SH2D3C(6049),CDK9(920)` (and
'.' when a contig has no genes). The cell is kept verbatim as the partner name: it is
not a gene symbol and must never match one (FGFR2, NTRK1/2/3, RET ...) when the
knowledge base matches partners by exact symbol; stripping the distances would leave a
list of real symbols that a later split on ',' could mistake for the partner itself.

Display name. The raw cell must never be the alteration's name either, so the reader
also names the partner after one neighbour (`Fusion.label5/label3`; `Fusion.name` is
then always GENE5::GENE3): the neighbour on the side of the breakpoint that the fusion
keeps. Arriba lists the upstream (lower coordinate) neighbour first and the downstream
one second, and `direction1/2` say where the partner is attached ("`downstream` means
that the partner is fused downstream of the breakpoint, i.e. at a coordinate higher than
the breakpoint"; same documentation section), so the kept side is the other one:
direction `downstream` -> the upstream neighbour, `upstream` -> the downstream one.
Without a direction the nearer neighbour is taken. The raw text stays in gene5/gene3.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.numbers import NON_NEGATIVE, NumberError, parse_int
from profiler.io.tabular import (
    column_index,
    optional_text,
    parse_count,
    read_caller_table,
    split_row,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "Arriba"

_REQUIRED = (
    "gene1",
    "gene2",
    "breakpoint1",
    "breakpoint2",
    "split_reads1",
    "split_reads2",
    "discordant_mates",
)
_OPTIONAL = (
    "confidence",
    "reading_frame",
    "strand1(gene/fusion)",
    "strand2(gene/fusion)",
    "filters",
    "direction1",
    "direction2",
)


def is_arriba_header(line: str) -> bool:
    """True for the header line of an Arriba fusions.tsv / fusions.discarded.tsv."""
    return line.split("\t", 1)[0].strip() == "#gene1"


def is_intergenic(gene_cell: str) -> bool:
    """True for Arriba's intergenic notation `GENE_A(dist),GENE_B(dist)` or a bare '.'."""
    value = gene_cell.strip()
    return value == "." or "(" in value or "," in value


def read_arriba(path: str | Path) -> list[Fusion]:
    """Read an Arriba fusions.tsv into Fusions (gene1 = 5', gene2 = 3'), in file order.

    Raises InputError naming file, line and column for a missing required column, a
    row of the wrong width or a non-integer read count; nothing is returned then.
    """

    path = Path(path)
    lines = read_caller_table(path, "Arriba", is_arriba_header, "'#gene1'")
    header = lines[0].split("\t")
    header[0] = header[0].strip().lstrip("#")
    index = column_index(header)
    missing = [name for name in _REQUIRED if name not in index]
    if missing:
        raise InputError(
            f"Arriba header lacks required column(s) {', '.join(missing)}",
            path=path,
            line=1,
            field=missing[0],
        )
    col = {name: index[name] for name in (*_REQUIRED, *_OPTIONAL) if name in index}

    width = len(header)
    fusions = [
        _fusion(split_row(line, width, path, number), col, path, number)
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    ]
    log.debug("%s: %d Arriba row(s)", path, len(fusions))
    return fusions


def _fusion(fields: list[str], col: dict[str, int], path: Path, number: int) -> Fusion:
    """One data row as a Fusion; `col` maps the columns present to their positions."""

    def cell(name: str) -> str:
        return fields[col[name]] if name in col else ""  # "" = optional column absent

    def count(name: str) -> int:
        return parse_count(cell(name), path, number, name)

    gene5, gene3 = cell("gene1").strip(), cell("gene2").strip()
    for name, value in (("gene1", gene5), ("gene2", gene3)):
        if not value:
            raise InputError("empty gene name", path=path, line=number, field=name)
    fusion = Fusion(
        gene5=gene5,
        gene3=gene3,
        caller=CALLER,
        source=str(path),
        breakpoint5=optional_text(cell("breakpoint1")),
        breakpoint3=optional_text(cell("breakpoint2")),
        junction_reads=count("split_reads1") + count("split_reads2"),
        spanning_reads=count("discordant_mates"),
        reading_frame=optional_text(cell("reading_frame")),
        confidence=optional_text(cell("confidence")),
        record=number,
        filters=discarding_filters(cell("filters")),
        label5=intergenic_label(gene5, cell("direction1")),
        label3=intergenic_label(gene3, cell("direction2")),
    )
    _warn_if_order_unpredicted(cell("strand1(gene/fusion)"), cell("strand2(gene/fusion)"), fusion)
    return fusion


def _distance(text: str) -> int | None:
    """A neighbour's distance, or None when unparsable ('²' passed isdigit() and crashed)."""
    try:
        return parse_int(text, NON_NEGATIVE)
    except NumberError:
        return None


def intergenic_label(gene_cell: str, direction: str = "") -> str | None:
    """The neighbour an intergenic partner is named after (module notes), else None.

    `SH2D2A(4811),NTRK1(1207)` with direction `upstream` -> "NTRK1 (intergenic)" (the kept
    side is downstream); with `downstream` -> "SH2D2A (intergenic)"; without a direction
    the nearer one. A
    plain symbol, '.' or an unparsable cell -> None (the cell is its own name).
    """
    if not is_intergenic(gene_cell):
        return None
    neighbours = []
    for entry in gene_cell.split(","):
        symbol, _, rest = entry.strip().partition("(")
        distance = rest.rstrip(")").strip()
        if symbol.strip() and symbol.strip() != ".":
            neighbours.append((symbol.strip(), _distance(distance)))
    if not neighbours:
        return None
    symbol = None
    if len(neighbours) == 2:
        kept = {"downstream": 0, "upstream": 1}.get(direction.strip().lower())
        if kept is not None:
            symbol = neighbours[kept][0]
    if symbol is None:
        known = [n for n in neighbours if n[1] is not None]
        symbol = min(known, key=lambda n: n[1])[0] if known else neighbours[0][0]
    # Marked, so that it never reads as (or is listed beside) a fusion of that gene
    return f"{symbol} (intergenic)"


def discarding_filters(cell: str) -> tuple[str, ...]:
    """The filters that discarded the whole event: the `filters` entries without a count.

    `duplicates(3),mismatches(1)` -> () (some reads removed, the call kept);
    `blacklist,duplicates(2)` -> ("blacklist",); '.' or empty -> ().
    """
    names = (name.strip() for name in cell.split(","))
    return tuple(name for name in names if name and name != "." and "(" not in name)


def _warn_if_order_unpredicted(strand1: str, strand2: str, fusion: Fusion) -> None:
    """Log rows whose transcribed strands Arriba could not predict (see module docstring)."""
    transcribed = [cell.split("/", 1)[1].strip() for cell in (strand1, strand2) if "/" in cell]
    if "." in transcribed:
        log.warning(
            "%s line %d: Arriba could not predict the transcribed strands of %s/%s; "
            "their 5'/3' order is Arriba's column order, not a prediction",
            fusion.source,
            fusion.record,
            fusion.gene5,
            fusion.gene3,
        )
