"""Project consistency, in the spirit of sqlite-utils' test_docs.py."""
from pathlib import Path

import pytest
import yaml

from knowledge.nlu_export import OUTPUT, render
from knowledge.store import KnowledgeStore
from scripts.nlu_sets import EVALUATION_SETS, TRAINING_FILES, nlu_texts

ROOT = Path(__file__).resolve().parent.parent


def action_classes() -> set[str]:
    """Return the name of every concrete action class in actions/."""
    import importlib

    from rasa_sdk import Action

    for path in (ROOT / "actions").glob("*.py"):
        importlib.import_module(f"actions.{path.stem}")
    names, pending = set(), list(Action.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("actions.") and (getattr(cls, "action_name", None) or "name" in vars(cls)):
            names.add(cls().name())
    names.discard("")  # the AnswerAction base class
    return names


def test_every_domain_action_is_implemented_and_every_action_declared():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(domain["actions"]) == set(action_classes())


def test_every_response_and_action_used_in_rules_exists():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    known = set(domain["actions"]) | set(domain["responses"])
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    used = {step["action"] for rule in rules for step in rule["steps"] if "action" in step}
    assert used <= known, used - known
    steps = [step for rule in rules for step in rule["steps"]]
    steps += [branch for step in steps for branch in step.get("or", [])]
    intents = {step["intent"] for step in steps if "intent" in step}
    assert set(domain["intents"]) <= intents, "an intent has no rule: " + str(set(domain["intents"]) - intents)


def test_generated_nlu_names_are_up_to_date(built_db):
    assert OUTPUT.read_text() == render(KnowledgeStore(built_db)), "run `make nlu-names` and commit the result"


@pytest.mark.parametrize("evaluation_set", EVALUATION_SETS, ids=lambda path: path.stem)
def test_evaluation_examples_are_not_in_the_training_data(evaluation_set):
    training = set().union(*(nlu_texts(p) for p in TRAINING_FILES))
    assert len(EVALUATION_SETS) >= 3
    overlap = nlu_texts(evaluation_set) & training
    assert not overlap, (f"{len(overlap)} training sentences equal evaluation ones: "
                         "run `.venv/bin/python -m scripts.nlu_sets`")
