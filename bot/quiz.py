"""The "who said what" quiz: question choice, distractors, grading, hints, scoring, scheduling.

Plain Python, deterministic under a seed, no Rasa imports. The whole quiz lives in a
``QuizState`` that turns into a plain dict (kept in a Rasa slot, so it survives a restart).
Item ids are ``<kind>:<key>`` (``said:<quote id>``: who said this?); the kinds of question —
who said it, which outlet, whose stance, numbers and dates, the missing word — are a registry in
``bot.quiz_kinds``, and this module asks the current item's kind for its question, grading,
hints and feedback.

Scheduling: each item the learner has answered is an FSRS card (bot.progress). A new quiz asks
the due items first (most overdue first), then never-seen ones, then the rest, least likely
remembered (lowest retrievability) first; ties are shuffled under the quiz's seed.
"""
import hashlib
import json
import random
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Optional

from knowledge.store import KnowledgeStore

from . import quiz_kinds
from .match import letter, match_option  # noqa: F401 — match_option: quiz_turns tells answers from questions
from .quiz_kinds import Question, Subject
from .quiz_kinds.said import distractors  # noqa: F401 — kept importable from here
from .progress import Schedule, retrievability, utc

DEFAULT_LENGTH = 5
MAX_LENGTH = 20
HINT_COST = 0.5
MAX_HINTS = 2
OPTIONS = 4
QUIZ_ID_LENGTH = 32


@dataclass
class QuizState:
    """Everything about a quiz in progress; `to_dict`/`from_dict` for storage in a slot.

    `quiz_id` names this quiz for good: with the position it keys each answer, so a resent
    answer is recorded once. `options`/`answer` are the current question's (`quiz_kinds.Question`):
    for a typed kind (the missing word) `options` holds the one accepted answer, never shown.
    """

    items: list[str]
    seed: int
    quiz_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    position: int = 0
    points: float = 0.0
    hints: int = 0
    options: list[str] = field(default_factory=list)
    answer: int = 0
    prompt: str = ""
    missed: list[str] = field(default_factory=list)
    finished: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Optional[dict]) -> Optional["QuizState"]:
        """Rebuild a state from a slot value; None for anything that is not a valid state."""
        if not isinstance(data, dict):
            return None
        fields = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        try:
            if "quiz_id" not in fields:
                fields["quiz_id"] = legacy_quiz_id(data["items"], data["seed"])
            return cls(**fields)
        except (KeyError, TypeError):
            return None

    @property
    def answer_key(self) -> str:
        """Return the key of the answer to the current question: quiz id and position."""
        return f"{self.quiz_id}:{self.position}"

    @property
    def item_id(self) -> str:
        return self.items[self.position]

    def score_text(self) -> str:
        """Return "2.5/5" (points out of the quiz length)."""
        return f"{points_text(self.points)}/{len(self.items)}"


def legacy_quiz_id(items: list[str], seed: int) -> str:
    """Derive an id for a state saved before quizzes had one: the same on every turn of that quiz."""
    return hashlib.sha256(json.dumps([items, seed]).encode()).hexdigest()[:QUIZ_ID_LENGTH]


def points_text(points: float) -> str:
    """Return "3" for 3.0 and "2.5" for 2.5."""
    return f"{points:g}"


def score_so_far(state: QuizState) -> str:
    """Return points out of the questions answered so far, e.g. "1.5/2"."""
    return f"{points_text(state.points)}/{state.position}"


def all_items(store: KnowledgeStore, kinds: Optional[list[str]] = None) -> list[str]:
    """Return every quiz item of the given kinds (names, `quiz_kinds.KINDS`; default all)."""
    return quiz_kinds.all_items(store, kinds)


def _quote(store: KnowledgeStore, item_id: str) -> Subject:
    """Return what an item is about (`quiz_kinds.subject`): its `statement_id` (asked once per
    quiz), `person_id` and `side` — for any kind, not only quotes (the name is kept for `plan`)."""
    return quiz_kinds.subject(store, item_id)


def plan(store: KnowledgeStore, cards: Schedule, length: int = DEFAULT_LENGTH, person_id: Optional[str] = None,
         side: Optional[str] = None, only: Optional[list[str]] = None, seed: int = 0,
         now: Optional[datetime] = None) -> list[str]:
    """Choose the quiz's items: due ones first (most overdue first), then never seen, then the
    rest by lowest retrievability (the likeliest forgotten first); ties in the seed's order.

    :param cards: the learner's FSRS card per item (`Progress.cards`; absent = never seen)
    :param person_id: only items about this person; :param side: only items about this side
    :param only: restrict to these items (e.g. "retry the ones I missed")
    :param now: the time the quiz starts (the clock when None)
    """
    now = utc(now)
    items = only or all_items(store)
    if person_id or side:
        items = [item for item in items if quiz_kinds.about(store, item, person_id, side)]

    def rank(item: str) -> tuple[int, float]:
        card = cards.get(item)
        if card is None:
            return 1, 0.0
        if card.due <= now:
            return 0, (card.due - now).total_seconds()  # the most overdue is the most negative
        return 2, retrievability(card, now)

    shuffled = sorted(set(items))
    random.Random(seed).shuffle(shuffled)
    return _one_per_statement(store, sorted(shuffled, key=rank), max(1, min(length, MAX_LENGTH)))


def _one_per_statement(store: KnowledgeStore, ordered: list[str], length: int) -> list[str]:
    """Take up to `length` items in order, one per statement: a quiz never asks about the same
    statement twice (the feedback shows the other outlet's wording, so a second question on it
    would give itself away). With fewer statements than `length`, the quiz is shorter."""
    chosen, statements = [], set()
    for item in ordered:
        quote = _quote(store, item)
        statement = quote.statement_id or quote.id
        if statement not in statements:
            statements.add(statement)
            chosen.append(item)
    return chosen[:length]


def plan_mix(store: KnowledgeStore, cards: Schedule, length: int = DEFAULT_LENGTH, person_id: Optional[str] = None,
             side: Optional[str] = None, kinds: Optional[list[str]] = None, only: Optional[list[str]] = None,
             seed: int = 0, now: Optional[datetime] = None) -> list[str]:
    """Choose a quiz's items by `plan`, mixing the kinds of question (`quiz_kinds.quotas`: about
    half "who said it?", the rest shared by the other kinds).

    :param kinds: only items of these kinds (names; None: all, mixed); one kind is planned as it is
    :param only: a retry: exactly these items, in `plan`'s order
    The focus (`person_id`, `side`) is checked on each item's subject (`quiz_kinds.about`), so
    items about no one in particular (a figure) are left out of a focused quiz.
    """
    length = max(1, min(length, MAX_LENGTH))
    pool = list(only) if only else all_items(store, kinds)
    if person_id or side:
        pool = [item for item in pool if quiz_kinds.about(store, item, person_id, side)]
    if not pool:
        return []
    present = list(dict.fromkeys(quiz_kinds.kind_of(item).name for item in pool))
    if only or len(present) == 1:
        return plan(store, cards, length, only=pool, seed=seed, now=now)

    def ranked(items: list[str]) -> list[str]:
        return plan(store, cards, MAX_LENGTH, only=items, seed=seed, now=now)

    by_kind = {name: ranked([item for item in pool if quiz_kinds.kind_of(item).name == name]) for name in present}
    chosen = quiz_kinds.mix(store, ranked(pool), length, seed, by_kind)
    return plan(store, cards, length, only=chosen, seed=seed, now=now)


def make_question(store: KnowledgeStore, item_id: str, seed: int) -> Question:
    """Build the question for an item (by its kind), the same every time for the same seed."""
    return quiz_kinds.question(store, item_id, seed)


def typed(state: QuizState) -> bool:
    """Whether the current question is answered by typing (no buttons)."""
    return quiz_kinds.kind_of(state.item_id).typed


def _current(state: QuizState) -> Question:
    return Question(state.item_id, state.prompt, state.options, state.answer)


def right_answer(state: QuizState) -> str:
    """Return the right answer to the current question: "B) <option>" or "“<word>”" (typed)."""
    if typed(state):
        return f"“{state.options[state.answer]}”"
    return f"{letter(state.answer)}) {state.options[state.answer]}"


def how_to_answer(state: QuizState) -> str:
    """Say how to answer the current question: "pick A, B, C or D", "type the missing word"."""
    if typed(state):
        return "type the missing word"
    letters = [letter(i) for i in range(len(state.options))]
    return "pick " + (", ".join(letters[:-1]) + " or " + letters[-1] if len(letters) > 1 else letters[0])


def kinds_in(items: list[str]) -> list[quiz_kinds.Kind]:
    """Return the kinds of these items, in registry order."""
    present = {quiz_kinds.kind_of(item).name for item in items}
    return [kind for kind in quiz_kinds.KINDS if kind.name in present]


def start(store: KnowledgeStore, items: list[str], seed: int) -> QuizState:
    """Start a quiz on `items` at its first question."""
    state = QuizState(items=items, seed=seed)
    return load_question(store, state)


def load_question(store: KnowledgeStore, state: QuizState) -> QuizState:
    """Put the current item's question, options and answer into the state."""
    question = make_question(store, state.item_id, state.seed)
    state.prompt, state.options, state.answer, state.hints = question.prompt, question.options, question.answer, 0
    return state


def question_text(state: QuizState) -> str:
    """Return the current question with lettered options (none for a typed question)."""
    lines = [f"Question {state.position + 1} of {len(state.items)}: {state.prompt}"]
    if not typed(state):
        lines += [f"{letter(i)}) {option}" for i, option in enumerate(state.options)]
    return "\n".join(lines)


@dataclass
class Outcome:
    """What happened to an answer: graded (correct True/False) or not understood (None), and the
    answer as graded (the option chosen, or the text typed), for the teacher's report."""

    correct: Optional[bool]
    text: str
    given: Optional[str] = None


def feedback(store: KnowledgeStore, state: QuizState, correct: bool, given: str = "") -> str:
    """Return the kind's feedback: right/wrong first, then the sentence or quote it rests on, then
    its source (and, for a quote, the other outlet's wording)."""
    kind = quiz_kinds.kind_of(state.item_id)
    return kind.feedback(store, _current(state), correct, given)


def answer(store: KnowledgeStore, state: QuizState, text: str) -> Outcome:
    """Grade a typed or clicked answer; an answer that fits nothing is not marked wrong."""
    kind = quiz_kinds.kind_of(state.item_id)
    graded = kind.grade(store, _current(state), text)
    if graded is None:
        if kind.typed:
            ask = "type the missing word (one word)"
        else:
            ask = "pick one of " + ", ".join(f"{letter(i)}) {o}" for i, o in enumerate(state.options))
        return Outcome(None, f"I did not catch that — {ask}. (Or say “hint”, “skip” or “stop”.)")
    if graded.correct:
        state.points += 1 - HINT_COST * state.hints
    else:
        state.missed.append(state.item_id)
    return Outcome(graded.correct, feedback(store, state, graded.correct, graded.given), graded.given)


def skip(state: QuizState) -> None:
    """Count the current item as missed (no points)."""
    state.missed.append(state.item_id)


def advance(store: KnowledgeStore, state: QuizState) -> str:
    """Move to the next question; return its text, or the end-of-quiz summary."""
    state.position += 1
    if state.position >= len(state.items):
        state.finished = True
        return summary(store, state)
    load_question(store, state)
    return question_text(state)


def hint(store: KnowledgeStore, state: QuizState) -> str:
    """Give the kind's next hint (at most MAX_HINTS) at HINT_COST points each."""
    hints = quiz_kinds.kind_of(state.item_id).hints(store, _current(state))
    if state.hints >= min(MAX_HINTS, len(hints)):
        return f"No more hints for this question — {how_to_answer(state)}, or say “skip”."
    state.hints += 1
    return f"Hint {state.hints} (costs {HINT_COST:g} point): {hints[state.hints - 1]}"


def summary(store: KnowledgeStore, state: QuizState) -> str:
    """Return the final score and what was missed, with the right answers and their sources."""
    lines = [f"Quiz over — you scored {state.score_text()}."]
    for item in state.missed:
        question = make_question(store, item, state.seed)
        text, citation = quiz_kinds.kind_of(item).recap(store, quiz_kinds.key_of(item))
        lines.append(f'• "{text[:80]}{"…" if len(text) > 80 else ""}" — {question.expected} ({citation.short()})')
    if state.missed:
        lines.insert(1, "You missed:")
    return "\n".join(lines)
