"""MAF reader: vcf2maf and TCGA/cBioPortal mutation annotation files.

Columns are found by header name (any order, extra columns ignored); a `#version 2.4`
line and other `#` comment lines before the header are skipped. One MAF may hold many
tumors: without --sample a multi-sample MAF is refused with the list of barcodes.

Like the VCF reader, it returns SmallVariants and knows nothing about therapies. For a
KB gene the MAF's protein change is reported only from the KB's preferred (MANE Select)
transcript; otherwise it is withheld and the variant is named from its coordinates by
the KB hotspot/codon tables (vcf2maf's 2020 isoform list puts BRAF on the MANE Plus
Clinical transcript, where V600E reads p.V640E).

A row without a genomic position or alleles (cBioPortal's minimal MAF allows them) is
kept outside the KB genes, where it is only counted, and refused in a KB gene: there the
position decides the protein change, and a label on an unknown transcript cannot be
checked against the KB's codons.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.hgvs import short_protein_change, strip_hgvs_prefix
from profiler.model import Assembly, SmallVariant

REQUIRED = (
    "Hugo_Symbol",
    "Variant_Classification",
    "Tumor_Sample_Barcode",
    "HGVSp_Short",
    "NCBI_Build",
)

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

_BUILDS: dict[str, Assembly] = {
    "37": "GRCh37",
    "grch37": "GRCh37",
    "hg19": "GRCh37",
    "b37": "GRCh37",
    "38": "GRCh38",
    "grch38": "GRCh38",
    "hg38": "GRCh38",
}
_POPULATION_AF = ("gnomAD_AF", "gnomADe_AF", "gnomADg_AF", "MAX_AF")


@dataclass
class MafSource:
    """A checked MAF: the chosen tumor barcode, its assembly, and its rows."""

    path: Path
    tumor_sample: str
    normal_sample: str | None
    assembly: Assembly
    assembly_source: str
    samples: tuple[str, ...]
    _rows: list[tuple[int, dict[str, str]]] = field(repr=False)
    _is_kb_gene: Callable[[str | None], bool] = field(repr=False)
    _is_kb_transcript: Callable[[str | None, str | None], bool] = field(repr=False)

    @property
    def tumor_only(self) -> bool:
        return self.normal_sample is None

    def variants(self) -> Iterator[SmallVariant]:
        for line, row in self._rows:
            yield self._variant(line, row)

    def _variant(self, line: int, row: dict[str, str]) -> SmallVariant:
        gene = _value(row, "Hugo_Symbol")
        transcript = _value(row, "Transcript_ID") or _value(row, "RefSeq")
        trusted = not self._is_kb_gene(gene) or any(
            self._is_kb_transcript(gene, t)
            for t in (_value(row, "Transcript_ID"), _value(row, "RefSeq"))
            if t
        )
        for t in (_value(row, "Transcript_ID"), _value(row, "RefSeq")):
            if t and self._is_kb_transcript(gene, t):
                transcript = t
        hgvs_p = _value(row, "HGVSp") or _value(row, "HGVSp_Short")
        ref = _value(row, "Reference_Allele") or ""
        alt = _value(row, "Tumor_Seq_Allele2") or ""
        if not alt or alt == ref:  # Allele2 empty or REF: the variant allele is Allele1
            alt = _value(row, "Tumor_Seq_Allele1") or alt
        pos = _int(row, "Start_Position", self.path, line)
        if (pos is None or not ref or not alt) and self._is_kb_gene(gene):
            named = " ".join(x for x in (gene, _value(row, "HGVSp_Short") or hgvs_p) if x)
            raise InputError(
                f"{named} has no genomic position "
                "or alleles (Start_Position, Reference_Allele, Tumor_Seq_Allele2): in a "
                "knowledge-base gene the protein change is checked against the genomic "
                "position (another transcript's numbering, such as BRAF p.V640E for V600E, "
                "would pass unchecked). Give a MAF with coordinates (vcf2maf, Genome "
                "Nexus) or the VCF.",
                path=self.path,
                line=line,
                field="Start_Position",
            )
        annotated_as = None
        if not trusted and hgvs_p and short_protein_change(hgvs_p):
            where = f" on {transcript}" if transcript else ""
            annotated_as = f"{short_protein_change(hgvs_p)}{where}"
        vaf, depth, alt_reads = _counts(row, self.path, line)
        consequence = _value(row, "Consequence") or CLASSIFICATION_TO_SO.get(
            _value(row, "Variant_Classification") or ""
        )
        filters = tuple(
            f for f in (_value(row, "FILTER") or "PASS").split(";") if f not in ("PASS", ".")
        )
        return SmallVariant(
            chrom=_value(row, "Chromosome") or "",
            pos=pos or 0,  # 0: no position (a row outside the KB genes, only counted)
            ref=ref,
            alt=alt,
            filters=filters,
            gene=gene,
            transcript=transcript if trusted else None,
            hgvs_c=strip_hgvs_prefix(_value(row, "HGVSc")) if trusted else None,
            hgvs_p=strip_hgvs_prefix(hgvs_p) if trusted else None,
            consequence=consequence,
            vaf=vaf,
            depth=depth,
            alt_reads=alt_reads,
            annotation_source="MAF" if gene else "none",
            record=line,
            population_af=_population_af(row),
            annotated_as=annotated_as,
        )


_ALLELE_COLUMNS = ("Reference_Allele", "Tumor_Seq_Allele1", "Tumor_Seq_Allele2")


def _value(row: dict[str, str], key: str) -> str | None:
    """A cell, or None when empty; '-' is kept in allele columns (MAF's empty allele)."""
    value = row.get(key)
    if value is None:
        return None
    value = value.strip()
    if value in ("", ".", "NA", "N/A") or (value == "-" and key not in _ALLELE_COLUMNS):
        return None
    return value


def _int(row: dict[str, str], key: str, path: Path, line: int) -> int | None:
    value = _value(row, key)
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError as exc:
        raise InputError(
            f"{key} is not a number: {value!r}", path=path, line=line, field=key
        ) from exc


def _counts(
    row: dict[str, str], path: Path, line: int
) -> tuple[float | None, int | None, int | None]:
    ref = _int(row, "t_ref_count", path, line)
    alt = _int(row, "t_alt_count", path, line)
    depth = _int(row, "t_depth", path, line)
    if depth is None and ref is not None and alt is not None:
        depth = ref + alt
    total = (ref + alt) if ref is not None and alt is not None else depth
    vaf = round(alt / total, 4) if alt is not None and total else None
    return vaf, depth, alt


def _population_af(row: dict[str, str]) -> float | None:
    found = []
    for key in _POPULATION_AF:
        value = _value(row, key)
        if value is None:
            continue
        try:
            found.append(float(value))
        except ValueError:
            continue
    return max(found) if found else None


def _open_text(path: Path):
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", newline=None)
    return path.open(encoding="utf-8", newline=None)


def open_maf(
    path: Path,
    *,
    sample: str | None = None,
    assembly: str | None = None,
    is_kb_gene: Callable[[str | None], bool] = lambda g: False,
    is_kb_transcript: Callable[[str | None, str | None], bool] = lambda g, t: False,
    tumor_sample_id: str | None = None,
) -> MafSource:
    """Read and check a MAF; choose the tumor barcode; decide the assembly from NCBI_Build.

    `tumor_sample_id` (the case's) picks the barcode of a multi-sample MAF when `sample`
    (--sample) is not given.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with _open_text(path) as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip() or (header is None and line.startswith("#")):
                    continue
                cells = line.split("\t")
                if header is None:
                    header = [c.strip() for c in cells]
                    missing = [c for c in REQUIRED if c not in header]
                    if missing:
                        raise InputError(
                            f"not a MAF: required column(s) {', '.join(missing)} missing from "
                            "the header",
                            path=path,
                            line=number,
                        )
                    continue
                if len(cells) > len(header):
                    raise InputError(
                        f"{len(cells)} fields but the header has {len(header)}",
                        path=path,
                        line=number,
                    )
                rows.append((number, dict(zip(header, cells, strict=False))))
    except UnicodeDecodeError as exc:
        raise InputError(f"not a text MAF ({exc})", path=path) from exc
    if header is None:
        raise InputError("empty MAF: no header line", path=path)
    samples = tuple(dict.fromkeys(r["Tumor_Sample_Barcode"].strip() for _, r in rows))
    listing = ", ".join(samples) or "(none)"
    if sample is not None:
        if sample not in samples:
            raise InputError(
                f"--sample {sample!r} is not a Tumor_Sample_Barcode in the MAF; its samples "
                f"are: {listing}",
                path=path,
            )
        chosen = sample
    elif len(samples) == 1:
        chosen = samples[0]
    elif not samples:
        raise InputError("the MAF has a header but no mutation rows", path=path)
    elif tumor_sample_id is not None:
        if tumor_sample_id not in samples:
            raise InputError(
                f"the case's tumor_sample_id {tumor_sample_id!r} is not a "
                f"Tumor_Sample_Barcode in the MAF; its samples are: {listing}",
                path=path,
                field="Tumor_Sample_Barcode",
            )
        chosen = tumor_sample_id
    else:
        raise InputError(
            f"the MAF holds {len(samples)} tumor samples; choose one with --sample "
            f"(Tumor_Sample_Barcode: {listing})",
            path=path,
            field="Tumor_Sample_Barcode",
        )
    mine = [(n, r) for n, r in rows if r["Tumor_Sample_Barcode"].strip() == chosen]
    builds = {(r.get("NCBI_Build") or "").strip() for _, r in mine}
    resolved = {_BUILDS.get(b.lower()) for b in builds}
    if None in resolved or len(resolved) != 1:
        raise InputError(
            f"NCBI_Build must name one of GRCh37/GRCh38 for sample {chosen}; found "
            f"{', '.join(sorted(builds)) or '(empty)'}",
            path=path,
            field="NCBI_Build",
        )
    (build,) = resolved
    source = f"MAF NCBI_Build {', '.join(sorted(builds))}"
    if assembly not in (None, "auto") and assembly != build:
        raise InputError(
            f"--assembly {assembly} contradicts the MAF's NCBI_Build ({build})",
            path=path,
            field="NCBI_Build",
        )
    normals = {_value(r, "Matched_Norm_Sample_Barcode") for _, r in mine} - {None}
    normal = sorted(normals)[0] if normals else None  # type: ignore[type-var]
    return MafSource(
        path=path,
        tumor_sample=chosen,
        normal_sample=normal,
        assembly=build,  # type: ignore[arg-type]
        assembly_source=source,
        samples=samples,
        _rows=mine,
        _is_kb_gene=is_kb_gene,
        _is_kb_transcript=is_kb_transcript,
    )
