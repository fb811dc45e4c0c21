"""Conversations from tests/e2e/*.yml, plus generated ones, against the real servers over REST."""
import re
from pathlib import Path

import pytest
import yaml

from knowledge.store import KnowledgeStore, default_db_path
from tests.servers import RasaStack

pytestmark = pytest.mark.servers
CASES = [case for path in sorted((Path(__file__).parent / "e2e").glob("*.yml"))
         for case in yaml.safe_load(path.read_text())]


@pytest.fixture(scope="module")
def stack(servers):
    return servers


def check_step(stack: RasaStack, sender: str, step: dict) -> None:
    messages = stack.say(sender, step["user"])
    reply = "\n".join(m.get("text", "") for m in messages)
    assert reply.strip(), f"no reply to {step['user']!r}"
    for expected in step.get("contains", []):
        assert str(expected).lower() in reply.lower(), f"{step['user']!r} → {reply!r} lacks {expected!r}"
    for unexpected in step.get("not_contains", []):
        assert str(unexpected).lower() not in reply.lower(), f"{step['user']!r} → {reply!r}"
    titles = [b["title"] for m in messages for b in m.get("buttons", [])]
    for title in step.get("buttons", []):
        assert title in titles, f"{step['user']!r}: buttons {titles} lack {title!r}"
    if step.get("slots"):
        slots = stack.tracker(sender)["slots"]
        for name, value in step["slots"].items():
            assert slots.get(name) == value, f"slot {name} = {slots.get(name)!r} after {step['user']!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_conversation(stack, case):
    sender = "e2e-" + re.sub(r"[^a-z0-9]+", "-", case["case"].lower())
    for step in case["steps"]:
        check_step(stack, sender, step)


def _store() -> KnowledgeStore:
    return KnowledgeStore(default_db_path())


def test_every_person_is_askable_by_name(stack):
    for person in _store().people():
        reply = stack.text(f"gen-who-{person.id}", f"who is {person.name}?")
        assert reply.startswith(f"{person.name} — {person.titles[0]}"), reply


def test_every_quote_is_findable_by_a_fragment(stack):
    for quote in _store().all_quotes():
        words = quote.text.split()
        fragment = " ".join(words[1:7]) if len(words) > 7 else " ".join(words)
        reply = stack.text(f"gen-said-{quote.id}", f'who said "{fragment}"?')
        assert reply.startswith(quote.speaker), (fragment, reply)
        assert quote.text in reply
