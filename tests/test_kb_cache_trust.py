"""The KB cache holds no content, and whatever sits in it can neither poison nor hang a run.

The KB is parsed from its own files every time; the cache keeps only a marker that says
"these exact bytes validated" (profiler/kb/cache.py). Bad KB bytes are a
KnowledgeBaseError naming the file, never a traceback.
"""

import hashlib
import json
import marshal
import os
import shutil
import sys
from pathlib import Path

import pytest
from timeouts import within

from profiler.errors import KnowledgeBaseError
from profiler.kb import cache as kb_cache
from profiler.kb import loader


def marker_for(kb_dir: Path) -> Path:
    _, files = loader._read(kb_dir)
    marker = kb_cache.validity_marker(files)
    assert marker is not None
    return marker


def agent_names(kb) -> set[str]:
    return {
        name for alteration in kb.alterations for t in alteration.therapies for name in t.agents
    }


def test_a_tampered_cached_document_never_reaches_the_report(kb_copy, tmp_path, cache):
    """A forged parsed document (its SHA-256 matching) put POISONED-Futibatinib on a report."""
    kb_dir = kb_copy(tmp_path)
    honest = loader.load_knowledgebase(kb_dir)
    marker = marker_for(kb_dir)
    assert marker.is_file()
    document, _ = loader._read(kb_dir)
    for alteration in document["alterations"]["alterations"]:
        for therapy in alteration["therapies"]:
            therapy["agents"] = [
                "POISONED-Futibatinib" if a == "Futibatinib" else a for a in therapy["agents"]
            ]
            therapy["fda"]["status"] = "approved"
    payload = marshal.dumps(document)
    python = ".".join(map(str, sys.version_info[:2]))
    head = f"profiler-kb-document/1 marshal {marshal.version} python {python} sha256 "
    forged = (head + hashlib.sha256(payload).hexdigest()).encode() + b"\n" + payload
    marker.with_suffix(".marshal").write_bytes(forged)  # where the old cache kept it
    loaded = loader.load_knowledgebase(kb_dir)
    assert "POISONED-Futibatinib" not in agent_names(loaded)
    assert "Futibatinib" in agent_names(loaded)
    assert loaded == honest


def test_a_fifo_as_the_cache_marker_does_not_hang_the_run(kb_copy, tmp_path, cache, validations):
    kb_dir = kb_copy(tmp_path)
    marker = marker_for(kb_dir)
    marker.parent.mkdir(parents=True)
    os.mkfifo(marker)  # no writer: a blocking open would wait for ever
    within(30, lambda: loader.load_knowledgebase(kb_dir))
    assert validations == [1], "an unreadable marker means validating"


def test_dev_zero_as_the_cache_marker_is_not_read_into_memory(
    kb_copy, tmp_path, cache, validations
):
    kb_dir = kb_copy(tmp_path)
    marker = marker_for(kb_dir)
    marker.parent.mkdir(parents=True)
    marker.symlink_to("/dev/zero")
    within(30, lambda: loader.load_knowledgebase(kb_dir))
    assert validations == [1]


def test_an_oversized_marker_is_ignored(kb_copy, tmp_path, cache, validations):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    marker = marker_for(kb_dir)
    name = marker.name
    marker.write_text(json.dumps({"marker": name, "padding": " " * 10_000}))
    loader.load_knowledgebase(kb_dir)
    assert validations == [1, 1]


def test_the_kb_directory_comes_from_the_call_not_the_cache(kb_copy, tmp_path, cache):
    one = kb_copy(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(one, other)
    assert loader.load_knowledgebase(one).path == str(one)
    assert loader.load_knowledgebase(other).path == str(other)


def test_non_utf8_bytes_in_a_kb_file_name_the_file_instead_of_a_traceback(kb_copy, tmp_path):
    kb_dir = kb_copy(tmp_path)
    genes = kb_dir / "genes.yaml"
    genes.write_bytes(genes.read_bytes() + b"# reviewed by M\xfcller\n")  # Latin-1, not UTF-8
    with pytest.raises(KnowledgeBaseError, match=r"genes\.yaml: not UTF-8 text"):
        loader.load_knowledgebase(kb_dir)


def test_a_5000_digit_integer_in_a_kb_file_names_the_file(kb_copy, tmp_path):
    kb_dir = kb_copy(tmp_path)
    manifest = kb_dir / "manifest.yaml"
    manifest.write_text(manifest.read_text() + "huge: " + "9" * 5000 + "\n")
    with pytest.raises(KnowledgeBaseError, match=r"manifest\.yaml: not usable YAML"):
        loader.load_knowledgebase(kb_dir)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_kb_file_that_is_a_fifo_or_device_is_refused_without_blocking(kb_copy, tmp_path, kind):
    kb_dir = kb_copy(tmp_path)
    thresholds = kb_dir / "thresholds.yaml"
    thresholds.unlink()
    if kind == "fifo":
        os.mkfifo(thresholds)
    else:
        thresholds.symlink_to("/dev/zero")
    with pytest.raises(KnowledgeBaseError, match=r"thresholds\.yaml: knowledge-base file is"):
        within(30, lambda: loader.load_knowledgebase(kb_dir))
