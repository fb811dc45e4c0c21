"""Project consistency, in the spirit of sqlite-utils' test_docs.py: every layer agrees with the others."""
import inspect
import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from bot import questions
from bot.reply import Context, Message
from knowledge.nlu_export import OUTPUT, render
from knowledge.store import KnowledgeStore
from scripts.nlu_sets import EVALUATION_SETS, TRAINING_FILES, nlu_texts

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
BUILTIN_INTENTS = {"nlu_fallback"}  # made by the FallbackClassifier, not listed in the domain


def registered_actions() -> set[str]:
    """Return the names of the actions the action server registers, as rasa_sdk finds them."""
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def rule_steps() -> list[dict]:
    steps = [step for rule in RULES for step in rule["steps"]]
    return steps + [branch for step in steps for branch in step.get("or", [])]


def rule_pairs() -> set[tuple[str, str]]:
    """Return (intent, action) for every rule step where an action follows an intent."""
    pairs = set()
    for rule in RULES:
        steps = rule["steps"]
        for step, following in zip(steps, steps[1:]):
            intents = [step["intent"]] if "intent" in step else [b["intent"] for b in step.get("or", [])]
            for intent in intents:
                if "action" in following:
                    pairs.add((intent, following["action"]))
    return pairs


def test_every_domain_action_is_registered_and_every_registered_action_declared():
    assert set(DOMAIN["actions"]) == registered_actions()


def test_every_response_and_action_used_in_rules_exists():
    known = set(DOMAIN["actions"]) | set(DOMAIN["responses"])
    used = {step["action"] for step in rule_steps() if "action" in step}
    assert used <= known, used - known
    intents = {step["intent"] for step in rule_steps() if "intent" in step}
    assert set(DOMAIN["intents"]) <= intents, "an intent has no rule: " + str(set(DOMAIN["intents"]) - intents)


@pytest.mark.parametrize("question_type", questions.TYPES.values(), ids=lambda t: t.name)
def test_every_question_type_has_one_name_through_every_layer(question_type):
    name = question_type.name
    assert name in DOMAIN["intents"] or name in BUILTIN_INTENTS
    assert question_type.action == f"action_{name}" and question_type.action in DOMAIN["actions"]
    assert (name, question_type.action) in rule_pairs(), f"no rule sends {name} to {question_type.action}"
    module = question_type.module
    assert module.__name__ == f"bot.questions.{name}"
    assert list(inspect.signature(module.answer).parameters) == ["store", "message", "context"]


def test_every_intent_has_training_examples_in_one_file():
    files_of: dict[str, set[str]] = {}
    for path in TRAINING_FILES:
        for block in yaml.safe_load(path.read_text())["nlu"]:
            if "intent" in block:
                files_of.setdefault(block["intent"], set()).add(path.name)
    assert set(DOMAIN["intents"]) == set(files_of)
    spread = {intent: files for intent, files in files_of.items() if len(files) > 1}
    assert not spread, f"intents with examples in several files: {spread}"
    assert not [p.name for p in TRAINING_FILES if re.search(r"_v\d", p.name)], "files named by when they were written"


def test_every_example_question_is_answered_by_its_own_type(store):
    for question_type in questions.TYPES.values():
        if question_type.help and question_type.example and question_type.name != "follow_up":
            example = question_type.example(store)
            reply = questions.answer(question_type.name, store, Message(example, question_type.name), Context())
            assert reply.text and "don't" not in reply.text.split("\n")[0], (example, reply.text)
            if question_type.name in questions.ANSWERING:  # an answer from the articles, with its sentences
                assert reply.context is not None and reply.context.evidence, (question_type.name, example, reply.text)


def test_help_lists_every_described_type_with_an_example(store):
    text = questions.answer("help", store, Message("help", "help"), Context()).text
    for question_type in questions.TYPES.values():
        if question_type.help:
            assert question_type.help in text and question_type.example(store) in text


def test_no_article_content_in_code(store):
    """Outlets, people and the number of articles come from the store, never from the code."""
    names = {source.outlet for source in store.sources()} | {p.name for p in store.people()} | \
        {p.surname for p in store.people()} | {"two articles", "both articles", "the two outlets"}
    code = [path for folder in ("bot", "actions") for path in (ROOT / folder).rglob("*.py")] + \
        [ROOT / "bot" / "lexicon.yml", ROOT / "bot" / "thesaurus.yml"]  # general English only
    found = [(path.relative_to(ROOT).as_posix(), name) for path in code
             for name in names if re.search(rf"\b{re.escape(name)}\b", path.read_text())]
    responses = yaml.safe_dump(DOMAIN["responses"])
    found += [("domain.yml responses", name) for name in names if re.search(rf"\b{re.escape(name)}\b", responses)]
    assert not found


def test_actions_reach_the_store_only_through_bot():
    for path in (ROOT / "actions").glob("*.py"):
        assert not re.search(r"^\s*(from|import) knowledge\b", path.read_text(), re.MULTILINE), path.name


def test_generated_nlu_names_are_up_to_date(built_db):
    assert OUTPUT.read_text() == render(KnowledgeStore(built_db)), "run `make nlu-names` and commit the result"


@pytest.mark.parametrize("evaluation_set", EVALUATION_SETS, ids=lambda path: path.stem)
def test_evaluation_examples_are_not_in_the_training_data(evaluation_set):
    training = set().union(*(nlu_texts(p) for p in TRAINING_FILES))
    assert len(EVALUATION_SETS) >= 3
    overlap = nlu_texts(evaluation_set) & training
    assert not overlap, (f"{len(overlap)} training sentences equal evaluation ones: "
                         "run `.venv/bin/python -m scripts.nlu_sets`")
