"""Which outlet carried this wording? For statements the outlets worded differently."""
import random
from typing import Optional

from knowledge.store import Citation, KnowledgeStore
from knowledge.text import normalise

from ..match import match_option
from ..reply import describe
from .base import Graded, Kind, Question, Subject, other_wordings, quote_subject, right_label, shaped

NAME = "outlet"


def carriers(store: KnowledgeStore, key: str) -> set[str]:
    """Return the outlets that carried exactly this wording of the statement."""
    quote = store.quote(key)
    return {q.citation.outlet for q in store.wordings(quote.statement_id) if normalise(q.text) == normalise(quote.text)}


def items(store: KnowledgeStore) -> list[str]:
    """Quotes of statements carried by several outlets, where only this quote's outlet has its wording."""
    keys = []
    for quote in store.all_quotes():
        if quote.statement_id and len({q.citation.outlet for q in store.wordings(quote.statement_id)}) > 1 \
                and carriers(store, quote.id) == {quote.citation.outlet}:
            keys.append(quote.id)
    return keys


def could_be_right(store: KnowledgeStore, key: str, option: str) -> bool:
    return option in carriers(store, key)


def question(store: KnowledgeStore, key: str, rng: random.Random) -> Question:
    quote = store.quote(key)
    options = sorted({q.citation.outlet for q in store.wordings(quote.statement_id)})
    prompt = f'Which outlet carried this wording of {quote.speaker}\'s words?\n"{quote.text}"'
    return Question(f"{NAME}:{key}", prompt, options, options.index(quote.citation.outlet))


def grade(store: KnowledgeStore, question: Question, text: str) -> Optional[Graded]:
    index = match_option(text, question.options, store)
    if index is None:  # an outlet's other names (the store's aliases)
        labels = {source.id: source.publisher_label for source in store.sources()}
        named = [question.options.index(labels[s]) for s in store.sources_named(text) if labels[s] in question.options]
        index = named[0] if len(named) == 1 else None
    return None if index is None else Graded(index == question.answer, question.options[index])


def hints(store: KnowledgeStore, question: Question) -> list[str]:
    outlets = " and ".join(source.publisher_label for source in store.sources())
    return [f"{outlets} translated some remarks differently — which wording sounds like this one?"]


def feedback(store: KnowledgeStore, question: Question, correct: bool, given: str = "") -> str:
    quote = store.quote(question.item_id.split(":", 1)[1])
    speaker = describe(store, store.person(quote.person_id))
    evidence = f"{quote.citation.outlet} carried this wording of {speaker}: “{quote.text}”"
    return shaped(correct, right_label(question, False), evidence, [quote.citation], other_wordings(store, quote))


def subject(store: KnowledgeStore, key: str) -> Subject:
    return quote_subject(store, store.quote(key))


def recap(store: KnowledgeStore, key: str) -> tuple[str, Citation]:
    quote = store.quote(key)
    return quote.text, quote.citation


KIND = Kind(NAME, "which outlet carried it", ("outlet", "outlets", "which outlet", "news outlets", "media",
                                              "sources", "wordings", "wording", "translations"),
            ("an outlet",), 0.0, False, items, question, grade, hints, feedback, could_be_right, subject, recap)
