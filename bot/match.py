"""Match a learner's free-text answer to one of a multiple-choice question's options."""
import re
from typing import Optional, Sequence

from rapidfuzz import fuzz

from knowledge.store import KnowledgeStore

LETTERS = "abcd"
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "one": 0, "two": 1, "three": 2, "four": 3}
_CHOICE = re.compile(r"^\s*(?:option|answer|number|choice|no\.?|#)?\s*\(?([a-d1-4])\)?\s*[.):]?\s*(?:$|\s)", re.I)
_FILLER = re.compile(r"\b(i think|i guess|maybe|probably|it was|it's|it is|that was|answer|is it|my answer is)\b", re.I)
TYPO_THRESHOLD = 80


def letter(index: int) -> str:
    """Return "A" for 0, "B" for 1, …"""
    return LETTERS[index].upper()


def match_option(text: Optional[str], options: Sequence[str], store: Optional[KnowledgeStore] = None) -> Optional[int]:
    """Return the index of the option the learner chose, or None if their words fit none.

    Accepts a letter ("b", "B)", "option b"), a number ("2"), an ordinal ("second"), the
    option's text (a person's full name), a surname, a typo of either ("yakovenk"), or — with
    a store and options that are person names — a role phrase ("the spokesman").
    """
    if not text or not options:
        return None
    text = text.strip()[:200]
    choice = _CHOICE.match(text)
    if choice:
        token = choice.group(1).lower()
        index = LETTERS.index(token) if token in LETTERS else int(token) - 1
        if index < len(options) and (token.isdigit() or len(text.strip(" .)(:")) <= 10 or "option" in text.lower()):
            return index
    words = _FILLER.sub(" ", text.lower()).strip(" ?!.,\"'")
    if words in _ORDINALS and _ORDINALS[words] < len(options):
        return _ORDINALS[words]
    if not words:
        return None
    scores = []
    for index, option in enumerate(options):
        option_lower = option.lower()
        best = fuzz.ratio(words, option_lower)
        for part in option_lower.split():
            if len(part) >= 3:
                best = max(best, fuzz.ratio(words, part))
        scores.append((best, index))
    scores.sort(reverse=True)
    if scores[0][0] >= TYPO_THRESHOLD and (len(scores) == 1 or scores[0][0] - scores[1][0] >= 8):
        return scores[0][1]
    if store is not None:
        people = store.find_people(words)
        if people:
            top = [person.name for person, score in people if score >= people[0][1] - 0.5]
            hits = [i for i, option in enumerate(options) if option in top]
            if len(hits) == 1:
                return hits[0]
    return None
