"""Find every direct quotation in article text and guess its speaker.

Used by the build as a completeness check: a quotation found here that is not in the
curated annotations fails the build. The speaker guess is a simple heuristic (name next to a
reporting verb; "he said" resolves to the last person reported as speaking) and is tested
against the annotations.
"""
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .text import paragraphs

REPORTING_VERBS = re.compile(
    r"\b(said|says|say|told|tells|urged|added|asked|stated|declared|warned|noted|explained|insisted)\b",
    re.IGNORECASE,
)
_QUOTATION = re.compile(r'"([^"]+)"')
_PRONOUN_BEFORE = re.compile(r"\b(he|she)\s*$", re.IGNORECASE)
SUBJECT_WINDOW_BEFORE = 100  # characters between a name's end and the reporting verb
SUBJECT_WINDOW_AFTER = 40  # "said Vladimir Lukin": characters between verb and name


@dataclass(frozen=True)
class Quotation:
    """A quoted stretch of article text, with a guessed speaker (a person id) if any."""

    start: int
    end: int
    text: str
    speaker: Optional[str]
    reporting_verb: str


def _strip_trailing_comma(text: str, start: int) -> tuple[str, int, int]:
    inner = text.rstrip()
    if inner.endswith(","):
        inner = inner[:-1].rstrip()
    return inner, start, start + len(inner)


def _mentions(masked: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Return (start, end, person_id) of name mentions, longest names first, no overlaps."""
    found: list[tuple[int, int, str]] = []
    for surface, person_id in sorted(names, key=lambda item: -len(item[0])):
        for match in re.finditer(rf"\b{re.escape(surface)}\b", masked):
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), person_id))
    return sorted(found)


def _subject_of(verb: re.Match, masked: str, mentions, last_speaker):
    """Return the person a reporting verb belongs to, or None."""
    if _PRONOUN_BEFORE.search(masked[: verb.start()]):
        return last_speaker
    before = [m for m in mentions if m[1] <= verb.start() and verb.start() - m[1] <= SUBJECT_WINDOW_BEFORE]
    if before:
        return before[-1][2]
    after = [m for m in mentions if m[0] >= verb.end() and m[0] - verb.end() <= SUBJECT_WINDOW_AFTER]
    return after[0][2] if after else None


def find_quotations(text: str, names: Iterable[tuple[str, str]]) -> list[Quotation]:
    """Return every quotation in `text` that has a reporting verb in its paragraph.

    :param text: the article text (spans in the result are offsets into it)
    :param names: (surface form, person id) pairs used to recognise speakers
    """
    names = list(names)
    results: list[Quotation] = []
    last_speaker: Optional[str] = None
    for paragraph in paragraphs(text):
        quoted = list(_QUOTATION.finditer(paragraph.text))
        masked = _QUOTATION.sub(lambda m: " " * len(m.group(0)), paragraph.text)
        verbs = list(REPORTING_VERBS.finditer(masked))
        mentions = _mentions(masked, names)
        subjects = [(verb, _subject_of(verb, masked, mentions, last_speaker)) for verb in verbs]
        for match in quoted:
            if not verbs:
                continue
            verb, speaker = min(subjects, key=lambda vs: abs(vs[0].start() - match.start()))
            inner, start, end = _strip_trailing_comma(match.group(1), paragraph.start + match.start(1))
            results.append(Quotation(start, end, inner, speaker, verb.group(0).lower()))
        speakers = [speaker for _, speaker in subjects if speaker]
        if speakers:
            last_speaker = speakers[-1]
        elif mentions:
            last_speaker = last_speaker or mentions[-1][2]
    return results
