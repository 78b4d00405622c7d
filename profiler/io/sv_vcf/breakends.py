"""Breakend orientation: which side of the reference each breakend keeps, and what that
makes of the genes there (5' or 3' partner).

Orientation (VCF 4.2, section 5.4, table of the four ALT forms; samtools/hts-specs
VCFv4.2.tex). A BND record replaces REF `s` at POS by `t`, and a piece starting at
mate position `p` is joined to it:

    t[p[   piece extending to the right of p is joined after t
    t]p]   reverse comp piece extending left of p is joined after t
    ]p]t   piece extending to the left of p is joined before t
    [p[t   reverse comp piece extending right of p is joined before t

So each breakend keeps one side of the reference: `t` first -> the local breakend keeps
the sequence LEFT of (ending at) POS; `t` last -> it keeps the sequence RIGHT of (starting
at) POS; `[` -> the mate keeps the sequence right of p; `]` -> the mate keeps the left.
A gene keeps its 5' end (promoter, first exons) at a breakend when that side is
upstream on its strand:

    gene end kept = 5'  if (strand '+' and side left) or (strand '-' and side right)
                    3'  otherwise

A sense fusion joins a 5'-kept breakend to a 3'-kept one: gene5 is the gene whose 5'
end is kept. Worked example (tests/data/sv/manta_somaticSV_grch38.vcf, GRCh38): FGFR2
(chr10:121,478,334-121,598,458, '-') breakend chr10:121482301 with ALT
`[chr10:58811205[C`: `t` last, so FGFR2 keeps the right side, which for a '-' gene is
its 5' end (exons 1-17 and the promoter lie at higher coordinates): FGFR2 is gene5.
The mate (BICC1, '+', not in the KB) keeps the right side of 58811205 (`[`), a '+'
gene's 3' end. Manta's mate record (`[chr10:121482301[T` at 58811205) says the same
from the other side. The reciprocal junction of that inversion (`A]chr10:121482300]`,
`t]p]`) keeps the left of both: BICC1 5' (+, left) joined to FGFR2 3' (-, left), i.e.
BICC1::FGFR2 with FGFR2 as the 3' partner. Breakpoints are written
`chrom:pos:strand` as STAR-Fusion does, the strand being the one the fused transcript
is read on: for the 5' side '+' when it keeps its left, for the 3' side '+' when it
keeps its right.

Partners that are not a KB gene. The KB lists only the genes interpretation needs, so
most partners (BICC1 above) are outside it. Such a breakend is named
`chr10:58811205(no KB gene)`; a KB gene joined in antisense (both breakends keep a 5'
end, or both a 3' end) gives `GENE(antisense)` as the other partner. Neither can equal
an HGNC symbol (parentheses), see `is_unmapped_partner`. Events with no KB gene at
either breakend, and events with both breakends in the same KB gene (intragenic), are
not fusions and are not returned (counted in the log).

Symbolic records. DEL, DUP and INV from Manta or DELLY are considered too: an
intrachromosomal inversion is how FGFR2::BICC1 (both on chr10) and TPM3::NTRK1 (both on
chr1) arise. With the VCF padding-base convention, `<DEL>` POS..END joins POS (keeps
left) to END+1 (keeps right); `<DUP>` joins END (left) to POS+1 (right); `<INV>` has two
junctions, POS/END keeping left (Manta INV3, DELLY CT=3to3) and POS+1/END+1 keeping right
(INV5, CT=5to5); an INV without either flag yields both. DELLY's CT (3to5, 5to3, 3to3,
5to5: which end of each breakend is joined) decides when present, also for DELLY's
symbolic `<TRA>` with CHR2/POS2. These records are included on the same terms as BND
pairs, with their type and size in `confidence` so a small deletion at a gene edge is
not mistaken for a rearrangement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEFT, RIGHT = "left", "right"
_BND = re.compile(
    r"^(?P<pre>[^\[\]]*)(?P<b>[\[\]])(?P<chrom>[^\[\]]+):(?P<pos>\d+)(?P=b)(?P<post>[^\[\]]*)$"
)
_CT = {"3to5": (LEFT, RIGHT), "5to3": (RIGHT, LEFT), "3to3": (LEFT, LEFT), "5to5": (RIGHT, RIGHT)}


@dataclass(frozen=True)
class Breakend:
    chrom: str  # as the VCF writes it
    pos: int
    side: str  # LEFT or RIGHT: the side of the reference kept at this breakend


def parse_bnd_alt(alt: str) -> tuple[str, Breakend] | None:
    """(local side, mate breakend) of a bracket ALT; None for other alleles.

    `t[p[` -> (left, p right), `t]p]` -> (left, p left), `]p]t` -> (right, p left),
    `[p[t` -> (right, p right); single breakends (`G.`), symbolic and contig mates
    (`C[<ctg1>:7[`) are None.
    """
    m = _BND.match(alt)
    if m is None or m["chrom"].startswith("<") or bool(m["pre"]) == bool(m["post"]):
        return None
    mate_side = RIGHT if m["b"] == "[" else LEFT
    return (LEFT if m["pre"] else RIGHT), Breakend(m["chrom"], int(m["pos"]), mate_side)


def kept_end(strand: str, side: str) -> str:
    """The end of a gene a breakend keeps: "5'" (promoter side) or "3'"."""
    return "5'" if (strand == "+") == (side == LEFT) else "3'"


def is_unmapped_partner(name: str) -> bool:
    """True for this module's non-gene partner names (`chr1:5(no KB gene)`, `X(antisense)`)."""
    return "(" in name


def adjacencies(record, alt: str) -> list[tuple[Breakend, Breakend, str]]:
    """The (breakend, breakend, kind) adjacencies one ALT allele describes."""
    parsed = parse_bnd_alt(alt)
    if parsed is not None:
        side, mate = parsed
        return [(Breakend(record.CHROM, record.POS, side), mate, "BND")]
    if not alt.startswith("<"):
        return []  # single breakend (`G.`), sequence allele or missing: no partner
    info = record.INFO
    svtype = str(info.get("SVTYPE") or alt.strip("<>").split(":")[0]).upper()
    chrom2 = str(info.get("CHR2") or record.CHROM)
    end = info.get("POS2") if chrom2 != record.CHROM or svtype in {"BND", "TRA"} else None
    end = end if end is not None else info.get("END")
    ct = info.get("CT")
    if ct in _CT:
        pairs = [_CT[ct]]
    elif svtype == "DEL":
        pairs = [(LEFT, RIGHT)]
    elif svtype == "DUP":
        pairs = [(RIGHT, LEFT)]
    elif svtype == "INV":
        flags = [(LEFT, LEFT)] * bool(info.get("INV3")) + [(RIGHT, RIGHT)] * bool(info.get("INV5"))
        pairs = flags or [(LEFT, LEFT), (RIGHT, RIGHT)]
    else:
        pairs = []  # INS, CNV, or a translocation without CT: no orientation to read
    if end is None or not pairs:
        return []
    end = int(end)
    kind = alt if chrom2 != record.CHROM else f"{alt} {abs(end - record.POS)} bp"
    return [
        (
            Breakend(record.CHROM, record.POS + (side1 == RIGHT), side1),
            Breakend(chrom2, end + (side2 == RIGHT), side2),
            kind,
        )
        for side1, side2 in pairs
    ]


def partners(
    a: Breakend, b: Breakend, ga: tuple[str, str] | None, gb: tuple[str, str] | None
) -> list[tuple[str, Breakend, str, Breakend]] | str:
    """(gene5, 5' breakend, gene3, 3' breakend) for each fusion an adjacency implies.

    `ga`/`gb` are the (symbol, strand) of the KB gene at each breakend, or None. Returns
    "no KB gene" or "intragenic" instead when the adjacency is not a fusion.
    """
    if ga is None and gb is None:
        return "no KB gene"
    if ga is not None and gb is not None and ga[0] == gb[0]:
        return "intragenic"
    ends = []
    for end, gene in ((a, ga), (b, gb)):
        ends.append((end, gene[0] if gene else None, kept_end(gene[1], end.side) if gene else None))
    (ea, na, ka), (eb, nb, kb_) = ends
    if ka == "5'" and kb_ == "3'":
        return [(na, ea, nb, eb)]
    if ka == "3'" and kb_ == "5'":
        return [(nb, eb, na, ea)]
    label_a = f"{na}(antisense)" if na else f"{ea.chrom}:{ea.pos}(no KB gene)"
    label_b = f"{nb}(antisense)" if nb else f"{eb.chrom}:{eb.pos}(no KB gene)"
    out = []
    for end, name, kept, other_end, other_label in (
        (ea, na, ka, eb, label_b),
        (eb, nb, kb_, ea, label_a),
    ):
        if name is None:
            continue
        out.append(
            (name, end, other_label, other_end)
            if kept == "5'"
            else (other_label, other_end, name, end)
        )
    return out
