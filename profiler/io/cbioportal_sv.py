"""cBioPortal structural-variant table reader: `data_sv.txt` (genetic_alteration_type
STRUCTURAL_VARIANT, datatype SV).

A tab-separated table, one row per structural variant of one sample, columns by name
(cBioPortal "File Formats", Structural Variant Data): `Sample_Id`, `SV_Status`
(SOMATIC / GERMLINE), `Site1_Hugo_Symbol`, `Site1_Ensembl_Transcript_Id`,
`Site1_Entrez_Gene_Id`, `Site1_Region_Number`, `Site1_Region`, `Site1_Chromosome`,
`Site1_Position`, `Site1_Description`, the same for `Site2_`, `Site2_Effect_On_Frame`,
`NCBI_Build`, `DNA_Support`, `RNA_Support`, `Normal_/Tumor_Read_Count`,
`Normal_/Tumor_Variant_Count`, `Normal_/Tumor_Paired_End_Read_Count`,
`Normal_/Tumor_Split_Read_Count`, `Annotation`, `Breakpoint_Type`, `Center`,
`Connection_Type`, `Event_Info`, `Class`, `SV_Length`, `Comments`, `External_Annotation`
and study-specific extras; every column but the sample and the two gene symbols is
optional. Column names are matched without case (`Sample_ID` and `Sample_Id` both occur
in cBioPortal's datahub).

- Sample: the table is a cohort's; `--sv-sample` picks the `Sample_Id`, a table of one
  sample needs none (profiler/io/fusion_samples.py).
- 5'/3': `Connection_Type` `5to3` (the default when absent) makes Site1 the 5' partner;
  `3to5` means Site1 holds the 3' end, and the sites are swapped.
- Rows that are not a two-gene fusion (one site without a gene symbol, or both sites in
  the same gene: an intragenic deletion or duplication) are counted and named in the
  methods, not read as fusions.
- Evidence: `Tumor_Split_Read_Count` are the junction reads and
  `Tumor_Paired_End_Read_Count` the spanning pairs (empty or NA: unknown). A GERMLINE
  `SV_Status` is carried as a filter: it is not a tumour alteration.
- Assay: `DNA_Support`/`RNA_Support` (Yes/No) name the caller "cBioPortal SV (DNA)" or
  "cBioPortal SV (RNA)"; with neither (or both) said, the assay is not stated.
- Frame: `Site2_Effect_On_Frame` (`in-frame`/`InFrame`, `frameshift`/`out-of-frame`)
  as the model's in-frame / out-of-frame; other values kept lower-cased.
"""

from __future__ import annotations

import logging
from pathlib import Path

from profiler.errors import InputError
from profiler.io.fusion_samples import SampleTableCalls, choose_sample, unused_rows_note
from profiler.io.tabular import (
    column_index,
    data_rows,
    parse_count,
    read_caller_table,
    require_columns,
    split_row,
)
from profiler.model import Fusion

log = logging.getLogger(__name__)

TOOL = "cBioPortal structural-variant table"
CALLER = "cBioPortal SV"
CALLER_DNA = "cBioPortal SV (DNA)"
CALLER_RNA = "cBioPortal SV (RNA)"
_SAMPLE = "sample_id"
_SITE1 = "site1_hugo_symbol"
_SITE2 = "site2_hugo_symbol"
_MISSING = {"", ".", "NA", "na", "N/A", "NaN", "nan", "-"}
_FRAMES = {"inframe": "in-frame", "frameshift": "out-of-frame", "outofframe": "out-of-frame"}


def _names(line: str) -> list[str]:
    names = [name.strip().lower() for name in line.split("\t")]
    if names:
        names[0] = names[0].lstrip("#").strip()
    return names


def is_cbioportal_sv_header(line: str) -> bool:
    """True for a header naming Sample_Id, Site1_Hugo_Symbol and Site2_Hugo_Symbol."""
    names = set(_names(line))
    return all(name in names for name in (_SAMPLE, _SITE1, _SITE2))


def read_cbioportal_sv(path: str | Path, sample: str | None = None) -> list[Fusion]:
    """The chosen sample's two-gene fusions of a cBioPortal data_sv.txt, in file order."""
    return read_cbioportal_sv_calls(path, sample).fusions


def read_cbioportal_sv_calls(path: str | Path, sample: str | None = None) -> SampleTableCalls:
    """As `read_cbioportal_sv`, with the sample chosen and the rows not read, for methods.

    Raises InputError naming file, line and column for a missing required column, a row
    of the wrong width or a read count that is not an integer; for a sample not in the
    table, or several samples and no `sample`.
    """
    path = Path(path)
    lines = read_caller_table(
        path, TOOL, is_cbioportal_sv_header, "Sample_Id, Site1_Hugo_Symbol, Site2_Hugo_Symbol"
    )
    header = _names(lines[0])
    index = column_index(header)
    require_columns(index, (_SAMPLE, _SITE1, _SITE2), TOOL, path)
    rows = [
        (number, split_row(line, len(header), path, number)) for number, line in data_rows(lines, 1)
    ]
    chosen = choose_sample(
        (fields[index[_SAMPLE]].strip() for _, fields in rows), sample, path, TOOL
    )
    fusions: list[Fusion] = []
    unused: dict[str, list[int]] = {"one gene only": [], "both sites in one gene": []}
    for number, fields in rows:
        if fields[index[_SAMPLE]].strip() != chosen:
            continue
        fusion = _fusion(fields, index, path, number)
        if fusion is None:
            unused["one gene only"].append(number)
        elif fusion.gene5 == fusion.gene3:
            unused["both sites in one gene"].append(number)
        else:
            fusions.append(fusion)
    log.debug("%s: %d fusion(s) of sample %s", path, len(fusions), chosen)
    return SampleTableCalls(fusions, chosen, unused_rows_note(path, unused))


def _fusion(fields: list[str], index: dict[str, int], path: Path, number: int) -> Fusion | None:
    def cell(name: str) -> str:
        value = fields[index[name]].strip() if name in index else ""
        return "" if value in _MISSING else value

    def count(name: str) -> int | None:
        value = cell(name)
        # the column named as cBioPortal spells it (Tumor_Split_Read_Count)
        return None if not value else parse_count(value, path, number, name.title())

    def point(site: str) -> str | None:
        chrom, position = cell(f"{site}_chromosome"), cell(f"{site}_position")
        return f"{chrom}:{position}" if chrom and position else chrom or None

    site1, site2 = cell(_SITE1), cell(_SITE2)
    if not site1 or not site2:
        return None
    ends = [(site1, point("site1")), (site2, point("site2"))]
    connection = cell("connection_type").lower()
    if connection == "3to5":
        ends.reverse()
    elif connection not in {"", "5to3"}:
        log.debug("%s line %d: connection type %r kept in file order", path, number, connection)
    frame_text = cell("site2_effect_on_frame")
    frame_key = "".join(ch for ch in frame_text.lower() if ch.isalpha())
    frame = _FRAMES.get(frame_key, frame_text.lower() or None)
    status = cell("sv_status").upper()
    if status and status not in {"SOMATIC", "GERMLINE"}:
        raise InputError(
            f"SV_Status must be SOMATIC or GERMLINE, found {status!r}",
            path=path,
            line=number,
            field="SV_Status",
        )
    return Fusion(
        gene5=ends[0][0],
        gene3=ends[1][0],
        caller=_caller(cell("dna_support"), cell("rna_support")),
        source=str(path),
        breakpoint5=ends[0][1],
        breakpoint3=ends[1][1],
        junction_reads=count("tumor_split_read_count"),
        spanning_reads=count("tumor_paired_end_read_count"),
        reading_frame=frame,
        record=number,
        filters=("GERMLINE",) if status == "GERMLINE" else (),
    )


def _caller(dna: str, rna: str) -> str:
    """The caller name that carries the assay (see module notes)."""
    dna_yes, rna_yes = dna.lower() in {"yes", "y", "true"}, rna.lower() in {"yes", "y", "true"}
    if dna_yes and not rna_yes:
        return CALLER_DNA
    if rna_yes and not dna_yes:
        return CALLER_RNA
    return CALLER
