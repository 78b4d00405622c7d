"""VEP CSQ, SnpEff ANN and legacy EFF parsing, and the choice of the one transcript we report.

The field layout is read from the VCF header (never fixed positions): VEP writes
`Format: Allele|Consequence|...` in the CSQ description, SnpEff writes
`Functional annotations: 'Allele | Annotation | ...'`, and SnpEff before 4.1 wrote
`EFF=Effect(Effect_Impact|...|Genotype_Number)` described as `Format: 'Effect ( Effect_Impact
| ... )'`. The tool is recognised by that description, whatever INFO key it sits under.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from profiler.io.hgvs import short_protein_change, strip_hgvs_prefix

_VEP_FORMAT = re.compile(r"Format:\s*([^\"']+)")
_SNPEFF_FORMAT = re.compile(r"Functional annotations:\s*'([^']+)'")
_EFF_FORMAT = re.compile(r"Format:\s*'\s*Effect\s*\(([^)\]\[]+)")
_EFF_ENTRY = re.compile(r"^([^(]+)\((.*)\)$")
ANNOTATION_KEYS = ("CSQ", "ANN", "EFF", "BCSQ_VEP", "vep")

# VEP population allele frequencies (one value per allele, the same on every transcript):
# the largest one present decides whether a tumor-only call looks like a polymorphism.
POPULATION_AF_FIELDS = ("gnomADe_AF", "gnomADg_AF", "gnomAD_AF", "MAX_AF")

# SnpEff 3.x/4.0 EFF effect names -> the Sequence Ontology terms ANN and VEP write.
_EFF_TO_SO = {
    "NON_SYNONYMOUS_CODING": "missense_variant",
    "SYNONYMOUS_CODING": "synonymous_variant",
    "STOP_GAINED": "stop_gained",
    "STOP_LOST": "stop_lost",
    "START_LOST": "start_lost",
    "NON_SYNONYMOUS_START": "initiator_codon_variant",
    "SYNONYMOUS_STOP": "stop_retained_variant",
    "FRAME_SHIFT": "frameshift_variant",
    "CODON_INSERTION": "inframe_insertion",
    "CODON_DELETION": "inframe_deletion",
    "CODON_CHANGE_PLUS_CODON_INSERTION": "disruptive_inframe_insertion",
    "CODON_CHANGE_PLUS_CODON_DELETION": "disruptive_inframe_deletion",
    "SPLICE_SITE_ACCEPTOR": "splice_acceptor_variant",
    "SPLICE_SITE_DONOR": "splice_donor_variant",
    "EXON_DELETED": "exon_loss_variant",
    "INTRON": "intron_variant",
    "UTR_5_PRIME": "5_prime_UTR_variant",
    "UTR_3_PRIME": "3_prime_UTR_variant",
    "UPSTREAM": "upstream_gene_variant",
    "DOWNSTREAM": "downstream_gene_variant",
    "INTERGENIC": "intergenic_region",
}


@dataclass(frozen=True)
class TranscriptAnnotation:
    """One transcript's consequence for one ALT allele."""

    allele: str
    gene: str | None
    transcript: str | None
    consequence: str | None
    hgvs_c: str | None
    hgvs_p: str | None
    biotype: str | None = None
    canonical: bool = False
    mane_select: str | None = None
    mane_plus_clinical: str | None = None
    allele_num: int | None = None
    population_af: float | None = None  # max of the gnomAD / MAX_AF fields, when written


@dataclass(frozen=True)
class AnnotationFormat:
    """How one VCF stores transcript annotations: the INFO key, the tool, the field names."""

    key: str
    tool: str  # "VEP", "SnpEff" (ANN) or "SnpEff EFF" (legacy)
    fields: tuple[str, ...]

    def parse(self, raw: str) -> list[TranscriptAnnotation]:
        return _parser(self.tool, self.fields)(raw)


@functools.cache
def _parser(tool: str, fields: tuple[str, ...]) -> Callable[[str], list[TranscriptAnnotation]]:
    """The parser of one layout, built once: field positions are found here, not per record."""
    width = len(fields)
    index = {name: i for i, name in enumerate(fields)}  # a repeated name: its last position
    if tool == "VEP":
        read = _vep_reader(index, width)
    else:
        parse_one = {"SnpEff": _parse_snpeff, "SnpEff EFF": _parse_eff}[tool]

        def read(values: list[str]) -> TranscriptAnnotation:
            return parse_one(values, index)

    eff = tool == "SnpEff EFF"

    def parse(raw: str) -> list[TranscriptAnnotation]:
        out = []
        for entry in raw.split(","):
            if eff:
                m = _EFF_ENTRY.match(entry.strip())
                if not m:
                    continue
                values = [m.group(1).strip(), *m.group(2).split("|")]
            else:
                values = entry.split("|")
            if len(values) < width:
                values += [""] * (width - len(values))
            out.append(read(values))
        return out

    return parse


def detect_annotation_format(info_descriptions: dict[str, str]) -> AnnotationFormat | None:
    """Find VEP or SnpEff annotations by their header description (any INFO key)."""
    ordered = sorted(info_descriptions, key=lambda k: (k not in ANNOTATION_KEYS, k))
    for key in ordered:
        description = info_descriptions[key]
        eff = _EFF_FORMAT.search(description)
        if eff:
            names = [f.strip() for f in eff.group(1).split("|")]
            return AnnotationFormat(key=key, tool="SnpEff EFF", fields=("Effect", *names))
        if "Allele" not in description:
            continue
        snpeff = _SNPEFF_FORMAT.search(description)
        if snpeff:
            fields = tuple(f.strip() for f in snpeff.group(1).split("|"))
            return AnnotationFormat(key=key, tool="SnpEff", fields=fields)
        vep = _VEP_FORMAT.search(description)
        if vep and "Consequence" in vep.group(1):
            fields = tuple(f.strip() for f in vep.group(1).strip().split("|"))
            return AnnotationFormat(key=key, tool="VEP", fields=fields)
    return None


def _get(values: list[str], index: dict[str, int], *names: str) -> str | None:
    for name in names:
        i = index.get(name)
        if i is not None and values[i] not in ("", "."):
            return values[i]
    return None


_EMPTY = ("", ".")


def _vep_reader(index: dict[str, int], width: int) -> Callable[[list[str]], TranscriptAnnotation]:
    """One VEP entry (its values, padded to `width`) as a TranscriptAnnotation.

    Reads what `_get(values, index, name)` would for each field, from positions found
    once: a field the layout lacks reads position `width`, an empty string appended to
    the values, hence None like any empty or '.' value.
    """
    names = (
        "Allele",
        "SYMBOL",
        "Feature",
        "Consequence",
        "HGVSc",
        "HGVSp",
        "BIOTYPE",
        "CANONICAL",
        "MANE_SELECT",
        "MANE",
        "MANE_PLUS_CLINICAL",
        "ALLELE_NUM",
    )
    pick = operator.itemgetter(*(index.get(name, width) for name in names))
    af_positions = tuple(index[name] for name in POPULATION_AF_FIELDS if name in index)

    def read(values: list[str]) -> TranscriptAnnotation:
        del values[width:]  # values beyond the layout are never read
        values.append("")
        (
            allele,
            gene,
            transcript,
            consequence,
            hgvs_c,
            hgvs_p,
            biotype,
            canonical,
            mane_select,
            mane,
            mane_plus_clinical,
            allele_num,
        ) = [None if v in _EMPTY else v for v in pick(values)]
        population_af = None
        if af_positions:
            found: list[float] = []
            # the largest population AF written for this allele ('0.1&0.2' = co-located
            # ids), read in field order, then '&' order
            for i in af_positions:
                raw = values[i]
                if raw in _EMPTY:
                    continue
                for part in raw.split("&"):
                    try:
                        found.append(float(part))
                    except ValueError:
                        continue
            population_af = max(found) if found else None
        return TranscriptAnnotation(
            allele=allele or "",
            gene=gene,
            transcript=transcript,
            consequence=consequence,
            hgvs_c=strip_hgvs_prefix(hgvs_c),
            hgvs_p=strip_hgvs_prefix(hgvs_p),
            biotype=biotype,
            canonical=(canonical or "").upper() == "YES",
            mane_select=mane_select if mane_select is not None else _mane_select(mane),
            mane_plus_clinical=(
                mane_plus_clinical if mane_plus_clinical is not None else _plus_clinical(mane)
            ),
            allele_num=int(allele_num) if allele_num and allele_num.isdigit() else None,
            population_af=population_af,
        )

    return read


def _mane_select(mane: str | None) -> str | None:
    """VEP's `MANE` field as a MANE Select marker.

    VEP 103 wrote the MANE Select RefSeq id there; VEP 104+ writes the kind of MANE
    transcript ('MANE_Select' or 'MANE_Plus_Clinical'). A Plus Clinical transcript is not
    MANE Select: on BRAF's, V600E reads p.Val640Glu.
    """
    if mane is None or "plus_clinical" in mane.lower():
        return None
    return mane


def _plus_clinical(mane: str | None) -> str | None:
    return mane if mane is not None and "plus_clinical" in mane.lower() else None


def transcript_role(annotation: TranscriptAnnotation) -> str | None:
    """How the annotator marked this transcript, for a note ('MANE Plus Clinical' ...)."""
    if annotation.mane_select:
        return "MANE Select"
    if annotation.mane_plus_clinical:
        return "MANE Plus Clinical"
    if annotation.canonical:
        return "canonical"
    return None


def described(annotation: TranscriptAnnotation) -> str | None:
    """'V640E on ENST00000644969.2 (MANE Plus Clinical)': the annotator's own label."""
    short = short_protein_change(annotation.hgvs_p)
    if short is None:
        return None
    where = f" on {annotation.transcript}" if annotation.transcript else ""
    role = transcript_role(annotation)
    return f"{short}{where}" + (f" ({role})" if role else "")


def _parse_eff(values: list[str], index: dict[str, int]) -> TranscriptAnnotation:
    """Legacy EFF: Amino_Acid_Change is 'R132C' or, with -hgvs, 'p.Arg132Cys/c.394C>T'."""
    effect = _get(values, index, "Effect") or ""
    change = _get(values, index, "Amino_Acid_Change", "Amino_Acid_change") or ""
    hgvs_p = hgvs_c = None
    for part in change.split("/"):
        if part.startswith("p."):
            hgvs_p = part
        elif part.startswith(("c.", "n.")):
            hgvs_c = part
        elif part and hgvs_p is None:
            hgvs_p = f"p.{part}"
    genotype = _get(values, index, "Genotype_Number", "GenotypeNum", "Genotype")
    return TranscriptAnnotation(
        allele="",
        gene=_get(values, index, "Gene_Name"),
        transcript=_get(values, index, "Transcript_ID", "Transcript"),
        consequence=_EFF_TO_SO.get(effect, effect.lower() or None),
        hgvs_c=hgvs_c,
        hgvs_p=hgvs_p,
        biotype=_get(values, index, "Transcript_BioType", "Gene_BioType"),
        allele_num=int(genotype) if genotype and genotype.isdigit() else None,
    )


def _parse_snpeff(values: list[str], index: dict[str, int]) -> TranscriptAnnotation:
    return TranscriptAnnotation(
        allele=_get(values, index, "Allele") or "",
        gene=_get(values, index, "Gene_Name"),
        transcript=_get(values, index, "Feature_ID"),
        consequence=_get(values, index, "Annotation"),
        hgvs_c=_get(values, index, "HGVS.c"),
        hgvs_p=_get(values, index, "HGVS.p"),
        biotype=_get(values, index, "Transcript_BioType"),
    )


def vep_allele(ref: str, alt: str, all_alts: Iterable[str]) -> str:
    """The allele string VEP writes for `alt`: the shared first base is trimmed for indels."""
    alleles = [ref, *all_alts]
    length = len(ref)
    for a in alleles:
        if len(a) != length:
            break
    else:
        return alt  # no allele changes the length: not an indel
    first = ref[:1]
    # every allele non-empty and starting with the same base
    if first and all(a[:1] == first for a in alleles):
        return alt[1:] or "-"
    return alt


def annotations_for_allele(
    annotations: list[TranscriptAnnotation],
    tool: str,
    ref: str,
    alt: str,
    alts: list[str],
    allele_index: int,
) -> list[TranscriptAnnotation]:
    """The annotations belonging to one ALT of a (possibly multi-allelic) record."""
    for a in annotations:
        if a.allele_num is not None:
            number = allele_index + 1
            return [a for a in annotations if a.allele_num == number]
    if tool == "SnpEff EFF":  # EFF names no allele: unambiguous only for one ALT
        return list(annotations) if len(alts) == 1 else []
    if tool == "VEP":
        trimmed = vep_allele(ref, alt, alts)
        return [a for a in annotations if a.allele == alt or a.allele == trimmed]
    return [a for a in annotations if a.allele == alt]


def choose_transcript(
    candidates: list[TranscriptAnnotation],
    is_kb_gene: Callable[[str | None], bool],
    is_kb_transcript: Callable[[str | None, str | None], bool],
) -> tuple[TranscriptAnnotation | None, bool]:
    """Pick the annotation to report and say whether its HGVS numbering may be shown.

    Order: MANE Select, then the canonical transcript, then the KB's transcript for the
    gene. For a KB gene, another transcript's numbering is never reported (BRAF V600E is
    never shown as V640E): the gene is kept and the HGVS is withheld instead. MANE Plus
    Clinical is not MANE Select. At the KB's codons the genomic position has the last
    word anyway (annotate/hotspots.py).
    """
    if not candidates:
        return None, False

    def rank(a: TranscriptAnnotation) -> tuple[int, ...]:
        return (
            0 if a.mane_select else 1,
            0 if is_kb_gene(a.gene) else 1,
            0 if a.canonical else 1,
            0 if is_kb_transcript(a.gene, a.transcript) else 1,
            0 if a.biotype == "protein_coding" else 1,
        )

    best = candidates[0] if len(candidates) == 1 else min(candidates, key=rank)
    trusted = bool(
        best.mane_select or best.canonical or is_kb_transcript(best.gene, best.transcript)
    )
    if not trusted and not is_kb_gene(best.gene):
        trusted = True  # genes outside the KB: report the annotator's first-ranked choice
    return best, trusted
