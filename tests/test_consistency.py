"""Project consistency, in the spirit of sqlite-utils' test_docs.py."""
from pathlib import Path

import yaml

from knowledge.nlu_export import OUTPUT, render
from knowledge.store import KnowledgeStore

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
    intents = {step["intent"] for rule in rules for step in rule["steps"] if "intent" in step}
    assert set(domain["intents"]) <= intents, "an intent has no rule: " + str(set(domain["intents"]) - intents)


def test_generated_nlu_names_are_up_to_date(built_db):
    assert OUTPUT.read_text() == render(KnowledgeStore(built_db)), "run `make nlu-names` and commit the result"


def test_heldout_nlu_examples_are_not_in_the_training_data():
    def examples(path):
        data = yaml.safe_load(path.read_text())
        return {line.strip()[2:].lower() for block in data["nlu"] if "intent" in block
                for line in block["examples"].splitlines() if line.strip()}
    training = set().union(*(examples(p) for p in (ROOT / "data" / "nlu").glob("*.yml") if "generated" not in p.name))
    heldout = examples(ROOT / "tests" / "nlu" / "heldout.yml")
    assert not heldout & training
