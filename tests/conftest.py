"""Shared fixtures: a knowledge DB built fresh for the test session, and the store over it."""
from pathlib import Path

import pytest

from knowledge.build import build
from knowledge.store import KnowledgeStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """Build the knowledge DB from the committed sources into a temporary file."""
    path = tmp_path_factory.mktemp("knowledge") / "abm.db"
    build(path)
    return path


@pytest.fixture(scope="session")
def store(built_db) -> KnowledgeStore:
    """A read-only store over the freshly built DB."""
    return KnowledgeStore(built_db)
