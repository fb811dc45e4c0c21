"""What every action shares: the message and the conversation context read from the tracker, the
reply sent back, and the context written to the slots."""
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.reply import Button, Context, Message

CONTEXT_SLOTS = {"person_id": "person_id", "actor_id": "actor_id", "topic_id": "topic_id",
                 "question": "last_question", "asked": "last_asked", "evidence": "evidence",
                 "shown_quotes": "shown_quotes", "choices": "choices"}
LIST_FIELDS = {"evidence", "shown_quotes", "choices"}


def utter(dispatcher: CollectingDispatcher, text: str, buttons: Optional[list[Button]] = None) -> None:
    """Send text, with buttons if any."""
    payload = [{"title": b.title, "payload": b.payload} for b in buttons or []]
    dispatcher.utter_message(text=text, buttons=payload or None)


def replies_to(tracker: Tracker, action_name: str, confirmation: str) -> bool:
    """Say whether the latest message answers the question an action just asked: it came right
    after that action, or it is one of that question's own buttons (its payload names it)."""
    entities = tracker.latest_message.get("entities") or []
    if any(e.get("entity") == "confirmation" and e.get("value") == confirmation for e in entities):
        return True
    events = list(tracker.events or [])
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not users:
        return False
    before = [event.get("name") for event in events[:users[-1]]
              if event.get("event") == "action" and event.get("name") != "action_listen"]
    return bool(before) and before[-1] == action_name


def message_of(tracker: Tracker) -> Message:
    """Return the latest message as the NLU understood it."""
    latest = tracker.latest_message or {}
    entities = tuple((e.get("entity"), str(e.get("value"))) for e in latest.get("entities") or []
                     if e.get("entity") and e.get("value") is not None)
    ranking = tuple(item.get("name") for item in latest.get("intent_ranking") or [] if item.get("name"))
    return Message(latest.get("text") or "", (latest.get("intent") or {}).get("name") or "", entities, ranking)


def context_of(tracker: Tracker) -> Context:
    """Rebuild the conversation context from the tracker's slots."""
    values: dict[str, Any] = {}
    for field, slot in CONTEXT_SLOTS.items():
        value = tracker.get_slot(slot)
        values[field] = tuple(value or ()) if field in LIST_FIELDS else value
    return Context(**values)


def context_events(before: Context, after: Optional[Context]) -> list[dict]:
    """Return SlotSet events for the context fields that changed; the evidence is always set, so the
    tracker shows which sentences each answer rests on, even the same ones as the answer before."""
    if after is None:
        return []
    events = []
    for field, slot in CONTEXT_SLOTS.items():
        value = getattr(after, field)
        if value != getattr(before, field) or field == "evidence":
            events.append(SlotSet(slot, list(value) if isinstance(value, tuple) else value))
    return events
