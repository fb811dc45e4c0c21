"""The teacher's side: learner names, `make report` (scripts/report.py) after a scripted class has
played over REST against the real servers, the report's logic on a fixed clock, and `make browse`
(Datasette on read-only snapshots, loopback only)."""
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot import report, store
from bot.progress import Progress
from tests.servers import ROOT, free_port, listening_hosts, server_env

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def play(stack, sender: str, name: str = "", length: int = 3) -> tuple[int, int]:
    """One learner: maybe give a name, then a who-said-what quiz, clicking the first button of
    odd questions and the last of even ones. Return (answers, right)."""
    if name:
        assert f"Thanks, {name}" in stack.text(sender, f"my name is {name}")
    reply = stack.say(sender, f"quiz me on who said what with {length} questions")
    answers = right = 0
    for number in range(length):
        buttons = [b for m in reply for b in m.get("buttons") or [] if b["payload"].startswith("/quiz_answer")]
        assert buttons, reply
        reply = stack.say(sender, buttons[0 if number % 2 else -1]["payload"])
        answers += 1
        right += "\n".join(m.get("text") or "" for m in reply).startswith("Right!")
    return answers, right


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.servers
def test_the_report_after_a_class_played_over_rest(servers, tmp_path):
    run = time.time_ns()
    class_ = {f"report-{n}-{run}": name for n, name in enumerate(["Anna Test", "B. Smith", ""])}
    played = {sender: play(servers, sender, name) for sender, name in class_.items()}
    out = tmp_path / "report"
    result = subprocess.run([sys.executable, "scripts/report.py", "--progress", servers.env["ABM_PROGRESS_DB"],
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Most missed items" in result.stdout

    learners = {row["learner"]: row for row in read_csv(out / "learners.csv")}
    for sender, name in class_.items():
        row = learners[name or report.learner_code(sender)]
        answers, right = played[sender]
        assert (int(row["answers"]), int(row["right"])) == (answers, right), row
        assert float(row["right_first_time_pct"]) == pytest.approx(100 * right / answers, abs=0.1)
        assert int(row["mastered"]) + int(row["learning"]) == answers  # one question per item
        assert datetime.fromisoformat(row["last_active"]) > datetime.now(timezone.utc) - timedelta(minutes=10)
    assert not any(sender in (out / "learners.csv").read_text() for sender in class_)  # codes, not sender ids

    items = read_csv(out / "items.csv")
    assert items and all(row["kind"] == "said" or row["item"].split(":")[0] == row["kind"] for row in items)
    sentences = {s.text for s in store().sentences()}
    assert all(row["sentence"] in sentences and row["source"] for row in items), items[:3]

    statements = [json.loads(line) for line in (out / "xapi.jsonl").read_text().splitlines()]
    for sender, name in class_.items():
        mine = [s for s in statements if s["actor"]["account"]["name"] == report.learner_code(sender)]
        assert len(mine) == played[sender][0]
        assert sum(s["result"]["success"] for s in mine) == played[sender][1]
        assert all(s["verb"]["display"]["en-US"] == "answered" and s["object"]["id"].startswith("urn:abm-tutor:item:")
                   for s in mine)
        assert {s["actor"]["name"] for s in mine} == {name or report.learner_code(sender)}
    assert len({s["id"] for s in statements}) == len(statements)


def test_right_after_a_hint_is_not_right_first_time_and_the_commonest_wrong_answer_is_named(tmp_path):
    progress = Progress(tmp_path / "progress.db", fuzz=False)
    progress.set_name("anna", "Anna")
    progress.record("anna", "said:lukin-stand-flexible", True, "q1", hinted=True, given="Vladimir Lukin", now=NOW)
    progress.record("anna", "said:hadley-serious-questions", False, "q2", given="Igor Ivanov", now=NOW)
    progress.record("ben", "said:hadley-serious-questions", False, "q1", given="Igor Ivanov", now=NOW)
    progress.record("ben", "said:hadley-serious-questions", False, "q2", given="Paul Wolfowitz", now=NOW)
    progress.record("ben", "said:lukin-stand-flexible", True, "q3", given="Vladimir Lukin", now=NOW)
    data = report.ClassData.load(progress)
    learners = {row["learner"]: row for row in report.learner_rows(data, NOW)}
    assert learners["Anna"]["answers"] == 2 and learners["Anna"]["right"] == 1
    assert learners["Anna"]["right_first_time_pct"] == 0.0
    ben = learners[report.learner_code("ben")]
    assert ben["right_first_time_pct"] == pytest.approx(33.3) and ben["due"] == 1  # the wrong one, due at once
    items = {row["item"]: row for row in report.item_rows(store(), data)}
    missed = items["said:hadley-serious-questions"]
    assert missed["times_asked"] == 3 and missed["right_first_time_pct"] == 0.0
    assert missed["most_common_wrong_answer"] == "Igor Ivanov"
    assert "Hadley" in missed["sentence"] or "serious questions" in missed["sentence"]
    text = report.summary(list(learners.values()), list(items.values()))
    assert text.splitlines()[1] == "Most missed items (right first time):"
    assert "said:hadley-serious-questions — often answered “Igor Ivanov”" in text
    statements = list(report.xapi_statements(store(), data))
    assert [s["result"]["score"]["scaled"] for s in statements if s["actor"]["name"] == "Anna"] == [0.5, 0.0]
    assert [s["id"] for s in statements] == [s["id"] for s in report.xapi_statements(store(), data)]


@pytest.mark.parametrize("said, expected", [("my name is Anna", "Anna"), ("call me A. Smith please", "A. Smith"),
                                            ("I'm Maria Lopez, from 10b", "Maria Lopez"), ("hello", None)])
def test_names_are_read_from_the_message_when_the_nlu_marks_none(said, expected):
    from bot.learners import name_from

    assert name_from(said, None) == expected


def test_browse_serves_read_only_snapshots_on_loopback(tmp_path):
    progress_db = tmp_path / "progress.db"
    progress = Progress(progress_db, fuzz=False)
    progress.set_name("anna", "Anna")
    progress.record("anna", "said:lukin-stand-flexible", True, "q1", given="Vladimir Lukin")
    port = free_port()
    env = server_env(ABM_PROGRESS_DB=str(progress_db), BROWSE_PORT=str(port))
    process = subprocess.Popen(["scripts/browse.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/databases.json", timeout=2) as response:
                    databases = json.loads(response.read())
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stdout.read().decode()
                time.sleep(0.5)
        assert {d["name"]: d["is_mutable"] for d in databases} == {"progress": False, "abm": False}
        assert listening_hosts(port) == {"127.0.0.1"}
        url = f"http://127.0.0.1:{port}/progress/class_overview.json?_shape=array"
        with urllib.request.urlopen(url, timeout=10) as response:
            [row] = json.loads(response.read())
        assert row["learner"] == "Anna" and row["answers"] == 1 and row["right"] == 1
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    assert progress.history("anna")[0].given == "Vladimir Lukin"  # the real file is untouched
