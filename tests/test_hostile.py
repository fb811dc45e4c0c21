"""Hostile input over REST against the real servers: every message gets HTTP 200 and a sensible,
non-empty, markup-free reply; neither server logs an error; the knowledge DB is not touched."""
import hashlib
import json
import re
import urllib.request

import pytest

from components.channels import UNAVAILABLE
from knowledge import default_db_path
from tests.hostile_inputs import hostile_inputs
from tests.servers import RasaStack

pytestmark = pytest.mark.servers

CASES = hostile_inputs()
MARKUP = re.compile(r"<\s*[a-zA-Z/!]|javascript:", re.I)
LOG_PROBLEM = re.compile(r"Traceback|\bERROR\b|Exception|exception", re.M)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def stack(servers):
    """The shared servers, with where their logs stood before this module's messages."""
    db = default_db_path()
    before = sha256(db)
    servers.hostile_log_start = {name: len(servers.log(name)) for name in ("rasa", "actions")}
    yield servers
    assert sha256(db) == before, "the knowledge DB changed while the servers answered hostile input"


def post(stack: RasaStack, sender: str, message: str) -> tuple[int, list[dict]]:
    """POST one message as any JSON client would (lone surrogates escaped); return status and reply."""
    request = urllib.request.Request(f"{stack.url}/webhooks/rest/webhook",
                                     data=json.dumps({"sender": sender, "message": message}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def test_there_are_at_least_200_inputs_in_every_category():
    assert len(CASES) >= 200
    assert {label for label, _ in CASES} >= {"empty", "huge", "control", "emoji", "right-to-left", "other-languages",
                                            "fts", "sql", "html", "markdown", "rasa-commands", "numbers",
                                            "unknown-names", "generated"}


@pytest.mark.parametrize("number", range(len(CASES)), ids=[f"{i}-{label}" for i, (label, _) in enumerate(CASES)])
def test_a_hostile_message_gets_a_sensible_reply(stack, number):
    label, message = CASES[number]
    status, reply = post(stack, f"hostile-{number}", message)
    texts = [m.get("text") or "" for m in reply]
    assert status == 200
    assert texts and all(t.strip() for t in texts), f"empty reply to {message[:80]!r}: {reply}"
    assert UNAVAILABLE not in texts, f"an action failed on {message[:80]!r}"
    for text in texts + [b.get("title", "") for m in reply for b in m.get("buttons") or []]:
        assert not MARKUP.search(text), f"markup in the reply to {message[:80]!r}: {text[:200]!r}"
        assert len(text) < 3000, "a reply should be short, whatever the message"


def test_the_servers_still_answer_and_logged_no_error(stack):
    assert stack.text("hostile-after", "who is Lukin?").startswith("Vladimir Lukin — ")
    for name in ("rasa", "actions"):
        logged = stack.log(name)[stack.hostile_log_start[name]:]
        problems = [line for line in logged.splitlines() if LOG_PROBLEM.search(line)]
        assert not problems, f"{name} server logged:\n" + "\n".join(problems[:20])
