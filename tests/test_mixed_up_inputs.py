"""A file given to the wrong option is refused with a message that says so (issue 11).

Each pairing is one a user plausibly makes (the files sit side by side in a pipeline's
output folder); the fixtures are the real-format files of tests/data. The last tests
run the CLI in a subprocess: htslib's own "[W::...]"/"[E::...]" lines must not reach
stderr, which holds exactly profiler's one-line error.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError

DATA = Path(__file__).parent / "data"
SMALL_VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"
SV_VCF = DATA / "sv" / "manta_somaticSV_grch38.vcf"
MAF = DATA / "maf" / "vcf2maf_two_samples_grch38.maf"
SEG = DATA / "cnv" / "igv_style_one_sample.seg"
CNS = DATA / "cnv" / "cnvkit_tumor.cns"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.tsv"
ARRIBA = DATA / "fusions" / "arriba_v2_fusions.tsv"
MSISENSOR = DATA / "msi" / "CCA042_T_vs_N.msisensor"
CASE = DATA / "case" / "icca_line2.json"

# (option, file given to it, what the message must say)
MIXUPS = [
    (
        "fusions",
        SMALL_VCF,
        "this looks like a small-variant VCF, not a fusion file: give it to --vcf",
    ),
    (
        "vcf",
        STAR,
        "no ##fileformat line: is this a VCF? This looks like fusion-caller output (star-fusion)",
    ),
    ("vcf", ARRIBA, "give it to --fusions"),
    (
        "vcf",
        SV_VCF,
        "a structural-variant VCF (Manta), not a small-variant VCF: give it to --fusions",
    ),
    (
        "vcf",
        MAF,
        "no ##fileformat line: is this a VCF? This looks like a MAF, not a small-variant VCF: "
        "give it to --maf",
    ),
    ("vcf", SEG, "give it to --cnv"),
    (
        "fusions",
        SEG,
        "this looks like copy-number output (seg), not a fusion file: give it to --cnv",
    ),
    ("fusions", CNS, "copy-number output (cnvkit), not a fusion file: give it to --cnv"),
    ("fusions", MAF, "this looks like a MAF, not a fusion file: give it to --maf"),
    ("fusions", MSISENSOR, "MSI output (msisensor), not a fusion file: give it to --msi"),
    ("maf", SMALL_VCF, "this looks like a small-variant VCF, not a MAF: give it to --vcf"),
    ("maf", STAR, "not a MAF: give it to --fusions"),
    (
        "cnv",
        SMALL_VCF,
        "this looks like a small-variant VCF, not a copy-number file: give it to --vcf",
    ),
    ("cnv", SV_VCF, "structural-variant VCF (Manta), not a copy-number file: give it to --fusions"),
    ("cnv", STAR, "not a copy-number file: give it to --fusions"),
    ("cnv", MAF, "this looks like a MAF, not a copy-number file: give it to --maf"),
    ("msi", SEG, "not an MSI result: give it to --cnv"),
    ("msi", SMALL_VCF, "not an MSI result: give it to --vcf"),
    (
        "case",
        SMALL_VCF,
        "this looks like a small-variant VCF, not a case JSON file: give it to --vcf",
    ),
    ("fusions", CASE, "a JSON file (case metadata?), not a fusion file: give it to --case"),
]


@pytest.mark.parametrize(("option", "path", "message"), MIXUPS, ids=lambda x: getattr(x, "name", x))
def test_a_file_given_to_the_wrong_option_names_the_right_one(tmp_path, option, path, message):
    inputs: dict[str, object] = {option: (path,) if option == "fusions" else path}
    if option == "case":
        inputs["vcf"] = SMALL_VCF
    with pytest.raises(InputError) as caught:
        build(ReportOptions(out_dir=tmp_path, write_pdf=False, assembly="GRCh38", **inputs))
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_bgzipped_small_variant_vcf_given_to_fusions_is_refused(tmp_path):
    gz = tmp_path / "tumor.vcf.gz"
    gz.write_bytes(gzip.compress(SMALL_VCF.read_bytes()))
    with pytest.raises(InputError, match="small-variant VCF, not a fusion file: give it to --vcf"):
        build(ReportOptions(out_dir=tmp_path, fusions=gz, write_pdf=False))


def test_a_small_variant_vcf_without_records_given_to_fusions_is_refused(tmp_path):
    lines = SMALL_VCF.read_text().splitlines(keepends=True)
    header = "".join(line for line in lines if line.startswith("#"))
    empty = tmp_path / "empty.vcf"
    empty.write_text(header)
    with pytest.raises(InputError, match="small-variant VCF, not a fusion file"):
        build(ReportOptions(out_dir=tmp_path, fusions=empty, write_pdf=False))


def test_the_right_files_still_read(tmp_path):
    report = build(
        ReportOptions(
            out_dir=tmp_path,
            vcf=SMALL_VCF,
            fusions=(STAR, ARRIBA),
            cnv=CNS,
            msi=MSISENSOR,
            case=CASE,
            write_pdf=False,
        )
    )
    assert report.findings


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "profiler.cli", "report", *args, "--out", "out", "--no-pdf"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _vcf(tmp_path: Path, name: str, records: str, header: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        "##fileformat=VCFv4.2\n"
        + header
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
        + records
    )
    return path


def test_htslib_warnings_do_not_precede_our_error_on_stderr(tmp_path):
    # htslib would print "[W::vcf_parse] Contig 'chr12' is not defined", "[W::vcf_parse_info]
    # INFO 'XX' is not defined" and "[E::vcf_parse] Could not parse the position"
    _vcf(
        tmp_path,
        "bad.vcf",
        "chr12\t25245350\t.\tC\tA\t.\tPASS\tXX=1\nchr12\t2524535x\t.\tC\tA\t.\tPASS\t.\n",
    )
    run = _cli("--vcf", "bad.vcf", "--assembly", "GRCh38", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        "profiler: error: bad.vcf: record 2 (counting data lines from 1) is malformed: "
        "POS '2524535x' is not a position (a non-negative integer)\n"
    )


def test_an_unparsable_position_on_an_undeclared_contig_is_refused_not_read_as_pos_1(tmp_path):
    # htslib only warns here and cyvcf2 returns the record at POS 1
    _vcf(tmp_path, "bad.vcf", "chr12\t2524535x\t.\tC\tA\t.\tPASS\t.\n")
    run = _cli("--vcf", "bad.vcf", "--assembly", "GRCh38", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        "profiler: error: bad.vcf: record 1 (counting data lines from 1) is malformed: "
        "POS '2524535x' is not a position (a non-negative integer)\n"
    )
    assert not (tmp_path / "out" / "report.json").exists()


def test_a_truncated_bgzipped_vcf_is_one_line_of_ours(tmp_path):
    whole = gzip.compress(SMALL_VCF.read_bytes())
    (tmp_path / "cut.vcf.gz").write_bytes(whole[: len(whole) // 3])
    run = _cli("--vcf", "cut.vcf.gz", cwd=tmp_path)
    assert run.returncode == 2
    assert (
        run.stderr == "profiler: error: cut.vcf.gz: corrupt or truncated gzip data in the header\n"
    )


def test_an_unreadable_sv_vcf_header_is_one_line_of_ours(tmp_path):
    _vcf(
        tmp_path,
        "sv.vcf",
        "chr10\t121480000\tbnd1\tN\tN[chr4:1000[\t.\tPASS\tSVTYPE=BND\n",
        header='##INFO=<ID=SVTYPE,Number=1>\n##INFO=<ID=SVTYPE,Number=1,Type=String,Description="">\n',
    )
    run = _cli("--fusions", "sv.vcf", "--assembly", "GRCh38", cwd=tmp_path)
    assert "[W::" not in run.stderr and "[E::" not in run.stderr
    assert run.stderr.count("\n") <= 1
