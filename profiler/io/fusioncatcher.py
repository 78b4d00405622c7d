"""FusionCatcher reader: `final-list_candidate-fusion-genes[.hg19].txt`.

Columns are found by header name. FusionCatcher's manual ("6.2 Output data", Table 1,
ndaniel/fusioncatcher doc/manual.md) documents the file; 0.99.x-1.x write 16 columns
(`Gene_1_symbol(5end_fusion_partner)` ... `Fusion_sequence Predicted_effect`), later
releases append `Predicted_fused_transcripts` and `Predicted_fused_proteins`.

- 5'/3' partner: the column names say it (`Gene_1_symbol(5end_fusion_partner)`,
  `Gene_2_symbol(3end_fusion_partner)`), so no re-ordering is done.
- Breakpoints: `Fusion_point_for_gene_1(5end_fusion_partner)` is
  `chromosome:position:strand`, 1-based, chromosome without "chr" (`10:121483698:-`);
  kept as written. `final-list_candidate-fusion-genes.txt` is GRCh38 since 0.99.3c,
  the `.hg19.txt` twin is GRCh37 (manual, same section).
- Reads: `Spanning_unique_reads` ("reads which map on fusion junction minus the PCR
  duplicated reads") are the junction reads; `Spanning_pairs` ("pairs of reads
  supporting the fusion", multimappers included) are the spanning fragments.
- Reading frame: `Predicted_effect` is `in-frame` / `out-of-frame` only when both
  junction points lie in coding sequence; otherwise it is a location pair such as
  `CDS(truncated)/UTR` or `intronic/exonic(no-known-CDS)`, which says nothing about the
  frame, so the model's `reading_frame` is then None (the location is logged at debug).
- FusionCatcher repeats a fusion once per finding method and once per isoform; every
  row is returned (collapsing duplicates is interpretation, done later).
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.tabular import (
    caller_rows,
    optional_text,
    parse_count,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "FusionCatcher"
GENE5 = "Gene_1_symbol(5end_fusion_partner)"
GENE3 = "Gene_2_symbol(3end_fusion_partner)"
POINT5 = "Fusion_point_for_gene_1(5end_fusion_partner)"
POINT3 = "Fusion_point_for_gene_2(3end_fusion_partner)"
ID5 = "Gene_1_id(5end_fusion_partner)"
ID3 = "Gene_2_id(3end_fusion_partner)"
_REQUIRED = (GENE5, GENE3, "Spanning_pairs", "Spanning_unique_reads", POINT5, POINT3)
_FRAMES = {"in-frame", "out-of-frame"}


def is_fusioncatcher_header(line: str) -> bool:
    """True for the header line of a FusionCatcher final-list file."""
    return line.split("\t", 1)[0].strip() == GENE5


def read_fusioncatcher(path: str | Path) -> list[Fusion]:
    """Read a FusionCatcher final list into Fusions, one per row, in file order.

    Raises InputError naming file, line and column for a missing required column, a row
    of the wrong width, an empty partner or a non-integer read count.
    """
    path = Path(path)
    index, rows = caller_rows(path, CALLER, is_fusioncatcher_header, repr(GENE5), _REQUIRED)
    fusions = [_fusion(fields, index, path, number) for number, fields in rows]
    log.debug("%s: %d FusionCatcher row(s)", path, len(fusions))
    return fusions


def _fusion(fields: list[str], index: dict[str, int], path: Path, number: int) -> Fusion:
    def cell(name: str) -> str:
        return fields[index[name]].strip() if name in index else ""

    def count(name: str) -> int:
        return parse_count(cell(name), path, number, name)

    partners = []
    for symbol, gene_id in ((GENE5, ID5), (GENE3, ID3)):
        # An unnamed gene (novel locus) keeps its Ensembl id: never a KB symbol, never lost.
        partner = cell(symbol) or cell(gene_id)
        if not partner:
            raise InputError("empty partner gene", path=path, line=number, field=symbol)
        partners.append(partner)
    effect = cell("Predicted_effect")
    frame = effect.lower() if effect.lower() in _FRAMES else None
    if effect and frame is None:
        log.debug("%s line %d: predicted effect %r is not a frame", path, number, effect)
    return Fusion(
        gene5=partners[0],
        gene3=partners[1],
        caller=CALLER,
        source=str(path),
        breakpoint5=optional_text(cell(POINT5)),
        breakpoint3=optional_text(cell(POINT3)),
        junction_reads=count("Spanning_unique_reads"),
        spanning_reads=count("Spanning_pairs"),
        reading_frame=frame,
        confidence=None,  # FusionCatcher labels (Fusion_description) are not a confidence
        record=number,
    )
