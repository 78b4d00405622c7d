"""FusionCatcher's VCF (`final-list_candidate-fusion-genes.vcf`): RNA fusion calls, not breakends.

FusionCatcher converts its final list to VCF with `fc2vcf.py` (ndaniel/fusioncatcher
`bin/fc2vcf.py`, "It converts the FusionCatcher output into VCF format"); pipelines keep it
beside `final-list_candidate-fusion-genes.txt`. The layout, as that script writes it:

- header `##fileformat=VCFv4.3`, `##source=fusioncatcher_v<version>` (empty when no
  info.txt was given), and INFO definitions of its own: `FUSION` ("Fusion gene"), `GENE5` /
  `GENE3` ("Gene symbol that is at the 5/3 prime end of the fusion"), `GENS5` / `GENS3`
  (Ensembl gene ids), `SR` ("Spanning reads mapping on fusion junction"), `SP` ("Spanning
  pairs supporting the fusion gene"), `EFFECT` (the `Predicted_effect` column), `DESC` (the
  `Fusion_description` labels), `STRAND`, `END` ("End of the fusion to which it belongs, that
  is 5 or 3 end"), `PUBLISHED` (flag), plus `SVTYPE=BND`, `MATEID`, `EVENT`;
- `#CHROM POS ID REF ALT QUAL FILTER INFO`: no FORMAT or sample column;
- two records per row of the final list, linked by MATEID and one EVENT: the 5' end
  (`END=5`, at the gene-1 fusion point, ALT `N[chr:pos[` or `N]chr:pos]` pointing at the
  3' point) and the 3' end (`END=3`). FILTER is always PASS as written.

So the file already says which gene is 5' and which 3', the reads and the frame: it is
read here with those fields, never as a DNA breakend file (the SV-VCF reader would place
the breakends in KB gene spans, call it a DNA rearrangement and drop the frame). Its INFO
`END` is a String "5"/"3" where VCF reserves END for an Integer position, which htslib
rejects or misreads, so the file is parsed as text. One Fusion per END=5 record (its
line is the record); an END=3 record whose 5' mate is missing gives the call on its own.

Values as in the tab-separated reader (fusioncatcher.py): an empty GENE5/GENE3 keeps the
Ensembl id; SR -> junction reads, SP -> spanning reads; EFFECT `in-frame`/`out-of-frame`
is the frame, a location pair (`CDS(truncated)/UTR`) is not; breakpoints
`chrom:pos:strand` with FusionCatcher's own chromosome names and STRAND values.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from pathlib import Path

from profiler.errors import InputError
from profiler.io.tabular import GZIP_MAGIC, parse_count, read_text_lines
from profiler.model import Fusion

log = logging.getLogger(__name__)

CALLER = "FusionCatcher"
# INFO keys only fc2vcf.py defines together; a breakend VCF from an SV caller has none.
_SIGNATURE = ("##INFO=<ID=FUSION,", "##INFO=<ID=GENE5,", "##INFO=<ID=GENE3,")
_COLUMNS = ("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")
_FRAMES = {"in-frame", "out-of-frame"}


def is_fusioncatcher_vcf(path: str | Path) -> bool:
    """True when the VCF header carries FusionCatcher's own FUSION/GENE5/GENE3 INFO lines.

    Reads the header only (plain or gzip), so a large SV VCF is not read twice; False for
    anything that cannot be read (the reader chosen next reports that properly).
    """
    found: set[str] = set()
    try:
        with Path(path).open("rb") as raw:
            packed = raw.read(2) == GZIP_MAGIC
        with gzip.open(path, "rb") if packed else Path(path).open("rb") as handle:
            for raw_line in handle:
                if not raw_line.startswith(b"##"):
                    break
                line = raw_line.decode("utf-8", "replace")
                found.update(tag for tag in _SIGNATURE if line.startswith(tag))
    except (OSError, EOFError, zlib.error):
        return False
    return len(found) == len(_SIGNATURE)


def read_fusioncatcher_vcf(path: str | Path) -> list[Fusion]:
    """Read a FusionCatcher VCF into Fusions (one per fusion, 5' record's line), in file order.

    Raises InputError naming file, line and field for a file without FusionCatcher's header,
    a record with too few columns, no partner gene or a read count that is not an integer.
    """
    path = Path(path)
    lines = read_text_lines(path)
    if not lines or not lines[0].startswith("##fileformat=VCF"):
        raise InputError("not a VCF: the first line must be ##fileformat=VCF", path=path, line=1)
    header_end = next((i for i, line in enumerate(lines) if not line.startswith("##")), None)
    if header_end is None or lines[header_end].split("\t")[: len(_COLUMNS)] != list(_COLUMNS):
        raise InputError(
            "missing the #CHROM POS ID REF ALT QUAL FILTER INFO column line",
            path=path,
            line=(header_end or len(lines)) + 1,
        )
    if not all(any(line.startswith(tag) for line in lines[:header_end]) for tag in _SIGNATURE):
        raise InputError(
            "not FusionCatcher's VCF: the header lacks its FUSION/GENE5/GENE3 INFO lines",
            path=path,
        )
    records = [
        _Record.parse(line, number, path)
        for number, line in enumerate(lines[header_end + 1 :], start=header_end + 2)
        if line.strip()
    ]
    five_ids = {r.id for r in records if r.end == "5"}
    fusions = [
        r.fusion(path)
        for r in records
        if r.end == "5" or (r.end == "3" and r.info.get("MATEID") not in five_ids)
    ]
    log.debug("%s: %d FusionCatcher VCF record(s), %d fusion(s)", path, len(records), len(fusions))
    return fusions


class _Record:
    """One data line: the columns this reader uses, INFO as a dict (flags -> "")."""

    def __init__(self, fields: list[str], number: int, path: Path) -> None:
        self.chrom, self.pos, self.id, self.alt, self.filter = (
            fields[0],
            fields[1],
            fields[2],
            fields[4],
            fields[6],
        )
        self.number = number
        self.path = path
        self.info: dict[str, str] = {}
        for item in fields[7].split(";"):
            key, _, value = item.partition("=")
            if key:
                self.info[key] = value

    @classmethod
    def parse(cls, line: str, number: int, path: Path) -> _Record:
        fields = line.split("\t")
        if len(fields) < len(_COLUMNS):
            raise InputError(
                f"expected {len(_COLUMNS)} tab-separated columns, found {len(fields)}",
                path=path,
                line=number,
            )
        return cls(fields, number, path)

    @property
    def end(self) -> str:
        return self.info.get("END", "").strip()

    def count(self, key: str) -> int | None:
        value = self.info.get(key, "").strip()
        return None if value in {"", "."} else parse_count(value, self.path, self.number, key)

    def point(self) -> str:
        strand = self.info.get("STRAND", "").strip()
        return f"{self.chrom}:{self.pos}" + (f":{strand}" if strand else "")

    def mate_point(self) -> str | None:
        """The other end's `chrom:pos:strand`, read from the bracket ALT fc2vcf writes."""
        alt = self.alt.strip("N")
        if len(alt) < 3 or alt[0] not in "[]" or alt[-1] != alt[0]:
            return None
        where = alt[1:-1]
        # fc2vcf: the 5' record points at the 3' end with `[` for a '+' 3' strand, `]` for '-';
        # the 3' record points back with `[` for a '+' 5' strand, `]` for '-'.
        return f"{where}:{'+' if alt[0] == '[' else '-'}"

    def fusion(self, path: Path) -> Fusion:
        partners = []
        for symbol, gene_id in (("GENE5", "GENS5"), ("GENE3", "GENS3")):
            partner = self.info.get(symbol, "").strip() or self.info.get(gene_id, "").strip()
            if not partner:
                raise InputError("no partner gene", path=path, line=self.number, field=symbol)
            partners.append(partner)
        effect = self.info.get("EFFECT", "").strip()
        frame = effect.lower() if effect.lower() in _FRAMES else None
        own, mate = self.point(), self.mate_point()
        point5, point3 = (own, mate) if self.end == "5" else (mate, own)
        filters = tuple(f for f in self.filter.split(";") if f and f not in {"PASS", "."})
        return Fusion(
            gene5=partners[0],
            gene3=partners[1],
            caller=CALLER,
            source=str(path),
            breakpoint5=point5,
            breakpoint3=point3,
            junction_reads=self.count("SR"),
            spanning_reads=self.count("SP"),
            reading_frame=frame,
            confidence=None,  # DESC labels (known, cosmic, healthy ...) are not a confidence
            record=self.number,
            filters=filters,
        )
