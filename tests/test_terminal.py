"""`make chat` in a real terminal: scripts/chat.sh driven through a pseudo-terminal with pexpect.

It starts quietly, greets, answers questions, and a quiz is answered by typed letters and numbers
(graded as typed, not as an arrow-key menu's highlighted choice); leaving with /stop or by closing
the terminal stops both servers. One chat.sh start per test: Rasa's start dominates (~45 s)."""
import os
import re
import time
from pathlib import Path

import pexpect
import pytest

from knowledge import default_db_path
from knowledge.store import KnowledgeStore
from tests.servers import ROOT, free_port, listening_hosts, server_env

pytestmark = pytest.mark.servers

PROMPT = "\r\n> "
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CHOICE = re.compile(r"  ([A-Z])\) (.*)")


def start_chat(tmp_path: Path) -> tuple[pexpect.spawn, dict[str, int]]:
    """Start scripts/chat.sh (what `make chat` runs) in a terminal on free ports, with its own tracker,
    progress, key, log and history files; wait for the greeting and the prompt."""
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port()}
    env = server_env(**{key: str(value) for key, value in ports.items()}, ABM_SECRET_FILE=str(tmp_path / "secret.key"),
                     ABM_TRACKER_DB=str(tmp_path / "trackers.db"), ABM_PROGRESS_DB=str(tmp_path / "progress.db"),
                     LOG_DIR=str(tmp_path / "log"), ABM_CHAT_HISTORY=str(tmp_path / "history"))
    child = pexpect.spawn("scripts/chat.sh", cwd=str(ROOT), env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 100))
    child.logfile_read = open(tmp_path / "terminal.txt", "w")  # the whole session, for a failing test
    child.expect(r"Loading the tutor — about \d+ seconds \(logs: [^\r\n]*\)\. Type /stop to leave\.\r\n")
    child.expect("Hello!", timeout=300)
    assert child.before == "", f"more than the loading line before the greeting: {child.before!r}"
    child.expect(PROMPT)
    return child, ports


def send(child: pexpect.spawn, line: str) -> str:
    """Type a line; return the bot's reply as the terminal shows it (up to the next prompt)."""
    child.sendline(line)
    child.expect(re.escape(line) + "\r\n")  # the terminal's echo
    child.expect(PROMPT)
    return child.before


def question_in(reply: str) -> tuple[int, str, list[str]]:
    """Return the number, the question (unwrapped) and the lettered choices of the quiz question that
    ends a reply (no choices for a question answered by typing)."""
    found = re.search(r"Question (\d+) of \d+: (.*)$", reply, re.S)
    assert found, reply
    lines = found.group(2).split("\r\n")
    choices = [CHOICE.fullmatch(line).group(2) for line in lines if CHOICE.fullmatch(line)]
    question = " ".join(line.strip() for line in lines if line.strip() and not CHOICE.fullmatch(line))
    return int(found.group(1)), question, choices


def who_said(child: pexpect.spawn, reply: str) -> str:
    """Skip questions of other kinds (the quiz mixes them) until a "who said this?" one is on show."""
    while not question_in(reply)[1].startswith("Who said this"):
        reply = send(child, "skip")
    return reply


def right_answer(store: KnowledgeStore, question: str) -> str:
    """Find in the knowledge store who said the quoted words, in the outlet the question names."""
    outlet, quoted = re.fullmatch(r'Who said this, as (.+) reported it\? "(.+)"', question).groups()
    return next(store.person(q.person_id).name for q in store.all_quotes()
                if q.text == quoted and q.citation.outlet == outlet)


def answer_and_check(child: pexpect.spawn, store: KnowledgeStore, reply: str, by_number: bool = False) -> str:
    """Answer the question in `reply` with a typed key other than the first choice's (the right one
    if it is not A, else a wrong one); check the feedback grades what was typed. Return the reply."""
    _, question, choices = question_in(reply)
    right = choices.index(right_answer(store, question))
    typed = right if right > 0 else 1
    key = str(typed + 1) if by_number else LETTERS[typed].lower()
    feedback = send(child, key)
    expected = "Right!" if typed == right else f"Not quite — the answer is {LETTERS[right]}) {choices[right]}."
    assert feedback.startswith(expected + "\r\n"), (key, choices, feedback)
    return feedback


def processes_in_session(session: int) -> list[str]:
    """Return the command lines of the processes still in a session (chat.sh leads its own)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session:  # state, ppid, pgrp, session
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue
    return found


def assert_all_stopped(session: int, ports: dict[str, int], seconds: float = 10) -> None:
    """Within a few seconds nothing listens on the chat's ports and none of its processes is left."""
    deadline = time.monotonic() + seconds
    while True:
        listening = {name: port for name, port in ports.items() if listening_hosts(port)}
        left = processes_in_session(session)
        if not listening and not left:
            return
        assert time.monotonic() < deadline, f"still listening: {listening}; still running: {left}"
        time.sleep(0.2)


def test_a_quiz_answered_by_typed_letters_and_a_question_in_the_middle(tmp_path):
    child, ports = start_chat(tmp_path)
    try:
        assert "Vladimir Lukin" in send(child, "who is Lukin?")
        store = KnowledgeStore(default_db_path())
        quiz = who_said(child, send(child, "quiz me"))
        graded = answer_and_check(child, store, quiz)
        position = question_in(graded)[0]
        asked = send(child, "who is Wolfowitz?")  # a question mid-quiz is answered, and the quiz waits
        assert "Paul Wolfowitz" in asked and f"Quiz paused at question {position}" in asked
        again = send(child, "continue")
        assert question_in(again)[0] == position
        answer_and_check(child, store, who_said(child, again), by_number=True)
        child.sendline("/stop")
        child.expect("Goodbye.")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, (child.exitstatus, child.signalstatus)
        assert_all_stopped(child.pid, ports)
        assert os.stat(tmp_path / "history").st_mode & 0o077 == 0  # the line history is private
    finally:
        child.close(force=True)


def test_closing_the_terminal_stops_both_servers(tmp_path):
    child, ports = start_chat(tmp_path)
    try:
        assert all(listening_hosts(port) == {"127.0.0.1"} for port in ports.values())
    finally:
        child.close(force=True)  # the terminal goes away: SIGHUP
    assert_all_stopped(child.pid, ports)
