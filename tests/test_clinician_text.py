"""Text a clinician can follow (issue 12, items 5 and 6).

Citations link to their public record; one date format; file names, not server paths;
no command-line flags in clinical sentences; values never split across lines; pictures
as escaped inline SVG. PDF checks read the text with pdftotext, as a reader would see it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from profiler.annotate.fusion_layout import fusion_layout
from profiler.api import build, demo_options
from profiler.cli import main
from profiler.kb import load_knowledgebase
from profiler.model import Fusion, FusionLayout, FusionPartner, Reference
from profiler.render.pdf import make_url_fetcher, render_pdf
from profiler.render.svg import Bar, bar_chart_svg, fusion_svg
from profiler.render.view_citations import CitationList, citation, number_ranges
from profiler.render.view_paths import strip_paths
from profiler.resources import data_dir

KB = load_knowledgebase()
DEMO = data_dir("sample_data")

# "30 Sep 2022", "05/05/2022", "Oct 2022", "7/2023", "September 30, 2022"
NON_ISO_DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|(?<![\d./])\d{1,2}/\d{4}\b"
    r"|\b(\d{1,2} )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}, )?\d{4}\b"
)
FLAG = re.compile(r"(?<![\w-])--[a-z][\w-]*")
INTERNAL = re.compile(r"FACTS\.md|FACTS Part|oncokb/oncokb-public|\.tsx@|@[0-9a-f]{7,40}\b")


# ------------------------------------------------------------------------- citations


@pytest.mark.parametrize(
    ("ref", "href"),
    [
        (Reference("pmid", "34554208"), "https://pubmed.ncbi.nlm.nih.gov/34554208/"),
        (Reference("pmcid", "PMC9991984"), "https://pmc.ncbi.nlm.nih.gov/articles/PMC9991984/"),
        (Reference("doi", "10.1056/NEJMoa2405008"), "https://doi.org/10.1056/NEJMoa2405008"),
        (Reference("nct", "NCT02924376"), "https://clinicaltrials.gov/study/NCT02924376"),
        (Reference("url", "https://cnvkit.readthedocs.io/"), "https://cnvkit.readthedocs.io/"),
        # no address in the KB: shown as citation text, never a guessed link
        (Reference("fda", "FDA approval of ivosidenib, 2021-08-25: IDH1 CCA"), None),
        (Reference("oncokb", "OncoKB release 2021-08-31: IDH1 R132, Level 1"), None),
        (Reference("publication", "FIGHT-202 primary analysis, Lancet Oncol 2020"), None),
        (Reference("url", "http://example.com/x"), None),
    ],
)
def test_each_citation_kind_links_only_to_its_public_record(ref, href):
    shown = citation(ref)
    assert shown["href"] == href
    assert ref.id in shown["label"]


def test_a_doi_cannot_break_out_of_its_link():
    shown = citation(Reference("doi", '10.1000/x"><script>'))
    assert '"' not in shown["href"] and "<" not in shown["href"]


def test_references_are_numbered_once_per_section():
    refs = CitationList()
    a, b, c = (Reference("nct", f"NCT0000000{i}") for i in (1, 2, 3))
    assert refs.cite([a, b]) == "1–2"
    assert refs.cite([c, a]) == "1, 3"
    assert [e["number"] for e in refs.entries()] == [1, 2, 3]
    assert number_ranges([5, 1, 2, 3, 7, 8]) == "1–3, 5, 7–8"


# ----------------------------------------------------------------------------- paths


def test_paths_become_file_names_but_urls_and_units_do_not():
    deep = "/srv/lab/run 7/x/CCA-1.vcf.gz"
    text = f"read {deep} and /data/a/b/fusions.tsv; see https://host.org/a/b/c; 5-FU/leucovorin"
    shown = strip_paths(text + "; 78 mL/min; and/or", known=[deep])
    assert "CCA-1.vcf.gz" in shown and "/srv" not in shown
    assert "fusions.tsv" in shown and "/data/" not in shown
    assert "https://host.org/a/b/c" in shown
    assert "5-FU/leucovorin" in shown and "mL/min" in shown and "and/or" in shown


# --------------------------------------------------------------------------- pictures


def test_fusion_layout_places_the_breakpoint_on_the_kb_gene_span():
    call = Fusion("FGFR2", "BICC1", caller="STAR-Fusion", source="x",
                  breakpoint5="chr10:121483698:-", breakpoint3="chr10:58813830:+")  # fmt: skip
    rule = next(a for a in KB.alterations if a.id == "FGFR2_FUSION")
    layout = fusion_layout([call], rule, KB.genes, "GRCh38")
    assert layout is not None
    # FGFR2 is on the - strand, GRCh38 span 121478334-121598458: (121598458 - 121483698)
    # / (121598458 - 121478334) = 0.9553 of the way from its 5' end
    assert layout.five.fraction == pytest.approx(0.9553, abs=1e-4)
    assert layout.three.fraction is None  # BICC1 has no span in the KB
    assert (layout.rule_gene, layout.rule_side, layout.role_ok) == ("FGFR2", "5'", True)
    # the wrong side for the rule, and a breakpoint outside the gene, are said as such
    swapped = fusion_layout(
        [Fusion("BICC1", "FGFR2", caller="c", source="x", breakpoint3="chr10:1:+")], rule, KB.genes
    )
    assert swapped is not None and swapped.role_ok is False and swapped.three.fraction is None


def test_svg_escapes_names_from_inputs():
    hostile = '<script>alert(1)</script>&"'
    layout = FusionLayout(
        five=FusionPartner(hostile, "5'", 'chr1:5:"/><a href="x', 0.5, None),
        three=FusionPartner("NTRK1", "3'", None, None, None),
        frame="<b>in-frame</b>",
    )
    for svg in (
        fusion_svg(layout),
        bar_chart_svg([Bar(hostile, 31.2, "31.2%")], maximum=100, title=hostile),
    ):
        root = ET.fromstring(str(svg))  # well-formed XML
        assert root.tag.endswith("svg")
        assert "<script" not in str(svg) and "<a " not in str(svg) and "<b>" not in str(svg)
        assert not any(el.tag.endswith(("script", "a", "image", "use")) for el in root.iter())


# ----------------------------------------------------------------------- PDF and JSON


def _strings(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def _pages(pdf: Path, *extra: str) -> list[str]:
    text = subprocess.run(
        ["pdftotext", *extra, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


def _before_methods(pages: list[str]) -> str:
    text = "\f".join(pages)
    index = text.find("METHODS AND PROVENANCE")
    assert index > 0
    return text[:index]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def deep_run(tmp_path_factory):
    """The demo's VCF and case copied into a deep directory; no fusions, CNV or MSI."""
    root = tmp_path_factory.mktemp("deep")
    deep = root / "lab-server" / "runs" / "2026" / "batch-0042" / "patient-inputs"
    deep.mkdir(parents=True)
    for name in ("CCA-DEMO-001.mutect2.vep.vcf.gz", "CCA-DEMO-001.mutect2.vep.vcf.gz.tbi",
                 "CCA-DEMO-001.case.json"):  # fmt: skip
        shutil.copy(DEMO / name, deep / name)
    out = root / "out"
    code = main(
        ["report", "--vcf", str(deep / "CCA-DEMO-001.mutect2.vep.vcf.gz"),
         "--case", str(deep / "CCA-DEMO-001.case.json"), "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    return deep, out


@pytest.mark.slow
def test_demo_pdf_and_json_use_iso_dates_only(demo_run):
    for number, page in enumerate(_pages(demo_run / "report.pdf"), 1):
        assert not NON_ISO_DATE.search(page), (number, NON_ISO_DATE.search(page))
    document = json.loads((demo_run / "report.json").read_text())
    for path, text in _strings(document):
        assert not NON_ISO_DATE.search(text), (path, text)


@pytest.mark.slow
def test_values_are_never_split_across_lines(demo_run):
    text = "\f".join(_pages(demo_run / "report.pdf", "-layout"))
    for value in ("chr10:121483698:-", "chr10:58813830:+", "ENST00000345146.7", "NCT02052778",
                  "31.2%", "not tiered"):  # fmt: skip
        assert value in text, value


@pytest.mark.slow
def test_citations_are_links_and_nothing_internal_is_printed(demo_run):
    uris = {
        annot.get_object().get("/A", {}).get("/URI")
        for page in PdfReader(demo_run / "report.pdf").pages
        for annot in page.get("/Annots") or []
    }
    assert "https://pubmed.ncbi.nlm.nih.gov/34554208/" in uris
    assert "https://pmc.ncbi.nlm.nih.gov/articles/PMC9991984/" in uris
    assert "https://clinicaltrials.gov/study/NCT02924376" in uris
    text = "\f".join(_pages(demo_run / "report.pdf"))
    assert "REFERENCES" in text and "PMID 34554208" in text
    assert not INTERNAL.search(text)
    assert not INTERNAL.search((demo_run / "report.json").read_text())


@pytest.mark.slow
def test_links_are_annotations_only_nothing_is_fetched(tmp_path):
    fetcher = make_url_fetcher()
    render_pdf(build(demo_options(tmp_path)), url_fetcher=fetcher)
    # the links are PDF annotations and the SVG is inline: the fetcher is never asked
    assert all("/render/static/" in url for url in fetcher.requested), fetcher.requested


@pytest.mark.slow
def test_no_command_line_flags_before_methods(demo_run, deep_run):
    _, deep_out = deep_run
    for out in (demo_run, deep_out):
        clinical = _before_methods(_pages(out / "report.pdf"))
        assert not FLAG.search(clinical), FLAG.search(clinical)
        document = json.loads((out / "report.json").read_text())
        for path, text in _strings(document):
            if not path.startswith(".provenance.command_line"):
                assert not FLAG.search(text), (path, text)
    assert "no callable territory given" in "\f".join(_pages(demo_run / "report.pdf"))


@pytest.mark.slow
def test_pdf_shows_file_names_and_json_keeps_the_paths(deep_run):
    deep, out = deep_run
    text = "\f".join(_pages(out / "report.pdf")) + "\f".join(_pages(out / "report.pdf", "-raw"))
    assert "CCA-DEMO-001.mutect2.vep.vcf.gz" in text
    for part in ("lab-server", "batch-0042", "patient-inputs", str(out.parent)):
        assert part not in text, part
    document = json.loads((out / "report.json").read_text())
    paths = [i["path"] for i in document["provenance"]["inputs"]]
    assert str(deep / "CCA-DEMO-001.mutect2.vep.vcf.gz") in paths


@pytest.mark.slow
def test_fusion_finding_has_a_diagram_and_the_overview_its_vafs(demo_run):
    text = "\f".join(_pages(demo_run / "report.pdf"))
    assert "FGFR2 (5′ partner)" in text and "BICC1 (3′ partner)" in text
    assert "Fusion product (5′ → 3′)" in text
    assert "FGFR2 as the 5′ partner — met in this call" in text
    assert "96% along the gene from its 5′ end" in text
    assert "kinase" not in text.lower()  # no domain claim: the KB holds no domain map
    assert "VARIANT ALLELE FRACTIONS AND COPY NUMBER" in text and "IDH1 R132C" in text


def test_overview_draws_vafs_and_copy_numbers_it_was_given():
    from profiler.model import Finding
    from profiler.render.view_overview import overview_view

    idh1 = Finding("IDH1", "R132C", "small_variant", True, "IA", vaf=0.312)
    erbb2 = Finding("ERBB2", "amplification", "copy_number", False, "not_tiered",
                    detail={"copy_number": 18.4})  # fmt: skip
    fusion = Finding("FGFR2", "FGFR2::BICC1 fusion", "fusion", True, "IA")
    view = overview_view([idh1, fusion], [erbb2])
    assert "IDH1 R132C" in view["vaf_svg"] and "31.2%" in view["vaf_svg"]
    assert "FGFR2" not in view["vaf_svg"]  # no VAF, no bar
    assert "ERBB2 amplification" in view["cn_svg"] and "18.4 copies" in view["cn_svg"]
    assert ">20<" in view["cn_svg"] and "2 copies" in view["cn_svg"]  # whole-number scale
    empty = overview_view([fusion], [])
    assert (empty["vaf_svg"], empty["cn_svg"], empty["any"]) == (None, None, False)


def test_overview_draws_known_findings_first_and_at_most_max_bars():
    from profiler.model import Finding
    from profiler.render.view_overview import MAX_BARS, overview_view

    def variant(gene: str, tier: str, actionable: bool = False) -> Finding:
        return Finding(gene, "X1Y", "small_variant", actionable, tier, vaf=0.2)

    tier3 = [variant(f"GENE{i}", "III") for i in range(MAX_BARS + 10)]
    actionable = [variant("IDH1", "IA", actionable=True)]
    known = [variant("KRAS", "IID")]
    view = overview_view(actionable, [*tier3, *known])
    svg = str(view["vaf_svg"])
    assert view["vaf_not_drawn"] == 12  # 52 bars measured, 40 drawn
    assert "IDH1 X1Y" in svg and "KRAS X1Y" in svg  # never crowded out by tier III
    assert f"GENE{MAX_BARS - 3} X1Y" in svg and f"GENE{MAX_BARS - 2} X1Y" not in svg
