"""follow_up: "and Hadley?", "what about Germany?" — the last question again, about someone else."""
import re
from dataclasses import replace

from knowledge.store import KnowledgeStore

from .. import answering, understanding
from ..language import asked_kinds, content_stems

FRAGMENT_WORDS = 3  # a follow-up names a new subject in a few words ("and the Russians?")
from ..people import resolve
from ..reply import Context, Message, Reply, not_said, safe_echo


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Repeat the last question for the new person, actor or topic (or ask "who is …" without one)."""
    from . import TYPES  # the registry imports this module

    if asked_kinds(message.text) or len(content_stems(message.text)) > FRAGMENT_WORDS:
        return TYPES["ask_fact"].module.answer(store, message, context)  # a whole question, not "and X?"
    resolution = resolve(store, message, context, use_context=False)
    actors = understanding.actors_named(store, message)
    topics = understanding.topics_named(store, message)
    last = TYPES.get(context.question or "")
    if len(resolution.people) > 1 and last:
        return TYPES["who_is"].module.answer(store, message, context)
    if resolution.people or resolution.role:
        person = resolution.people[0] if resolution.people else None
        if last and last.name in ("ask_fact", "who_went_where", "ask_position") and context.asked and person:
            asked = understanding.analyse(store, Message(context.asked), context)
            question = understanding.about(asked, people=frozenset({person.id}), text=_swap(store, context, person.surname))
            return answering.respond(store, question, replace(context, person_id=person.id), last.name)
        if last and last.name in ("what_said", "who_said", "compare_outlets") and person:
            return TYPES["what_said"].module.answer(store, Message(f"what did {person.name} say",
                                                                    (("person", person.name),)), context)
        return TYPES["who_is"].module.answer(store, message, context)
    if actors or topics:
        if context.asked and last and last.name == "who_went_where" and actors:
            return last.module.answer(store, Message(f"who went to {actors[0].alias}?"), context)
        if context.asked and last and last.name in ("ask_fact", "ask_position", "compare", "what_said"):
            asked = understanding.analyse(store, Message(context.asked), context)
            changes = {"actors": frozenset(m.entity_id for m in actors)} if actors else {}
            if topics:
                changes["topics"] = frozenset(m.entity_id for m in topics)
            name = (actors or topics)[0].alias
            question = understanding.about(asked, text=_swap(store, context, name), **changes)
            if last.name == "ask_position" and actors:
                return TYPES["ask_position"].module.answer(store, Message(question.text, (("actor", name),)), context)
            return answering.respond(store, question, context, last.name)
        if actors:
            return TYPES["ask_position"].module.answer(store, message, context)
        return TYPES["ask_fact"].module.answer(store, message, context)
    asked = " ".join(content_stems(message.text))
    if context.asked and asked:
        return not_said(_swap(store, context, safe_echo(message.text).strip(" ?")), None, context)
    return TYPES["ask_fact"].module.answer(store, message, context)


def _swap(store: KnowledgeStore, context: Context, new: str) -> str:
    """Return the last question with its subject replaced by a new name ("how did Germany react" → "… France …")."""
    asked = context.asked or ""
    for entity_type in ("person", "actor", "topic"):
        for match in store.mentions(asked, entity_type, typos=False):
            for alias in sorted({a for e, a, _ in store.aliases(entity_type) if e == match.entity_id}, key=len,
                                reverse=True):
                found = re.search(rf"\b{re.escape(alias)}\b", asked, re.IGNORECASE)
                if found:
                    return asked[:found.start()] + new + asked[found.end():]
    return f"{asked} ({new})"


def example(store: KnowledgeStore) -> str:
    """An example follow-up."""
    people = store.people()
    return f"And {people[0].surname}?" if people else "And the other side?"
