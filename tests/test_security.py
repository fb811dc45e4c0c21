"""Deployment hardening, tried as an attacker would, against the real servers (beside the hostile-input
suite): nothing reachable that should not be, no learner acting for another, nothing lost by a stray
"yes", bounded requests. README "Security" lists what this covers and what it does not."""
import json
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
import urllib.request
from pathlib import Path

import pytest
import socketio

from bot.progress import Progress
from components import channels
from tests.servers import ROOT, RasaStack, free_port, listening_hosts, server_env, stop_process

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def stack(servers):
    return servers


def request(url: str, body=None, headers=None, method=None) -> tuple[int, dict, bytes]:
    """Send one HTTP request; return status, headers and body (errors included)."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})},
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def progress_of(stack: RasaStack, sender: str) -> dict:
    return Progress(Path(stack.env["ABM_PROGRESS_DB"])).cards(sender)


def answer_one_quiz_question(stack: RasaStack, sender: str) -> None:
    stack.say(sender, "quiz me on who said what")
    state = stack.tracker(sender)["slots"]["quiz"]  # the first question may have options or a gap to type in
    stack.say(sender, state["options"][state["answer"]])
    stack.say(sender, "stop")
    assert progress_of(stack, sender), "the quiz answer was not recorded"


# -- the action server answers Rasa only -------------------------------------------------------

def action_call(sender: str, action: str) -> dict:
    return {"next_action": action, "sender_id": sender, "version": "3.6.2", "domain": {},
            "tracker": {"sender_id": sender, "slots": {}, "latest_message": {"intent": {"name": "affirm"}},
                        "events": [], "latest_action_name": "action_listen"}}


def test_the_action_server_runs_nothing_without_rasas_token(stack):
    victim = "security-victim"
    answer_one_quiz_question(stack, victim)
    before = progress_of(stack, victim)
    webhook = f"{stack.actions_url}/webhook"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": stack.actions_token},
                    {"Authorization": f"Basic {stack.actions_token}"}):
        for action in ("action_reset_progress_confirmed", "action_progress"):
            status, _, body = request(webhook, action_call(victim, action), headers)
            assert status == 401, (headers, body)
        assert request(f"{stack.actions_url}/actions", headers=headers)[0] == 401
    assert progress_of(stack, victim) == before
    # the same call with Rasa's token is carried out: the check is what stopped the others
    status, _, body = request(webhook, action_call(victim, "action_progress"),
                              {"Authorization": f"Bearer {stack.actions_token}"})
    assert status == 200 and "Your progress" in body.decode()


def test_no_web_page_may_call_the_action_server(stack):
    status, headers, _ = request(f"{stack.actions_url}/webhook", method="OPTIONS",
                                 headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in headers


def test_the_servers_listen_on_loopback_only(stack):
    assert listening_hosts(stack.actions_port) == {"127.0.0.1"}
    assert listening_hosts(stack.rasa_port) == {"127.0.0.1"}


# -- make serve: loopback by default, one setting to expose ------------------------------------

def serve(tmp_path: Path, **settings: str):
    """Start scripts/serve.sh (what `make serve` runs) on free ports; return it, its ports and env."""
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    env = server_env(**{key: str(value) for key, value in ports.items()}, ABM_SECRET_FILE=str(tmp_path / "secret.key"),
                     ABM_TRACKER_DB=str(tmp_path / "trackers.db"), ABM_PROGRESS_DB=str(tmp_path / "progress.db"),
                     **settings)
    env.pop("RASA_TELEMETRY_ENABLED")  # the script must turn it off itself
    out = open(tmp_path / "serve.out", "w")
    process = subprocess.Popen(["scripts/serve.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    while "Ctrl-C stops" not in (tmp_path / "serve.out").read_text():
        assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.out").read_text()
        time.sleep(0.5)
    return process, ports


def telemetry_of(pid: int) -> set[str]:
    """The RASA_TELEMETRY_ENABLED of a process and its children."""
    found = set()
    for child in [pid] + [int(p) for p in subprocess.run(["pgrep", "-g", str(pid)], capture_output=True,
                                                         text=True).stdout.split()]:
        try:
            environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        found |= {e.decode().split("=", 1)[1] for e in environ if e.startswith(b"RASA_TELEMETRY_ENABLED=")}
    return found


def test_make_serve_listens_on_loopback_only_and_its_files_are_private(tmp_path):
    process, ports = serve(tmp_path)
    try:
        for name, port in ports.items():
            assert listening_hosts(port) == {"127.0.0.1"}, name
        status, _, body = request(f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook",
                                  {"sender": "serve-loopback", "message": "who is Lukin?"})
        assert status == 200 and "Vladimir Lukin" in body.decode()  # REST stays open on loopback
        assert telemetry_of(process.pid) == {"false"}
    finally:
        stop_process(process)
    for name in ("secret.key", "trackers.db"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, name


def test_expose_opens_the_page_and_rasa_only_and_rest_needs_its_token(tmp_path):
    process, ports = serve(tmp_path, EXPOSE="1", ABM_REST_TOKEN="rest-token-for-the-test")
    try:
        assert listening_hosts(ports["RASA_PORT"]) == {"0.0.0.0"}
        assert listening_hosts(ports["WEB_PORT"]) == {"0.0.0.0"}
        assert listening_hosts(ports["ACTIONS_PORT"]) == {"127.0.0.1"}
        rest = f"http://127.0.0.1:{ports['RASA_PORT']}/webhooks/rest/webhook"
        message = {"sender": "serve-exposed", "message": "who is Lukin?"}
        assert request(rest, message)[0] == 401
        assert request(rest, message, {"Authorization": "Bearer wrong"})[0] == 401
        status, _, body = request(rest, message, {"Authorization": "Bearer rest-token-for-the-test"})
        assert status == 200 and "Vladimir Lukin" in body.decode()
    finally:
        stop_process(process)


def test_an_exposed_rest_channel_without_a_token_is_off(monkeypatch):
    monkeypatch.setenv("ABM_EXPOSED", "1")
    monkeypatch.delenv("ABM_REST_TOKEN", raising=False)
    assert channels.rest_refusal("/webhooks/rest/webhook", "")[0] == 403
    monkeypatch.setenv("ABM_EXPOSED", "0")
    assert channels.rest_refusal("/webhooks/rest/webhook", "") is None


# -- socket.io: a client can only use the session it was issued -------------------------------

class SocketLearner:
    """A socket.io client that connects like the widget: it asks for a session (with a stored id,
    if any) and collects the bot's messages."""

    def __init__(self, url: str, stored=None):
        self.client, self.received, self.session_id = socketio.Client(), [], None
        confirmed = threading.Event()

        def on_confirm(session_id):
            self.session_id = self.session_id or session_id
            confirmed.set()

        self.client.on("session_confirm", on_confirm)
        self.client.on("bot_uttered", lambda message: self.received.append(message.get("text") or ""))
        self.client.connect(url, socketio_path="/socket.io", transports=["polling"])
        self.client.emit("session_request", {"session_id": stored} if stored else {})
        assert confirmed.wait(30), "no session_confirm"

    def say(self, text: str, session_id=None, wait: float = 30) -> str:
        count = len(self.received)
        self.client.emit("user_uttered", {"message": text, **({"session_id": session_id} if session_id else {})})
        deadline = time.monotonic() + wait
        while len(self.received) == count and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # a reply may come in several messages
        return "\n".join(self.received[count:])

    def close(self) -> None:
        """Leave, without waiting for the long poll under way to come back."""
        self.client.eio.disconnect(abort=True)


def user_texts(stack: RasaStack, sender: str) -> list[str]:
    return [e.get("text") for e in stack.tracker(sender)["events"] if e["event"] == "user"]


def test_a_socket_cannot_join_or_post_into_another_learners_session(stack, monkeypatch):
    monkeypatch.setenv("ABM_SECRET_FILE", stack.env["ABM_SECRET_FILE"])  # to read the ids as the server does
    alice = SocketLearner(stack.url)
    assert "Vladimir Lukin" in alice.say("who is Lukin?")
    alice_learner = channels.learner_of(alice.session_id)
    assert alice_learner and alice_learner in alice.session_id
    forged = [alice_learner,  # the learner id alone (it is in the trackers)
              f"{alice_learner}.{alice.session_id.split('.')[1]}.{'0' * channels.SIGNATURE_CHARS}",  # forged
              alice.session_id[:-1] + ("0" if alice.session_id[-1] != "0" else "1")]  # tampered
    for stored in forged:
        mallory = SocketLearner(stack.url, stored)
        assert mallory.session_id != alice.session_id and channels.learner_of(mallory.session_id) != alice_learner
        # posting with Alice's ids in the message goes to Mallory's own session, never Alice's
        assert "Stephen Hadley" in mallory.say("who is Hadley?", session_id=alice.session_id)
        mallory.say("reset my progress", session_id=alice_learner)
        mallory.close()
    assert not [t for t in alice.received if "Hadley" in t or "Are you sure" in t]  # Alice saw none of it
    assert user_texts(stack, alice_learner) == ["who is Lukin?"]
    # Alice's own page, reloaded with her stored id, resumes her own session
    again = SocketLearner(stack.url, alice.session_id)
    assert again.session_id == alice.session_id
    assert "Stephen Hadley" in again.say("who is Hadley?")
    again.close()
    alice.close()
    assert user_texts(stack, alice_learner) == ["who is Lukin?", "who is Hadley?"]


def test_session_ids_expire_and_only_signed_ones_are_accepted(monkeypatch):
    issued = channels.issue_session(now=1_000_000)
    learner = issued.split(".")[0]
    assert channels.learner_of(issued, now=1_000_000 + 86400) == learner
    monkeypatch.setenv("ABM_SESSION_DAYS", "1")
    assert channels.learner_of(issued, now=1_000_000 + 2 * 86400) is None
    for bad in (None, 42, "", learner, issued + "0", issued.replace(".", "-"), "x" * 5000, {"session_id": issued}):
        assert channels.learner_of(bad, now=1_000_000) is None


# -- confirmations expire ----------------------------------------------------------------------

def test_a_stray_yes_after_the_reset_question_resets_nothing(stack):
    sender = "security-stray-yes"
    answer_one_quiz_question(stack, sender)
    before = progress_of(stack, sender)
    assert "Are you sure" in stack.text(sender, "reset my progress")
    stack.text(sender, "who is Lukin?")
    stack.text(sender, "quiz me on who said what")
    stack.text(sender, "stop")
    assert "cleared" not in stack.text(sender, "yes").lower()
    assert progress_of(stack, sender) == before
    # its own button still works later: the payload names the question
    assert "cleared" in stack.text(sender, '/affirm{"confirmation": "reset_progress"}')
    assert progress_of(stack, sender) == {}
    assert "back" in stack.text(sender, "undo reset")
    assert progress_of(stack, sender) == before


def test_one_learner_cannot_reset_or_restore_anothers_progress(stack):
    alice, mallory = "security-alice", "security-mallory"
    answer_one_quiz_question(stack, alice)
    before = progress_of(stack, alice)
    stack.text(mallory, "reset my progress")
    stack.text(mallory, "yes")
    stack.text(mallory, "undo reset")
    assert progress_of(stack, alice) == before


# -- limits ------------------------------------------------------------------------------------

def test_request_limits(stack):
    rest = f"{stack.url}/webhooks/rest/webhook"
    assert request(rest, b'{"sender": "big", "message": "' + b"x" * (channels.MAX_BODY_BYTES + 1) + b'"}')[0] == 413
    for sender in ("x" * (channels.MAX_SENDER_CHARS + 1), "", None, 42, "two words", "<script>"):
        assert request(rest, {"sender": sender, "message": "hi"})[0] == 400, sender
    assert request(rest, {"message": "hi"})[0] == 400  # no shared "default" learner
    sender = "security-metadata"
    status, _, _ = request(rest, {"sender": sender, "message": "who is Lukin?",
                                  "metadata": {"junk": "y" * (channels.MAX_METADATA_BYTES + 1)}})
    assert status == 200
    status, _, _ = request(rest, {"sender": sender, "message": "who is Hadley?", "metadata": {"page": "intro"}})
    first, second = [e.get("metadata") or {} for e in stack.tracker(sender)["events"] if e["event"] == "user"]
    assert "junk" not in first and second.get("page") == "intro"


def test_a_flooding_learner_is_asked_to_wait_and_others_are_answered(stack):
    senders = ["security-flood"] * (channels.RATE_BURST + 15) + ["security-bystander"]
    with ThreadPoolExecutor(max_workers=len(senders)) as pool:  # all at once
        replies = list(pool.map(lambda sender: stack.text(sender, "who is Lukin?"), senders))
    flood_replies, bystander = replies[:-1], replies[-1]
    waits = sum(1 for r in flood_replies if channels.ONE_MOMENT in r)
    assert waits >= 15 and all(channels.ONE_MOMENT in r or "Vladimir Lukin" in r for r in flood_replies)
    assert "Vladimir Lukin" in bystander
    time.sleep(2)
    assert "Vladimir Lukin" in stack.text("security-flood", "who is Lukin?")  # and then answered again


def test_the_rate_limit_refills():
    limit = channels.RateLimit(burst=2, per_second=1000, in_flight=1)
    assert limit.admit("a") and not limit.admit("a")  # one in flight at most
    limit.done("a")
    assert limit.admit("a") and limit.admit("b")


def test_prune_removes_only_old_conversations(stack, tmp_path):
    old, recent = "security-prune-old", "security-prune-recent"
    stack.text(old, "who is Lukin?")
    stack.text(recent, "who is Lukin?")
    with sqlite3.connect(stack.tracker_db) as db:
        db.execute("update events set timestamp = timestamp - 100 * 86400 where sender_id = ?", (old,))
    result = subprocess.run([sys.executable, "scripts/prune.py", "--days", "90", "--trackers",
                             f"sqlite:///{stack.tracker_db}", "--progress", str(tmp_path / "none.db")],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert "Pruned 1 conversation" in result.stdout
    with sqlite3.connect(stack.tracker_db) as db:
        senders = {row[0] for row in db.execute("select distinct sender_id from events")}
    assert recent in senders and old not in senders
