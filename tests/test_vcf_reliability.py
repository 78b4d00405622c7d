"""Issue 15, the VCF reading path: a wrong index, a cut file or a hostile value is refused.

Each bad file is written here from the Mutect2 fixture (IDH1 R132C, BRAF V600E, KRAS
G12C); before, every case below gave a report (exit 0) that had quietly lost or changed
those hotspots, or a traceback.
"""

import pysam
import pytest

from profiler.api import ReportOptions, build
from profiler.errors import InputError
from profiler.io import vcf_stream

FIXTURE = "mutect2_vep_grch38.vcf"
IDH1 = "chr2\t208248389\t"


def text(data_dir) -> str:
    return (data_dir / "vcf" / FIXTURE).read_text()


def bgzip(tmp_path, name: str, content: str, *, index: bool = True):
    plain = tmp_path / name
    plain.write_text(content)
    gz = tmp_path / (name + ".gz")
    pysam.tabix_compress(str(plain), str(gz), force=True)
    if index:
        pysam.tabix_index(str(gz), preset="vcf", force=True)
    return gz


def report(tmp_path, vcf, **options):
    return build(ReportOptions(out_dir=tmp_path / "out", vcf=vcf, write_pdf=False, **options))


def idh1_line(content: str) -> str:
    return next(line for line in content.splitlines() if line.startswith(IDH1))


def test_index_from_another_file_is_refused_not_an_empty_report(data_dir, tmp_path):
    content = text(data_dir)
    ours = bgzip(tmp_path, "ours.vcf", content, index=False)
    # another VCF with more records on other contigs: its index lists offsets ours lacks
    header = "".join(line + "\n" for line in content.splitlines() if line.startswith("#"))
    body = "".join(f"chr3\t{1000 + i}\t.\tA\tG\t.\tPASS\t.\tGT\t0/1\t0/1\n" for i in range(4000))
    other = bgzip(tmp_path, "other.vcf", header + body)
    (tmp_path / "ours.vcf.gz.tbi").write_bytes((tmp_path / "other.vcf.gz.tbi").read_bytes())
    assert other.exists()
    with pytest.raises(InputError, match=r"re-index it .* or pass --no-index") as error:
        report(tmp_path, ours)
    assert "ours.vcf.gz" in str(error.value)
    # --no-index reads the file itself: the hotspots are there
    assert any(f.gene == "IDH1" for f in report(tmp_path, ours, use_index=False).findings)


def test_index_naming_contigs_the_header_lacks_is_refused(data_dir, tmp_path):
    content = text(data_dir)
    ours = bgzip(tmp_path, "ours.vcf", content, index=False)
    renamed = content.replace("chr2\t", "chrZ\t").replace("ID=chr2,", "ID=chrZ,")
    bgzip(tmp_path, "renamed.vcf", renamed)
    (tmp_path / "ours.vcf.gz.tbi").write_bytes((tmp_path / "renamed.vcf.gz.tbi").read_bytes())
    with pytest.raises(InputError, match=r"contigs the header does not declare .*chrZ"):
        report(tmp_path, ours)


def test_stale_index_beside_a_recompressed_file_is_refused(data_dir, tmp_path):
    content = text(data_dir)
    gz = bgzip(tmp_path, "s.vcf", content)
    index = (tmp_path / "s.vcf.gz.tbi").read_bytes()
    # the same calls recompressed after a shorter header: the old offsets now miss
    shorter = "".join(line + "\n" for line in content.splitlines() if not line.startswith("##INFO"))
    bgzip(tmp_path, "s.vcf", shorter, index=False)
    (tmp_path / "s.vcf.gz.tbi").write_bytes(index)  # written after the data: looks fresh
    with pytest.raises(InputError, match="re-index"):
        report(tmp_path, gz)


def test_vcf_cut_to_half_with_its_full_index_is_refused(data_dir, tmp_path):
    gz = bgzip(tmp_path, "h.vcf", text(data_dir))
    data = gz.read_bytes()
    gz.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="end-of-file block is missing"):
        report(tmp_path, gz)


def test_bgzf_file_cut_at_a_block_boundary_is_refused_when_streaming(data_dir, tmp_path):
    gz = bgzip(tmp_path, "b.vcf", text(data_dir), index=False)
    data = gz.read_bytes()
    gz.write_bytes(data[:-28])  # every data block whole, only the end-of-file block gone
    with pytest.raises(InputError, match="truncated"):
        report(tmp_path, gz, use_index=False)


@pytest.mark.parametrize("use_index", [True, False], ids=["indexed", "streamed"])
def test_duplicate_record_with_filtered_copy_first_is_refused_on_both_paths(
    data_dir, tmp_path, use_index
):
    content = text(data_dir)
    line = idh1_line(content)
    fields = line.split("\t")
    fields[6] = "weak_evidence"
    content = content.replace(line, "\t".join(fields) + "\n" + line)
    gz = bgzip(tmp_path, "d.vcf", content)
    with pytest.raises(InputError, match="chr2:208248389 G>A: a duplicated record") as error:
        report(tmp_path, gz, use_index=use_index)
    if not use_index:
        assert "records 2 and 3" in str(error.value)


def test_position_beyond_2_31_is_refused_not_wrapped(data_dir, tmp_path):
    content = text(data_dir)
    line = idh1_line(content)
    path = tmp_path / "p.vcf"
    path.write_text(content.replace(line, line.replace("208248389", "4294967297", 1)))
    path.write_text(path.read_text().replace("length=242193529", "length=5000000000"))
    with pytest.raises(InputError, match=r"record 2 .*POS 4294967297 is outside") as error:
        report(tmp_path, path)
    assert "p.vcf" in str(error.value)


def test_negative_allele_depth_is_refused_at_the_reader(data_dir, tmp_path):
    content = text(data_dir)
    line = idh1_line(content)
    fields = line.split("\t")
    tumor = fields[-1].split(":")
    tumor[1] = tumor[1].split(",")[0] + ",-5"  # AD: ALT reads
    fields[-1] = ":".join(tumor)
    path = tmp_path / "ad.vcf"
    path.write_text(content.replace(line, "\t".join(fields)))
    with pytest.raises(InputError, match=r"record 2 .*negative") as error:
        report(tmp_path, path)
    assert "ad.vcf" in str(error.value) and "FORMAT" in str(error.value)


def test_non_utf8_byte_after_r132c_in_csq_is_refused_not_non_actionable(data_dir, tmp_path):
    content = text(data_dir).encode()
    line = idh1_line(text(data_dir)).encode()
    assert b"p.Arg132Cys" in line
    damaged = line.replace(b"p.Arg132Cys", b"p.Arg132Cys\xff", 1)
    path = tmp_path / "u.vcf"
    path.write_bytes(content.replace(line, damaged))
    with pytest.raises(InputError, match="not UTF-8") as error:
        report(tmp_path, path)
    assert "u.vcf" in str(error.value)


def test_non_utf8_sample_name_is_an_input_error_not_a_traceback(data_dir, tmp_path):
    content = text(data_dir).encode()
    path = tmp_path / "s.vcf"
    path.write_bytes(content.replace(b"\tCCA-017-T", b"\tCCA-017-T\xe9", 1))
    with pytest.raises(InputError, match="not UTF-8"):
        report(tmp_path, path)


def test_header_line_spanning_many_chunks_is_read(data_dir, tmp_path, monkeypatch):
    """A header line longer than many read chunks (the header end used to be searched again
    per chunk: quadratic; benchmarks/long_header.py times a 50 MB line)."""
    monkeypatch.setattr(vcf_stream, "CHUNK_BYTES", 4096)
    content = text(data_dir)
    path = tmp_path / "long.vcf"
    path.write_text(content.replace("\n", "\n##long=" + "x" * (1 << 20) + "\n", 1))
    findings = report(tmp_path, path).findings
    assert any(f.gene == "IDH1" for f in findings)
