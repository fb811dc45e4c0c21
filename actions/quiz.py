"""Quiz actions: each reads the tracker, calls one function of `bot.quiz_turns`, and sends the turn."""
import random
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import bot
from actions.common import context_events, context_of, message_of, replies_to, utter
from bot import learners, quiz, quiz_turns
from bot.progress import Progress

_progress = None


def progress() -> Progress:
    """Return the process-wide learner-progress store (opened on first use)."""
    global _progress
    if _progress is None:
        _progress = Progress()
    return _progress


def entities(tracker: Tracker) -> dict:
    """Return {entity name: first value} of the latest message."""
    found = {}
    for entity in tracker.latest_message.get("entities") or []:
        found.setdefault(entity.get("entity"), entity.get("value"))
    return found


def name_span(tracker: Tracker, text: str) -> Optional[str]:
    """The learner's name as they wrote it: from the first learner_name entity to the last (the
    tokenizer splits "B. Smith" into two)."""
    spans = [(e["start"], e["end"]) for e in tracker.latest_message.get("entities") or []
             if e.get("entity") == "learner_name" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
    return text[min(s for s, _ in spans):max(e for _, e in spans)] if spans else None


def waiting_quiz(tracker: Tracker) -> Optional[quiz.QuizState]:
    """Return the quiz waiting for an answer, if one is."""
    return quiz.QuizState.from_dict(tracker.get_slot("quiz")) if tracker.get_slot("quiz_active") else None


def is_option(tracker: Tracker, state: Optional[quiz.QuizState]) -> bool:
    """Say whether the message is an option of the question a quiz waits on: an answer, whatever the
    NLU took it for ("the United States", the missing word "START")."""
    return bool(state) and quiz.match_option(message_of(tracker).text, state.options, bot.store()) is not None


def send_turn(dispatcher: CollectingDispatcher, tracker: Tracker, turn: quiz_turns.Turn) -> list[dict]:
    """Utter a quiz turn and store the quiz state (and any answer context) in slots.

    A turn without a state (nothing was running) leaves the last quiz in place, so its missed
    items can still be retried.
    """
    utter(dispatcher, turn.text, turn.buttons)
    active = bool(turn.state) and not turn.state.get("finished")
    state_events = [SlotSet("quiz", turn.state)] if turn.state is not None else []
    return state_events + [SlotSet("quiz_active", active)] + context_events(context_of(tracker), turn.context)


class ActionQuizStart(Action):
    def name(self) -> str:
        return "action_quiz_start"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        if is_option(tracker, waiting_quiz(tracker)):
            return ActionQuizAnswer().run(dispatcher, tracker, domain)  # not a new quiz
        found = entities(tracker)
        previous = tracker.get_slot("quiz") or {}
        retry = previous.get("missed") if found.get("retry") and previous.get("missed") else None
        turn = quiz_turns.start(bot.store(), progress(), tracker.sender_id, random.randrange(10**6),
                                found.get("number"), found.get("person"), found.get("actor"), retry,
                                kind=found.get("quiz_kind"))
        return send_turn(dispatcher, tracker, turn)


class ActionQuizAnswer(Action):
    def name(self) -> str:
        return "action_quiz_answer"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        message = tracker.latest_message
        turn = quiz_turns.answer(bot.store(), progress(), tracker.sender_id, tracker.get_slot("quiz"),
                                 message.get("text") or "", (message.get("intent") or {}).get("name"),
                                 entities(tracker), context_of(tracker), message_of(tracker).ranking)
        return send_turn(dispatcher, tracker, turn)


class ActionQuizCommand(Action):
    """hint, skip, repeat, score, stop_quiz, continue_quiz — named by the intent."""

    def name(self) -> str:
        return "action_quiz_command"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or "repeat"
        turn = quiz_turns.command(bot.store(), progress(), tracker.sender_id, tracker.get_slot("quiz"), intent,
                                  message_of(tracker), context_of(tracker))
        return send_turn(dispatcher, tracker, turn)


class ActionProgress(Action):
    def name(self) -> str:
        return "action_progress"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        utter(dispatcher, quiz_turns.progress_report(bot.store(), progress(), tracker.sender_id))
        return []


class ActionResetProgress(Action):
    def name(self) -> str:
        return "action_reset_progress"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        utter(dispatcher, quiz_turns.RESET_QUESTION,
              [quiz_turns.Button("Yes, reset", '/affirm{"confirmation": "reset_progress"}'),
               quiz_turns.Button("No, keep it", '/deny{"confirmation": "reset_progress"}')])
        return []


class ActionResetProgressConfirmed(Action):
    """Reset, when the yes answers the reset question; a later, stray yes resets nothing."""

    def name(self) -> str:
        return "action_reset_progress_confirmed"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        if replies_to(tracker, "action_reset_progress", "reset_progress"):
            utter(dispatcher, quiz_turns.reset_progress(progress(), tracker.sender_id))
        else:
            dispatcher.utter_message(response="utter_affirm")
        return []


class ActionResetProgressCancelled(Action):
    def name(self) -> str:
        return "action_reset_progress_cancelled"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        if replies_to(tracker, "action_reset_progress", "reset_progress"):
            utter(dispatcher, quiz_turns.RESET_CANCELLED)
        else:
            dispatcher.utter_message(response="utter_deny")
        return []


class ActionUndoReset(Action):
    def name(self) -> str:
        return "action_undo_reset"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        utter(dispatcher, quiz_turns.undo_reset(progress(), tracker.sender_id))
        return []


class ActionTellName(Action):
    """“my name is Anna”: the name on the teacher's report."""

    def name(self) -> str:
        return "action_tell_name"

    def run(self, dispatcher, tracker, domain: dict[str, Any]) -> list[dict]:
        message = tracker.latest_message.get("text") or ""
        text = learners.remember_name(progress(), tracker.sender_id, message, name_span(tracker, message))
        state = tracker.get_slot("quiz") or {}
        if tracker.get_slot("quiz_active") and isinstance(state, dict):
            question = quiz.QuizState.from_dict(state)
            if question is not None and not question.finished:
                text = quiz_turns.paused(text, question)
        utter(dispatcher, text)
        return []
