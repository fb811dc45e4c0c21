"""Fill in the missing word: a quote with one content word blanked; the learner types it.

The blank is chosen under the seed among the quote's content words: not a function word, not a
person's name, not a hedge a typed answer may wrap round it ("maybe"), not part of a hyphenated
word, at least four letters, and found once in the quote.
Grading forgives case and a small typo (one edit in a short word, two in a longer one).
"""
import random
import re
from typing import Optional

from rapidfuzz.distance import DamerauLevenshtein

from knowledge.store import Citation, KnowledgeStore

from .base import (BLANK, FUNCTION_WORDS, Graded, Kind, Question, Subject, key_of, other_wordings, quote_subject,
                   right_label, said_line, shaped, words_of)

NAME = "missing_word"
MIN_LETTERS = 4
MAX_TYPED_CHARS = 60
MAX_TYPED_WORDS = 3
_FILLER = re.compile(r"\b(i think|i guess|maybe|probably|perhaps|it was|it's|it is|is it|the word is|the answer is|"
                     r"my answer is|answer)\b", re.I)
_JUNK = re.compile(r"[<>{}\[\]\\|=@#%^*_~`/$]")


def name_words(store: KnowledgeStore) -> set[str]:
    """Every word of a person's name or name alias, lower-cased."""
    return {word.lower() for _, alias, kind in store.aliases("person") if kind == "name" for word in alias.split()}


def blanks(store: KnowledgeStore, text: str) -> list[re.Match]:
    """Return the words of a quote that may be blanked, in order."""
    tokens = words_of(text)
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token.group(0).lower()] = counts.get(token.group(0).lower(), 0) + 1
    names = name_words(store)
    return [t for t in tokens if t.group(0).isalpha() and len(t.group(0)) >= MIN_LETTERS
            and text[t.start() - 1:t.start()] != "-" and text[t.end():t.end() + 1] != "-"
            and t.group(0).lower() not in FUNCTION_WORDS and t.group(0).lower() not in names
            and not _FILLER.fullmatch(t.group(0)) and counts[t.group(0).lower()] == 1]


def items(store: KnowledgeStore) -> list[str]:
    return [quote.id for quote in store.all_quotes() if blanks(store, quote.text)]


def question(store: KnowledgeStore, key: str, rng: random.Random) -> Question:
    quote = store.quote(key)
    word = rng.choice(blanks(store, quote.text))
    text = quote.text[:word.start()] + BLANK + quote.text[word.end():]
    prompt = (f"Fill in the missing word — {quote.speaker}, as {quote.citation.outlet} reported it:\n“{text}”\n"
              "(Type the missing word.)")
    return Question(f"{NAME}:{key}", prompt, [word.group(0)], 0)


def close(typed: str, word: str) -> bool:
    """Whether a typed word is the word, forgiving case and a small typo."""
    typed, word = typed.lower(), word.lower()
    allowed = 1 if len(word) <= 6 else 2
    return len(typed) >= MIN_LETTERS - 1 and DamerauLevenshtein.distance(typed, word) <= allowed


def grade(store: KnowledgeStore, question: Question, text: str) -> Optional[Graded]:
    """Right if a typed word is the missing one (or a small typo of it); wrong for another word;
    None for what is no attempt at a word (symbols, one letter, a long sentence)."""
    raw = (text or "").strip()
    if not raw or len(raw) > MAX_TYPED_CHARS or _JUNK.search(raw):
        return None
    tokens = [t.group(0) for t in words_of(_FILLER.sub(" ", raw))]
    if [t.group(0).lower() for t in words_of(raw)] == [question.expected.lower()]:
        return Graded(True, raw)  # the word itself, even one that reads as a hedge elsewhere
    if not tokens or len(tokens) > MAX_TYPED_WORDS or all(len(t) < 2 for t in tokens):
        return None
    if any(close(token, question.expected) for token in tokens) or close("".join(tokens), question.expected):
        return Graded(True, raw)
    return Graded(False, raw)


def could_be_right(store: KnowledgeStore, key: str, option: str) -> bool:
    """A word is right if putting it in the blank gives back the quote."""
    quote = store.quote(key)
    return any(t.group(0).lower() == option.lower() for t in blanks(store, quote.text))


def hints(store: KnowledgeStore, question: Question) -> list[str]:
    word = question.expected
    return [f"the missing word has {len(word)} letters and starts with “{word[0]}”.",
            f"it starts with “{word[:max(2, (len(word) + 1) // 2)]}”."]


def feedback(store: KnowledgeStore, question: Question, correct: bool, given: str = "") -> str:
    quote = store.quote(key_of(question.item_id))
    typed = [t.group(0) for t in words_of(given)]
    spelled = correct and question.expected.lower() not in (t.lower() for t in typed)
    opening = f"Right! (It is spelled “{question.expected}”.)" if spelled else None
    return shaped(correct, right_label(question, True), said_line(store, quote), [quote.citation],
                  other_wordings(store, quote), opening)


def subject(store: KnowledgeStore, key: str) -> Subject:
    return quote_subject(store, store.quote(key))


def recap(store: KnowledgeStore, key: str) -> tuple[str, Citation]:
    quote = store.quote(key)
    return quote.text, quote.citation


KIND = Kind(NAME, "fill in the missing word", ("missing word", "missing words", "missing", "fill in the blank",
                                               "fill in the blanks", "fill in the gap", "fill in the gaps", "fill in",
                                               "blanks", "gaps", "cloze", "typing", "type", "words"),
            ("type the missing word",), 0.0, True, items, question, grade, hints, feedback, could_be_right, subject,
            recap)
