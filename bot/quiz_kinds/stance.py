"""Which country or person took this stance? A position the articles report, its holder blanked.

The answer is the person who voiced the stance, or the country or group when no one of its own
voiced it (a reporter's account is the country's stance). Wrong options are other holders of
positions, each checked against the store not to hold this stance or an equivalent one (see
`could_hold`).
"""
import random
import re
from functools import lru_cache
from typing import Optional

from knowledge.store import Citation, KnowledgeStore, Statement

from ..match import match_option
from ..reply import describe, quoted
from .base import BLANK, Graded, Kind, Question, Subject, right_label, sentence_statement, shaped

NAME = "stance"
OPTIONS = 4
ACTOR_KINDS = ("country", "group", "organisation")

Entity = tuple[str, str]  # ("person" | "actor", id)


def positions(store: KnowledgeStore) -> list[Statement]:
    return [s for s in store.statements() if s.kind == "position"]


def position(store: KnowledgeStore, key: str) -> Statement:
    """Return the position with this id; KeyError if the store has none."""
    found = next((p for p in positions(store) if p.id == key), None)
    if found is None:
        raise KeyError(key)
    return found


def media_sides(store: KnowledgeStore) -> set[str]:
    """The sides of the outlets: their people report stances, they do not hold them."""
    return {store.actor_side(source.actor_id) for source in store.sources() if source.actor_id}


def side_of(store: KnowledgeStore, entity: Entity) -> Optional[str]:
    kind, entity_id = entity
    if kind == "person":
        return store.person(entity_id).side
    return store.actor_side(entity_id)


def name_of(store: KnowledgeStore, entity: Entity) -> str:
    kind, entity_id = entity
    return store.person(entity_id).name if kind == "person" else store.name_of(entity_id)


def entity_named(store: KnowledgeStore, text: str) -> Optional[Entity]:
    """Return the person or actor whose display name is exactly `text`."""
    for person in store.people():
        if person.name == text:
            return "person", person.id
    for actor_id, name in store.actor_names(ACTOR_KINDS):
        if name == text:
            return "actor", actor_id
    return None


def voiced_by_its_own(store: KnowledgeStore, p: Statement) -> bool:
    """Whether one of the actor's own people voiced the stance (not a reporter, not nobody)."""
    return bool(p.person_id) and store.person(p.person_id).side not in media_sides(store)


def principal(store: KnowledgeStore, p: Statement) -> Entity:
    """The right answer: the person who voiced the stance, else the country or group."""
    return ("person", p.person_id) if voiced_by_its_own(store, p) else ("actor", p.actor_id)


def holders(p: Statement) -> set[Entity]:
    return {("actor", p.actor_id)} | ({("person", p.person_id)} if p.person_id else set())


def equivalent(p: Statement, q: Statement) -> bool:
    """The same stance: the same curated stance on the same topic, or resting on the same sentence."""
    return q.id == p.id or (q.topic_id, q.stance) == (p.topic_id, p.stance) or \
        q.citation.sentence_id == p.citation.sentence_id


def could_hold(store: KnowledgeStore, key: str) -> set[Entity]:
    """Everyone of whom "took this stance" could be true, by the store: the holders of this and of
    every equivalent position; for a country's or group's own stance, its people too; a group and
    its members together (a group of countries and each of them)."""
    return set(_could_hold(store, key))


@lru_cache(maxsize=None)
def _could_hold(store: KnowledgeStore, key: str) -> frozenset:
    p = position(store, key)
    groups = {actor_id for actor_id, _ in store.actor_names(("group",))}
    actors = [actor_id for actor_id, _ in store.actor_names(ACTOR_KINDS)]
    found: set[Entity] = set()
    for q in positions(store):
        if not equivalent(p, q):
            continue
        found |= holders(q)
        side = store.actor_side(q.actor_id)
        if not voiced_by_its_own(store, q):
            found |= {("person", person.id) for person in store.people() if person.side == side}
        if q.actor_id in groups:
            found |= {("actor", a) for a in actors if store.actor_side(a) == side}
        found |= {("actor", g) for g in groups if store.actor_side(g) == side}
        if q.person_id:
            found |= {("actor", g) for g in groups if store.actor_side(g) == store.person(q.person_id).side}
    return frozenset(found)


def candidates(store: KnowledgeStore) -> list[Entity]:
    """Everyone who holds some position in the articles (not the outlets' people)."""
    found: dict[Entity, None] = {}
    for p in positions(store):
        for entity in sorted(holders(p)):
            if side_of(store, entity) not in media_sides(store):
                found[entity] = None
    return list(found)


def could_be_right(store: KnowledgeStore, key: str, option: str) -> bool:
    entity = entity_named(store, option)
    return entity is None or entity in could_hold(store, key)


def items(store: KnowledgeStore) -> list[str]:
    """Positions with a holder to ask for and at least two wrong options."""
    return [p.id for p in positions(store) if len(_wrong(store, p.id)) >= 2]


def _wrong(store: KnowledgeStore, key: str) -> list[Entity]:
    excluded = could_hold(store, key)
    return [e for e in candidates(store) if e not in excluded]


# -- the prompt: the position's summary with its holder blanked ----------------------------------

def _phrases(store: KnowledgeStore, p: Statement) -> list[str]:
    """Every way the summary may name the holder: the aliases of the people who hold it, and of
    every actor on the holders' sides (a ministry names its country)."""
    media = media_sides(store)
    people = {pid for kind, pid in holders(p) if kind == "person" and store.person(pid).side not in media}
    sides = {side_of(store, e) for e in holders(p) if side_of(store, e) not in media}
    actors = {actor_id for actor_id, _ in store.actor_names(ACTOR_KINDS) if store.actor_side(actor_id) in sides}
    phrases = [alias for person_id, alias, _ in store.aliases("person") if person_id in people]
    phrases += [title for pid in people for title in store.person(pid).titles]
    phrases += [alias for actor_id, alias, _ in store.aliases("actor") if actor_id in actors]
    phrases += [store.name_of(actor_id) for actor_id in actors]
    phrases += [phrase[4:] for phrase in phrases if phrase.lower().startswith("the ")]
    return sorted({phrase for phrase in phrases if phrase}, key=len, reverse=True)


def _pattern(phrase: str) -> str:
    body = re.escape(phrase)
    return body if phrase.upper() == phrase else f"(?i:{body})"  # "US" is not "us"


def blanked(store: KnowledgeStore, p: Statement) -> str:
    """Return the position's summary with every name of its holder replaced by a blank."""
    phrases = _phrases(store, p)
    if not phrases:
        return p.summary
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(_pattern(phrase) for phrase in phrases) + r")(?!\w)")
    text = pattern.sub(BLANK, p.summary)
    return re.sub(rf"{BLANK}(?:\s+{BLANK})+", BLANK, text)


def question(store: KnowledgeStore, key: str, rng: random.Random) -> Question:
    p = position(store, key)
    right = principal(store, p)
    prompt_text = blanked(store, p)
    mentioned = {("person", m.entity_id) for m in store.mentions(prompt_text, "person", typos=False)}
    mentioned |= {("actor", m.entity_id) for m in store.mentions(prompt_text, "actor")}
    wrong = [e for e in _wrong(store, key) if e not in mentioned and e != right]
    same_kind = [e for e in wrong if e[0] == right[0]]
    tiers = [[e for e in same_kind if side_of(store, e) == side_of(store, right)],
             [e for e in same_kind if side_of(store, e) != side_of(store, right)],
             [e for e in wrong if e[0] != right[0]]]
    chosen: list[Entity] = []
    for tier in tiers:
        tier = sorted(tier)
        rng.shuffle(tier)
        chosen += tier[: OPTIONS - 1 - len(chosen)]
    entities = [right] + chosen
    rng.shuffle(entities)
    names = [name_of(store, e) for e in entities]
    prompt = f"Which country or person took this stance, according to the articles?\n“{prompt_text}”"
    return Question(f"{NAME}:{key}", prompt, names, entities.index(right))


def grade(store: KnowledgeStore, question: Question, text: str) -> Optional[Graded]:
    index = match_option(text, question.options, store)
    if index is None:  # a country's other names (the store's aliases)
        named = [entity_named(store, option) for option in question.options]
        found = [("actor", m.entity_id) for m in store.match_name(text, "actor")[:1] if m.score >= 90]
        found += [("person", person.id) for person, score in store.find_people(text)[:1] if score >= 90]
        hits = {named.index(e) for e in found if e in named}
        index = hits.pop() if len(hits) == 1 else None
    return None if index is None else Graded(index == question.answer, question.options[index])


def hints(store: KnowledgeStore, question: Question) -> list[str]:
    kind, entity_id = principal(store, position(store, question.item_id.split(":", 1)[1]))
    if kind == "person":
        person = store.person(entity_id)
        return [f"it is a person, on {store.side_label(person.side) or person.side}.",
                f"they are the {person.titles[0]}."]
    kinds = {actor_id: kind for kind in ACTOR_KINDS for actor_id, _ in store.actor_names((kind,))}
    name = store.name_of(entity_id)
    initial = name[4:] if name.lower().startswith("the ") else name
    article = "an" if kinds.get(entity_id, "country")[0] in "aeiou" else "a"
    return [f"it is {article} {kinds.get(entity_id, 'country')}, not a person.",
            f"its name starts with “{initial[0]}”."]


def feedback(store: KnowledgeStore, question: Question, correct: bool, given: str = "") -> str:
    p = position(store, question.item_id.split(":", 1)[1])
    kind, entity_id = principal(store, p)
    extra = [f"{describe(store, store.person(entity_id))}."] if kind == "person" else []
    return shaped(correct, right_label(question, False), quoted(p.citation), [p.citation], extra)


def subject(store: KnowledgeStore, key: str) -> Subject:
    p = position(store, key)
    right = principal(store, p)
    person_id = right[1] if right[0] == "person" else None
    return Subject(p.id, sentence_statement(store, p.citation.sentence_id, person_id, p.evidence), person_id,
                   side_of(store, right))


def recap(store: KnowledgeStore, key: str) -> tuple[str, Citation]:
    p = position(store, key)
    return p.summary, p.citation


KIND = Kind(NAME, "whose stance is it", ("stance", "stances", "positions", "position", "views", "opinions",
                                         "attitudes", "who thinks what", "countries", "reactions"),
            ("a country", "a name"), 0.0, False, items, question, grade, hints, feedback, could_be_right, subject,
            recap)
