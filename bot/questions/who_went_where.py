"""who_went_where: the trips the articles report — for everyone, one place, or one person."""
from knowledge.store import KnowledgeStore, Person, Statement, place_word

from ..people import resolve
from ..reply import Context, Message, Reply, answered, not_said

NAME = "who_went_where"


def with_place(event: Statement) -> str:
    """Return an event's summary, naming its place when the summary does not."""
    if place_word(event.place) in event.summary.lower():
        return event.summary
    return f"{event.summary.rstrip('.')} (in {event.place})."


def places_of(store: KnowledgeStore, person: Person, context: Context, asked: str) -> Reply:
    """Say where a person was, from the events they led that name a place."""
    places = [event for event in store.events_of(person.id, led_only=True) if event.place][:2]
    if not places:
        return not_said(asked, None, context, what=f"say where {person.name} went", person_id=person.id,
                        question=NAME, asked=asked)
    return answered(" ".join(with_place(event) for event in places), [event.citation for event in places], context,
                    person_id=person.id, question=NAME, asked=asked)


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List who went where, narrowed to a person or a place the message names."""
    resolution = resolve(store, message, context)
    if len(resolution.people) == 1:
        return places_of(store, resolution.people[0], context, message.text)
    visits = store.visits()
    named = {m.entity_id for m in store.mentions(message.text, "actor")}
    if named:
        keys = {key for entity_id, alias, _ in store.aliases("actor") if entity_id in named
                for key in [alias.lower()]}
        visits = [v for v in visits if v.place.lower() in keys or place_word(v.place) in keys
                  or any(k in v.summary.lower() for k in keys)]
        if not visits:
            places = " or ".join(store.name_of(a) for a in named)
            return not_said(message.text, None, context, what=f"report a visit to {places}", question=NAME,
                            asked=message.text)
    lines = "\n".join(f"• {with_place(visit)}" for visit in visits)
    return answered(f"Who went where, as the articles report it:\n{lines}\n", [visit.citation for visit in visits],
                    context, question=NAME, asked=message.text)


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Who went where?"
