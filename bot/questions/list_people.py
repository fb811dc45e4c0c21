"""list_people: everyone the articles name, grouped by side — or the people of one country or group."""
from knowledge.store import KnowledgeStore

from .. import understanding
from ..grounding import country_of
from ..language import stem
from ..people import ROLE_NOUNS
from ..reply import Context, Message, Reply, answered, not_said

LIST_WORDS = frozenset(stem(w) for w in (  # words of a question that only asks who is named
    "people", "person", "name", "names", "named", "mention", "mentioned", "member", "members", "official", "officials",
    "side", "sides", "involved", "list", "appear", "appears", "feature", "featured", "quoted", "individual",
    "individuals", "figure", "figures", "player", "players", "key", "main", "important", "participant", "participants"))


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List the people by side, each with their first title; for a country or group named (or "they"
    after one), only its people, or that the articles name none of them."""
    asked = understanding.analyse(store, message, Context())  # the actors asked about ("besides Russia, …" is not)
    if set(asked.terms) - LIST_WORDS - ROLE_NOUNS and not understanding.points_at_group(message.text):
        from . import ask_fact  # "who was in charge of the team?", "who came up with it?": a question of fact

        return ask_fact.answer(store, message, context)
    named = [m.entity_id for m in understanding.actors_named(store, message) if m.entity_id in asked.actors]
    if not named and context.actor_id and understanding.points_at_group(message.text):
        named = [context.actor_id]  # "who are they?" after "what did the British officials say?"
    if named:
        return _people_of(store, message, context, named[0])
    lines = []
    for side in list(dict.fromkeys(store.sides() + [p.side for p in store.people()])):
        people = [p for p in store.people() if p.side == side]
        if people:
            label = store.side_label(side) or side
            lines.append(f"{label[0].upper() + label[1:]}: " + "; ".join(f"{p.name} ({p.titles[0]})" for p in people))
    citations = [p.roles[0].citation for p in store.people()]
    return answered("\n".join(lines) + "\n", citations, context, question="list_people", asked=message.text)


def _people_of(store: KnowledgeStore, message: Message, context: Context, actor_id: str) -> Reply:
    """List the people of one country or group, or say the articles name none."""
    people = [p for p in store.people() if actor_id in country_of(store, p.id)]
    name = store.name_of(actor_id)
    if not people:
        return not_said(message.text, None, context, what=f"name anyone from {name}", question="list_people",
                        asked=message.text, actor_id=actor_id)
    text = f"People of {name} the articles name: " + "; ".join(f"{p.name} ({p.titles[0]})" for p in people) + "."
    return answered(text, [p.roles[0].citation for p in people], context, question="list_people", asked=message.text,
                    actor_id=actor_id)


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Who is in the articles?"
