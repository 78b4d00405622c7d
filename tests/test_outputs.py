"""The report pair as one unit: --out checked first, locked, published together, cleaned up.

Every bad folder or situation is made here (tmp_path); crashes are real signals sent to a
child process at a chosen step, not exceptions raised in this one.
"""

import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from profiler.cli import main
from profiler.outdir import LOCK_NAME, STALE_AFTER_SECONDS, remove_stale_scratch

DATA = Path(__file__).parent / "data"
VCF = DATA / "vcf" / "mutect2_vep_grch38.vcf"
STAR = DATA / "fusions" / "star_fusion_current.fusion_predictions.abridged.tsv"
MISSING = "/nonexistent/never-read.vcf"


def run(args, capsys):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def child(code: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env={**os.environ, "PROFILER_NO_KB_CACHE": "1", **(env or {})},
        timeout=120,
        **kwargs,
    )


def write_old_pair(out: Path) -> None:
    out.mkdir(exist_ok=True)
    (out / "report.json").write_text('{"patient": "OLD"}')
    (out / "report.pdf").write_bytes(b"%PDF-1.7 OLD patient")


def test_no_pdf_run_removes_the_older_pdf_of_another_patient(tmp_path, capsys):
    write_old_pair(tmp_path)
    code, _, err = run(["report", "--fusions", STAR, "--no-pdf", "--out", tmp_path], capsys)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    assert "OLD" not in (tmp_path / "report.json").read_text()


# The publish step killed (SIGKILL) just before its k-th change to the output folder.
_KILLED_PUBLISH = """
    import os, signal, sys
    from pathlib import Path
    from profiler.render import atomic

    out, staging = Path(sys.argv[1]), Path(sys.argv[2])
    kill_at, formats = int(sys.argv[3]), sys.argv[4].split(",")
    (staging / "report.json").write_text('{"patient": "NEW"}')
    if "pdf" in formats:
        (staging / "report.pdf").write_bytes(b"%PDF-1.7 NEW patient")
    if "html" in formats:
        (staging / "report.html").write_text("<p>NEW patient</p>")
    changes = 0

    def counted(function):
        def wrapper(*args):
            global changes
            if Path(args[-1]).parent == out:
                if changes == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                changes += 1
            return function(*args)
        return wrapper

    os.replace, os.unlink = counted(os.replace), counted(os.unlink)
    atomic.publish_outputs(
        staging / "report.json",
        out,
        pdf=staging / "report.pdf" if "pdf" in formats else None,
        html=staging / "report.html" if "html" in formats else None,
    )
"""


@pytest.mark.parametrize("with_pdf", ["json,pdf", "json", "json,pdf,html", "json,html"])
@pytest.mark.parametrize("kill_at", [0, 1, 2, 3, 4])
def test_run_killed_between_renames_never_leaves_a_mixed_pair(tmp_path, kill_at, with_pdf):
    out = tmp_path / "out"
    write_old_pair(out)
    (out / "report.html").write_text("<p>OLD patient</p>")
    staging = out / ".profiler-killed"
    staging.mkdir()
    script = textwrap.dedent(_KILLED_PUBLISH)
    result = subprocess.run(
        [sys.executable, "-c", script, out, staging, str(kill_at), with_pdf],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # remove the old report.json, replace (or remove) report.pdf, then report.html, new JSON
    steps = 4
    assert result.returncode == (-signal.SIGKILL if kill_at < steps else 0), result.stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    owner = {p.name: ("NEW" if b"NEW" in p.read_bytes() else "OLD") for p in out.glob("report.*")}
    if "report.json" in owner:  # the commit record: whatever sits beside it is its own
        assert set(owner.values()) == {owner["report.json"]}, owner
    if kill_at >= steps:
        expected = sorted(f"report.{f}" for f in with_pdf.split(","))
        assert names == expected and set(owner.values()) == {"NEW"}


def test_staging_left_by_a_killed_run_is_removed_by_the_next_run(tmp_path, capsys):
    stale, fresh = tmp_path / ".profiler-killedrun", tmp_path / ".profiler-otherrun"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "report.json").write_text("{}")
    old = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(stale, (old, old))
    code, _, err = run(["report", "--fusions", STAR, "--no-pdf", "--out", tmp_path], capsys)
    assert code == 0, err
    assert not stale.exists()
    assert fresh.exists()  # could be a live run of an older version: left for later
    assert not (tmp_path / LOCK_NAME).exists()


def test_stale_scratch_of_a_dead_run_is_removed_and_a_live_runs_is_kept(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    dead, live = finished.pid, os.getpid()
    old = time.time() - STALE_AFTER_SECONDS - 60
    names = {
        "dead_old": f"profiler-{dead}-abc.vcf",
        "dead_fresh": f"profiler-{dead}-def.vcf",
        "live_old": f"profiler-{live}-ghi.vcf",
        "dead_old_dir": f"profiler-{dead}-jkl",
        "not_ours": "profiler-report.vcf",
    }
    for key, name in names.items():
        path = tmp_path / name
        if key.endswith("dir"):
            path.mkdir()
        else:
            path.write_text("##fileformat=VCFv4.2\n")
        if key != "dead_fresh":
            os.utime(path, (old, old))
    removed = {p.name for p in remove_stale_scratch(str(tmp_path))}
    assert removed == {names["dead_old"], names["dead_old_dir"]}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [names["dead_fresh"], names["live_old"], names["not_ours"]]
    )


def test_sigterm_cleans_up_like_ctrl_c_and_exits_143(tmp_path):
    """SIGTERM arrives while the VCF is being read through its scratch file."""
    scratch_dir, out = tmp_path / "tmp", tmp_path / "out"
    scratch_dir.mkdir()
    result = child(
        f"""
        import os, signal, sys
        from profiler.io import vcf
        from profiler.cli import main

        original = vcf._parsed
        def parsed(*args):
            os.kill(os.getpid(), signal.SIGTERM)
            yield from original(*args)
        vcf._parsed = parsed
        sys.exit(main(["report", "--vcf", {str(VCF)!r}, "--no-pdf", "--out", {str(out)!r}]))
        """,
        env={"TMPDIR": str(scratch_dir)},
    )
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert result.stderr.strip() == "profiler: terminated by SIGTERM"
    assert list(scratch_dir.iterdir()) == []
    assert not out.exists()  # the folder this run made is gone with its staging


def test_second_run_into_a_locked_out_folder_fails_before_reading_inputs(tmp_path, capsys):
    with open(tmp_path / LOCK_NAME, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, err = run(["report", "--vcf", MISSING, "--no-pdf", "--out", tmp_path], capsys)
    assert code == 4
    assert "another profiler run is writing there" in err and str(tmp_path) in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(["report", "--fusions", STAR, "--no-pdf", "--out", tmp_path], capsys)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize(
    ("make_out", "needle"),
    [
        (_file, "exists and is not a directory"),
        (lambda tmp: _file(tmp) / "out", "is a file, not a directory"),
        (lambda tmp: Path("/dev/null"), "exists and is not a directory"),
        (lambda tmp: tmp / ("x" * 300), "File name too long"),
        (lambda tmp: tmp / "/".join(["y" * 200] * 25), "File name too long"),
    ],
    ids=["file", "under-a-file", "dev-null", "name-too-long", "path-too-long"],
)
def test_unusable_out_is_one_line_exit_4_before_any_input_is_read(
    tmp_path, capsys, make_out, needle
):
    out = make_out(tmp_path)
    code, _, err = run(["report", "--vcf", MISSING, "--no-pdf", "--out", out], capsys)
    assert code == 4, err
    assert err.startswith("profiler: error: cannot write the report to ")
    assert needle in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_one_line_exit_4_before_any_input_is_read(tmp_path, capsys):
    tmp_path.chmod(0o555)
    try:
        code, _, err = run(["report", "--vcf", MISSING, "--no-pdf", "--out", tmp_path], capsys)
    finally:
        tmp_path.chmod(0o755)
    assert code == 4 and "Permission denied" in err and len(err.strip().splitlines()) == 1


def test_disk_full_while_writing_is_one_line_exit_4_and_keeps_the_older_pair(tmp_path):
    """A file-size limit makes the write fail for real (EFBIG), as a full disk would."""
    out = tmp_path / "out"
    write_old_pair(out)
    result = child(
        f"""
        import resource, sys
        from profiler.cli import main

        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        sys.exit(main(["report", "--fusions", {str(STAR)!r}, "--no-pdf", "--out", {str(out)!r}]))
        """
    )
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith(f"profiler: error: cannot write the report to {out}: ")
    assert "File too large" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.pdf"]
    assert json.loads((out / "report.json").read_text()) == {"patient": "OLD"}


def test_sigterm_between_the_renames_waits_until_the_pair_is_whole(tmp_path):
    out = tmp_path / "out"
    write_old_pair(out)
    staging = out / ".profiler-run"
    staging.mkdir()
    (staging / "report.json").write_text('{"patient": "NEW"}')
    (staging / "report.pdf").write_bytes(b"%PDF-1.7 NEW patient")
    result = child(
        f"""
        import os, signal, sys
        from pathlib import Path
        from profiler import cli
        from profiler.render import atomic

        out, staging = Path({str(out)!r}), Path({str(staging)!r})
        real_replace = os.replace
        def replace(source, target):
            real_replace(source, target)
            if Path(target).name == "report.pdf":  # after the first rename
                os.kill(os.getpid(), signal.SIGTERM)
        os.replace = replace
        cli._handle_termination()
        try:
            atomic.publish_pair(staging / "report.json", staging / "report.pdf", out)
        except cli.Terminated:
            sys.exit(143)
        """
    )
    assert result.returncode == 143, result.stderr
    assert (out / "report.json").read_text() == '{"patient": "NEW"}'
    assert (out / "report.pdf").read_bytes() == b"%PDF-1.7 NEW patient"
