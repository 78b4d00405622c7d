"""Scale (issue 15): fusion calls outside the KB, a 200-finding PDF, ids longer than a line.

- A whole-transcriptome fusion table with thousands of calls between genes outside the
  KB made one finding per call (40k rows: 356 MB, 1M rows never finished): they are now
  counted on one methods line. `benchmarks/make_fusions.py` writes the 40k/1M tables.
- WeasyPrint's automatic table layout measured every cell (about 1 s a page); every
  table now has a fixed layout with set widths. `benchmarks/render_pdf.py` times it.
- A patient or specimen id of 200 characters (the case schema's limit) ran off the page.
"""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from pypdf import PdfReader
from test_render_pdf import make_report

from profiler.annotate.match import match_fusions, other_fusions_line, touches_kb_gene
from profiler.cli import main
from profiler.model import Fusion, Report
from profiler.render.html import render_html

STAR_HEADER = (
    "#FusionName\tJunctionReadCount\tSpanningFragCount\test_J\test_S\tSpliceType\tLeftGene\t"
    "LeftBreakpoint\tRightGene\tRightBreakpoint\tLargeAnchorSupport\tFFPM\tLeftBreakDinuc\t"
    "LeftBreakEntropy\tRightBreakDinuc\tRightBreakEntropy\tannots\n"
)
FGFR2_BICC1 = (
    "FGFR2--BICC1\t9\t5\t9.00\t5.00\tONLY_REF_SPLICE\tFGFR2^ENSG00000066468.23\t"
    "chr10:121483698:-\tBICC1^ENSG00000122870.13\tchr10:58813832:+\tYES_LDAS\t0.3317\tGT\t"
    '1.8892\tAG\t1.9656\t["Mitelman"]\n'
)


def _unrelated_row(i: int) -> str:
    left, right = f"GENEA{i}", f"GENEB{i}"
    return (
        f"{left}--{right}\t{1 + i % 40}\t{i % 9}\t1.00\t0.00\tONLY_REF_SPLICE\t{left}^ENSG1.1\t"
        f"chr1:{1000 + i * 13}:+\t{right}^ENSG2.1\tchr2:{5000 + i * 17}:-\tYES_LDAS\t0.1\t"
        "GT\t1.9\tAG\t1.9\t[]\n"
    )


# --------------------------------------------------------------- fusions outside the KB


def test_thousands_of_unrelated_fusion_rows_stay_a_bounded_report(tmp_path, capsys):
    """Issue 15, with issue 12's listing: at most 50 tier III fusions outside KB genes and
    50 not-reported calls are listed; the other calls are counted on one methods line."""
    table = tmp_path / "star-fusion.fusion_predictions.abridged.tsv"
    table.write_text(STAR_HEADER + FGFR2_BICC1 + "".join(map(_unrelated_row, range(5000))))
    out = tmp_path / "out"
    code = main(["report", "--fusions", str(table), "--no-pdf", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    report = (out / "report.json").read_text()
    document = json.loads(report)

    fusions = [f for f in document["findings"] if f["category"] == "fusion"]
    assert fusions[0]["alteration"] == "FGFR2::BICC1 fusion"
    others = fusions[1:]
    assert len(others) == 50
    assert all(f["tier"] == "III" and not f["actionable"] for f in others)
    # the calls below the read minimum (reads cycle 1-40) go to Not reported
    assert len(document["not_reported"]) == 42
    assert all("below the minimum" in n["reason"] for n in document["not_reported"])
    assert "GENEA4999" not in report
    lines = [a for a in document["methods"]["assessments"] if "outside knowledge-base" in a]
    assert lines == [
        "Fusion calls outside knowledge-base genes: 5,000 (STAR-Fusion "
        "(star-fusion.fusion_predictions.abridged.tsv): 5,000); 50 listed as tier III (at "
        "most 50 fusions), 42 under Not reported (at most 50), 4,908 counted here only."
    ]
    assert len(report) < 400_000  # was about 9 kB per call: 45 MB for 5,000


def _call(gene5: str, gene3: str, label3: str | None = None) -> Fusion:
    return Fusion(gene5, gene3, "Arriba", "fusions.tsv", junction_reads=10, label3=label3)


def test_call_next_to_a_kb_gene_is_still_listed_not_counted_away(kb):
    intergenic = _call("TPM3", "SH2D2A(4811),NTRK1(1207)", label3="NTRK1")
    kb_partner = _call("GENEX", "NTRK1")
    unrelated = _call("GENEX", "GENEY")
    assert touches_kb_gene(intergenic, kb.genes)
    assert touches_kb_gene(_call("TPM3", "SH2D2A(4811),NTRK1(1207)"), kb.genes)
    assert touches_kb_gene(kb_partner, kb.genes)
    assert not touches_kb_gene(unrelated, kb.genes)

    matches = match_fusions([intergenic, kb_partner, unrelated], kb)
    assert sorted(m.alteration for m in matches) == [
        "GENEX::NTRK1 fusion",
        "TPM3::NTRK1 fusion",
    ]
    line = other_fusions_line([intergenic, kb_partner, unrelated], kb)
    assert line is not None and "genes: 1 (Arriba (fusions.tsv): 1)" in line
    assert other_fusions_line([kb_partner], kb) is None


# ------------------------------------------------------------------- PDF layout and size


def _layout(report: Report):
    """WeasyPrint's laid-out document of the report, through the real renderer's HTML."""
    import weasyprint

    from profiler.render.pdf import STATIC_DIR, STYLESHEET, make_url_fetcher

    fetcher = make_url_fetcher()
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
    html = weasyprint.HTML(
        string=render_html(report), base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher
    )
    return html.render(stylesheets=[stylesheet])


def _boxes(document):
    for page in document.pages:
        yield page, page._page_box, list(page._page_box.descendants())


def _overflowing_text(document) -> list[str]:
    """Text boxes whose right edge lies beyond the page's right margin."""
    from weasyprint.formatting_structure.boxes import TextBox

    found = []
    for _page, page_box, boxes in _boxes(document):
        right = page_box.margin_width() - page_box.margin_right
        found += [
            b.text for b in boxes if isinstance(b, TextBox) and b.position_x + b.width > right + 0.5
        ]
    return found


def _many_findings(n: int) -> Report:
    """`n` findings: a fifth actionable cards (therapies, notes), the rest table rows."""
    base = make_report(n_other=n - n // 5 - 1)  # plus IDH1, FGFR2 and KRAS
    cards = [f for f in base.findings if f.actionable]
    extra = [
        dataclasses.replace(
            cards[i % len(cards)],
            alteration=f"{cards[i % len(cards)].alteration} #{i}",
            notes=("Listed for completeness; confirm with an orthogonal method. " * 3,),
        )
        for i in range(n // 5 - len(cards))
    ]
    return dataclasses.replace(base, findings=(*base.findings, *extra))


@pytest.mark.slow
def test_200_finding_report_lays_out_every_table_fixed_and_nothing_off_the_page():
    from weasyprint.formatting_structure.boxes import TableBox

    report = _many_findings(200)
    assert len(report.findings) == 200
    document = _layout(report)

    tables = [b for _p, _pb, boxes in _boxes(document) for b in boxes if isinstance(b, TableBox)]
    assert tables
    auto = {b.element.get("class") for b in tables if b.style["table_layout"] != "fixed"}
    assert auto == set()  # the automatic layout measured every cell: ~1 s a page
    assert _overflowing_text(document) == []
    assert len(document.pages) < 120  # 40 cards and 160 rows


# ------------------------------------------------------------------------- long ids


def _with_ids(report: Report, patient: str, specimen: str) -> Report:
    return dataclasses.replace(
        report,
        sample=dataclasses.replace(report.sample, patient_id=patient, specimen_id=specimen),
        case=dataclasses.replace(report.case, patient_id=patient, specimen_id=specimen),
    )


@pytest.mark.slow
def test_long_patient_and_specimen_ids_wrap_inside_the_header_and_footer():
    patient = "PT-" + "0123456789ABCDEF" * 12  # 195 characters, no break opportunity
    specimen = "SP-" + "Z9Y8X7W6" * 20
    short = _layout(make_report(n_other=3))
    long = _layout(_with_ids(make_report(n_other=3), patient, specimen))

    assert _overflowing_text(long) == []
    # the wrapped masthead is a few lines taller; it may push the last section over a page
    assert len(short.pages) <= len(long.pages) <= len(short.pages) + 1
    pdf = long.write_pdf()
    pages = ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert patient in pages[0] and specimen in pages[0]  # the masthead, whole
    for text in pages:  # the running footer (patient) and header (specimen)
        assert patient in text
    for text in pages[1:]:
        assert specimen in text
