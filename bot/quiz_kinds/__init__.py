"""The kinds of quiz question: a registry (`KINDS`, in order), one module per kind, every question
generated from the store.

An item id is "<kind name>:<key>" ("said:<quote id>"); the kind's functions take the
key. `bot.quiz` runs the quiz and asks the kind of the current item for its question, grading,
hints and feedback.

- said — who said this quote? (four people)
- outlet — which outlet carried this wording? (statements the outlets worded differently)
- stance — which country or person took this stance? (a position, its holder blanked)
- number — what figure do the articles give? (years, sums, counts, lengths of time)
- missing_word — fill in the missing word of a quote (typed, no buttons)

The mix: a quiz of every kind gives "said" its share (half of the questions, rounded up); the other
kinds share the rest evenly, in an order shuffled under the quiz's seed, so a five-question quiz
has three "who said it?" questions and two of two other kinds. A kind without enough items
leaves its places to the others.
"""
import math
import random
import re
from functools import lru_cache
from typing import Iterable, Optional

from rapidfuzz import fuzz

from knowledge.store import KnowledgeStore

from . import missing_word, number, outlet, said, stance
from .base import Graded, Kind, Question, Subject, key_of

KINDS: tuple[Kind, ...] = (said.KIND, outlet.KIND, stance.KIND, number.KIND, missing_word.KIND)
BY_NAME = {kind.name: kind for kind in KINDS}
FUZZY_WORD = 84  # rapidfuzz ratio for a typo of a kind's word ("nubmers")
_EDGES = re.compile(r"^(?:the|about|on|with|some|only|just)\s+|\s+(?:questions?|quiz(?:zes)?|ones|kind|type|please)$")

__all__ = ["KINDS", "BY_NAME", "Graded", "Kind", "Question", "Subject", "all_items", "find", "how_to_answer",
           "key_of", "kind_of", "mix", "names", "names_for", "question", "quotas", "subject", "about"]


def names() -> list[str]:
    """Return the kinds' names in registry order."""
    return [kind.name for kind in KINDS]


def kind_of(item_id: str) -> Kind:
    """Return the kind of an item ("number:…" → the number kind); KeyError for an unknown kind."""
    name = str(item_id).split(":", 1)[0]
    if name not in BY_NAME:
        raise KeyError(f"no quiz kind {name!r} (item {item_id!r})")
    return BY_NAME[name]


def all_items(store: KnowledgeStore, kinds: Optional[Iterable[str]] = None) -> list[str]:
    """Return every item of the given kinds (names; default all), kind by kind in registry order."""
    wanted = set(kinds) if kinds is not None else set(BY_NAME)
    return [kind.item_id(key) for kind in KINDS if kind.name in wanted for key in kind.items(store)]


def question(store: KnowledgeStore, item_id: str, seed: int) -> Question:
    """Return the question for an item, the same every time for the same seed."""
    return kind_of(item_id).question(store, key_of(item_id), random.Random(f"{seed}:{item_id}"))


def subject(store: KnowledgeStore, item_id: str) -> Subject:
    """Return what an item is about: its statement (asked once per quiz), person and side."""
    return _subject(store, item_id)


@lru_cache(maxsize=None)
def _subject(store: KnowledgeStore, item_id: str) -> Subject:
    return kind_of(item_id).subject(store, key_of(item_id))


def about(store: KnowledgeStore, item_id: str, person_id: Optional[str] = None, side: Optional[str] = None) -> bool:
    """Whether an item is about this person and this side (None: any)."""
    found = subject(store, item_id)
    return (person_id is None or found.person_id == person_id) and (side is None or found.side == side)


# -- choosing a kind by the learner's words ------------------------------------------------------

def _normal(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", str(text or "").lower().replace("_", " ").replace("-", " "))
    text = re.sub(r"\s+", " ", text).strip()
    while True:
        stripped = _EDGES.sub("", text).strip()
        if stripped == text:
            return text
        text = stripped


def _words(kind: Kind) -> set[str]:
    return {_normal(word) for word in (kind.name, *kind.words)}


def find(word: Optional[str]) -> Optional[Kind]:
    """Return the kind a learner's word names ("numbers", "dates", "who said", "fill in the blanks",
    a kind's name, a small typo of one), or None."""
    key = _normal(word or "")[:80]
    if not key:
        return None
    for candidate in (key, key[:-1] if key.endswith("s") else key + "s"):
        for kind in KINDS:
            if candidate in _words(kind):
                return kind
    if len(key) >= 5:
        scored = sorted(((fuzz.ratio(key, w), kind.name) for kind in KINDS for w in _words(kind)), reverse=True)
        if scored and scored[0][0] >= FUZZY_WORD:
            return BY_NAME[scored[0][1]]
    return None


def names_for(word: Optional[str]) -> Optional[list[str]]:
    """Return [the kind's name] for a learner's word, or None (no word, or one naming no kind: the mix)."""
    kind = find(word)
    return [kind.name] if kind else None


# -- the mix ----------------------------------------------------------------------------------------

def quotas(length: int, kinds: Iterable[str], seed: int = 0) -> dict[str, int]:
    """Return how many questions of each kind a quiz of `length` has: a kind with a share gets that
    share, rounded up; the others split the rest evenly, the odd ones in an order shuffled under
    the seed. Ordered: the shared kinds first, then the others in that order."""
    chosen = [BY_NAME[name] for name in kinds]
    if len(chosen) == 1:
        return {chosen[0].name: length}
    fixed = {kind.name: math.ceil(length * kind.share) for kind in chosen if kind.share}
    rest = [kind.name for kind in chosen if not kind.share]
    random.Random(f"quotas:{seed}").shuffle(rest)
    result = dict(fixed) | {name: 0 for name in rest}
    while sum(result.values()) > length:  # more shares than places: the last shared kind gives way
        name = next(n for n in reversed(list(fixed)) if result[n])
        result[name] -= 1
    receivers = rest or list(fixed)
    for index in range(length - sum(result.values())):
        result[receivers[index % len(receivers)]] += 1
    return result


def mix(store: KnowledgeStore, ranked: list[str], length: int, seed: int = 0,
        by_kind: Optional[dict[str, list[str]]] = None) -> list[str]:
    """Choose up to `length` items of several kinds by `quotas`, one per statement.

    :param ranked: items in the scheduler's order (the first are asked about first)
    :param by_kind: each kind's items in the scheduler's order, to draw from when `ranked` holds
        too few of a kind
    Kind by kind (the shared kinds first), items are taken in `ranked` order, then in `by_kind`
    order, while the kind has places left; the places a kind cannot fill go to the other kinds'
    next items, again in that order. The result is in the scheduler's order.
    """
    by_kind = by_kind or {}
    names_in = list(dict.fromkeys([kind_of(item).name for item in ranked] + list(by_kind)))
    places = quotas(length, [name for name in names() if name in names_in], seed)
    chosen: list[str] = []
    statements: set[str] = set()

    def take(item: str, quota: bool) -> None:
        name = kind_of(item).name
        statement = subject(store, item).statement_id
        if len(chosen) < length and item not in chosen and statement not in statements and \
                (not quota or places[name] > 0):
            chosen.append(item)
            statements.add(statement)
            places[name] -= 1

    for name in list(places):  # each kind to its quota, the shared kinds ("said") first
        for item in [i for i in ranked if kind_of(i).name == name] + by_kind.get(name, []):
            take(item, True)
    for item in ranked + [i for name in places for i in by_kind.get(name, [])]:
        take(item, False)
    return ordered(chosen, ranked, by_kind)


def ordered(chosen: list[str], ranked: list[str], by_kind: dict[str, list[str]]) -> list[str]:
    """Return the chosen items in the scheduler's order (`ranked` first, then each kind's list)."""
    order = {item: n for n, item in enumerate(dict.fromkeys(ranked + [i for v in by_kind.values() for i in v]))}
    return sorted(chosen, key=lambda item: order.get(item, len(order)))


def how_to_answer(kinds: Iterable[Kind]) -> str:
    """Say how to answer questions of these kinds: "Answer with a button, a letter, or a name"; a
    typed kind: "Type the missing word"."""
    kinds = list(dict.fromkeys(kinds))
    chosen = list(dict.fromkeys(phrase for kind in kinds if not kind.typed for phrase in kind.answers))
    typed = " or ".join(dict.fromkeys(phrase for kind in kinds if kind.typed for phrase in kind.answers))
    if not chosen:
        return typed[:1].upper() + typed[1:]
    choices = ["a button", "a letter", *chosen]
    text = "Answer with " + ", ".join(choices[:-1]) + ", or " + choices[-1]
    return f"{text} — or {typed} where there is a gap" if typed else text
