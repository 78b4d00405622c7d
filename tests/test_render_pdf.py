"""PDF renderer: content, running footer, escaping, the URL fetcher wall, atomic writes.

The Report is built by hand from the model classes (no readers involved), so these tests
fail only when rendering changes. PDFs are rendered once per module to keep the suite fast.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from profiler.errors import RenderError
from profiler.kb import load_knowledgebase
from profiler.model import (
    CaseInfo,
    Finding,
    InputFile,
    Methods,
    Provenance,
    Reference,
    Report,
    SampleInfo,
    TherapyOption,
    VariantStats,
)
from profiler.recommend.standard import build_standard_therapy
from profiler.recommend.trials import evaluate_trials
from profiler.render.atomic import atomic_path, atomic_write_bytes
from profiler.render.html import render_html
from profiler.render.pdf import (
    STATIC_DIR,
    STYLESHEET,
    html_to_pdf,
    make_url_fetcher,
    render_pdf,
    write_pdf,
)
from profiler.render.view import build_view

KB = load_knowledgebase()
PATIENT = "PT-2024-0173"
KB_VERSION = "2024.06.1"

HOSTILE_PATIENT = '<img src="file:///etc/passwd">'
HOSTILE_NOTE = '<link rel=stylesheet href="http://example.com/x.css"><script>alert("x")</script>'

# Genes for the filler of non-actionable findings that pushes the report past one page.
_OTHER_GENES = (
    *("TP53", "ARID1A", "BAP1", "PBRM1", "CDKN2A", "SMAD4", "ARID2", "KMT2C", "KMT2D"),
    *("ATM", "TERT", "PIK3CA", "ELF3", "STK11", "NOTCH1", "RNF43", "TGFBR2", "SF3B1"),
    *("CTNNB1", "APC", "BRCA2", "POLE", "ERBB3", "NF1", "KEAP1"),
)


def _ivosidenib() -> TherapyOption:
    return TherapyOption(
        agents=("Ivosidenib",),
        oncokb_level="1",
        amp_tier="IA",
        approval_status="approved",
        approval_scope="btc",
        evidence_category="approved_btc",
        approval_date="2021-08-25",
        pivotal_trial="ClarIDHy",
        nct_ids=("NCT02989857",),
        key_result="PFS HR 0.37 vs placebo; median OS 10.3 vs 7.5 months",
        escat_tier="I-A",
        condition="Previously treated, locally advanced or metastatic cholangiocarcinoma",
        references=(
            Reference("pmid", "32416072"),
            Reference("pmid", "34554208", note="final overall survival"),
            Reference(
                "fda",
                "FDA approval of ivosidenib, 2021-08-25: previously treated "
                "cholangiocarcinoma with an IDH1 mutation",
            ),
        ),
    )


def _fgfr_options() -> tuple[tuple[TherapyOption, ...], tuple[TherapyOption, ...]]:
    pemigatinib = TherapyOption(
        agents=("Pemigatinib",),
        oncokb_level="1",
        amp_tier="IA",
        approval_status="approved_accelerated",
        approval_scope="btc",
        evidence_category="approved_btc",
        approval_date="2020-04-17",
        pivotal_trial="FIGHT-202",
        nct_ids=("NCT02924376",),
        key_result="ORR 35.5% in FGFR2 fusion/rearrangement cohort",
        references=(Reference("pmid", "32203698"),),
    )
    futibatinib = TherapyOption(
        agents=("Futibatinib",),
        oncokb_level="1",
        amp_tier="IA",
        approval_status="approved_accelerated",
        approval_scope="btc",
        evidence_category="approved_btc",
        approval_date="2022-09-30",
        pivotal_trial="FOENIX-CCA2",
        nct_ids=("NCT02052778",),
        key_result="ORR 42%; median duration of response 9.7 months",
        unverified=("approval_date", "key_result"),
        references=(Reference("pmid", "36652354"),),
    )
    infigratinib = TherapyOption(
        agents=("Infigratinib",),
        oncokb_level=None,
        amp_tier="IID",
        approval_status="withdrawn",
        approval_scope="btc",
        evidence_category="investigational",
        approval_date="2021-05-28",
        notes=("US accelerated approval withdrawn; confirmatory trial PROOF 301 not completed.",),
        references=(Reference("nct", "NCT03773302"),),
    )
    return (pemigatinib, futibatinib), (infigratinib,)


def make_report(*, patient_id: str = PATIENT, note: str | None = None, n_other: int = 25) -> Report:
    case = CaseInfo(
        patient_id=patient_id,
        specimen_id="SP-88-A1",
        diagnosis="intrahepatic_cholangiocarcinoma",
        stage="IV",
        age=63,
        ecog=None,  # unknown on purpose: must print as "not known"
        line_of_therapy=2,
        prior_therapies=("gemcitabine + cisplatin + durvalumab",),
        collection_date="2024-05-02",
    )
    """A realistic report: IDH1 and FGFR2 actionable, KRAS and `n_other` others not."""
    fgfr_therapies, fgfr_excluded = _fgfr_options()
    idh1 = Finding(
        gene="IDH1",
        alteration="R132C",
        category="small_variant",
        actionable=True,
        tier="IA",
        kb_id="IDH1_R132",
        transcript="NM_005896.4",
        hgvs_c="c.394C>T",
        hgvs_p="p.Arg132Cys",
        consequence="missense_variant",
        vaf=0.3412,
        depth=812,
        alt_reads=277,
        locus="chr2:208248389 G>A",
        sources=("tumor.vcf.gz",),
        therapies=(_ivosidenib(),),
    )
    fgfr2 = Finding(
        gene="FGFR2",
        alteration="FGFR2::BICC1 fusion",
        category="fusion",
        actionable=True,
        tier="IA",
        kb_id="FGFR2_FUSION",
        sources=("Arriba",),
        detail={
            "breakpoint5": "chr10:121483698:-",
            "breakpoint3": "chr10:58769001:+",
            "junction_reads": 42,
            "spanning_reads": 17,
            "reading_frame": "in-frame",
        },
        therapies=fgfr_therapies,
        excluded_therapies=fgfr_excluded,
    )
    kras = Finding(
        gene="KRAS",
        alteration="G12D",
        category="small_variant",
        actionable=False,
        tier="IIC",
        transcript="NM_004985.5",
        hgvs_c="c.35G>A",
        hgvs_p="p.Gly12Asp",
        vaf=0.218,
        depth=1034,
        notes=(note,) if note else (),
    )
    others = tuple(
        Finding(
            gene=_OTHER_GENES[i % len(_OTHER_GENES)],
            alteration=f"X{100 + i}fs",
            category="small_variant",
            actionable=False,
            tier="III",
            transcript=f"NM_{100000 + i}.1",
            hgvs_c=f"c.{300 + i}del",
            hgvs_p=f"p.Xaa{100 + i}fs",
            vaf=0.05 + i / 200,
            depth=400 + 10 * i,
        )
        for i in range(n_other)
    )
    return Report(
        schema_version="1.0",
        sample=SampleInfo(
            patient_id=patient_id,
            specimen_id="SP-88-A1",
            tumor_sample="TUMOR",
            normal_sample=None,
            assembly="GRCh38",
            assembly_source="VCF header ##reference",
        ),
        case=case,
        findings=(kras, fgfr2, *others, idh1),  # unsorted on purpose
        standard_therapy=build_standard_therapy(KB, case, (kras, fgfr2, idh1)),
        trials=evaluate_trials(KB, case),
        warnings=("Tumor purity not given; VAF cannot be interpreted for clonality.",),
        methods=Methods(
            pass_only=True,
            variant_stats=VariantStats(
                records=431, alleles=433, passed=402, filtered=31, annotated_with="VEP"
            ),
            fusion_callers=("Arriba",),
            not_assessed=(
                "copy number (no copy-number result provided)",
                "MSI (no MSI result provided)",
            ),
        ),
        provenance=Provenance(
            tool_version="0.1.0",
            kb_version=KB_VERSION,
            kb_release_date="2024-06-14",
            command_line=("profiler", "report", "--vcf", "tumor.vcf.gz", "--case", "case.json"),
            generated_at="2024-06-20T09:15:42Z",
            inputs=(
                InputFile("vcf", "/data/run42/tumor.vcf.gz", "a" * 64, "VCF 4.2"),
                InputFile("case", "/data/run42/case.json", "b" * 64, "case JSON"),
            ),
        ),
    )


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def pdf_pages() -> list[str]:
    return _pages_text(render_pdf(make_report()))


@pytest.fixture(scope="module")
def hostile_report() -> Report:
    return make_report(patient_id=HOSTILE_PATIENT, note=HOSTILE_NOTE, n_other=2)


# ------------------------------------------------------------------------- content


@pytest.mark.slow
def test_pdf_contains_findings_therapies_and_provenance(pdf_pages: list[str]) -> None:
    text = "\n".join(pdf_pages)
    for expected in (
        PATIENT,
        "R132C",
        "Ivosidenib",
        "FGFR2::BICC1",
        "Pemigatinib",
        "Futibatinib",
        "Infigratinib",
        "not recommended",
        "Withdrawn",
        KB_VERSION,
        "Page 1 of",
        "34.1%",
        "unverified",
        "FOLFOX",  # the standard-therapy fallback for line 2
        "Depends on: ECOG",  # ECOG is unknown in this case: shown as a condition
        "NCT06946849",
        "Signed by",
    ):
        assert expected.lower() in text.lower(), expected
    assert "a" * 64 in "".join(text.split())  # the input's sha256 (may wrap across lines)


@pytest.mark.slow
def test_patient_id_and_page_count_on_every_page(pdf_pages: list[str]) -> None:
    assert len(pdf_pages) >= 2
    for number, text in enumerate(pdf_pages, start=1):
        assert PATIENT in text, f"page {number}"
        assert f"Page {number} of {len(pdf_pages)}" in text


def test_view_sorts_formats_and_marks_unknowns() -> None:
    report = make_report()
    view = build_view(report)
    # The engine orders findings by evidence; the view keeps that order, never re-sorts.
    assert [f["alteration"] for f in view["actionable"]] == [
        f.alteration for f in report.actionable
    ]
    assert [f["gene"] for f in view["other"]] == [f.gene for f in report.other]
    idh1 = next(f for f in view["actionable"] if f["gene"] == "IDH1")
    assert (idh1["vaf"], idh1["depth"], idh1["hgvs_p"]) == ("34.1%", "812", "p.Arg132Cys")
    assert [c["text"] for c in idh1["therapies"][0]["references"]] == [
        "PMID 32416072",
        "PMID 34554208 — final overall survival",
        "FDA approval of ivosidenib, 2021-08-25: previously treated cholangiocarcinoma "
        "with an IDH1 mutation",
    ]
    ecog = next(f for f in view["header"] if f["label"] == "ECOG performance status")
    assert ecog == {
        "label": "ECOG performance status",
        "value": "not known",
        "unknown": True,
        "role": "",
    }
    assert "ECOG performance status" in view["unknown_facts"]
    fgfr2 = next(f for f in view["actionable"] if f["gene"] == "FGFR2")
    fgfr2_finding = next(f for f in report.actionable if f.gene == "FGFR2")
    assert [t["label"] for t in fgfr2["therapies"]] == [t.label for t in fgfr2_finding.therapies]
    futibatinib = next(t for t in fgfr2["therapies"] if t["label"] == "Futibatinib")
    assert futibatinib["unverified"]["approval"] and futibatinib["unverified"]["result"]
    assert not futibatinib["unverified"]["trial"]
    infigratinib = fgfr2["excluded"][0]
    assert infigratinib["reason"] == "Withdrawn"
    assert [c["text"] for c in infigratinib["references"]] == ["NCT03773302"]
    # numbered in the card's one reference list, after the therapies' references
    assert fgfr2["references"][-1]["href"] == "https://clinicaltrials.gov/study/NCT03773302"
    assert infigratinib["ref_numbers"] == str(fgfr2["references"][-1]["number"])
    assert view["provenance"]["generated_at"] == "2024-06-20 09:15 UTC"


def test_empty_report_says_so_and_lists_trials() -> None:
    """The other branch of every section: nothing found, nothing known, a trial listed."""
    report = dataclasses.replace(
        make_report(n_other=0),
        findings=(),
        case=CaseInfo(),
        warnings=(),
        standard_therapy=build_standard_therapy(KB, CaseInfo(), ()),
        trials=evaluate_trials(KB, CaseInfo()),
    )
    html = render_html(report)
    assert "No alteration with targeted-therapy evidence was identified." in html
    assert "No other alterations detected." in html
    assert "NCT06946849" in html and "Possibly eligible" in html
    assert "Depends on: line of therapy" in html  # options shown with their condition
    assert html.count("not known") >= 10  # every clinical fact of the empty case
    assert PATIENT in html  # falls back to the sample's patient id


# ------------------------------------------------------------------------ security


def test_hostile_strings_are_escaped_in_html(hostile_report: Report) -> None:
    html = render_html(hostile_report)
    assert "<img" not in html
    assert "<link" not in html
    assert "<script" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;link rel=stylesheet href=&#34;http://example.com/x.css&#34;&gt;" in html
    assert "&lt;script&gt;" in html


@pytest.mark.slow
def test_hostile_strings_are_never_fetched(
    hostile_report: Report, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher = make_url_fetcher()
    with caplog.at_level(logging.WARNING):
        pages = _pages_text(render_pdf(hostile_report, url_fetcher=fetcher))
    assert not caplog.records  # WeasyPrint saw nothing to load, refuse or complain about
    assert not any("passwd" in url or "example.com" in url for url in fetcher.requested)
    assert all(url.startswith(STATIC_DIR.as_uri() + "/") for url in fetcher.requested)
    assert HOSTILE_PATIENT in pages[0]  # printed as text, in the page and its footer


def test_fetcher_serves_only_the_stylesheet_directory() -> None:
    fetcher = make_url_fetcher()
    response = fetcher.fetch(STYLESHEET.as_uri())
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    response.close()
    for url in (
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://example.com/x.css",
        "data:text/css,body{}",
        "ftp://example.com/x.css",
        STATIC_DIR.as_uri() + "/../pdf.py",  # traversal out of static/
        STATIC_DIR.as_uri() + "/missing.css",
        f"file://evil.example{STYLESHEET}",  # remote host in a file URL
    ):
        with pytest.raises(RenderError):
            fetcher.fetch(url)


@pytest.mark.slow
def test_markup_that_tries_to_fetch_stops_the_render() -> None:
    """Defence in depth: if markup ever got through, the refusal is fatal, not a gap."""
    html = '<html><body><p>x</p><img src="file:///etc/passwd"></body></html>'
    with pytest.raises(RenderError, match="passwd"):
        html_to_pdf(html)


def test_json_only_run_does_not_import_weasyprint() -> None:
    code = (
        "import sys, profiler.render.view, profiler.render.html, profiler.render.pdf, "
        "profiler.render.atomic; assert 'weasyprint' not in sys.modules, 'imported'"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root)},
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------- atomic write


@pytest.mark.slow
def test_write_pdf_writes_a_complete_pdf_and_no_temp_file(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    write_pdf(make_report(n_other=0), out)
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_write_pdf_into_missing_directory_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError):
        write_pdf(make_report(n_other=0), tmp_path / "no-such-dir" / "report.pdf")
    assert list(tmp_path.iterdir()) == []


def test_failed_render_leaves_previous_report_and_no_temp_file(tmp_path: Path) -> None:
    # A VAF given as text (the dataclasses do not check types) breaks the HTML step
    # while the temporary file already exists; the old report must survive untouched.
    report = make_report(n_other=0)
    broken = dataclasses.replace(
        report, findings=(dataclasses.replace(report.findings[0], vaf="21.8%"),)
    )
    out = tmp_path / "report.pdf"
    out.write_bytes(b"previous report")
    with pytest.raises(RenderError, match="HTML"):
        write_pdf(broken, out)
    assert out.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_atomic_path_removes_temp_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.write_text("partial")
        raise ValueError("boom")
    assert list(tmp_path.iterdir()) == []
    atomic_write_bytes(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
