"""The remembered KB validation: only a valid KB is remembered, by the bytes it has.

An invalid KB must be refused on every run, whatever was validated before; an edit makes
the KB validate afresh; an unusable cache directory only means validating every time.
"""

from pathlib import Path

import pytest
import yaml

from profiler.errors import KnowledgeBaseError
from profiler.kb import cache as kb_cache
from profiler.kb import loader
from profiler.resources import data_dir


def markers(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-valid-*.json")) if cache.is_dir() else []


def break_it(kb_dir: Path) -> None:
    """A schema violation: an FDA status the schema does not allow."""
    path = kb_dir / "alterations.yaml"
    document = yaml.safe_load(path.read_text())
    document["alterations"][0]["therapies"][0]["fda"]["status"] = "probably_approved"
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def test_a_valid_kb_is_validated_once_and_then_remembered(kb_copy, tmp_path, cache, validations):
    kb_dir = kb_copy(tmp_path)
    first = loader.load_knowledgebase(kb_dir)
    assert len(validations) == 1 and len(markers(cache)) == 1
    second = loader.load_knowledgebase(kb_dir)
    assert len(validations) == 1, "the second load uses the remembered validation"
    assert second == first


def test_an_invalid_kb_is_refused_every_time_and_never_remembered(
    kb_copy, tmp_path, cache, validations
):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)  # the valid KB is remembered
    break_it(kb_dir)
    for _ in range(3):
        with pytest.raises(KnowledgeBaseError, match="probably_approved"):
            loader.load_knowledgebase(kb_dir)
    assert len(validations) == 4
    assert len(markers(cache)) == 1, "only the valid version was ever marked"


def test_any_edit_validates_afresh(kb_copy, tmp_path, cache, validations):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    genes = kb_dir / "genes.yaml"
    genes.write_text(genes.read_text() + "# reviewed again\n")  # still valid, other bytes
    loader.load_knowledgebase(kb_dir)
    assert len(validations) == 2 and len(markers(cache)) == 2
    loader.load_knowledgebase(kb_dir)
    assert len(validations) == 2


def test_a_broken_cross_reference_is_refused_after_a_valid_run(kb_copy, tmp_path, cache):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    path = kb_dir / "hotspots.yaml"
    document = yaml.safe_load(path.read_text())
    document["hotspots"][0]["gene"] = "IDH9"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(KnowledgeBaseError, match="IDH9"):
        loader.load_knowledgebase(kb_dir)


def test_unwritable_cache_directory_means_validating_every_time(
    kb_copy, tmp_path, monkeypatch, validations
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would go\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    kb_dir = kb_copy(tmp_path)
    first = loader.load_knowledgebase(kb_dir)
    second = loader.load_knowledgebase(kb_dir)
    assert len(validations) == 2
    assert first == second


def test_a_damaged_marker_is_ignored(kb_copy, tmp_path, cache, validations):
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    (marker,) = markers(cache)
    marker.write_text("{not json")
    loader.load_knowledgebase(kb_dir)
    assert len(validations) == 2
    loader.load_knowledgebase(kb_dir)  # rewritten by the second validation
    assert len(validations) == 2


def test_cache_can_be_turned_off(kb_copy, tmp_path, cache, monkeypatch, validations):
    monkeypatch.setenv("PROFILER_NO_KB_CACHE", "1")
    kb_dir = kb_copy(tmp_path)
    loader.load_knowledgebase(kb_dir)
    loader.load_knowledgebase(kb_dir)
    assert len(validations) == 2 and markers(cache) == []


def test_the_key_covers_the_schema_and_the_versions(kb_copy, tmp_path, cache, monkeypatch):
    _, data = loader._read(kb_copy(tmp_path))
    key = kb_cache.validity_marker(data)
    assert key is not None and key.parent == cache
    schema = tmp_path / "schema.json"
    schema.write_text(data_dir("schemas").joinpath("knowledgebase.schema.json").read_text() + " ")
    with monkeypatch.context() as patch:
        patch.setattr(kb_cache, "schema_path", lambda name: schema)
        assert kb_cache.validity_marker(data) != key
    with monkeypatch.context() as patch:
        patch.setattr(kb_cache, "__version__", "9.9.9")
        assert kb_cache.validity_marker(data) != key
    assert kb_cache.validity_marker(data) == key
