"""ask_position: the stance or reaction of a country, a group or a person."""
import re
from dataclasses import replace

from knowledge.store import KnowledgeStore

from .. import answering, grounding, language, settings, understanding
from ..language import stem
from ..people import resolve
from ..reply import Button, Context, Message, Reply, answered, ask_which

NAME = "ask_position"
CONTINUING = re.compile(r"^\W*(?:and|what about|how about|and what about)\b", re.IGNORECASE)  # a follow-up's opening
STANCE_WORDS = frozenset(stem(w) for w in (
    "position", "stance", "view", "views", "react", "reaction", "respond", "response", "think", "opinion", "feel",
    "attitude", "stand", "approach", "feeling", "take", "say", "official", "line", "verdict", "conclude", "conclusion",
    "assessment", "judgement", "judgment", "impression", "achieve", "achieved", "accomplish", "accomplished",
    # the sides of a stance: "is Germany for or against it?" asks the stance, whichever it is
    "for", "against", "support", "supportive", "oppose", "opposed", "agree", "disagree", "approve", "like",
    "happy", "pleased", "angry", "upset", "favour", "favor")) | frozenset(stem(w) for w in understanding.TOPIC_HEADS)
# (what a stance is held on — "the plan", "the US pitch" — is the thing every stance is about)
# Feelings that ask for a stance only in a yes/no question: "were the British convinced?" asks their
# stance; "why is Russia not convinced?" and "what are the Kremlin's worries?" ask what the feeling is.
YES_NO_STANCE_WORDS = frozenset(stem(w) for w in (
    "glad", "satisfied", "convinced", "persuaded", "worried", "concerned"))


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer with the stances the articles report for the actor or person asked about."""
    resolution = resolve(store, message, context)
    question = understanding.analyse(store, message, context, resolution)
    stance_words = STANCE_WORDS | (YES_NO_STANCE_WORDS if language.is_yes_no(message.text) else frozenset())
    question = replace(question, terms=tuple(t for t in question.terms if t not in stance_words and
                                             grounding.typo_of(store, t) not in stance_words))  # "reacton"
    topic = store.name_of(next(iter(question.topics))) if len(question.topics) == 1 else None
    if resolution.role and not resolution.people:
        return answering.unnamed_role(store, message, context, resolution.phrase, NAME)
    # "what is the US doing with India?" was routed here but asks no stance: any sentence that fits answers it
    asks_stance = question.says or bool(set(language.stems(message.text)) & stance_words)
    actor_id = _first_actor(store, message, question)
    if actor_id:
        pool = [c for c in grounding.candidates(store) if c.holder == actor_id or
                (c.origin == "sentence" and _of_actor(store, c, actor_id) and not _quoted_by_others(store, c, actor_id))]
        if not question.topics and context.topic_id and CONTINUING.match(message.text or ""):
            on_topic = replace(question, topics=frozenset({context.topic_id}))  # "and the Russians?" after the talks:
            if grounding.find(store, on_topic, pool).answers:  # their stance on the talks, if the articles give one
                question, topic = on_topic, store.name_of(context.topic_id)
        what = f"report {store.name_of(actor_id)}'s stance" + (f" on {topic}" if topic else "")
        if not (question.terms or question.topics or question.kinds or question.places or question.times or
                question.during):  # "what is Russia's position?"
            return stances(store, question, context, [c for c in pool if c.origin == "position"] or pool, what,
                           anywhere=not asks_stance)
        return answering.respond(store, question, context, NAME, pool, what=what, anywhere=not asks_stance)
    if len(resolution.people) > 1:
        return ask_which(resolution.people, NAME, message.text, context)
    if resolution.people:
        person = resolution.people[0]
        pool = [c for c in grounding.candidates(store) if person.id in c.people]
        return answering.respond(store, question, context, NAME, pool,
                                 what=f"report a stance of {person.name}" + (f" on {topic}" if topic else ""),
                                 anywhere=not asks_stance)
    if resolution.role:
        return answering.unnamed_role(store, message, context, resolution.phrase, NAME)
    if question.topics or question.terms:
        return answering.respond(store, replace(question, kinds=question.kinds or ("actor", "person")), context, NAME)
    holders = _holders(store)[:3]
    names = [store.name_of(actor_id) for actor_id in holders]
    return Reply(f"Whose position? The articles report stances of {', '.join(_holders_named(store))}.",
                 buttons=[Button(name, f"what is {name}'s position?") for name in names])


def _first_actor(store: KnowledgeStore, message: Message, question) -> str:
    """Return the actor whose stance is asked: one named before any person ("how did Russia react to
    the president's announcement?"), or the only one when no person is named."""
    from ..people import _position

    if not question.actors:
        return ""
    named = [m for m in understanding.actors_named(store, message) if m.entity_id in question.actors]
    aliases = store.aliases("actor")  # where the message names it, in any of its names ("brits" for Britain)
    named.sort(key=lambda m: min([_position(message.text, alias) for e, alias, _ in aliases if e == m.entity_id] +
                                 [_position(message.text, m.alias)]))
    first = named[0] if named else None
    if not question.people:
        return first.entity_id if first else min(question.actors)
    people_at = min((_position(message.text, store.person(p).surname) for p in question.people), default=99)
    return first.entity_id if first and _position(message.text, first.alias) < people_at else ""


def _belong(store: KnowledgeStore, people, actor_id: str) -> bool:
    """Say whether any of these people belongs to the actor."""
    return any(actor_id in grounding.country_of(store, p) for p in people)


def _of_actor(store: KnowledgeStore, candidate, actor_id: str) -> bool:
    """Say whether a sentence's subject or speaker is the actor or one of its people ("the ministry's spokesman
    told reporters", '"We began to give them answers," the adviser said')."""
    return _belong(store, candidate.speakers, actor_id) or any(
        actor_id in clause.subjects or _belong(store, grounding.subjects(store, clause.text, "person"), actor_id)
        for clause in candidate.clauses)


def _quoted_by_others(store: KnowledgeStore, candidate, actor_id: str) -> bool:
    """Say whether a sentence is someone else's words about an actor ("'The American side has failed …,'
    said the Russian spokesman"): not that actor's stance."""
    return bool(candidate.speakers) and not _belong(store, candidate.speakers, actor_id)


def _holders(store: KnowledgeStore) -> list[str]:
    """Return the actors with reported stances, most stances first."""
    counts: dict[str, int] = {}
    for candidate in grounding.candidates(store):
        if candidate.holder:
            counts[candidate.holder] = counts.get(candidate.holder, 0) + 1
    return sorted(counts, key=lambda actor_id: -counts[actor_id])


def _holders_named(store: KnowledgeStore) -> list[str]:
    return [store.name_of(actor_id) for actor_id in _holders(store)]


def stances(store: KnowledgeStore, question, context: Context, pool: list, what: str, anywhere: bool = False) -> Reply:
    """Answer "what is <actor>'s position?" with its main stances, best first, each with its outlet."""
    chosen = grounding.find(store, question, pool).answers[:settings.STANCES_PER_REPLY]
    if not chosen:
        return answering.respond(store, question, context, NAME, pool, what=what, anywhere=anywhere)
    text, citations = answering.present(chosen)
    return answered(text, citations, context, **answering.after_context(context, question, NAME, chosen))


def example(store: KnowledgeStore) -> str:
    """An example question: the stance of the actor with the most stances."""
    holders = _holders(store)
    return f"What is {store.name_of(holders[0])}'s position?" if holders else "What are the positions?"
