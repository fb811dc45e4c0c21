"""Actions with inline trackers, in the style of rasa-sdk's own tests."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import ActionWhatSaid, ActionWhoIs
from actions.session import ActionEvidence
from knowledge.store import get_store


@pytest.fixture(autouse=True)
def use_built_db(built_db, monkeypatch):
    monkeypatch.setenv("ABM_KNOWLEDGE_DB", str(built_db))
    get_store.cache_clear()
    yield
    get_store.cache_clear()


def tracker(text: str, entities=(), slots=None) -> Tracker:
    return Tracker("learner", slots or {}, {"text": text, "intent": {"name": "x"}, "entities": list(entities)},
                   [], False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, {})
    return dispatcher.messages, events


def test_who_is_utters_the_answer_and_sets_the_context():
    messages, events = run(ActionWhoIs(), tracker("who is Lukin?", [{"entity": "person", "value": "Lukin"}]))
    assert messages[0]["text"].startswith("Vladimir Lukin — ")
    assert events[:2] == [SlotSet("person_id", "lukin"), SlotSet("last_question", "who_is")]
    assert events[2]["name"] == "evidence" and len(events[2]["value"]) == 2  # two distinct sentences


def test_what_else_uses_the_slots():
    slots = {"person_id": "yakovenko", "last_question": "what_said",
             "shown_quotes": ["yakovenko-more-questions-than-answers", "yakovenko-unable-to-give-arguments",
                              "yakovenko-failed-to-produce-arguments"]}
    messages, events = run(ActionWhatSaid(), tracker("what else did he say?", slots=slots))
    assert "discussions will continue" in messages[0]["text"]


def test_ambiguity_sends_buttons_and_keeps_the_context():
    messages, events = run(ActionWhoIs(), tracker("who is Vladimir", [{"entity": "person", "value": "Vladimir"}]))
    assert messages[0]["buttons"] == [{"title": "Vladimir Lukin", "payload": "who is Vladimir Lukin"},
                                      {"title": "Vladimir Putin", "payload": "who is Vladimir Putin"}]
    assert events == []


def test_evidence_reads_the_slot():
    messages, _ = run(ActionEvidence(), tracker("source?", slots={"evidence": ["CNN, May 11, 2001: A sentence."]}))
    assert messages[0]["text"] == "That answer rests on:\n• CNN, May 11, 2001: A sentence."


@pytest.fixture
def progress_db(tmp_path, monkeypatch):
    import actions.quiz

    monkeypatch.setenv("ABM_PROGRESS_DB", str(tmp_path / "progress.db"))
    monkeypatch.setattr(actions.quiz, "_progress", None)
    return tmp_path / "progress.db"


def quiz_tracker(text, intent, entities=(), slots=None):
    return Tracker("learner", slots or {}, {"text": text, "intent": {"name": intent}, "entities": list(entities)},
                   [], False, None, {}, "action_listen")


def test_quiz_start_then_answer_with_a_button_payload(progress_db):
    from actions.quiz import ActionQuizAnswer, ActionQuizStart

    messages, events = run(ActionQuizStart(), quiz_tracker("quiz me on Lukin", "start_quiz",
                                                           [{"entity": "person", "value": "Lukin"}]))
    assert messages[0]["text"].startswith("Quiz on Vladimir Lukin:")
    state = events[0]["value"]
    assert events[1] == SlotSet("quiz_active", True) and state["position"] == 0
    option = "abcd"[state["answer"]]
    messages, events = run(ActionQuizAnswer(), quiz_tracker(f'/quiz_answer{{"option": "{option}"}}', "quiz_answer",
                                                            [{"entity": "option", "value": option}],
                                                            {"quiz": state, "quiz_active": True}))
    assert messages[0]["text"].startswith("Right!") and events[0]["value"]["position"] == 1
    assert progress_db.exists()


def test_quiz_command_without_a_quiz(progress_db):
    from actions.quiz import ActionQuizCommand

    messages, events = run(ActionQuizCommand(), quiz_tracker("hint", "hint"))
    assert messages[0]["text"].startswith("There's no quiz running")
    assert events == [SlotSet("quiz_active", False)]  # the last quiz (and its missed items) is kept


def test_answers_mid_quiz_carry_the_pause_note(progress_db):
    from actions.quiz import ActionQuizStart

    _, events = run(ActionQuizStart(), quiz_tracker("quiz me", "start_quiz"))
    slots = {"quiz": events[0]["value"], "quiz_active": True}
    messages, _ = run(ActionWhoIs(), tracker("who is Hadley?", [{"entity": "person", "value": "Hadley"}], slots))
    assert messages[0]["text"].endswith("(Quiz paused at question 1 — say “continue” to go back to it.)")
