"""Shared fixtures: the bundled knowledge base and the real-format test data folder."""

from pathlib import Path

import pytest

from profiler.kb import KnowledgeBase, load_knowledgebase

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledgebase()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
