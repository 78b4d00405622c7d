"""The remembered KB document: a validated KB is read back without parsing its YAML.

It sits beside the validity marker under the same name, so it stands for the same KB
bytes; a missing, damaged or foreign copy only means parsing the YAML again.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from profiler.errors import KnowledgeBaseError
from profiler.kb import cache as kb_cache
from profiler.kb import loader


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """Counts the YAML parses (one entry per call)."""
    calls: list[int] = []
    real = loader._parse

    def counting(kb_dir, files):
        calls.append(1)
        return real(kb_dir, files)

    monkeypatch.setattr(loader, "_parse", counting)
    return calls


def documents(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-valid-*.marshal")) if cache.is_dir() else []


def test_the_remembered_document_is_the_parsed_one(kb_copy, tmp_path, cache, parses):
    kb_dir = kb_copy(tmp_path)
    first = loader.load_knowledgebase(kb_dir)
    (document,) = documents(cache)
    (marker,) = sorted(cache.glob("kb-valid-*.json"))
    assert document.stem == marker.stem
    second = loader.load_knowledgebase(kb_dir)
    assert len(parses) == 1, "the second load reads the remembered document"
    assert second == first
    parsed, _ = loader._read(kb_dir)
    remembered = kb_cache.remembered_document(marker, loader.KB_FILES)
    assert remembered == parsed
    assert repr(remembered) == repr(parsed)  # same types too (int keys, floats, None)


def test_the_kb_directory_comes_from_the_call_not_the_cache(kb_copy, tmp_path, cache):
    one = kb_copy(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(one, other)
    assert loader.load_knowledgebase(one).path == str(one)
    assert loader.load_knowledgebase(other).path == str(other)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],  # truncated
        lambda data: data[:-3] + bytes([data[-3] ^ 1]) + data[-2:],  # one bit flipped
        lambda data: data.replace(b"marshal", b"marshaL", 1),  # another format
        lambda data: data.replace(b"python 3.", b"python 2.", 1),  # another Python
        lambda data: b"",
    ],
)
def test_a_damaged_or_foreign_document_means_parsing_again(
    kb_copy, tmp_path, cache, parses, damage
):
    kb_dir = kb_copy(tmp_path)
    first = loader.load_knowledgebase(kb_dir)
    (document,) = documents(cache)
    document.write_bytes(damage(document.read_bytes()))
    assert loader.load_knowledgebase(kb_dir) == first
    assert len(parses) == 2
    assert loader.load_knowledgebase(kb_dir) == first  # rewritten by the second load
    assert len(parses) == 2


def test_a_missing_document_is_parsed_and_remembered_again(kb_copy, tmp_path, cache, parses):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    (document,) = documents(cache)
    document.unlink()
    loader.load_knowledgebase(kb_dir)
    loader.load_knowledgebase(kb_dir)
    assert len(parses) == 2 and len(documents(cache)) == 1


def test_no_document_without_a_valid_marker(kb_copy, tmp_path, cache, parses):
    """A document alone is never trusted: its KB bytes must be marked valid too."""
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    (marker,) = sorted(cache.glob("kb-valid-*.json"))
    marker.write_text(json.dumps({"marker": "someone else's"}))
    loader.load_knowledgebase(kb_dir)
    assert len(parses) == 2


def test_an_invalid_kb_leaves_no_document(kb_copy, tmp_path, cache):
    kb_dir = kb_copy(tmp_path)
    path = kb_dir / "manifest.yaml"
    path.write_text(path.read_text() + "unexpected_key: 1\n")
    with pytest.raises(KnowledgeBaseError, match="unexpected_key"):
        loader.load_knowledgebase(kb_dir)
    assert documents(cache) == []


def test_a_remembered_kb_loads_without_pyyaml(kb_copy, tmp_path, cache):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    code = (
        "import sys; from profiler.kb import loader; "
        f"kb = loader.load_knowledgebase({str(kb_dir)!r}); "
        "print(len(kb.alterations), 'yaml' in sys.modules, 'jsonschema' in sys.modules)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}
    env.pop("PROFILER_NO_KB_CACHE", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    alterations = len(loader.load_knowledgebase(kb_dir).alterations)
    assert result.stdout.split() == [str(alterations), "False", "False"]
