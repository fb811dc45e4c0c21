"""What every kind of quiz question has in common: the question, the grade, the subject an item
is about, the kind itself, and the shared pieces of feedback and wording.

Nothing here names article content: every text comes from the store.
"""
import random
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from knowledge.store import STOPWORDS, Citation, KnowledgeStore, Quote
from knowledge.text import normalise

from ..match import letter
from ..reply import cite, describe

BLANK = "____"

# Function words never blanked or counted as content (the store's stopwords plus the rest of the
# common English ones); not article content.
FUNCTION_WORDS = STOPWORDS | frozenset(
    "about above after again against all also am among any aren't because been before being below "
    "between both but can cannot could couldn't didn't doesn't doing don't down during each even ever "
    "every few further here hers herself himself how into isn't itself just least less let many more "
    "most much must my myself no nor not now off once only other others ought ours ourselves out over "
    "own same shall should shouldn't some such than then there these those through too under until "
    "upon very wasn't weren't while whose yet your yours yourself yourselves themselves theirs one "
    "being been like well".split())

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


@dataclass
class Question:
    """One question. `options` are the choices shown as buttons; a typed kind (`Kind.typed`) shows
    none, and its `options` hold the one accepted answer (`answer` is then 0)."""

    item_id: str
    prompt: str
    options: list[str]
    answer: int

    @property
    def expected(self) -> str:
        """The right answer as text."""
        return self.options[self.answer]


@dataclass(frozen=True)
class Graded:
    """A graded answer: right or wrong, and the answer as graded (the option, or the text typed)."""

    correct: bool
    given: str


@dataclass(frozen=True)
class Subject:
    """What an item is about, for scheduling and focus.

    `statement_id` names what a quiz asks about only once (both outlets' wordings of a remark, or
    one article sentence, share it); `person_id` and `side` are who the item is about, for "quiz me
    on <person>" and "quiz me about <country>" (None: no one in particular).
    """

    id: str
    statement_id: str
    person_id: Optional[str]
    side: Optional[str]


@dataclass(frozen=True)
class Kind:
    """One kind of quiz question. Items of a kind are "<name>:<key>"; the functions take the key.

    :param label: what the learner is told the quiz is about ("numbers and dates")
    :param words: learner words that name this kind ("numbers", "dates"), for `find`
    :param answers: how a learner answers, for the quiz intro ("a figure")
    :param share: the kind's share of a mixed quiz (0: an even part of what the shared kinds leave)
    :param typed: answered by typing, no buttons
    :param items: the keys of every item of this kind the store supports
    :param question: the question for a key, the same for the same random generator state
    :param grade: grade a typed or clicked answer; None when it fits no answer (not marked wrong)
    :param hints: the hints, in order (each costs points)
    :param feedback: right/wrong first, then the sentence or quote it rests on, then its source
    :param could_be_right: whether an option text could be a right answer to the key, checked
        against the store; every wrong option of a question is one for which this is False
    :param subject: what the item is about
    :param recap: a short text of the item and its citation, for the end-of-quiz summary
    """

    name: str
    label: str
    words: tuple[str, ...]
    answers: tuple[str, ...]
    share: float
    typed: bool
    items: Callable[[KnowledgeStore], list[str]]
    question: Callable[[KnowledgeStore, str, random.Random], Question]
    grade: Callable[[KnowledgeStore, Question, str], Optional[Graded]]
    hints: Callable[[KnowledgeStore, Question], list[str]]
    feedback: Callable[[KnowledgeStore, Question, bool, str], str]
    could_be_right: Callable[[KnowledgeStore, str, str], bool]
    subject: Callable[[KnowledgeStore, str], Subject]
    recap: Callable[[KnowledgeStore, str], tuple[str, Citation]]

    def item_id(self, key: str) -> str:
        return f"{self.name}:{key}"


def key_of(item_id: str) -> str:
    """Return the key part of an item id ("said:<quote id>" → "<quote id>")."""
    return item_id.split(":", 1)[1]


# -- feedback -----------------------------------------------------------------------------------

def right_label(question: Question, typed: bool) -> str:
    """Return the right answer as the learner is told it: "B) <option>" or "“<word>”" (typed)."""
    return f"“{question.expected}”" if typed else f"{letter(question.answer)}) {question.expected}"


def shaped(correct: bool, right: str, evidence: str, citations: Iterable[Citation], extra: Iterable[str] = (),
           opening: Optional[str] = None) -> str:
    """Return feedback in the one shape every kind uses: "Right!" or "Not quite — the answer is …",
    then the sentence or quote it rests on followed by "Source: …", then any further lines."""
    first = opening or ("Right!" if correct else f"Not quite — the answer is {right}.")
    return "\n".join([first, f"{evidence} {cite(citations)}", *extra])


def said_line(store: KnowledgeStore, quote: Quote) -> str:
    """Return "<speaker — role (side)> said: “<quote>”"."""
    return f"{describe(store, store.person(quote.person_id))} said: “{quote.text}”"


def other_wordings(store: KnowledgeStore, quote: Quote) -> list[str]:
    """Return '<outlet> worded it: "…"' for each other outlet's wording of the quote's statement."""
    others = store.wordings(quote.statement_id) if quote.statement_id else []
    return [f'{other.citation.outlet} worded it: "{other.text}"' for other in others if other.id != quote.id]


# -- subjects -----------------------------------------------------------------------------------

def quote_statement(quote: Quote) -> str:
    return quote.statement_id or quote.id


def quote_subject(store: KnowledgeStore, quote: Quote) -> Subject:
    person = store.person(quote.person_id)
    return Subject(quote.id, quote_statement(quote), quote.person_id, person.side if person else None)


def content_words(text: str) -> set[str]:
    """Return the lower-cased words of a text that are not function words."""
    return {w for w in (m.lower() for m in _WORDS.findall(normalise(text))) if w not in FUNCTION_WORDS and len(w) > 1}


def words_of(text: str) -> list[re.Match]:
    """Return the word tokens of a text (letters and inner apostrophes), with their spans."""
    return list(_WORDS.finditer(text))


def sentence_statement(store: KnowledgeStore, sentence_id: str, person_id: Optional[str] = None,
                       text: str = "") -> str:
    """Return the statement an item resting on an article sentence asks about: the statement of a
    quote in that sentence; else, for an item about a person, the statement of a quote of theirs
    that shares at least half of its content words with `text` (the same remark, reported); else the
    sentence itself."""
    quotes = store.all_quotes()
    for quote in quotes:
        if quote.citation.sentence_id == sentence_id:
            return quote_statement(quote)
    if person_id and text:
        words = content_words(text)
        for quote in quotes:
            if quote.person_id == person_id:
                said = content_words(quote.text)
                shared = said & words
                if shared and len(shared) * 2 >= len(said):
                    return quote_statement(quote)
    return f"sentence:{sentence_id}"
