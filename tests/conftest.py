"""Shared fixtures: a knowledge DB built fresh for the test session, the store over it, and one
set of real servers (action server, Rasa, page server) for the modules that only talk to them.

Starting Rasa takes half a minute, so the modules that neither kill servers nor need settings of
their own share `servers`; test_faults.py and the scripts' own tests start theirs."""
from pathlib import Path

import pytest

from knowledge.build import build
from knowledge.store import KnowledgeStore
from tests.servers import RasaStack

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


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> RasaStack:
    """The action server, Rasa (REST and socket.io) and the page server, with their own tracker,
    progress and key files. Tests use senders of their own, so they do not see each other."""
    workdir = tmp_path_factory.mktemp("servers")
    stack = RasaStack(workdir, web_page=True, ABM_PROGRESS_DB=str(workdir / "progress.db")).start()
    yield stack
    stack.stop()
