"""The report id: a digest of everything that decides what a report says.

The same inputs, knowledge base, software and result-changing options give the same id on
any machine, in any folder, on any run; change one of them and the id changes. A
pathologist can therefore check that the final report is the draft they reviewed (the
signer is not part of the id), and `--amends ID` names exactly one content.

What goes in (`id_material`), as canonical JSON (sorted keys, no spaces) hashed with
SHA-256; the id is the first 16 hex digits (64 bits):
- `id_scheme`: the version of this recipe (a change of recipe changes every id);
- `software`: the profiler version; `kb`: the knowledge-base version, release date and
  the SHA-256 of its files (a locally edited KB that kept its version gets other ids);
- `inputs`: (role, sha256, format) of every input file, sorted (file content, never
  paths: the same files in another folder give the same id), plus the sha256 of
  --target-bed and of the --reference FASTA's .fai index (the FASTA itself can be
  gigabytes; the index pins the assembly and contig lengths);
- `case`: the case facts as read (covers a case given as a dict through the API);
- `options`: the options in ID_OPTIONS (thresholds, sample choices, formats of inputs);
- `report_date`: trial record ages are counted to it;
- `amends`, `amendment_reason`: an amendment is a new document even on unchanged data.

Left out, on purpose: the signer (draft and final share an id), output formats and the
output folder, file paths, the command line, the wall-clock time, and the knowledge-base
folder (the KB is identified by its version and content).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from profiler.model import CaseInfo, Provenance
from profiler.options import ReportOptions
from profiler.provenance import sha256_of

ID_SCHEME = 1
ID_LENGTH = 16

# ReportOptions fields that change what the report says.
ID_OPTIONS = (
    "sample",
    "sv_sample",
    "cnv_sample",
    "assembly",
    "include_filtered",
    "min_depth",
    "min_vaf",
    "use_index",
    "fusion_format",
    "min_fusion_reads",
    "cnv_format",
    "ploidy",
    "amplification_ratio",
    "msi_tool",
    "msi_mode",
    "msi_threshold",
    "callable_mb",
    "tmb_min_vaf",
    "min_mapq",
    "min_baseq",
    "min_coverage",
)

# ReportOptions fields that do not enter the id as values, and why (tests check that
# every field is in one list or the other, so a new option has to be classified).
NOT_ID_OPTIONS = {
    "out_dir": "where the files go",
    "vcf": "content digest in inputs",
    "maf": "content digest in inputs",
    "fusions": "content digests in inputs",
    "cnv": "content digest in inputs",
    "msi": "content digest in inputs",
    "case": "content digest in inputs, facts in case",
    "target_bed": "content digest in inputs",
    "reference": "its .fai digest in inputs",
    "bam": "its index digest in inputs (bam_index: hashing a 100 GB BAM would take minutes)",
    "kb_dir": "the KB is identified by its version and content digest",
    "write_pdf": "output format",
    "formats": "output formats",
    "command_line": "holds paths",
    "signed_by": "draft and final share an id",
    "report_date": "entered separately",
    "amends": "entered separately",
    "amendment_reason": "entered separately",
}


def _extra_inputs(options: ReportOptions) -> list[list[str | None]]:
    """Digests of the option files provenance does not list (target BED, reference index)."""
    extra: list[list[str | None]] = []
    if options.target_bed is not None:
        extra.append(["target_bed", sha256_of(options.target_bed), "bed"])
    if options.reference is not None:
        fai = Path(f"{options.reference}.fai")
        digest = sha256_of(fai) if fai.is_file() else None
        extra.append(["reference", digest, "fai"])
    return extra


def id_material(options: ReportOptions, case: CaseInfo, provenance: Provenance) -> dict[str, Any]:
    """What the report id is computed from (documented in the module docstring)."""
    inputs = [[i.role, i.sha256, i.format] for i in provenance.inputs]
    inputs.extend(_extra_inputs(options))
    return {
        "id_scheme": ID_SCHEME,
        "software": provenance.tool_version,
        "kb": [provenance.kb_version, provenance.kb_release_date, provenance.kb_sha256],
        "inputs": sorted(inputs, key=lambda row: [str(x) for x in row]),
        "case": asdict(case),
        "options": {name: getattr(options, name) for name in ID_OPTIONS},
        "report_date": provenance.report_date,
        "amends": options.amends,
        "amendment_reason": options.amendment_reason,
    }


def report_id(material: dict[str, Any]) -> str:
    """The first ID_LENGTH hex digits of the SHA-256 of the material's canonical JSON."""
    canonical = json.dumps(
        material, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:ID_LENGTH]
