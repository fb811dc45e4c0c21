"""Who said this? A quote as one outlet reported it; four people as options."""
import random
from typing import Optional

from knowledge.store import Citation, KnowledgeStore, Person
from knowledge.text import normalise

from ..match import match_option
from .base import Graded, Kind, Question, Subject, other_wordings, quote_subject, right_label, said_line, shaped

NAME = "said"
OPTIONS = 4


def items(store: KnowledgeStore) -> list[str]:
    return [quote.id for quote in store.all_quotes()]


def speakers(store: KnowledgeStore, key: str) -> set[str]:
    """Return the ids of everyone the store has saying these words: the speaker of every wording
    of the statement, and of any other quote with the same wording."""
    quote = store.quote(key)
    wordings = store.wordings(quote.statement_id) if quote.statement_id else [quote]
    same = {normalise(q.text) for q in wordings}
    return {q.person_id for q in wordings} | {q.person_id for q in store.all_quotes() if normalise(q.text) in same}


def could_be_right(store: KnowledgeStore, key: str, option: str) -> bool:
    return any(person.name == option and person.id in speakers(store, key) for person in store.people())


def distractors(store: KnowledgeStore, speaker: Person, source_id: str, rng: random.Random, count: int,
                exclude: frozenset = frozenset()) -> list[Person]:
    """Pick plausible wrong speakers: same side first, then people in the same article, then the rest;
    never anyone in `exclude` (people the store has saying these words)."""
    in_article = {p.id for p in store.people() if any(r.citation.source_id == source_id for r in p.roles)}
    others = [p for p in store.people() if p.id != speaker.id and p.id not in exclude]
    tiers = [[p for p in others if p.side == speaker.side],
             [p for p in others if p.side != speaker.side and p.id in in_article],
             [p for p in others if p.side != speaker.side and p.id not in in_article]]
    chosen: list[Person] = []
    for tier in tiers:
        tier = sorted(tier, key=lambda p: p.id)
        rng.shuffle(tier)
        chosen += tier[: count - len(chosen)]
    return chosen


def question(store: KnowledgeStore, key: str, rng: random.Random) -> Question:
    quote = store.quote(key)
    speaker = store.person(quote.person_id)
    people = [speaker] + distractors(store, speaker, quote.citation.source_id, rng, OPTIONS - 1,
                                     frozenset(speakers(store, key)))
    rng.shuffle(people)
    names = [p.name for p in people]
    prompt = f'Who said this, as {quote.citation.outlet} reported it?\n"{quote.text}"'
    return Question(f"{NAME}:{key}", prompt, names, names.index(speaker.name))


def grade(store: KnowledgeStore, question: Question, text: str) -> Optional[Graded]:
    index = match_option(text, question.options, store)
    return None if index is None else Graded(index == question.answer, question.options[index])


def hints(store: KnowledgeStore, question: Question) -> list[str]:
    person = store.person(store.quote(question.item_id.split(":", 1)[1]).person_id)
    return [f"the speaker is on {store.side_label(person.side) or person.side}.",
            f"the speaker is the {person.titles[0]}."]


def feedback(store: KnowledgeStore, question: Question, correct: bool, given: str = "") -> str:
    quote = store.quote(question.item_id.split(":", 1)[1])
    return shaped(correct, right_label(question, False), said_line(store, quote), [quote.citation],
                  other_wordings(store, quote))


def subject(store: KnowledgeStore, key: str) -> Subject:
    return quote_subject(store, store.quote(key))


def recap(store: KnowledgeStore, key: str) -> tuple[str, Citation]:
    quote = store.quote(key)
    return quote.text, quote.citation


KIND = Kind(NAME, "who said it", ("said", "who said", "who said it", "who said what", "quotes", "quote",
                                  "quotations", "speakers", "people", "names"),
            ("a name",), 0.5, False, items, question, grade, hints, feedback, could_be_right, subject, recap)
