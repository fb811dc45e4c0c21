"""Faults over REST against the real servers: crashes and restarts, an action server that is down or
hangs, and a knowledge DB that is missing or corrupt."""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from components.channels import UNAVAILABLE
from tests.servers import ROOT, RasaStack, server_env

pytestmark = pytest.mark.servers

REPLY_TIMEOUT = 4  # seconds a learner waits for a hung action server (ABM_REPLY_TIMEOUT)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("faults")
    stack = RasaStack(workdir, ABM_PROGRESS_DB=str(workdir / "progress.db"),
                      ABM_REPLY_TIMEOUT=str(REPLY_TIMEOUT)).start()
    yield stack
    stack.stop()


def crash(stack: RasaStack, *names: str) -> None:
    """Kill servers without warning (SIGKILL), as a power cut or an OOM kill would."""
    for name in names:
        os.killpg(stack.processes[name].pid, signal.SIGKILL)
        stack.processes[name].wait()
        stack.stop(name)


def test_the_tracker_store_is_sqlite_in_wal_mode(stack):
    stack.say("fault-wal", "hello")
    with sqlite3.connect(stack.tracker_db) as db:
        assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_a_follow_up_and_a_quiz_continue_after_both_servers_crash(stack):
    """One crash for both (each restart costs half a minute)."""
    talker, sender = "fault-follow-up", "fault-quiz"
    assert "Lukin" in stack.text(talker, "what did Lukin say?")
    stack.say(sender, "quiz me with 3 questions")
    state = stack.tracker(sender)["slots"]["quiz"]
    assert stack.text(sender, state["options"][state["answer"]]).startswith("Right!")
    crash(stack, "rasa", "actions")
    stack.start()
    reply = stack.text(talker, "what else did he say?")
    assert "Lukin" in reply and UNAVAILABLE not in reply
    assert stack.text(sender, "score").startswith("Score so far: 1/1")
    assert "1 learning" in stack.text(sender, "my progress")  # the answer reached the progress DB


def test_action_server_down_gets_a_clear_reply_and_the_bot_recovers(stack):
    sender = "fault-down"
    stack.stop("actions")
    assert stack.text(sender, "who is Lukin?") == UNAVAILABLE
    assert "ABM treaty" in stack.text(sender, "hello")  # replies that need no action still work
    stack.start()
    assert stack.text(sender, "who is Lukin?").startswith("Vladimir Lukin — ")


class HungServer:
    """Accepts connections on a port and never answers: an action server stuck in a long call."""

    def __init__(self, port: int):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            while True:
                self.connections.append(self.sock.accept()[0])
        except OSError:
            pass  # closed

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.sock.close()


def test_a_hung_action_server_gets_a_clear_reply_in_time_and_the_bot_recovers(stack):
    sender = "fault-hung"
    stack.stop("actions")
    hung = HungServer(stack.actions_port)
    try:
        started = time.monotonic()
        assert stack.text(sender, "who is Hadley?") == UNAVAILABLE
        waited = time.monotonic() - started
    finally:
        hung.close()
    assert REPLY_TIMEOUT <= waited < REPLY_TIMEOUT + 10
    stack.start()
    assert stack.text(sender, "who is Hadley?").startswith("Stephen Hadley — ")


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_the_action_server_refuses_to_start_without_a_usable_knowledge_db(tmp_path, built_db, damage):
    db = tmp_path / "abm.db"
    if damage == "corrupt":
        shutil.copy(built_db, db)
        with open(db, "r+b") as handle:
            handle.write(b"\0" * 4096)  # the SQLite header and first page are gone
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "action_server.py"), "--port", "0"], cwd=ROOT,
                            env=server_env(ABM_KNOWLEDGE_DB=str(db), ABM_SECRET_FILE=str(tmp_path / "secret.key")),
                            capture_output=True, text=True, timeout=180)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "The action server cannot start: knowledge DB" in output and "make knowledge" in output


def test_a_server_that_fails_to_start_leaves_none_of_the_others_running(tmp_path):
    stack = RasaStack(tmp_path, ABM_KNOWLEDGE_DB=str(tmp_path / "missing.db"))  # the action server exits at once
    with pytest.raises(RuntimeError, match="actions server exited while starting"):
        stack.start()
    assert not stack.processes  # Rasa, already spawned, was stopped too
    assert not [cmdline for cmdline in _command_lines() if str(stack.endpoints) in cmdline]


def _command_lines() -> list[str]:
    """Return the command line of every process running now (Linux /proc)."""
    lines = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(path.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:  # the process ended while we looked
            continue
    return lines
