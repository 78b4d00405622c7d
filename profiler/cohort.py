"""Cohort outputs of many reports: cohort_summary.tsv and a MultiQC custom-content table.

Read from each sample's published report.json (the contract pipelines consume), so
`profiler batch` and the Snakemake workflow's `profiler cohort` step write the same
files from the same reports. pandas is imported here only, when a summary is written.

- cohort_summary.tsv: one row per sample x actionable finding; a sample with none has
  one row with status `no_actionable`, a failed sample one row with status `failed` and
  its one-line error.
- profiler_mqc.tsv: MultiQC custom content (a `# key: value` YAML header, then a table
  whose first column is the sample), one row per sample: number of actionable findings,
  the top one (the report's first actionable finding: findings are ordered by tier), its
  tier and best option, and MSI and TMB where the run assessed them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from profiler.errors import InputError, RenderError

SUMMARY_NAME = "cohort_summary.tsv"
MULTIQC_NAME = "profiler_mqc.tsv"
SUMMARY_COLUMNS = (
    "sample_id",
    "status",
    "gene",
    "alteration",
    "tier",
    "best_option",
    "evidence",
    "error",
)
MULTIQC_COLUMNS = {
    # column: (title, description) as MultiQC shows them
    "status": ("Status", "ok, or failed (see cohort_summary.tsv for the error)"),
    "n_actionable": ("Actionable", "number of actionable findings in the report"),
    "top_finding": ("Top finding", "the report's first actionable finding (ordered by tier)"),
    "tier": ("Tier", "AMP/ASCO/CAP tier of the top finding"),
    "best_option": (
        "Best option",
        "first targeted option of the top finding, by evidence, with the report's "
        "qualifications for this patient (off-label, after first-line therapy, depends on)",
    ),
    "msi": ("MSI", "MSI status and score, when an MSI file was given"),
    "tmb": ("TMB", "TMB in mut/Mb and its call, when a TMB denominator was given"),
}


@dataclass(frozen=True)
class CohortEntry:
    """One sample of the cohort: its report (the parsed report.json) or its error."""

    sample_id: str
    report: Mapping[str, object] | None = None
    error: str | None = None


def load_entry(sample_id: str, report_json: Path) -> CohortEntry:
    """A sample's entry from its published report.json (InputError if unreadable)."""
    try:
        report = json.loads(Path(report_json).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the report ({exc})", path=report_json) from None
    if not isinstance(report, dict) or "findings" not in report:
        raise InputError("not a profiler report.json (no findings)", path=report_json)
    return CohortEntry(sample_id=sample_id, report=report)


def summary_rows(entry: CohortEntry) -> list[dict[str, str]]:
    """cohort_summary.tsv rows of one sample (see the module notes)."""
    blank = dict.fromkeys(SUMMARY_COLUMNS, "")
    if entry.report is None:
        return [{**blank, "sample_id": entry.sample_id, "status": "failed", "error": entry.error}]
    actionable = _actionable(entry.report)
    if not actionable:
        return [{**blank, "sample_id": entry.sample_id, "status": "no_actionable"}]
    rows = []
    for finding in actionable:
        option = _best_option(finding)
        rows.append(
            {
                **blank,
                "sample_id": entry.sample_id,
                "status": "actionable",
                "gene": str(finding.get("gene") or ""),
                "alteration": str(finding.get("alteration") or ""),
                "tier": str(finding.get("tier") or ""),
                "best_option": _agents(option),
                "evidence": _evidence(option),
            }
        )
    return rows


def multiqc_row(entry: CohortEntry) -> dict[str, object]:
    """One profiler_mqc.tsv row: the sample at a glance."""
    row: dict[str, object] = {"Sample": entry.sample_id, **dict.fromkeys(MULTIQC_COLUMNS, "")}
    if entry.report is None:
        row["status"] = "failed"
        return row
    actionable = _actionable(entry.report)
    row["status"] = "ok"
    row["n_actionable"] = len(actionable)
    if actionable:
        top = actionable[0]
        row["top_finding"] = _finding_name(top)
        row["tier"] = top.get("tier") or ""
        option = _best_option(top)
        qualifiers = _qualifiers(option)
        row["best_option"] = _agents(option) + (f" ({'; '.join(qualifiers)})" if qualifiers else "")
    msi, tmb = biomarker_lines(entry.report)
    row["msi"], row["tmb"] = msi or "", tmb or ""
    return row


def biomarker_lines(report: Mapping[str, object]) -> tuple[str | None, str | None]:
    """MSI and TMB as 'MSS (0.8%)' / '12.0 mut/Mb (TMB-H)', None where not assessed.

    Read from the report's typed `biomarkers` block (report schema 3.0.0).
    """
    panel = report.get("biomarkers")
    if not isinstance(panel, Mapping):
        return None, None
    msi = panel.get("msi")
    tmb = panel.get("tmb")
    msi_text = tmb_text = None
    if isinstance(msi, Mapping):
        unit = msi.get("unit")
        score = f"{msi.get('score'):g}" if isinstance(msi.get("score"), (int, float)) else ""
        score += "%" if unit == "%" else f" {unit}" if unit else ""
        msi_text = f"{msi.get('status')} ({score})"
    if isinstance(tmb, Mapping):
        tmb_text = f"{tmb.get('value_mut_per_mb')} mut/Mb ({tmb.get('status')})"
    return msi_text, tmb_text


def write_cohort(out_dir: Path, entries: Sequence[CohortEntry]) -> tuple[Path, Path]:
    """Write cohort_summary.tsv and profiler_mqc.tsv into out_dir; their paths."""
    import pandas as pd  # only here: a report run never pays for pandas

    out_dir = Path(out_dir)
    summary = pd.DataFrame(
        [row for entry in entries for row in summary_rows(entry)], columns=list(SUMMARY_COLUMNS)
    )
    table = pd.DataFrame(
        [multiqc_row(entry) for entry in entries], columns=["Sample", *MULTIQC_COLUMNS]
    )
    summary_path, multiqc_path = out_dir / SUMMARY_NAME, out_dir / MULTIQC_NAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        summary.to_csv(summary_path, sep="\t", index=False)
        with multiqc_path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(_multiqc_header())
            table.to_csv(handle, sep="\t", index=False, lineterminator="\n")
    except OSError as exc:
        raise RenderError(f"cannot write the cohort summary to {out_dir}: {exc}") from exc
    return summary_path, multiqc_path


def _multiqc_header() -> str:
    """MultiQC custom content's YAML header, as `# ` comment lines (one table section)."""
    q = _yaml_string
    lines = [
        f"id: {q('profiler')}",
        f"section_name: {q('profiler: actionable findings')}",
        "description: "
        + q(
            "Molecular-profiling reports (profiler): actionable findings per sample. "
            "The signed report.pdf is the clinical document; this table is an overview."
        ),
        f"format: {q('tsv')}",
        f"plot_type: {q('table')}",
        "pconfig:",
        f"    id: {q('profiler_table')}",
        f"    namespace: {q('profiler')}",
        f"    col1_header: {q('Sample')}",
        "headers:",
    ]
    for column, (title, description) in MULTIQC_COLUMNS.items():
        lines += [
            f"    {column}:",
            f"        title: {q(title)}",
            f"        description: {q(description)}",
        ]
    return "".join(f"# {line}\n" for line in lines)


def _yaml_string(text: str) -> str:
    """A YAML single-quoted scalar (a quote inside is doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _finding_name(finding: Mapping[str, object]) -> str:
    """'IDH1 R132C', but 'FGFR2::BICC1 fusion' (the gene is already in the name)."""
    gene, alteration = str(finding.get("gene") or ""), str(finding.get("alteration") or "")
    return alteration if alteration.startswith(gene) else f"{gene} {alteration}".strip()


def _actionable(report: Mapping[str, object]) -> list[Mapping[str, object]]:
    findings = report.get("findings") or []
    return [f for f in findings if isinstance(f, Mapping) and f.get("actionable")]


def _best_option(finding: Mapping[str, object]) -> Mapping[str, object] | None:
    """The finding's first targeted option: the report lists them by evidence, best first."""
    therapies = finding.get("therapies") or []
    return therapies[0] if therapies else None


def _agents(option: Mapping[str, object] | None) -> str:
    return " + ".join(option.get("agents", ())) if option else ""


def _evidence(option: Mapping[str, object] | None) -> str:
    """'approved_btc; OncoKB 1; AMP IA' — the option's evidence as the report states it,
    then how it fits this patient where that qualifies it ('off-label', 'after first-line
    therapy', 'depends on: diagnosis', 'with caveats'), so a summary row never reads as
    an unconditional recommendation the report itself qualifies."""
    if not option:
        return ""
    parts: Iterable[str] = (
        str(option.get("evidence_category") or ""),
        f"OncoKB {option['oncokb_level']}" if option.get("oncokb_level") else "",
        f"AMP {option['amp_tier']}" if option.get("amp_tier") else "",
        *_qualifiers(option),
    )
    return "; ".join(p for p in parts if p)


def _qualifiers(option: Mapping[str, object] | None) -> list[str]:
    """The report's own qualifications of an option for this patient (fit.py), short."""
    if not option:
        return []
    found = []
    depends = ", ".join(str(d) for d in option.get("depends_on") or ())
    if option.get("scope_fit") == "off_label" and option.get("evidence_category") != "off_label":
        found.append("off-label")
    if option.get("timing") == "after_first_line":
        found.append("after first-line therapy")
    if option.get("scope_fit") == "depends" or option.get("timing") == "depends" or depends:
        found.append(f"depends on: {depends}" if depends else "depends on case facts")
    if option.get("caveats"):
        found.append("with caveats")
    return found
