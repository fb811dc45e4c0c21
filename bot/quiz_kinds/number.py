"""Numbers and dates: what figure do the articles give? One item per distinct figure the articles
state (a year, a sum, a count, a length of time), found in the curated facts, then in quotes, then
in any other sentence; the question shows what the figure counts, the figure blanked.

Wrong options are the other figures, each checked against the store to be wrong for the question:
a different value, and never stated in a sentence together with the right one.
"""
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from knowledge.store import Citation, KnowledgeStore

from ..match import match_option
from ..reply import cite, quoted
from .base import (BLANK, Graded, Kind, Question, Subject, quote_statement, quote_subject, right_label, said_line,
                   sentence_statement, shaped)

NAME = "number"
OPTIONS = 4
CONTEXT_WORDS = 14  # a long clause is cut to this many words either side of the figure
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FIGURE = re.compile(r"(?<![\w$.,])(?P<money>\$\s?)?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?"
                    r"(?:\s+(?P<unit>years?|months?|weeks?|days?|hours?|percent|per cent))?(?!\w)", re.I)
CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:and|but|while)\s+|\s+—\s+")
KIND_HINTS = {"year": "it is a year.", "money": "it is a sum of money.", "duration": "it is a length of time.",
              "percent": "it is a percentage.", "count": "it is a number of things — not a year, a sum or a time."}


@dataclass(frozen=True)
class Figure:
    """One figure the articles state, and where: `clause` is the words around it that say what
    it counts, `source` is "fact", "quote" or "sentence" and `source_id` that one's id. `verbatim`:
    the clause is the article's own words (a fact's curated summary is not, so it is never shown in
    quotation marks)."""

    key: str
    text: str
    kind: str
    amount: float
    unit: str
    clause: str
    citation: Citation
    source: str
    source_id: str
    topic_id: Optional[str] = None
    verbatim: bool = True

    def shown(self, text: str) -> str:
        """The clause (or its gapped form) as the learner sees it: quoted only when verbatim."""
        return f"“{text}”" if self.verbatim else text

    @property
    def value(self) -> tuple[str, float, str]:
        return self.kind, self.amount, self.unit


def parse(match: re.Match) -> tuple[str, float, str]:
    """Return (kind, amount, unit) of a FIGURE match."""
    number = float(match["number"].replace(",", ""))
    amount = number * SCALES.get((match["scale"] or "").lower(), 1)
    unit = (match["unit"] or "").lower().rstrip("s")
    if match["money"]:
        return "money", amount, "$"
    if unit == "percent" or unit == "per cent":
        return "percent", amount, "percent"
    if unit:
        return "duration", amount, unit
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", match["number"]):
        return "year", amount, ""
    return "count", amount, ""


def figures_in(text: str) -> list[re.Match]:
    return list(FIGURE.finditer(text))


def values_in(text: str) -> set[tuple[str, float, str]]:
    return {parse(m) for m in figures_in(text)}


def clause(text: str, match: re.Match, blank: bool = False) -> str:
    """Return the clause of `text` that holds the figure (cut to CONTEXT_WORDS words either side),
    with the figure blanked or not."""
    start, end = 0, len(text)
    for brk in CLAUSE_BREAK.finditer(text):
        if brk.end() <= match.start():
            start = brk.end()
        elif brk.start() >= match.end():
            end = min(end, brk.start())
    before, after = text[start:match.start()], text[match.end():end]
    words = before.split(" ")
    if len(words) > CONTEXT_WORDS + 1:
        before = "…" + " ".join(words[-CONTEXT_WORDS - 1:])
    words = after.split(" ")
    if len(words) > CONTEXT_WORDS + 1:
        after = " ".join(words[:CONTEXT_WORDS + 1]).rstrip(" ,;:") + "…"
    return (before + (BLANK if blank else match.group(0)) + after).strip().rstrip(".,;: ")


@lru_cache(maxsize=None)
def figures(store: KnowledgeStore) -> dict[str, Figure]:
    """Return every distinct figure the articles state, by key, the first place stating it winning:
    facts in article order (their summary, else their sentence), then quotes, then sentences."""
    found: dict[str, Figure] = {}
    seen: set[tuple] = set()

    def add(source: str, source_id: str, text: str, citation: Citation, topic_id: Optional[str] = None,
            verbatim: bool = True) -> None:
        for match in figures_in(text):
            value = parse(match)
            if value in seen:
                continue
            seen.add(value)
            base = f"{source_id}/{match['number'].replace(',', '')}"
            key, n = base, 1
            while key in found:  # the same digits twice in one text, with another unit
                n += 1
                key = f"{base}-{n}"
            found[key] = Figure(key, match.group(0).strip(), value[0], value[1], value[2], clause(text, match),
                                citation, source, source_id, topic_id, verbatim)

    for fact in (s for s in store.statements() if s.kind == "fact"):
        add("fact", fact.id, fact.summary, fact.citation, fact.topic_id, verbatim=False)
        add("fact", fact.id, fact.citation.sentence, fact.citation, fact.topic_id)
    for quote in store.all_quotes():
        add("quote", quote.id, quote.text, quote.citation)
    for sentence in store.sentences():
        if not sentence.headline:
            add("sentence", sentence.id, sentence.text, sentence.citation)
    return found


def could_be_right(store: KnowledgeStore, key: str, option: str) -> bool:
    """An option could be right if it is the figure, or if the articles state it in one sentence
    with the figure (it might count the same thing)."""
    right = figures(store)[key]
    values = [parse(m) for m in figures_in(option)]
    if not values:
        return False
    value = values[0]
    if value == right.value:
        return True
    if any(value in values_in(text) for text in (right.clause, right.citation.sentence)):
        return True
    return any(right.value in values_in(s.text) and value in values_in(s.text) for s in store.sentences())


def items(store: KnowledgeStore) -> list[str]:
    """Figures with at least two wrong options."""
    return [key for key in figures(store) if len(_wrong(store, key)) >= 2]


def _wrong(store: KnowledgeStore, key: str) -> list[Figure]:
    return [f for k, f in figures(store).items() if k != key and not could_be_right(store, key, f.text)]


def _gap(figure: Figure) -> str:
    """Return the figure's clause with the figure blanked."""
    match = next(m for m in figures_in(figure.clause) if parse(m) == figure.value)
    return clause(figure.clause, match, blank=True)


def question(store: KnowledgeStore, key: str, rng: random.Random) -> Question:
    right = figures(store)[key]
    wrong = _wrong(store, key)
    tiers = [[f for f in wrong if f.kind == right.kind], [f for f in wrong if f.kind != right.kind]]
    chosen: list[Figure] = []
    for tier in tiers:
        tier = sorted(tier, key=lambda f: f.key)
        rng.shuffle(tier)
        chosen += tier[: OPTIONS - 1 - len(chosen)]
    options = [right] + chosen
    rng.shuffle(options)
    texts = [f.text for f in options]
    prompt = f"What figure do the articles give? Fill the gap:\n{right.shown(_gap(right))}"
    return Question(f"{NAME}:{key}", prompt, texts, options.index(right))


def _bare(match: re.Match) -> float:
    return float(match["number"].replace(",", ""))


def grade(store: KnowledgeStore, question: Question, text: str) -> Optional[Graded]:
    index = match_option(text, question.options)
    typed = figures_in(text or "")
    if index is None and len(typed) == 1:  # no comma, no "$", no unit: the figure written another way
        value, bare = parse(typed[0]), _bare(typed[0])
        hits = {i for i, option in enumerate(question.options) for m in figures_in(option)[:1]
                if parse(m) == value or (value[0] in ("count", "year") and _bare(m) == bare)}
        index = hits.pop() if len(hits) == 1 else None
    return None if index is None else Graded(index == question.answer, question.options[index])


def hints(store: KnowledgeStore, question: Question) -> list[str]:
    figure = figures(store)[question.item_id.split(":", 1)[1]]
    if figure.source == "fact" and figure.topic_id:
        context = f"it is about {store.name_of(figure.topic_id)}."
    elif figure.source == "quote":
        context = f"{store.quote(figure.source_id).speaker} said it."
    else:
        context = f"it is in the {figure.citation.outlet} article."
    return [KIND_HINTS[figure.kind], context]


def feedback(store: KnowledgeStore, question: Question, correct: bool, given: str = "") -> str:
    figure = figures(store)[question.item_id.split(":", 1)[1]]
    if figure.source == "quote":
        evidence = said_line(store, store.quote(figure.source_id))
    else:
        evidence = quoted(figure.citation)
    by_text = {f.text: f for f in figures(store).values()}
    others = [by_text[o] for o in question.options if o != figure.text and o in by_text]
    extra = []
    if others:
        counts = "; ".join(f"{f.text}: {f.shown(f.clause)}" for f in others)
        extra.append(f"What the other figures count — {counts}. {cite(f.citation for f in others)}")
    return shaped(correct, right_label(question, False), evidence, [figure.citation], extra)


def subject(store: KnowledgeStore, key: str) -> Subject:
    figure = figures(store)[key]
    if figure.source == "quote":
        quote = store.quote(figure.source_id)
        found = quote_subject(store, quote)
        return Subject(key, quote_statement(quote), found.person_id, found.side)
    return Subject(key, sentence_statement(store, figure.citation.sentence_id), None, None)


def recap(store: KnowledgeStore, key: str) -> tuple[str, Citation]:
    figure = figures(store)[key]
    return figure.clause, figure.citation


KIND = Kind(NAME, "numbers and dates", ("number", "numbers", "figures", "figure", "dates", "date", "years", "year",
                                        "statistics", "stats", "how many", "how much", "amounts"),
            ("a figure",), 0.0, False, items, question, grade, hints, feedback, could_be_right, subject, recap)
