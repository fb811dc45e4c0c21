"""The same question gets the same reply in every process: nothing in the answering may depend on the
order Python happens to iterate a set in (string hashing is randomised per process)."""
import json
import os
import subprocess
import sys

from tests.conftest import ROOT

QUESTIONS = 400  # the development bank's first single-turn questions, each asked as each answering type

SCRIPT = f"""
import json, sys
from knowledge.store import KnowledgeStore
from bot import questions
from bot.reply import Context, Message
from scripts import question_bank
store = KnowledgeStore(sys.argv[1])
texts = [c.turns[0].say for c in question_bank.load(("development",)) if len(c.turns) == 1][:{QUESTIONS}]
replies = [questions.answer(name, store, Message(text, name), Context()).text
           for text in texts for name in ("ask_fact", "ask_position", "what_said")]
print(json.dumps(replies))
"""


def _replies(db, seed: str) -> list[str]:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=True)
    return json.loads(done.stdout)


def test_replies_do_not_depend_on_the_process_hash_seed(built_db):
    first, second = _replies(built_db, "1"), _replies(built_db, "2")
    assert len(first) == len(second) > 0
    differing = [(a, b) for a, b in zip(first, second) if a != b]
    assert not differing, differing[:3]
