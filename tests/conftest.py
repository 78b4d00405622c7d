"""Shared fixtures: the bundled knowledge base and the real-format test data folder."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from profiler import resources
from profiler.kb import KnowledgeBase, load_knowledgebase, loader

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledgebase()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A private KB cache directory for one test (the KB validation/document cache)."""
    monkeypatch.delenv("PROFILER_NO_KB_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "profiler"


@pytest.fixture
def kb_copy(tmp_path) -> Callable[[Path], Path]:
    """Copies the bundled KB into a folder a test may edit; returns that folder."""

    def copy(base: Path = tmp_path) -> Path:
        target = base / "kb"
        shutil.copytree(resources.data_dir("knowledgebase"), target)
        return target

    return copy


@pytest.fixture
def validations(monkeypatch) -> list[int]:
    """Counts the real validations (one entry per call)."""
    calls: list[int] = []
    real = loader.validation_errors

    def counting(document):
        calls.append(1)
        return real(document)

    monkeypatch.setattr(loader, "validation_errors", counting)
    return calls
