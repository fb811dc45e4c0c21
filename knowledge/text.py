"""Split article text into paragraphs and sentences, keeping character offsets."""
import re
from dataclasses import dataclass

# Tokens ending in a full stop that do not end a sentence in these articles.
ABBREVIATIONS = {"U.S.", "Mr.", "Mrs.", "Dr.", "W.", "St.", "U.N.", "U.K."}
_BOUNDARY = re.compile(r'[.!?]["\u201d]?(?=\s+["\u201c]?[A-Z])')


@dataclass(frozen=True)
class Segment:
    """A stretch of text with its character offsets in the whole document."""

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Segment]:
    """Split text on blank lines; return non-empty paragraphs with offsets."""
    segments = []
    for match in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
        chunk = match.group(0)
        stripped = chunk.strip()
        if stripped:
            start = match.start() + chunk.index(stripped)
            segments.append(Segment(start, start + len(stripped), stripped))
    return segments


def sentences(paragraph: Segment) -> list[Segment]:
    """Split one paragraph into sentences (offsets stay document-wide)."""
    result, begin = [], 0
    text = paragraph.text
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        last_token = text[:end].rsplit(None, 1)[-1].strip('"\u201d')
        if last_token in ABBREVIATIONS:
            continue
        result.append((begin, end))
        begin = end + (len(text[end:]) - len(text[end:].lstrip()))
    if begin < len(text):
        result.append((begin, len(text)))
    return [Segment(paragraph.start + s, paragraph.start + e, text[s:e]) for s, e in result]


def normalise(text: str) -> str:
    """Lower-case, unify quotes and dashes, collapse whitespace: for comparing wordings."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()
