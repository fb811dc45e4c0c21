"""Actions with inline trackers, in the style of rasa-sdk's own tests."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.questions import ActionAskEvidence, ActionAskFact, ActionFollowUp, ActionWhatSaid, ActionWhoIs
from knowledge.store import get_store


@pytest.fixture(autouse=True)
def use_built_db(built_db, monkeypatch):
    monkeypatch.setenv("ABM_KNOWLEDGE_DB", str(built_db))
    get_store.cache_clear()
    yield
    get_store.cache_clear()


def tracker(text: str, entities=(), slots=None, intent="x") -> Tracker:
    return Tracker("learner", slots or {}, {"text": text, "intent": {"name": intent}, "entities": list(entities)},
                   [], False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker_, {})
    return dispatcher.messages, events


def test_who_is_utters_the_answer_and_sets_the_context():
    messages, events = run(ActionWhoIs(), tracker("who is Lukin?", [{"entity": "person", "value": "Lukin"}]))
    assert messages[0]["text"].startswith("Vladimir Lukin — ")
    assert events[:3] == [SlotSet("person_id", "lukin"), SlotSet("last_question", "who_is"),
                          SlotSet("last_asked", "who is Vladimir Lukin")]
    assert events[3] == SlotSet("evidence", ["cnn-s011", "ap-s011"])  # the sentences it rests on, by id


def test_what_else_uses_the_slots():
    slots = {"person_id": "yakovenko", "last_question": "what_said",
             "shown_quotes": ["yakovenko-more-questions-than-answers", "yakovenko-unable-to-give-arguments",
                              "yakovenko-failed-to-produce-arguments"]}
    messages, events = run(ActionWhatSaid(), tracker("what else did he say?", slots=slots))
    assert "discussions will continue" in messages[0]["text"]


def test_ambiguity_sends_buttons_and_remembers_the_choice():
    messages, events = run(ActionWhoIs(), tracker("who is Vladimir", [{"entity": "person", "value": "Vladimir"}]))
    assert messages[0]["buttons"] == [{"title": "Vladimir Lukin", "payload": "Vladimir Lukin"},
                                      {"title": "Vladimir Putin", "payload": "Vladimir Putin"}]
    assert SlotSet("choices", ["lukin", "putin"]) in events
    slots = {event["name"]: event["value"] for event in events}
    messages, events = run(ActionFollowUp(), tracker("the president", slots=slots, intent="follow_up"))
    assert messages[0]["text"].startswith("Vladimir Putin — President of Russia")
    assert SlotSet("choices", []) in events


def test_a_fact_answer_and_its_evidence():
    messages, events = run(ActionAskFact(), tracker("what does the abm treaty ban?", intent="ask_fact"))
    assert messages[0]["text"].startswith("The ABM treaty bans testing of anti-missile rockets")
    slots = {event["name"]: event["value"] for event in events}
    assert slots["evidence"] == ["ap-s019"] and slots["topic_id"] == "abm-treaty"
    messages, _ = run(ActionAskEvidence(), tracker("source?", slots=slots))
    assert messages[0]["text"] == ("That answer rests on:\n• CBS News (AP), May 11, 2001: The treaty bans testing of "
                                   "anti-missile rockets, limits radar capabilities and prohibits the signatories from "
                                   "involving allies in deploying anti-missile rockets.")


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


def test_a_question_read_as_a_quiz_command_with_no_quiz_is_answered(progress_db):
    from actions.quiz import ActionQuizCommand

    latest = {"text": "what does the abm treaty ban?", "intent": {"name": "repeat"}, "entities": [],
              "intent_ranking": [{"name": "repeat"}, {"name": "ask_fact"}]}
    tracker_ = Tracker("learner", {}, latest, [], False, None, {}, "action_listen")
    messages, events = run(ActionQuizCommand(), tracker_)
    assert messages[0]["text"].startswith("The ABM treaty bans testing")


def test_answers_mid_quiz_carry_the_pause_note(progress_db):
    from actions.quiz import ActionQuizStart

    _, events = run(ActionQuizStart(), quiz_tracker("quiz me", "start_quiz"))
    slots = {"quiz": events[0]["value"], "quiz_active": True}
    messages, _ = run(ActionWhoIs(), tracker("who is Hadley?", [{"entity": "person", "value": "Hadley"}], slots))
    assert messages[0]["text"].endswith("(Quiz paused at question 1 — say “continue” to go back to it.)")


def test_an_option_typed_during_a_quiz_is_graded_whatever_the_nlu_took_it_for(progress_db):
    from actions.questions import ActionAskPosition
    from actions.quiz import ActionQuizStart

    _, events = run(ActionQuizStart(), quiz_tracker("quiz me", "start_quiz"))
    state = events[0]["value"]
    typed = state["options"][state["answer"]]
    messages, _ = run(ActionAskPosition(), quiz_tracker(typed, "ask_position", [], {"quiz": state, "quiz_active": True}))
    assert messages[0]["text"].startswith("Right!")


def test_an_option_read_as_start_a_quiz_is_an_answer_while_a_quiz_waits(progress_db):
    from actions.quiz import ActionQuizStart

    _, events = run(ActionQuizStart(), quiz_tracker("quiz me", "start_quiz"))
    state = events[0]["value"]
    typed = state["options"][state["answer"]]  # a missing word "START" is read by the NLU as start_quiz
    messages, events = run(ActionQuizStart(), quiz_tracker(typed, "start_quiz", [], {"quiz": state, "quiz_active": True}))
    assert messages[0]["text"].startswith("Right!") and events[0]["value"]["position"] == 1
    messages, _ = run(ActionQuizStart(), quiz_tracker("quiz me", "start_quiz", [], {"quiz": state, "quiz_active": True}))
    assert messages[0]["text"].startswith("Quiz")  # a request for a quiz still starts one
