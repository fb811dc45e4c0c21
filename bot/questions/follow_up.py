"""follow_up: "and Smith?", "what about Germany?" — the last question again, about someone else."""
import re
from dataclasses import dataclass
from typing import Optional

from knowledge.store import KnowledgeStore

from .. import answering, understanding
from ..grounding import known_word
from ..language import asked_kinds, content_stems, stem, stems
from ..people import resolve
from ..reply import Context, Message, Reply, not_said, safe_echo

FRAGMENT_WORDS = 3  # a follow-up names a new subject in a few words ("and the Russians?")
# "and what's the START II target?" is a question of its own, not the last one about someone else
WHOLE_QUESTION = re.compile(r"^\W*(?:(?:ok|so|and|but)\W+)*(?!what about\b|how about\b)"
                            r"(?:what|who|where|when|why|how|which)(?:'s|s)?\b.+\b\w+\b", re.IGNORECASE)

GROUP_NOUNS = ("team", "side", "delegation", "government", "administration", "official", "officials", "envoy", "envoys",
               "diplomat", "diplomats", "reps", "representatives")
GROUP = rf"(?:\s+(?:{'|'.join(GROUP_NOUNS)})\b)?"
GROUP_STEMS = frozenset(stem(w) for w in GROUP_NOUNS)


@dataclass(frozen=True)
class Subject:
    """What a follow-up is about now: a person, an actor, a topic, or words the articles don't know."""

    kind: str  # person | actor | topic | unknown
    id: Optional[str]
    name: str


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Repeat the last question for the new subject; with no last question, ask about the subject."""
    from . import TYPES  # the registry imports this module

    other = understanding.other_source(store, message.text, context)
    if len(other) == 1 and context.asked and context.question in TYPES:  # "and how does the other article put it?"
        return in_outlet(store, context, next(s.outlet for s in store.sources() if s.id in other))
    if asked_kinds(message.text) or len(content_stems(message.text)) > FRAGMENT_WORDS or \
            WHOLE_QUESTION.search(message.text):
        return TYPES["ask_fact"].module.answer(store, message, context)  # a whole question, not "and X?"
    resolution = resolve(store, message, context, use_context=False)
    if len(resolution.people) > 1:
        return TYPES["who_is"].module.answer(store, message, context)  # "Did you mean …?"
    subject = _subject(store, message, resolution)
    last = context.question if context.asked and context.question in TYPES else None
    if subject is None or _asks_more(store, message, subject):
        return TYPES["ask_fact"].module.answer(store, message, context)
    if last is None or subject.kind == "unknown" and not context.asked:
        first = {"person": "who_is", "actor": "ask_position"}.get(subject.kind, "ask_fact")
        return TYPES[first].module.answer(store, message, context)
    if subject.kind == "unknown" and not all(known_word(store, w) for w in content_stems(subject.name)):
        return not_said(_swap(store, context.asked, subject.name, "actor"), None, context)
    if subject.kind == "unknown":  # "anything about radar?" after a question on the treaty: the treaty's radar
        return TYPES["ask_fact"].module.answer(store, Message(message.text, "ask_fact"), context)
    if subject.kind == "actor" and subject.id in {source.actor_id for source in store.sources()}:
        return in_outlet(store, context, subject.name)  # "and the AP?": the same question, in that outlet's article
    return _again(store, TYPES[last], subject, context)


def in_outlet(store: KnowledgeStore, context: Context, outlet: str) -> Reply:
    """Ask the last question again, of one outlet's article."""
    from . import TYPES

    outlets = {source.actor_id for source in store.sources()}
    return TYPES[context.question].module.answer(
        store, Message(_swap_outlet(store, context.asked, outlet, outlets), context.question), context)


def _asks_more(store: KnowledgeStore, message: Message, subject: "Subject") -> bool:
    """Say whether a short follow-up asks something besides its new subject ("and the questions of the
    Russians?" asks about questions; "and the Russian side?" only names the Russians)."""
    if subject.kind == "unknown":
        return False
    named = set(stems(subject.name)) | GROUP_STEMS | {w for entity_id, alias, _ in store.aliases(subject.kind)
                                                      if entity_id == subject.id for w in stems(alias)}
    return bool(set(content_stems(message.text)) - named)


def _subject(store: KnowledgeStore, message: Message, resolution) -> Optional[Subject]:
    """Return the new subject a follow-up names, or None when it names none."""
    if resolution.people:
        return Subject("person", resolution.people[0].id, resolution.people[0].name)
    for kind, matches in (("actor", understanding.actors_named(store, message)),
                          ("topic", understanding.topics_named(store, message))):
        if matches:
            return Subject(kind, matches[0].entity_id, matches[0].alias)
    words = safe_echo(message.text).strip(" ?")
    words = re.sub(r"^(and|what about|how about|same for|and in)\s+", "", words, flags=re.IGNORECASE)
    return Subject("unknown", None, words) if content_stems(words) else None


def _again(store: KnowledgeStore, last, subject: Subject, context: Context) -> Reply:
    """Ask the last question again about the new subject."""
    from . import TYPES

    if last.name in ("who_is", "what_said", "who_said", "compare_outlets"):
        if subject.kind == "person":
            asked = "who is" if last.name == "who_is" else "what did"
            text = f"{asked} {subject.name}" + ("" if last.name == "who_is" else " say")
            return TYPES["who_is" if last.name == "who_is" else "what_said"].module.answer(
                store, Message(text, last.name, (("person", subject.name),)), context)
        asked = _swap(store, context.asked, subject.name, "actor") if last.name == "what_said" else \
            f"what did {subject.name} say"  # "what did he say after the talks?" → "… Russia say after the talks?"
        return TYPES["ask_position"].module.answer(store, Message(asked, entities=(("actor", subject.name),)), context)
    if last.name == "who_went_where":
        if subject.kind == "person":
            return last.module.answer(store, Message(f"where did {subject.name} go?", entities=(("person", subject.name),)),
                                      context)
        return last.module.answer(store, Message(f"who went to {subject.name}?"), context)
    if last.name == "ask_position" and subject.kind == "actor":
        reply = last.module.answer(store, Message(_swap(store, context.asked, subject.name, "actor"),
                                                  entities=(("actor", subject.name),)), context)
        if reply.declines and context.topic_id:  # "why wouldn't Jonesland give a view?" → "and Smithland?": its stance
            stance = last.module.answer(store, Message(f"and {subject.name}?", entities=(("actor", subject.name),)),
                                        context)
            return reply if stance.declines else stance
        return reply
    if subject.kind == "actor" and _named_in(store, context.asked, "actor") is None and \
            not store.mentions(context.asked, "topic"):
        # "and what about Iraq?" after "how many diplomats were expelled?" (no country, no topic): not the same
        # question about Iraq, but Iraq in what the conversation is about; "and allies?" after "what does the
        # treaty say about radar?" asks the treaty again
        return TYPES["ask_fact"].module.answer(store, Message(f"what about {subject.name}", "ask_fact",
                                                              (("actor", subject.name),)), context)
    asked = understanding.analyse(store, Message(context.asked), Context(topic_id=context.topic_id))
    changes = {"person": {"people": frozenset({subject.id})}, "actor": {"actors": frozenset({subject.id})},
               "topic": {"topics": frozenset({subject.id})}}[subject.kind]
    question = understanding.about(asked, text=_swap(store, context.asked, subject.name, subject.kind), **changes)
    intent = last.name if last.name in ("ask_fact", "ask_position", "who_went_where") else "ask_fact"
    return answering.respond(store, question, context, intent)


def _swap(store: KnowledgeStore, asked: str, new: str, kind: str = "") -> str:
    """Return the last question with its subject replaced by a new name ("how did Germany react" → "… France …");
    the group named with the old subject goes with it ("what did the US team think?" → "what did Russia think?").
    A name of the new subject's kind is replaced first, as it was typed ("frnace" → "Germany")."""
    kinds = [kind] + [k for k in ("person", "actor", "topic") if k != kind] if kind else ["person", "actor", "topic"]
    for entity_type in kinds:
        found = _named_in(store, asked, entity_type)
        if found:
            return asked[:found.start()] + new + asked[found.end():]
    found = re.search(r"\b(?:he|she|they)\b", asked, re.IGNORECASE)  # "what did he say after the talks?"
    if found:
        return asked[:found.start()] + new + asked[found.end():]
    return f"{asked} ({new})"


def _named_in(store: KnowledgeStore, asked: str, entity_type: str):
    """Return where a question names an entity of a type (with its group: "the US team"), or None."""
    typed = [m.alias for m in understanding.actors_named(store, Message(asked))] if entity_type == "actor" else []
    for match in store.mentions(asked, entity_type, typos=False):
        typed += sorted({a for e, a, _ in store.aliases(entity_type) if e == match.entity_id}, key=len, reverse=True)
    for alias in typed:
        found = re.search(rf"(?:\bthe\s+)?\b{re.escape(alias)}\b{GROUP}", asked, re.IGNORECASE)
        if found:
            return found
    return None


def _swap_outlet(store: KnowledgeStore, asked: str, new: str, outlets: set) -> str:
    """Return the last question with the outlet it named replaced by another, or asked of that outlet."""
    for match in store.mentions(asked, "actor", typos=False):
        if match.entity_id in outlets:
            found = re.search(rf"\b{re.escape(match.alias)}\b", asked, re.IGNORECASE)
            if found:
                return asked[:found.start()] + new + asked[found.end():]
    return f"{asked.rstrip(' ?')}, according to {new}?"


def example(store: KnowledgeStore) -> str:
    """An example follow-up."""
    people = store.people()
    return f"And {people[0].surname}?" if people else "And the other side?"
