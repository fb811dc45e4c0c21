"""who_went_where: the trips the articles report — for everyone, one place, or one person."""
import re

from knowledge.store import KnowledgeStore, Person, Statement, place_word

from .. import answering, understanding
from ..grounding import country_of
from ..language import asked_kinds, is_past_question, is_plan
from ..people import resolve
from ..reply import Context, Message, Reply, answered, not_said

NAME = "who_went_where"
TRIP_KINDS = {"place", "person", "actor"}  # what a list of trips answers: who went, where


def with_place(event: Statement) -> str:
    """Return an event's summary, naming its place when the summary does not."""
    if place_word(event.place) in event.summary.lower():
        return event.summary
    return f"{event.summary.rstrip('.')} (in {event.place})."


def places_of(store: KnowledgeStore, person: Person, context: Context, asked: str) -> Reply:
    """Say where a person was, from the events they led that name a place: only those at a place the
    question names, and only trips made (not planned) when it asks how one went."""
    trips = [event for event in store.events_of(person.id, led_only=True) if event.place]
    named = _destinations(store, asked)
    places = [event for event in trips if not named or _at(store, event, named)]
    done = [event for event in places if not is_plan(event.summary)] if is_past_question(asked) else places
    if not done:
        closest = (places[0].summary, [places[0].citation]) if places else None
        what = None if places or named else f"say where {person.name} went"
        return not_said(asked, closest, context, what=what, person_id=person.id, question=NAME, asked=asked)
    places = done[:2]
    return answered(" ".join(with_place(event) for event in places), [event.citation for event in places], context,
                    person_id=person.id, question=NAME, asked=asked)


DESTINATION = re.compile(r"\b(?:to|in|into|at|visit\w*|tour\w*)\s+(?:the\s+)?$", re.IGNORECASE)  # "… went to <place>"


def _leader(event: Statement) -> str:
    """Return the person who made a trip: the one the event is about, else the first who took part."""
    return event.person_id or (event.people[0] if event.people else "")


def _before(text: str, alias: str) -> str:
    """Return the words of a message before it names something ("who went to " for "Turkey")."""
    found = re.search(rf"\b{re.escape(alias)}\b", text, re.IGNORECASE)
    return text[:found.start()] if found else text


def _destinations(store: KnowledgeStore, text: str) -> set[str]:
    """Return the actors a message names as where someone went ("… visit to Washington")."""
    return {m.entity_id for m in store.mentions(text, "actor") if DESTINATION.search(_before(text, m.alias)) or
            re.search(rf"\b{re.escape(m.alias)}\s+(?:visit|trip|journey)\b", text, re.IGNORECASE)}  # "his Rome trip"


def _at(store: KnowledgeStore, event: Statement, places: set[str]) -> bool:
    """Say whether an event took place at one of these actors' places."""
    keys = {alias.lower() for entity_id, alias, _ in store.aliases("actor") if entity_id in places}
    return event.place.lower() in keys or place_word(event.place) in keys or any(k in event.summary.lower() for k in keys)


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List who went where, narrowed to a person or a place the message names. A question that asks
    for something else about the trips ("how many countries did they visit?", "when did he arrive?")
    is answered only by a sentence that says it."""
    resolution = resolve(store, message, context)
    if set(asked_kinds(message.text)) - TRIP_KINDS:
        return answering.respond(store, understanding.analyse(store, message, context, resolution), context, NAME)
    if len(resolution.people) == 1:
        return places_of(store, resolution.people[0], context, message.text)
    visits = store.visits()
    mentioned = store.mentions(message.text, "actor")
    travellers = {m.entity_id for m in mentioned if not DESTINATION.search(_before(message.text, m.alias))}
    named = {m.entity_id for m in mentioned} - travellers
    if travellers:  # "where did the American envoys go?": the trips of that side's people
        visits = [v for v in visits if travellers & country_of(store, _leader(v))] or visits
    if named:
        visits = [v for v in visits if _at(store, v, named)]
        if not visits:
            places = " or ".join(store.name_of(a) for a in named)
            return not_said(message.text, None, context, what=f"report a visit to {places}", question=NAME,
                            asked=message.text)
    lines = "\n".join(f"• {with_place(visit)}" for visit in visits)
    one = {"person_id": _leader(visits[0])} if len(visits) == 1 and _leader(visits[0]) else {}  # "who did he meet there?"
    return answered(f"Who went where, as the articles report it:\n{lines}\n", [visit.citation for visit in visits],
                    context, question=NAME, asked=message.text, **one)


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Who went where?"
