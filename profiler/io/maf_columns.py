"""MAF columns by meaning: one alias table for the spellings real MAF writers use.

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

from dataclasses import dataclass

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
    "vaf": ("tumor_f",),
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
