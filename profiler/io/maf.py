"""MAF reader: vcf2maf, GDC, cBioPortal, TCGA legacy, Oncotator, Funcotator, MOAlmanac.

Columns are read by meaning (profiler/io/maf_columns.py: one alias table, any order,
any case, extra columns ignored); `#version 2.4`, `#sequenced_samples:` and other `#`
comment lines before the header are skipped, and so is the trailing empty field that
Funcotator writes on every line. One MAF may hold many tumors: without --sample a
multi-sample MAF is refused with the list of barcodes.

Genome build: `NCBI_Build` (GRCh37/hg19/37, GRCh38/hg38/38) or, when the MAF has no such
column or leaves it empty, --assembly; a contradiction between them is an error.

Like the VCF reader, it returns SmallVariants and knows nothing about therapies. For a
KB gene the MAF's protein change is reported only from the KB's preferred (MANE Select)
transcript; otherwise it is withheld and the variant is named from its coordinates by
the KB hotspot/codon tables (vcf2maf's 2020 isoform list puts BRAF on the MANE Plus
Clinical transcript, where V600E reads p.V640E). A MAF without any protein-change column
is read from its coordinates alone.

A row without a genomic position, without alleles or on a chromosome that is not one
(cBioPortal allows such rows) cannot be checked against the KB's positions: it is not
read, but counted and named in the report's methods; in a KB gene it is also a warning,
because a label such as BRAF p.V600E that cannot be checked must not silently vanish.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from profiler.errors import InputError
from profiler.io.hgvs import short_protein_change, strip_hgvs_prefix
from profiler.io.maf_columns import (
    CLASSIFICATION_TO_SO,
    COORDINATES,
    REQUIRED,
    MafColumns,
    alleles,
    build_of,
    counts,
    integer,
    population_af,
    unusable_reason,
)
from profiler.model import Assembly, SmallVariant

_NAMED = 10  # unusable rows named one by one in the methods; the rest are counted


@dataclass(frozen=True)
class UnusableRow:
    """A MAF row that cannot be checked against the KB's positions, and why."""

    line: int
    gene: str | None
    label: str | None  # the protein change as the MAF wrote it
    reason: str
    in_kb_gene: bool

    def describe(self) -> str:
        named = " ".join(x for x in (self.gene, self.label) if x) or "no gene"
        return f"line {self.line} ({named}): {self.reason}"


@dataclass
class MafSource:
    """A checked MAF: the chosen tumor barcode, its assembly, and its rows."""

    path: Path
    tumor_sample: str
    normal_sample: str | None
    assembly: Assembly
    assembly_source: str
    samples: tuple[str, ...]
    columns: MafColumns = field(repr=False)
    unusable: tuple[UnusableRow, ...] = ()
    _rows: list[tuple[int, list[str]]] = field(default_factory=list, repr=False)
    _is_kb_gene: Callable[[str | None], bool] = field(default=lambda g: False, repr=False)
    _is_kb_transcript: Callable[[str | None, str | None], bool] = field(
        default=lambda g, t: False, repr=False
    )

    @property
    def tumor_only(self) -> bool:
        return self.normal_sample is None

    def variants(self) -> Iterator[SmallVariant]:
        for line, cells in self._rows:
            yield self._variant(line, cells)

    def methods(self) -> list[str]:
        """How the MAF was read: the columns used, the build, and the rows not used."""
        cols = self.columns
        protein = (
            f"protein changes read from {cols.name('protein')}"
            if cols.has("protein")
            else "no protein-change column: variants named from their coordinates"
        )
        transcripts = "/".join(cols.names.get("transcript", ())) or "no transcript column"
        lines = [
            f"MAF input, sample {self.tumor_sample} ({len(self.samples)} sample(s) in the "
            f"file); genome build from {self.assembly_source}; {protein} (transcript: "
            f"{transcripts}), kept for a knowledge-base gene only on its MANE Select "
            "transcript, otherwise named from the coordinates."
        ]
        if self.unusable:
            named = "; ".join(row.describe() for row in self.unusable[:_NAMED])
            more = len(self.unusable) - _NAMED
            tail = f"; and {more} more" if more > 0 else ""
            lines.append(
                f"{len(self.unusable)} MAF row(s) of sample {self.tumor_sample} could not be "
                f"checked against genomic positions and were not assessed: {named}{tail}."
            )
        return lines

    def warnings(self) -> list[str]:
        """A knowledge-base gene's row that could not be checked, one warning each."""
        return [
            f"{self.path}: {row.describe()}. This {row.gene} row was not assessed: its "
            "protein change cannot be checked against the genomic position (another "
            "transcript's numbering would pass unchecked). Confirm it from a VCF or a MAF "
            "with coordinates (vcf2maf, Genome Nexus)."
            for row in self.unusable
            if row.in_kb_gene
        ]

    def _variant(self, line: int, cells: list[str]) -> SmallVariant:
        cols = self.columns
        gene = cols.get(cells, "gene")
        transcripts = [value for _, value in cols.values(cells, "transcript")]
        transcript = transcripts[0] if transcripts else None
        kb_transcript = next((t for t in transcripts if self._is_kb_transcript(gene, t)), None)
        trusted = not self._is_kb_gene(gene) or kb_transcript is not None
        transcript = kb_transcript or transcript
        hgvs_p = cols.get(cells, "protein")
        ref, alt = alleles(cols, cells)
        pos = integer(cols, cells, "start", self.path, line)
        annotated_as = None
        if not trusted and hgvs_p and short_protein_change(hgvs_p):
            where = f" on {transcript}" if transcript else ""
            annotated_as = f"{short_protein_change(hgvs_p)}{where}"
        vaf, depth, alt_reads = counts(cols, cells, self.path, line)
        consequence = cols.get(cells, "consequence") or CLASSIFICATION_TO_SO.get(
            cols.get(cells, "classification") or ""
        )
        filters = tuple(
            f for f in (cols.get(cells, "filter") or "PASS").split(";") if f not in ("PASS", ".")
        )
        return SmallVariant(
            chrom=cols.get(cells, "chrom") or "",
            pos=pos or 0,
            ref=ref,
            alt=alt,
            filters=filters,
            gene=gene,
            transcript=transcript if trusted else None,
            hgvs_c=strip_hgvs_prefix(cols.get(cells, "hgvs_c")) if trusted else None,
            hgvs_p=strip_hgvs_prefix(hgvs_p) if trusted else None,
            consequence=consequence,
            vaf=vaf,
            depth=depth,
            alt_reads=alt_reads,
            annotation_source="MAF" if gene else "none",
            record=line,
            population_af=population_af(cols, cells),
            annotated_as=annotated_as,
        )


def _open_text(path: Path):
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=None)
    return path.open(encoding="utf-8-sig", newline=None)


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the data rows (line number, cells) of a MAF."""
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        with _open_text(path) as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.rstrip("\n").rstrip("\r")
                if not line.strip() or (header is None and line.startswith("#")):
                    continue
                cells = line.split("\t")
                if header is None:
                    header = [c.strip() for c in cells]
                    continue
                if len(cells) > len(header) and not any(c.strip() for c in cells[len(header) :]):
                    cells = cells[: len(header)]  # a trailing tab the header does not have
                if len(cells) > len(header):
                    raise InputError(
                        f"{len(cells)} fields but the header has {len(header)}",
                        path=path,
                        line=number,
                    )
                rows.append((number, cells))
    except UnicodeDecodeError as exc:
        raise InputError(f"not a text MAF ({exc})", path=path) from exc
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read the MAF ({exc})", path=path) from exc
    if header is None:
        raise InputError("empty MAF: no header line", path=path)
    return header, rows


def _choose_sample(
    path: Path,
    samples: tuple[str, ...],
    sample: str | None,
    tumor_sample_id: str | None,
) -> str:
    listing = ", ".join(samples) or "(none)"
    if sample is not None:
        if sample not in samples:
            raise InputError(
                f"--sample {sample!r} is not a Tumor_Sample_Barcode in the MAF; its samples "
                f"are: {listing}",
                path=path,
            )
        return sample
    if len(samples) == 1:
        return samples[0]
    if not samples:
        raise InputError("the MAF has a header but no mutation rows", path=path)
    if tumor_sample_id is not None:
        if tumor_sample_id not in samples:
            raise InputError(
                f"the case's tumor_sample_id {tumor_sample_id!r} is not a "
                f"Tumor_Sample_Barcode in the MAF; its samples are: {listing}",
                path=path,
                field="Tumor_Sample_Barcode",
            )
        return tumor_sample_id
    raise InputError(
        f"the MAF holds {len(samples)} tumor samples; choose one with --sample "
        f"(Tumor_Sample_Barcode: {listing})",
        path=path,
        field="Tumor_Sample_Barcode",
    )


def _assembly(
    path: Path,
    cols: MafColumns,
    rows: list[tuple[int, list[str]]],
    chosen: str,
    option: str | None,
) -> tuple[Assembly, str]:
    """The build from NCBI_Build, else from --assembly; both given must agree."""
    given: Assembly | None = option if option in ("GRCh37", "GRCh38") else None  # type: ignore[assignment]
    column = cols.name("build")
    values: dict[str, int] = {}
    for line, cells in rows:
        value = cols.get(cells, "build")
        if value is not None:
            values.setdefault(value, line)
    if not values:
        if given is None:
            why = "no NCBI_Build column" if not cols.has("build") else "an empty NCBI_Build"
            raise InputError(
                f"the MAF has {why} for sample {chosen}: give the genome build with "
                "--assembly GRCh37 or --assembly GRCh38",
                path=path,
                field="NCBI_Build",
            )
        return given, f"--assembly {given} (the MAF names no NCBI_Build)"
    resolved: dict[Assembly, str] = {}
    for value, line in values.items():
        build = build_of(value)
        if build is None:
            raise InputError(
                f"{column} {value!r} is not a human genome build this tool reads "
                "(GRCh37/hg19/37 or GRCh38/hg38/38)",
                path=path,
                line=line,
                field=column,
            )
        resolved.setdefault(build, value)
    if len(resolved) > 1:
        raise InputError(
            f"the rows of sample {chosen} name two genome builds in {column}: "
            f"{', '.join(sorted(values))}",
            path=path,
            field=column,
        )
    ((build, _),) = resolved.items()
    if given is not None and given != build:
        raise InputError(
            f"--assembly {given} contradicts the MAF's {column} ({', '.join(sorted(values))} "
            f"= {build})",
            path=path,
            field=column,
        )
    return build, f"MAF {column} {', '.join(sorted(values))}"


def open_maf(
    path: Path,
    *,
    sample: str | None = None,
    assembly: str | None = None,
    is_kb_gene: Callable[[str | None], bool] = lambda g: False,
    is_kb_transcript: Callable[[str | None, str | None], bool] = lambda g, t: False,
    tumor_sample_id: str | None = None,
) -> MafSource:
    """Read and check a MAF; choose the tumor barcode; decide the assembly.

    `tumor_sample_id` (the case's) picks the barcode of a multi-sample MAF when `sample`
    (--sample) is not given.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", path=path)
    header, rows = _read(path)
    cols = MafColumns.from_header(header)
    missing = cols.missing(REQUIRED)
    if missing:
        raise InputError(
            f"not a MAF: required column(s) {', '.join(missing)} missing from the header",
            path=path,
            field=missing[0],
        )
    if not cols.has("protein") and cols.missing(COORDINATES):
        raise InputError(
            "the MAF has neither a protein-change column (HGVSp_Short, HGVSp, "
            "Protein_Change, amino_acid_change) nor the coordinates to name variants from "
            f"(missing: {', '.join(cols.missing(COORDINATES))})",
            path=path,
            field=cols.missing(COORDINATES)[0],
        )
    nameless = next((n for n, c in rows if not cols.get(c, "sample")), None)
    if nameless is not None:  # a row of no sample cannot be attributed to the tumor
        raise InputError(
            f"no {cols.name('sample')} on this row",
            path=path,
            line=nameless,
            field=cols.name("sample"),
        )
    samples = tuple(dict.fromkeys(cols.get(c, "sample") or "" for _, c in rows))
    chosen = _choose_sample(path, samples, sample, tumor_sample_id)
    mine = [(n, c) for n, c in rows if (cols.get(c, "sample") or "") == chosen]
    build, source = _assembly(path, cols, mine, chosen, assembly)
    usable: list[tuple[int, list[str]]] = []
    unusable: list[UnusableRow] = []
    for line, cells in mine:
        reason = unusable_reason(cols, cells, path, line)
        if reason is None:
            usable.append((line, cells))
            continue
        gene = cols.get(cells, "gene")
        unusable.append(
            UnusableRow(line, gene, cols.get(cells, "protein"), reason, is_kb_gene(gene))
        )
    normals = sorted({n for _, c in mine if (n := cols.get(c, "normal"))})
    return MafSource(
        path=path,
        tumor_sample=chosen,
        normal_sample=normals[0] if normals else None,
        assembly=build,
        assembly_source=source,
        samples=samples,
        columns=cols,
        unusable=tuple(unusable),
        _rows=usable,
        _is_kb_gene=is_kb_gene,
        _is_kb_transcript=is_kb_transcript,
    )
