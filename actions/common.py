"""The base of every answering action: read the context from slots, call `bot`, send the reply."""
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import quiz, quiz_turns
from bot.answers import Button, Context, Reply
from knowledge.store import KnowledgeStore, get_store


def utter(dispatcher: CollectingDispatcher, text: str, buttons: Optional[list[Button]] = None) -> None:
    """Send text, with buttons if any."""
    payload = [{"title": b.title, "payload": b.payload} for b in buttons or []]
    dispatcher.utter_message(text=text, buttons=payload or None)


def context_of(tracker: Tracker) -> Context:
    """Rebuild the conversation context from the tracker's slots."""
    return Context(person_id=tracker.get_slot("person_id"), question=tracker.get_slot("last_question"),
                   evidence=tuple(tracker.get_slot("evidence") or ()),
                   shown_quotes=tuple(tracker.get_slot("shown_quotes") or ()))


def context_events(before: Context, after: Optional[Context]) -> list[dict]:
    """Return SlotSet events for the context fields that changed."""
    if after is None:
        return []
    fields = {"person_id": "person_id", "question": "last_question", "evidence": "evidence",
              "shown_quotes": "shown_quotes"}
    events = []
    for field, slot in fields.items():
        value = getattr(after, field)
        if value != getattr(before, field):
            events.append(SlotSet(slot, list(value) if isinstance(value, tuple) else value))
    return events


class AnswerAction(Action):
    """An action that answers with one `bot` function; subclasses implement `answer`."""

    action_name = ""

    def name(self) -> str:
        return self.action_name

    def answer(self, store: KnowledgeStore, text: str, tracker: Tracker, context: Context) -> Reply:
        raise NotImplementedError

    @staticmethod
    def entity(tracker: Tracker, name: str) -> Any:
        """Return the first value of entity `name` in the latest message, or None."""
        return next(tracker.get_latest_entity_values(name), None)

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        context = context_of(tracker)
        reply = self.answer(get_store(), tracker.latest_message.get("text") or "", tracker, context)
        state = quiz.QuizState.from_dict(tracker.get_slot("quiz")) if tracker.get_slot("quiz_active") else None
        utter(dispatcher, quiz_turns.paused(reply.text, state) if state else reply.text, reply.buttons)
        return context_events(context, reply.context)
