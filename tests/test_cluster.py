"""Scale-out: two Rasa replicas sharing a PostgreSQL tracker store and a Redis lock store, and
two action servers sharing the learner progress in the same PostgreSQL (scripts/cluster.sh,
`make serve-cluster`); replica 0 calls action server 0, replica 1 action server 1. One
conversation's messages go to alternating replicas; a quiz whose answers alternate between the
action servers is recorded once per answer in PostgreSQL and reported from there; messages sent
to both replicas at once are processed one after the other."""
import csv
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot import report
from tests.cluster import Cluster
from tests.servers import ROOT, listening_hosts

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("cluster")
    cluster = Cluster(workdir, replicas=2, action_servers=2).start()
    yield cluster
    cluster.stop()


def progress_rows(cluster: Cluster, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Query the learner progress the action servers keep in PostgreSQL (as rasa_app)."""
    import psycopg2

    with psycopg2.connect(cluster.progress_url()) as connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchall()


def turns(tracker: dict) -> list[tuple[str, list[str]]]:
    """The conversation as (user message, [bot texts that answered it]), in stored order."""
    result: list[tuple[str, list[str]]] = []
    for event in tracker["events"]:
        if event["event"] == "user":
            result.append((event["text"], []))
        elif event["event"] == "bot":
            assert result, f"a bot message before any user message: {event}"
            result[-1][1].append(event.get("text") or "")
    return result


def quiz(cluster: Cluster, replica: int, sender: str) -> dict:
    return cluster.tracker(replica, sender)["slots"]["quiz"]


def button(option: int) -> str:
    """The payload of an answer button, as the bot sends it (A = 0)."""
    return '/quiz_answer{"option": "%s"}' % "abcd"[option]


def test_one_conversation_on_alternating_replicas(cluster):
    sender = "cluster-alternate"
    sent: list[tuple[str, list[str]]] = []

    def say(replica: int, message: str) -> str:
        reply = [m.get("text") or "" for m in cluster.say(replica, sender, message)]
        sent.append((message, reply))
        return "\n".join(reply)

    assert say(0, "who is Lukin?").startswith("Vladimir Lukin — ")
    # a follow-up: replica 1 only knows who "he" is from the turn replica 0 stored
    assert say(1, "what else did he say?").startswith("Vladimir Lukin said")

    start = say(0, "quiz me on who said what with 3 questions")  # buttons, and wrong options to pick
    assert start.startswith("Quiz (who said it): 3 questions.") and "Question 1 of 3" in start
    first = quiz(cluster, 1, sender)  # the state replica 0 saved, read through replica 1
    assert first["position"] == 0 and first["items"] == quiz(cluster, 0, sender)["items"]
    reply = say(1, button(first["answer"]))
    assert reply.startswith("Right!") and "Question 2 of 3" in reply, reply
    assert quiz(cluster, 0, sender)["position"] == 1

    assert say(0, "score").startswith("Score so far: 1/1")

    second = quiz(cluster, 0, sender)
    assert second["items"] == first["items"] and second["position"] == 1
    wrong = next(i for i in range(len(second["options"])) if i != second["answer"])
    reply = say(1, button(wrong))
    assert reply.startswith("Not quite — the answer is") and second["options"][second["answer"]] in reply, reply
    assert "Question 3 of 3" in reply and quiz(cluster, 0, sender)["position"] == 2

    assert say(0, "score").startswith("Score so far: 1/2")

    third = quiz(cluster, 1, sender)
    reply = say(0, button(third["answer"]))
    assert reply.startswith("Right!") and "Quiz over — you scored 2/3" in reply, reply

    # both replicas read the same events from the tracker store, in the order they happened
    tracker_0, tracker_1 = cluster.tracker(0, sender), cluster.tracker(1, sender)
    assert tracker_0["events"] == tracker_1["events"]
    assert turns(tracker_0) == sent
    timestamps = [event["timestamp"] for event in tracker_0["events"]]
    assert timestamps == sorted(timestamps)


def test_the_cluster_runs_two_action_servers_one_per_replica(cluster):
    output = cluster.output()
    assert f"action server 0  {cluster.actions_url(0)}" in output
    assert f"action server 1  {cluster.actions_url(1)}" in output
    for replica in (0, 1):
        endpoints = (cluster.workdir / f"endpoints-{replica}.yml").read_text()
        assert f'url: "{cluster.actions_url(replica)}/webhook"' in endpoints
        assert f"(calls action server {replica})" in output


def test_a_quiz_across_both_action_servers_is_recorded_once_in_postgresql(cluster, tmp_path):
    """A who-said-what quiz whose turns alternate between replica 0 and replica 1, so between
    action server 0 and action server 1: the score is what the clicks earned, each answer is in
    PostgreSQL's review log exactly once (recorded by the action server it reached), every item
    answered has its FSRS card there, and the teacher's report reads it from PostgreSQL."""
    sender, name = f"cluster-quiz-{time.time_ns()}", "Anna Test"
    assert f"Thanks, {name}" in cluster.text(1, sender, f"my name is {name}")  # stored by action server 1
    start = cluster.text(0, sender, "quiz me on who said what with 4 questions")
    assert start.startswith("Quiz (who said it): 4 questions.") and "Question 1 of 4" in start, start
    plan = [True, False, True, True]  # right, wrong, right, right: 3 of 4
    served, items = {}, []
    for number, right in enumerate(plan):
        replica = 1 - number % 2  # answers on replicas 1, 0, 1, 0 (the quiz started on 0)
        state = quiz(cluster, replica, sender)
        assert state["position"] == number and state["items"][number] not in items
        items.append(state["items"][number])
        option = state["answer"] if right else next(i for i in range(len(state["options"])) if i != state["answer"])
        reply = cluster.text(replica, sender, button(option))
        assert reply.startswith("Right!" if right else "Not quite — the answer is"), reply
        served[f"{state['quiz_id']}:{number}"] = replica
    assert f"Quiz over — you scored {sum(plan)}/{len(plan)}" in reply, reply
    assert quiz(cluster, 0, sender)["points"] == sum(plan)

    # the review log in PostgreSQL: each answer once, as clicked
    reviews = progress_rows(cluster, "select answer_key, item_id, correct, rating from reviews where sender = %s "
                                     "order by id", (sender,))
    assert [key for key, _, _, _ in reviews] == list(served)  # once each, in the order answered
    assert [item for _, item, _, _ in reviews] == items
    assert [(bool(correct), rating) for _, _, correct, rating in reviews] == [(r, 3 if r else 1) for r in plan]
    # the FSRS cards: one per item answered, right ones in Review, the wrong one still Learning
    cards = dict(progress_rows(cluster, "select item_id, state from cards where sender = %s", (sender,)))
    assert cards == {item: 2 if right else 1 for item, right in zip(items, plan)}
    # both action servers did their share: each logged the answers that reached it, and only those,
    # and each keeps the progress in PostgreSQL (which it names without the password)
    for server in (0, 1):
        log = cluster.log(f"actions-{server}")
        logged = set(re.findall(r"Answer '([0-9a-f]+:\d+)' recorded", log))
        mine = {key for key, replica in served.items() if replica == server}
        assert mine and mine <= logged and not (set(served) - mine) & logged, (server, logged)
        assert f"Learner progress: PostgreSQL at {cluster.progress_url(password=False)}" in log
        assert cluster.secret("cluster-db") not in log

    # the teacher's report from the PostgreSQL progress (the password in the environment, not argv)
    out = tmp_path / "report"
    result = subprocess.run([sys.executable, "scripts/report.py", "--progress", cluster.progress_url(password=False),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PGPASSWORD": cluster.secret("cluster-db")})
    assert result.returncode == 0, result.stderr
    with (out / "learners.csv").open(encoding="utf-8") as file:
        rows = {row["learner"]: row for row in csv.DictReader(file)}
    assert name in rows and report.learner_code(sender) not in rows, sorted(rows)
    assert (int(rows[name]["answers"]), int(rows[name]["right"])) == (len(plan), sum(plan)), rows[name]


def test_simultaneous_messages_to_two_replicas_are_serialised(cluster):
    """While replica A handles a message (it holds the conversation's lock in Redis), the next
    message of the same conversation arrives at replica B. B waits for the lock, then works on
    the state A saved: no event is lost, and a follow-up sees the turn before it. (Without a
    shared lock store, B would read the tracker A has not saved yet, and one turn would be lost.)"""
    sender = "cluster-concurrent"
    assert cluster.text(0, sender, "hello")
    rounds = [
        (0, "who is Lukin?", "Vladimir Lukin — ", 1, "what does the ABM treaty ban?", "bans testing"),
        (1, "who is Hadley?", "Stephen Hadley — ", 0, "what else did he say?", "Stephen Hadley said"),
    ]
    for first, message_a, expect_a, second, message_b, expect_b in rounds:
        replies: dict[str, str] = {}
        finished: dict[str, float] = {}

        def send(name: str, replica: int, message: str) -> None:
            replies[name] = cluster.text(replica, sender, message)
            finished[name] = time.monotonic()

        assert not cluster.lock_held(sender)  # nothing in flight (and the Redis client is connected)
        thread_a = threading.Thread(target=send, args=("a", first, message_a))
        thread_a.start()
        deadline = time.monotonic() + 30
        while not cluster.lock_held(sender) and thread_a.is_alive() and time.monotonic() < deadline:
            time.sleep(0.0005)
        assert thread_a.is_alive(), "the first message was answered before its lock was seen; no overlap to test"
        thread_b = threading.Thread(target=send, args=("b", second, message_b))
        thread_b.start()
        thread_a.join(60)
        thread_b.join(60)

        assert replies["a"].startswith(expect_a), replies["a"]
        assert expect_b in replies["b"], replies["b"]
        assert finished["b"] > finished["a"]  # B waited for A's turn to finish
        for replica in (0, 1):
            last_two = turns(cluster.tracker(replica, sender))[-2:]
            assert [message for message, _ in last_two] == [message_a, message_b]
            assert ["\n".join(bot) for _, bot in last_two] == [replies["a"], replies["b"]]

    conversation = turns(cluster.tracker(1, sender))
    assert [message for message, _ in conversation] == ["hello"] + [r[i] for r in rounds for i in (1, 4)]
    assert all(bot for _, bot in conversation)  # every user message got its answer
    assert not cluster.lock_held(sender)  # the lock is cleaned up


def test_messages_arriving_at_both_replicas_at_the_same_instant_are_all_kept(cluster):
    """Rasa's own Redis lock store reads, changes and writes a ticket lock in three steps, so two
    replicas taking a conversation's messages at the same instant could both get the first ticket
    and one turn was lost (4 of 10 pairs in a trial). The atomic lock store keeps every turn."""
    sender = "cluster-same-instant"
    cluster.text(0, sender, "hello")
    pairs = 10
    for number in range(pairs):
        barrier = threading.Barrier(2)

        def send(replica: int, message: str) -> None:
            barrier.wait()
            cluster.text(replica, sender, message)

        threads = [threading.Thread(target=send, args=(replica, f"who is Lukin? ({number}-{replica})"))
                   for replica in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    conversation = turns(cluster.tracker(0, sender))
    messages = [message for message, _ in conversation]
    assert len(messages) == 1 + 2 * pairs, messages
    assert all(bot for _, bot in conversation)  # every message kept its own answer
    assert not cluster.lock_held(sender)


def test_the_stores_need_passwords_and_rasa_is_no_superuser(cluster):
    """PostgreSQL refuses connections without the password (scram-sha-256), Rasa's role is not a
    superuser, Redis answers nothing without its password, every server listens on loopback, and
    no password is on any command line."""
    import psycopg2  # a dependency of Rasa's SQL tracker store
    import redis

    with pytest.raises(psycopg2.OperationalError, match="password"):
        psycopg2.connect(host="127.0.0.1", port=cluster.pg_port, dbname="rasa", user="rasa_app", password="")
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(host="127.0.0.1", port=cluster.pg_port, dbname="rasa", user="rasa_app", password="guess")
    with psycopg2.connect(host="127.0.0.1", port=cluster.pg_port, dbname="rasa", user="rasa_app",
                          password=cluster.secret("cluster-db")) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False, False)
        cursor.execute("SHOW password_encryption")
        assert cursor.fetchone() == ("scram-sha-256",)
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=cluster.redis_port).ping()
    assert redis.Redis(host="127.0.0.1", port=cluster.redis_port, password=cluster.secret("cluster-redis")).ping()
    ports = [cluster.pg_port, cluster.redis_port, *(cluster.actions_port + i for i in range(cluster.action_servers)),
             *(cluster.rasa_port + i for i in range(cluster.replicas))]
    for port in ports:
        assert listening_hosts(port) == {"127.0.0.1"}, port
    passwords = [cluster.secret(purpose) for purpose in ("cluster-db", "cluster-db-admin", "cluster-redis")]
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().decode(errors="replace")
        except OSError:  # the process ended meanwhile
            continue
        assert not any(password in arguments for password in passwords), cmdline
