"""The "who said what" quiz: question choice, distractors, grading, hints, scoring, scheduling.

Plain Python, deterministic under a seed, no Rasa imports. The whole quiz lives in a
``QuizState`` that turns into a plain dict (kept in a Rasa slot, so it survives a restart).
Item ids: ``said:<quote id>`` (who said this?) and ``outlet:<quote id>`` (which outlet carried
this wording? — for statements both outlets carried).
"""
import hashlib
import json
import random
import uuid
from dataclasses import asdict, dataclass, field
from typing import Optional

from knowledge.store import KnowledgeStore, Person, Quote

from .reply import describe
from .match import letter, match_option

DEFAULT_LENGTH = 5
MAX_LENGTH = 20
HINT_COST = 0.5
MAX_HINTS = 2
OPTIONS = 4
QUIZ_ID_LENGTH = 32


@dataclass
class Question:
    """One multiple-choice question."""

    item_id: str
    prompt: str
    options: list[str]
    answer: int


@dataclass
class QuizState:
    """Everything about a quiz in progress; `to_dict`/`from_dict` for storage in a slot.

    `quiz_id` names this quiz for good: with the position it keys each answer, so a resent
    answer is recorded once.
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


def all_items(store: KnowledgeStore) -> list[str]:
    """Return every quiz item the store supports."""
    items = [f"said:{q.id}" for q in store.all_quotes()]
    items += [f"outlet:{q.id}" for q in store.all_quotes() if q.statement_id]
    return items


def _quote(store: KnowledgeStore, item_id: str) -> Quote:
    return store.quote(item_id.split(":", 1)[1])


def plan(store: KnowledgeStore, boxes: dict[str, int], length: int = DEFAULT_LENGTH, person_id: Optional[str] = None,
         side: Optional[str] = None, only: Optional[list[str]] = None, seed: int = 0) -> list[str]:
    """Choose the quiz's items: missed ones first, then never seen, then learning, mastered last.

    :param boxes: the learner's Leitner box per item (1 = missed last time; absent = unseen)
    :param person_id: only quotes by this person; :param side: only quotes by people of this side
    :param only: restrict to these items (e.g. "retry the ones I missed")
    """
    rng = random.Random(seed)
    items = only or all_items(store)
    if person_id or side:
        items = [i for i in items if _quote(store, i).person_id == person_id
                 or (side and store.person(_quote(store, i).person_id).side == side)]
    groups: dict[int, list[str]] = {}
    for item in items:
        box = boxes.get(item)
        rank = 0 if box == 1 else 1 if box is None else box
        groups.setdefault(rank, []).append(item)
    ordered = []
    for rank in sorted(groups):
        group = sorted(groups[rank])
        rng.shuffle(group)
        ordered += group
    return _one_per_statement(store, ordered, max(1, min(length, MAX_LENGTH)))


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


def distractors(store: KnowledgeStore, speaker: Person, source_id: str, rng: random.Random, count: int) -> list[Person]:
    """Pick plausible wrong speakers: same side first, then people in the same article, then the rest."""
    in_article = {p.id for p in store.people() if any(r.citation.source_id == source_id for r in p.roles)}
    others = [p for p in store.people() if p.id != speaker.id]
    tiers = [[p for p in others if p.side == speaker.side],
             [p for p in others if p.side != speaker.side and p.id in in_article],
             [p for p in others if p.side != speaker.side and p.id not in in_article]]
    chosen: list[Person] = []
    for tier in tiers:
        tier = sorted(tier, key=lambda p: p.id)
        rng.shuffle(tier)
        chosen += tier[: count - len(chosen)]
    return chosen


def make_question(store: KnowledgeStore, item_id: str, seed: int) -> Question:
    """Build the question for an item, the same every time for the same seed."""
    rng = random.Random(f"{seed}:{item_id}")
    kind = item_id.split(":", 1)[0]
    quote = _quote(store, item_id)
    outlet = quote.citation.outlet
    if kind == "outlet":
        options = sorted({q.citation.outlet for q in store.wordings(quote.statement_id)})
        prompt = f'Which outlet carried this wording of {quote.speaker}\'s words?\n"{quote.text}"'
        return Question(item_id, prompt, options, options.index(outlet))
    speaker = store.person(quote.person_id)
    people = [speaker] + distractors(store, speaker, quote.citation.source_id, rng, OPTIONS - 1)
    rng.shuffle(people)
    names = [p.name for p in people]
    return Question(item_id, f'Who said this, as {outlet} reported it?\n"{quote.text}"', names, names.index(speaker.name))


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
    """Return the current question with lettered options."""
    lines = [f"Question {state.position + 1} of {len(state.items)}: {state.prompt}"]
    lines += [f"{letter(i)}) {option}" for i, option in enumerate(state.options)]
    return "\n".join(lines)


@dataclass
class Outcome:
    """What happened to an answer: graded (correct True/False) or not understood (None), and the
    answer as graded (the option chosen, or the text typed), for the teacher's report."""

    correct: Optional[bool]
    text: str
    given: Optional[str] = None


def feedback(store: KnowledgeStore, state: QuizState, correct: bool) -> str:
    """Return right/wrong first, then the speaker with role, the source and both wordings."""
    quote = _quote(store, state.item_id)
    right = state.options[state.answer]
    opening = "Right!" if correct else f"Not quite — the answer is {letter(state.answer)}) {right}."
    lines = [opening]
    speaker = describe(store, store.person(quote.person_id))
    if state.item_id.startswith("outlet:"):
        lines.append(f"{quote.citation.outlet} carried that wording of {speaker}.")
    else:
        lines.append(f"{speaker}.")
    lines[-1] += f" Source: {quote.citation.short()}."
    for other in store.wordings(quote.statement_id) if quote.statement_id else []:
        if other.id != quote.id:
            lines.append(f'{other.citation.outlet} worded it: "{other.text}"')
    return "\n".join(lines)


def answer(store: KnowledgeStore, state: QuizState, text: str) -> Outcome:
    """Grade a typed or clicked answer; an answer that matches no option is not marked wrong."""
    index = match_option(text, state.options, store)
    if index is None:
        choices = ", ".join(f"{letter(i)}) {o}" for i, o in enumerate(state.options))
        return Outcome(None, f"I did not catch that — pick one of {choices}. (Or say “hint”, “skip” or “stop”.)")
    correct = index == state.answer
    if correct:
        state.points += 1 - HINT_COST * state.hints
    else:
        state.missed.append(state.item_id)
    return Outcome(correct, feedback(store, state, correct), state.options[index])


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
    """Give the next hint (side, then role) at HINT_COST points each."""
    if state.item_id.startswith("outlet:"):
        outlets = " and ".join(source.publisher_label for source in store.sources())
        return f"Hint: {outlets} translated some remarks differently — which wording sounds like this one?"
    if state.hints >= MAX_HINTS:
        return "No more hints for this question — pick A, B, C or D, or say “skip”."
    state.hints += 1
    person = store.person(_quote(store, state.item_id).person_id)
    cost = f"(costs {HINT_COST:g} point)"
    if state.hints == 1:
        return f"Hint 1 {cost}: the speaker is on {store.side_label(person.side) or person.side}."
    return f"Hint 2 {cost}: the speaker is the {person.titles[0]}."


def summary(store: KnowledgeStore, state: QuizState) -> str:
    """Return the final score and what was missed, with the right answers."""
    lines = [f"Quiz over — you scored {state.score_text()}."]
    for item in state.missed:
        question = make_question(store, item, state.seed)
        quote = _quote(store, item)
        lines.append(f'• "{quote.text[:80]}{"…" if len(quote.text) > 80 else ""}" — {question.options[question.answer]}')
    if state.missed:
        lines.insert(1, "You missed:")
    return "\n".join(lines)
