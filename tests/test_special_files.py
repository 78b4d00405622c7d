"""Special files and sizes: pipes, devices and oversized inputs are refused, quickly.

Inputs must be regular files (profiler/io/files.py says why): a pipe read once leaves
nothing to hash, and a device such as /dev/zero never ends.
"""

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from timeouts import within

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io.files import MiB
from profiler.io.tabular import read_text_lines
from profiler.provenance import sha256_of

DEMO = Path(__file__).resolve().parents[1] / "sample_data"
CASE = DEMO / "CCA-DEMO-001.case.json"
FUSIONS = DEMO / "CCA-DEMO-001.star-fusion.fusion_predictions.abridged.tsv"
MSI = Path(__file__).parent / "data" / "msi" / "CCA042_T_vs_N.msisensor"
VCF = DEMO / "CCA-DEMO-001.mutect2.vep.vcf.gz"


def special(kind: str, tmp_path: Path) -> Path:
    if kind == "fifo":
        path = tmp_path / "input.fifo"
        os.mkfifo(path)  # no writer: opening it for reading would block
        return path
    return Path("/dev/zero")  # never ends


def options_with(role: str, path: Path, tmp_path: Path) -> ReportOptions:
    base = {"out_dir": tmp_path / "out", "write_pdf": False, "msi": MSI}
    if role == "case":
        return ReportOptions(**base, case=path)
    if role == "fusions":
        return ReportOptions(**base, fusions=(path,))
    if role == "msi":
        return ReportOptions(out_dir=tmp_path / "out", write_pdf=False, msi=path)
    if role == "cnv":
        return ReportOptions(**base, cnv=path)
    if role == "target_bed":
        return ReportOptions(**base, vcf=VCF, target_bed=path)
    raise AssertionError(role)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("role", ["case", "fusions", "msi", "cnv", "target_bed"])
def test_a_fifo_or_dev_zero_as_an_input_is_refused_instead_of_blocking_or_reading_forever(
    kb, tmp_path, role, kind
):
    path = special(kind, tmp_path)
    expected = "pipe or FIFO" if kind == "fifo" else "character device"
    with pytest.raises(InputError, match=f"{expected}, not a regular file") as caught:
        within(20, lambda: build(options_with(role, path, tmp_path), kb))
    assert caught.value.path == str(path)


def test_case_from_stdin_is_refused_not_recorded_as_the_hash_of_empty_input(tmp_path):
    """`--case /dev/stdin` used to read the JSON, then hash the emptied pipe."""
    code = "import sys; from profiler.cli import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", code, "report", "--msi", str(MSI)]
    command += ["--case", "/dev/stdin", "--no-pdf", "--out", str(tmp_path / "out")]
    result = subprocess.run(
        command, input=CASE.read_bytes(), capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 2, result.stderr
    assert b"not a regular file" in result.stderr
    assert not (tmp_path / "out" / "report.json").exists()


def test_the_case_digest_is_that_of_the_bytes_read(kb, tmp_path):
    case = tmp_path / "case.json"
    case.write_bytes(CASE.read_bytes())
    report = build(ReportOptions(out_dir=tmp_path, msi=MSI, case=case, write_pdf=False), kb)
    (recorded,) = [i for i in report.provenance.inputs if i.role == "case"]
    assert recorded.sha256 == hashlib.sha256(CASE.read_bytes()).hexdigest()
    assert recorded.sha256 != hashlib.sha256(b"").hexdigest()


def test_hashing_a_fifo_is_refused_instead_of_blocking(tmp_path):
    path = special("fifo", tmp_path)
    with pytest.raises(InputError, match="pipe or FIFO"):
        within(10, lambda: sha256_of(path))


def test_a_case_file_over_its_size_limit_is_refused(kb, tmp_path):
    case = tmp_path / "case.json"
    case.write_bytes(b"{" + b" " * (2 * MiB) + b"}")
    with pytest.raises(InputError, match="larger than the 1 MiB limit"):
        build(ReportOptions(out_dir=tmp_path, msi=MSI, case=case, write_pdf=False), kb)


def test_a_gzip_bomb_table_is_refused_at_the_limit_not_decompressed_whole(tmp_path):
    path = tmp_path / "bomb.tsv.gz"
    path.write_bytes(gzip.compress(b"x\t1\n" * (MiB // 2)))  # 2 MiB once decompressed
    assert len(read_text_lines(path, limit=4 * MiB)) == MiB // 2
    with pytest.raises(InputError, match="larger than the 1 MiB limit"):
        read_text_lines(path, limit=1 * MiB)


def test_a_directory_as_an_input_is_named(kb, tmp_path):
    with pytest.raises(InputError, match="directory") as caught:
        build(ReportOptions(out_dir=tmp_path / "out", msi=tmp_path, write_pdf=False), kb)
    assert caught.value.path == str(tmp_path)
