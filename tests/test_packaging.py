"""`pip install .` (not only editable) must give a working tool with KB, schemas and templates."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("profiler-*.whl")
    return path


def test_wheel_carries_data_templates_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "profiler/_data/knowledgebase/alterations.yaml",
        "profiler/_data/knowledgebase/manifest.yaml",
        "profiler/_data/schemas/knowledgebase.schema.json",
        "profiler/_data/schemas/report.schema.json",
        "profiler/_data/schemas/case.schema.json",
        "profiler/_data/sample_data/CCA-DEMO-001.case.json",
        "profiler/render/templates/report.html",
        "profiler/render/static/report.css",
    ):
        assert required in names, required


def test_installed_wheel_runs_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import profiler.resources as r, sys; print(r.data_dir('knowledgebase'));"
            "from profiler.cli import main; sys.exit(main(['kb', 'validate']))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith(str(site)), "KB must come from the installed wheel, not the checkout"
    assert "valid" in second
