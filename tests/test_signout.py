"""Sign-out, report id, amendments, output formats and determinism (issue 12, items 3, 4, 8).

The demo case is run through the CLI as a lab would: once as a draft with every output
format, and twice signed with a fixed report date into the same folder, so that the two
runs can be compared byte for byte. PDF text is read page by page with pdftotext.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from profiler import api
from profiler.cli import main
from profiler.errors import InputError
from profiler.options import ReportOptions
from profiler.render.html import render_html
from profiler.render.pdf import make_url_fetcher, render_pdf
from profiler.render.view_signout import DRAFT_MARK
from profiler.report_id import ID_OPTIONS, NOT_ID_OPTIONS
from profiler.resources import data_dir, schema_path

DEMO = data_dir("sample_data")
VCF = DEMO / "CCA-DEMO-001.mutect2.vep.vcf.gz"
FUSIONS = DEMO / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv"
CASE = DEMO / "CCA-DEMO-001.case.json"
DEMO_INPUTS = ["--vcf", VCF, "--fusions", FUSIONS, "--case", CASE]
SIGNER = "Dr. Ana Pérez"
REPORT_DATE = "2026-12-01"
REASON = "HER2 IHC re-scored"


def cli(*args: object) -> int:
    return main([str(a) for a in args])


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdftotext (poppler) extracts it."""
    pages = len(PdfReader(pdf).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("draft")
    assert cli("report", *DEMO_INPUTS, "--format", "pdf,html,json", "--out", out) == 0
    return out


@pytest.fixture(scope="module")
def signed_twice(tmp_path_factory, draft) -> tuple[Path, Path]:
    """The same signed amendment run twice into one folder (same command line)."""
    replaced = json.loads((draft / "report.json").read_text())["report_id"]
    out = tmp_path_factory.mktemp("signed")
    first = tmp_path_factory.mktemp("first")
    args = [
        "report",
        *DEMO_INPUTS,
        "--signed-by",
        SIGNER,
        "--report-date",
        REPORT_DATE,
        "--amends",
        replaced,
        "--amendment-reason",
        REASON,
        "--out",
        out,
    ]
    assert cli(*args) == 0
    for name in ("report.json", "report.pdf"):
        shutil.copy(out / name, first / name)
    assert cli(*args) == 0
    return first, out


# ------------------------------------------------------------------------ draft / final


@pytest.mark.slow
def test_draft_mark_on_every_pdf_page_and_in_html_and_json(draft):
    pages = page_texts(draft / "report.pdf")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert DRAFT_MARK in text, f"page {number}"
    assert DRAFT_MARK in (draft / "report.html").read_text()
    document = json.loads((draft / "report.json").read_text())
    assert document["status"] == "draft"
    assert document["sign_out"]["signed_by"] is None
    assert document["amendment"] is None


@pytest.mark.slow
def test_signed_report_has_no_draft_mark_and_names_signer_and_date(signed_twice):
    _, out = signed_twice
    pages = page_texts(out / "report.pdf")
    for number, text in enumerate(pages, start=1):
        assert "DRAFT" not in text, f"page {number}"
    signature = " ".join(pdf_text(out / "report.pdf").split())
    assert f"Signed by: {SIGNER}" in signature
    assert f"Date: {REPORT_DATE}" in signature
    document = json.loads((out / "report.json").read_text())
    assert document["status"] == "final"
    assert document["sign_out"] == {"signed_by": SIGNER, "report_date": REPORT_DATE}


# ---------------------------------------------------------------------------- report id


@pytest.mark.slow
def test_report_id_on_every_page_and_stable_across_runs(draft, signed_twice):
    first, second = signed_twice
    ids = [json.loads((d / "report.json").read_text())["report_id"] for d in (first, second)]
    assert ids[0] == ids[1] and re.fullmatch(r"[0-9a-f]{16}", ids[0])
    for folder, report_id in ((first, ids[0]), (draft, None)):
        report_id = report_id or json.loads((folder / "report.json").read_text())["report_id"]
        for number, text in enumerate(page_texts(folder / "report.pdf"), start=1):
            assert f"Report ID {report_id}" in text, f"page {number}"


def test_report_id_depends_on_content_not_on_paths_or_signer(tmp_path):
    base = api.build(api.ReportOptions(out_dir=tmp_path, fusions=FUSIONS, report_date=REPORT_DATE))
    # the same file in another folder, signed: the same content, the same id
    moved = tmp_path / "elsewhere" / FUSIONS.name
    moved.parent.mkdir()
    shutil.copy(FUSIONS, moved)
    same = api.build(
        api.ReportOptions(
            out_dir=tmp_path, fusions=moved, report_date=REPORT_DATE, signed_by=SIGNER
        )
    )
    assert same.sign_out.report_id == base.sign_out.report_id
    # a threshold, the date, an amendment or one changed byte of input: another id
    changed = [
        api.ReportOptions(
            out_dir=tmp_path, fusions=FUSIONS, report_date=REPORT_DATE, min_fusion_reads=50
        ),
        api.ReportOptions(out_dir=tmp_path, fusions=FUSIONS, report_date="2026-12-02"),
        api.ReportOptions(
            out_dir=tmp_path,
            fusions=FUSIONS,
            report_date=REPORT_DATE,
            amends=base.sign_out.report_id,
            amendment_reason=REASON,
        ),
    ]
    moved.write_bytes(FUSIONS.read_bytes() + b"\n")
    changed.append(api.ReportOptions(out_dir=tmp_path, fusions=moved, report_date=REPORT_DATE))
    ids = {api.build(o).sign_out.report_id for o in changed}
    assert len(ids) == len(changed) and base.sign_out.report_id not in ids


def test_a_locally_edited_kb_that_kept_its_version_changes_the_id(tmp_path):
    """The KB's version alone does not identify it: its files' digest enters the id."""
    kb_copy = tmp_path / "kb"
    shutil.copytree(data_dir("knowledgebase"), kb_copy)
    base = api.build(api.ReportOptions(out_dir=tmp_path, fusions=FUSIONS, report_date=REPORT_DATE))
    same = api.build(
        api.ReportOptions(
            out_dir=tmp_path, fusions=FUSIONS, report_date=REPORT_DATE, kb_dir=kb_copy
        )
    )
    assert same.sign_out.report_id == base.sign_out.report_id  # the same bytes elsewhere
    manifest = next(kb_copy.glob("manifest.y*ml"))
    manifest.write_bytes(manifest.read_bytes() + b"# local edit\n")
    edited = api.build(
        api.ReportOptions(
            out_dir=tmp_path, fusions=FUSIONS, report_date=REPORT_DATE, kb_dir=kb_copy
        )
    )
    assert edited.provenance.kb_version == base.provenance.kb_version
    assert edited.provenance.kb_sha256 != base.provenance.kb_sha256
    assert edited.sign_out.report_id != base.sign_out.report_id


def test_every_option_is_classified_for_the_report_id():
    fields = {f.name for f in dataclasses.fields(ReportOptions)}
    assert fields == set(ID_OPTIONS) | set(NOT_ID_OPTIONS)
    assert not set(ID_OPTIONS) & set(NOT_ID_OPTIONS)


# ---------------------------------------------------------------------------- amendment


@pytest.mark.slow
def test_amendment_on_page_one_and_in_json(draft, signed_twice):
    _, out = signed_twice
    replaced = json.loads((draft / "report.json").read_text())["report_id"]
    page_one = " ".join(page_texts(out / "report.pdf")[0].split())
    assert f"Amended report: replaces {replaced} — {REASON}" in page_one
    document = json.loads((out / "report.json").read_text())
    assert document["amendment"] == {"replaces": replaced, "reason": REASON}
    assert document["report_id"] != replaced


@pytest.mark.parametrize(
    ("options", "needle"),
    [
        ({"amends": "0123456789abcdef"}, "given together"),
        ({"amendment_reason": "typo"}, "given together"),
        ({"amends": "not-an-id", "amendment_reason": "typo"}, "16 hexadecimal digits"),
        ({"report_date": "01/12/2026"}, "YYYY-MM-DD"),
        ({"report_date": "2026-02-30"}, "YYYY-MM-DD"),
        ({"signed_by": "   "}, "must not be empty"),
        ({"signed_by": "Dr. A\nDr. B"}, None),  # newlines fold into one line: accepted
        ({"formats": "pdf,html"}, "must include json"),
        ({"formats": "json,docx"}, "unknown format docx"),
    ],
)
def test_sign_out_and_format_options_are_checked(tmp_path, options, needle):
    if needle is None:
        assert ReportOptions(out_dir=tmp_path, **options).signed_by == "Dr. A Dr. B"
        return
    with pytest.raises(InputError, match=needle):
        ReportOptions(out_dir=tmp_path, **options)


def test_bad_report_date_on_the_command_line_is_exit_2_and_no_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli("report", "--fusions", FUSIONS, "--report-date", "yesterday", "--out", out) == 2
    assert "--report-date" in capsys.readouterr().err
    assert not out.exists()


def test_no_pdf_still_means_json_only(tmp_path):
    options = ReportOptions(out_dir=tmp_path, fusions=FUSIONS, write_pdf=False)
    assert options.formats == ("json",)
    assert ReportOptions(out_dir=tmp_path, formats="html, JSON").formats == ("html", "json")


# -------------------------------------------------------------------------------- HTML


@pytest.mark.slow
def test_html_twin_is_self_contained_and_holds_the_findings(draft):
    html = (draft / "report.html").read_text(encoding="utf-8")
    assert "<style>" in html and "@page" in html  # the stylesheet, inlined
    assert "<link" not in html.lower()
    # nothing the browser would load: no src= to anywhere but inline data; links (<a href>
    # to a citation) are fine, they are not fetched to show the page
    assert not re.search(r"""\bsrc\s*=\s*["']?(?!data:)""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:|file:|//)", html, re.I)
    document = json.loads((draft / "report.json").read_text())
    assert document["report_id"] in html
    for finding in document["findings"]:
        assert finding["gene"] in html
    assert "FGFR2::BICC1" in html and "Futibatinib" in html


# ------------------------------------------------------------------------------ PDF/A-3


@pytest.mark.slow
def test_pdf_is_pdf_a3_and_embeds_report_json(draft):
    reader = PdfReader(draft / "report.pdf")
    attachments = reader.attachments
    assert list(attachments) == ["report.json"]
    assert attachments["report.json"][0] == (draft / "report.json").read_bytes()
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert reader.trailer["/Root"]["/OutputIntents"]
    spec = reader.trailer["/Root"]["/AF"][0].get_object()  # PDF/A-3: an associated file
    assert spec["/AFRelationship"] == "/Alternative"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/json"


# -------------------------------------------------------------------------- determinism


@pytest.mark.slow
def test_same_inputs_and_report_date_give_identical_json_and_pdf_text(signed_twice):
    first, second = signed_twice
    assert (first / "report.json").read_bytes() == (second / "report.json").read_bytes()
    assert pdf_text(first / "report.pdf") == pdf_text(second / "report.pdf")
    document = json.loads((first / "report.json").read_text())
    assert document["provenance"]["generated_at"] is None  # no wall-clock time
    info = PdfReader(first / "report.pdf").metadata
    assert info["/CreationDate"].startswith("D:20261201000000")  # the report date


# ----------------------------------------------------------------------------- injection

HOSTILE_CASE = {
    "patient_id": "<script>alert('x')</script>",
    "specimen_id": "<img src=file:///etc/passwd>",
    "institution": "<style>body{background:url(file:///etc/passwd)}</style>",
    "ordering_physician": "x\" style=\"background:url('file:///etc/shadow')",
    "stage": "<link rel=stylesheet href=//example.com/x.css>",
}


@pytest.mark.slow
def test_markup_in_case_fields_and_sign_out_is_text_and_nothing_is_fetched(tmp_path):
    case = tmp_path / "hostile.case.json"
    case.write_text(json.dumps(HOSTILE_CASE))
    signer = "<b onmouseover=alert(1)>Dr. X</b>"
    options = ReportOptions(
        out_dir=tmp_path / "out",
        fusions=FUSIONS,
        case=case,
        signed_by=signer,
        amends="0123456789abcdef",
        amendment_reason="url(file:///etc/passwd) <iframe src=http://example.com>",
        formats="pdf,html,json",
    )
    report = api.build(options)
    fetcher = make_url_fetcher()
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(render_pdf(report, url_fetcher=fetcher))
    assert all(url.startswith("file://") and "/static/" in url for url in fetcher.requested)
    assert not any("passwd" in u or "shadow" in u or "example" in u for u in fetcher.requested)
    text = "".join(pdf_text(pdf).split())  # narrow cells wrap long values mid-word
    for value in (*HOSTILE_CASE.values(), signer):
        assert "".join(value.split()) in text, value
    html = render_html(report, inline_css=True)
    for tag in ("<script", "<img", "<iframe", "<link", "<b onmouseover"):
        assert tag not in html
    assert "&lt;script&gt;" in html and "&lt;img src=file:///etc/passwd&gt;" in html
    # and through the CLI's publishing path: all three files, the render not stopped
    api.run_report(options)
    written = sorted(p.name for p in Path(options.out_dir).iterdir())
    assert written == ["report.html", "report.json", "report.pdf"]


# ------------------------------------------------------------------------ schema, logs


@pytest.mark.parametrize("name", ["report", "case", "knowledgebase"])
def test_schema_command_prints_the_schema(name, capsys):
    assert cli("schema", name) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == json.loads(schema_path(name).read_text())


def test_report_schema_id_is_versioned_with_the_report():
    from profiler.recommend.engine import REPORT_SCHEMA_VERSION

    schema = json.loads(schema_path("report").read_text())
    assert schema["$id"] == f"urn:profiler:schema:report:{REPORT_SCHEMA_VERSION}"


@pytest.mark.slow
def test_verbose_logs_our_lines_not_weasyprint_or_fonttools_internals(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "profiler.cli", "-v", "report", "--fusions", FUSIONS]
    result = subprocess.run(
        [*map(str, command), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any("wrote PDF report" in line for line in lines)
    assert all(line.startswith("profiler: ") for line in lines), lines
    assert not any(
        word in result.stderr for word in ("Step ", "fontTools", "glyph", "subset", "weasyprint")
    )
