"""who_is: who a person is — by name, surname, typo or a role phrase."""
import re

from knowledge.store import KnowledgeStore

from .. import answering
from ..language import asked_kinds
from ..people import name_after_who_is, resolve
from ..reply import Context, Message, Reply, answered, ask_which, describe, safe_echo

NAME = "who_is"
# a question about several unnamed people is a question of fact ("the names of the Russian officials")
GROUP = re.compile(r"\b(officials|members|names|people|ministers|diplomats|envoys|participants)\b", re.IGNORECASE)


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer with the person's roles and what they did, or say the articles name nobody so.

    A question that asks for something else about a person ("since when is …", "in which years …")
    is answered as a fact about them.
    """
    from . import ask_fact

    if set(asked_kinds(message.text)) - {"person", "actor"} or GROUP.search(message.text):
        return ask_fact.answer(store, message, context)
    resolution = resolve(store, message, context)
    if len(resolution.people) > 1:
        return ask_which(resolution.people, NAME, message.text, context)
    if not resolution.people:
        if resolution.role:
            return answering.unnamed_role(store, message, context, resolution.phrase, NAME)
        asked = safe_echo(resolution.phrase or name_after_who_is(message.text))
        named = f"“{asked}”" if asked else "that person"
        known = ", ".join(p.surname for p in store.people())
        return Reply(f"The articles don't mention {named}. The people they name are: {known}.")
    return about(store, resolution.people[0], context)


def about(store: KnowledgeStore, person, context: Context) -> Reply:
    """Describe one person: roles, side, the first thing they did, with the sources."""
    citations = [role.citation for role in person.roles]
    parts = [describe(store, person) + "."]
    events = store.events_of(person.id)
    if events:
        parts.append(events[0].summary)
        citations.append(events[0].citation)
    return answered(" ".join(parts), citations, context, person_id=person.id, question=NAME,
                    asked=f"who is {person.name}", shown_quotes=())


def example(store: KnowledgeStore) -> str:
    """An example question: the person with the most roles in the articles."""
    people = sorted(store.people(), key=lambda p: -len(p.roles))
    return f"Who is {people[0].surname}?"
