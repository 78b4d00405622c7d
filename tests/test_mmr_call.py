"""MSI by sequencing and MMR IHC as one call (issue 9): concordance and discordances are
one finding that says which label covers the patient, never two contradicting ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiler.annotate.mmr import mmr_matches
from profiler.api import ReportOptions, build
from profiler.model import Biomarker
from profiler.recommend.engine import finding_from_match

MSI = Path(__file__).parent / "data" / "msi"


def marker(status: str, score: float = 13.79) -> Biomarker:
    return Biomarker(name="MSI", status=status, value=score, unit="%", source="MSIsensor")


def report(tmp_path: Path, msi_file: str, mmr_ihc: str | None):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"patient_id": "CCA042", "mmr_ihc": mmr_ihc}), encoding="utf-8")
    return build(
        ReportOptions(
            out_dir=tmp_path / "out", msi=MSI / msi_file, msi_mode="tumor_normal", case=case
        )
    )


@pytest.mark.parametrize(
    ("msi", "ihc", "alteration", "offered", "not_offered"),
    [
        (
            "MSI-H",
            "deficient",
            "MSI-H and dMMR (concordant)",
            {"Pembrolizumab", "Dostarlimab"},
            set(),
        ),
        (
            "MSI-H",
            "proficient",
            "MSI-H (MMR-proficient by IHC: discordant)",
            {"Pembrolizumab"},
            {"Dostarlimab"},
        ),
        ("MSI-H", None, "MSI-H", {"Pembrolizumab"}, set()),
        (
            "MSS",
            "deficient",
            "MMR-deficient (dMMR, IHC); MSS by sequencing (discordant)",
            {"Pembrolizumab", "Dostarlimab"},
            set(),
        ),
        (
            "indeterminate",
            "deficient",
            "MMR-deficient (dMMR, IHC)",
            {"Pembrolizumab", "Dostarlimab"},
            set(),
        ),
        (None, "deficient", "MMR-deficient (dMMR, IHC)", {"Pembrolizumab", "Dostarlimab"}, set()),
    ],
)
def test_msi_with_mmr_ihc_is_one_finding(kb, msi, ihc, alteration, offered, not_offered):
    (match,) = mmr_matches(marker(msi) if msi else None, ihc, kb)
    finding = finding_from_match(match)
    assert finding.alteration == alteration
    assert finding.actionable
    assert {t.label for t in finding.therapies} == offered
    assert {t.label for t in finding.excluded_therapies} == not_offered
    discordant = [n for n in finding.notes if n.startswith("Discordant")]
    assert len(discordant) == ("discordant" in alteration)


@pytest.mark.parametrize(("msi", "ihc"), [("MSS", "proficient"), ("MSS", None), (None, None)])
def test_nothing_to_report_without_msi_h_or_dmmr(kb, msi, ihc):
    assert mmr_matches(marker(msi) if msi else None, ihc, kb) == []


def test_dostarlimab_exclusion_names_its_own_trial(kb):
    (match,) = mmr_matches(marker("MSI-H"), "proficient", kb)
    (dostarlimab,) = finding_from_match(match).excluded_therapies
    assert "GARNET" in dostarlimab.exclusion_reason


def test_mss_by_msisensor_with_dmmr_by_ihc_end_to_end(tmp_path):
    rep = report(tmp_path, "CCA051_T_vs_N.msisensor", "deficient")
    (finding,) = rep.findings
    assert finding.alteration.endswith("MSS by sequencing (discordant)")
    assert any("score 1.16%" in n for n in finding.notes)
    assert {t.label for t in finding.therapies} == {"Pembrolizumab", "Dostarlimab"}


def test_msi_h_by_msisensor_with_dmmr_by_ihc_is_one_concordant_finding(tmp_path):
    rep = report(tmp_path, "CCA042_T_vs_N.msisensor", "deficient")
    assert [f.alteration for f in rep.findings] == ["MSI-H and dMMR (concordant)"]
