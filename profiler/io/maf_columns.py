"""MAF columns by meaning: one alias table for the spellings real MAF writers use, the
vocabularies of their values (Variant_Classification, NCBI_Build, chromosome names) and
the reading of one row's cells by meaning (alleles, counts, whether it can be used).

Each meaning lists its column names in order of preference; a header is matched without
regard to case, because the same column is `Start_Position` in vcf2maf/GDC/cBioPortal
output and `Start_position` in Oncotator, MOAlmanac and older TCGA MAFs. Writers and the
names they use (checked against each tool's documentation or source):

- vcf2maf / GDC / cBioPortal: `HGVSp_Short`, `HGVSp`, `HGVSc`, `Transcript_ID`, `RefSeq`,
  `NCBI_Build` GRCh37/GRCh38 (cBioPortal requires those two spellings);
- TCGA legacy (maftools' tcga_laml.maf): `Protein_Change`, `i_transcript_name`,
  `i_TumorVAF_WU` (a percentage), `NCBI_Build` 37;
- Oncotator TCGA MAF 2.4 and GATK Funcotator: `Protein_Change`, `cDNA_Change`,
  `Annotation_Transcript`, `Refseq_mRNA_Id`, `tumor_f`, `NCBI_Build` 37 / hg19 / hg38,
  `__UNKNOWN__` in empty cells, a trailing tab on every line (Funcotator);
- WashU / older TCGA: `amino_acid_change` (`amino_acid_change_WU`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError
from profiler.model import Assembly

ALIASES: dict[str, tuple[str, ...]] = {
    "gene": ("Hugo_Symbol",),
    "sample": ("Tumor_Sample_Barcode",),
    "normal": ("Matched_Norm_Sample_Barcode",),
    "classification": ("Variant_Classification",),
    "build": ("NCBI_Build",),
    "chrom": ("Chromosome",),
    "start": ("Start_Position",),
    "ref": ("Reference_Allele",),
    "allele1": ("Tumor_Seq_Allele1",),
    "allele2": ("Tumor_Seq_Allele2",),
    # HGVSp before HGVSp_Short: the same change, but the long form keeps p.(...) intact.
    "protein": (
        "HGVSp",
        "HGVSp_Short",
        "Protein_Change",
        "amino_acid_change",
        "amino_acid_change_WU",
        "AAChange",
    ),
    "hgvs_c": ("HGVSc", "cDNA_Change"),
    # Every transcript column is a candidate: a KB gene's label is trusted when any of
    # them is the KB's MANE Select transcript (vcf2maf writes both Ensembl and RefSeq).
    "transcript": (
        "Transcript_ID",
        "Annotation_Transcript",
        "i_transcript_name",
        "RefSeq",
        "Refseq_mRNA_Id",
    ),
    "consequence": ("Consequence",),
    "filter": ("FILTER",),
    "depth": ("t_depth",),
    "ref_count": ("t_ref_count",),
    "alt_count": ("t_alt_count",),
    "vaf": ("tumor_f", "i_tumor_f"),
    "vaf_percent": ("i_TumorVAF_WU",),
    "population_af": (
        "gnomAD_AF",
        "gnomADe_AF",
        "gnomADg_AF",
        "gnomAD_exome_AF",
        "gnomAD_genome_AF",
        "MAX_AF",
    ),
}

REQUIRED = ("gene", "classification", "sample")
COORDINATES = ("chrom", "start", "ref", "allele2")

# Cells that mean "no value": Funcotator writes __UNKNOWN__, cBioPortal NA, VEP '-'.
MISSING = frozenset({"", ".", "NA", "N/A", "na", "nan", "NaN", "None", "__UNKNOWN__"})
_ALLELE_FIELDS = frozenset({"ref", "allele1", "allele2"})


@dataclass(frozen=True)
class MafColumns:
    """Which header positions hold each meaning, in order of preference."""

    positions: dict[str, tuple[int, ...]]
    names: dict[str, tuple[str, ...]]

    @classmethod
    def from_header(cls, header: list[str]) -> MafColumns:
        by_lower: dict[str, int] = {}
        for index, name in enumerate(header):
            by_lower.setdefault(name.strip().lower(), index)
        positions: dict[str, tuple[int, ...]] = {}
        names: dict[str, tuple[str, ...]] = {}
        for meaning, aliases in ALIASES.items():
            found = [(by_lower[a.lower()], header[by_lower[a.lower()]].strip()) for a in aliases
                     if a.lower() in by_lower]  # fmt: skip
            if found:
                positions[meaning] = tuple(i for i, _ in found)
                names[meaning] = tuple(n for _, n in found)
        return cls(positions, names)

    def has(self, meaning: str) -> bool:
        return meaning in self.positions

    def missing(self, meanings: tuple[str, ...]) -> list[str]:
        """The first spelling of each meaning the header lacks (for error messages)."""
        return [ALIASES[m][0] for m in meanings if m not in self.positions]

    def name(self, meaning: str) -> str:
        """The header's own spelling of a meaning (its preferred one), else the canonical."""
        return self.names.get(meaning, ALIASES[meaning])[0]

    def values(self, cells: list[str], meaning: str) -> list[tuple[str, str]]:
        """(column name, value) of every non-empty cell of a meaning, preferred first."""
        out = []
        for index, name in zip(
            self.positions.get(meaning, ()), self.names.get(meaning, ()), strict=True
        ):
            value = cells[index].strip() if index < len(cells) else ""
            if value in MISSING or (value == "-" and meaning not in _ALLELE_FIELDS):
                continue
            out.append((name, value))
        return out

    def get(self, cells: list[str], meaning: str) -> str | None:
        """The preferred non-empty value of a meaning, or None."""
        found = self.values(cells, meaning)
        return found[0][1] if found else None


# MAF Variant_Classification -> Sequence Ontology term (used when no Consequence column).
CLASSIFICATION_TO_SO = {
    "Missense_Mutation": "missense_variant",
    "Nonsense_Mutation": "stop_gained",
    "Nonstop_Mutation": "stop_lost",
    "Translation_Start_Site": "start_lost",
    "Frame_Shift_Del": "frameshift_variant",
    "Frame_Shift_Ins": "frameshift_variant",
    "In_Frame_Del": "inframe_deletion",
    "In_Frame_Ins": "inframe_insertion",
    "Splice_Site": "splice_donor_variant",
    "Splice_Region": "splice_region_variant",
    "Silent": "synonymous_variant",
    "Intron": "intron_variant",
    "3'UTR": "3_prime_UTR_variant",
    "5'UTR": "5_prime_UTR_variant",
    "3'Flank": "downstream_gene_variant",
    "5'Flank": "upstream_gene_variant",
    "IGR": "intergenic_variant",
    "RNA": "non_coding_transcript_exon_variant",
    "Targeted_Region": "coding_sequence_variant",
}

BUILDS: dict[str, Assembly] = {
    "37": "GRCh37",
    "grch37": "GRCh37",
    "grch37-lite": "GRCh37",
    "hg19": "GRCh37",
    "b37": "GRCh37",
    "hs37d5": "GRCh37",
    "38": "GRCh38",
    "grch38": "GRCh38",
    "hg38": "GRCh38",
}
PATCH = re.compile(r"\.p\d+$")  # GRCh38.p13 is GRCh38
# Primary chromosomes, with or without "chr"; other contigs (GL000220.1, chrUn_..., *_alt,
# HLA-*, EBV, hs37d5, NC_*) are real but hold no KB gene, so their rows are read as well.
PRIMARY = re.compile(r"(chr)?([1-9]|1[0-9]|2[0-2]|X|Y|M|MT)", re.IGNORECASE)
CONTIG = re.compile(r"(chr)?(GL|KI|JH|NC_|HLA-|EBV|hs37d5|Un_)\S*|\S+_(random|alt|decoy)",
                     re.IGNORECASE)  # fmt: skip


def alleles(cols: MafColumns, cells: list[str]) -> tuple[str, str]:
    """REF and the tumor allele: Allele2, or Allele1 when Allele2 is empty or the REF."""
    ref = cols.get(cells, "ref") or ""
    alt = cols.get(cells, "allele2") or ""
    if not alt or alt == ref:
        alt = cols.get(cells, "allele1") or alt
    return ref, alt


def integer(cols: MafColumns, cells: list[str], meaning: str, path: Path, line: int) -> int | None:
    """A whole number (position, read count); a cell that is not one refuses the file."""
    found = cols.values(cells, meaning)
    if not found:
        return None
    name, value = found[0]
    try:
        return int(float(value))
    except (ValueError, OverflowError) as exc:  # 'abc', 'inf', '1e999'
        raise InputError(
            f"{name} is not a number: {value!r}", path=path, line=line, field=name
        ) from exc


def counts(
    cols: MafColumns, cells: list[str], path: Path, line: int
) -> tuple[float | None, int | None, int | None]:
    """VAF, depth and alt reads: from the counts, else tumor_f or a percentage column."""
    ref = integer(cols, cells, "ref_count", path, line)
    alt = integer(cols, cells, "alt_count", path, line)
    depth = integer(cols, cells, "depth", path, line)
    if depth is None and ref is not None and alt is not None:
        depth = ref + alt
    total = (ref + alt) if ref is not None and alt is not None else depth
    vaf = round(alt / total, 4) if alt is not None and total else None
    if vaf is None:
        vaf = _fraction(cols, cells, "vaf", 1.0, path, line)
    if vaf is None:
        vaf = _fraction(cols, cells, "vaf_percent", 100.0, path, line)
    return vaf, depth, alt


def _fraction(
    cols: MafColumns, cells: list[str], meaning: str, scale: float, path: Path, line: int
) -> float | None:
    found = cols.values(cells, meaning)
    if not found:
        return None
    name, value = found[0]
    try:
        fraction = float(value) / scale
    except ValueError as exc:
        raise InputError(
            f"{name} is not a number: {value!r}", path=path, line=line, field=name
        ) from exc
    if not 0.0 <= fraction <= 1.0:
        raise InputError(
            f"{name} {value!r} is not an allele fraction"
            + (" in percent" if scale != 1.0 else " between 0 and 1"),
            path=path,
            line=line,
            field=name,
        )
    return round(fraction, 4)


def population_af(cols: MafColumns, cells: list[str]) -> float | None:
    """The highest population allele frequency named (for the tumor-only germline flag)."""
    found = []
    for _, value in cols.values(cells, "population_af"):
        try:
            found.append(float(value))
        except ValueError:
            continue
    return max(found) if found else None


def build_of(value: str) -> Assembly | None:
    """GRCh37/GRCh38 for an NCBI_Build spelling (37, hg19, GRCh38.p13...), else None."""
    return BUILDS.get(PATCH.sub("", value.strip().lower()))


def unusable_reason(cols: MafColumns, cells: list[str], path: Path, line: int) -> str | None:
    """Why a row cannot be checked against genomic positions, or None if it can."""
    chrom = cols.get(cells, "chrom")
    pos = integer(cols, cells, "start", path, line)
    ref, alt = alleles(cols, cells)
    if not chrom and pos is None:
        return "no genomic position"
    if not chrom:
        return f"no {cols.name('chrom')}"
    if pos is None or pos < 1:
        return f"no {cols.name('start')}"
    if not (PRIMARY.fullmatch(chrom) or CONTIG.fullmatch(chrom)):
        return f"unknown chromosome {chrom!r}"
    if not ref or not alt:
        return "no alleles"
    return None
