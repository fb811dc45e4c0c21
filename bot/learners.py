"""The learner's name for the teacher's report ("my name is Anna", "call me A. Smith").

The NLU routes the message here (intent tell_name) and usually marks the name (entity
learner_name); when it does not, the name is read from after the phrase that introduces it.
Without a name the report shows a short learner code instead.
"""
import re
import unicodedata
from typing import Optional

from .progress import NAME_MAX, Progress, ProgressUnavailable

# Phrases that introduce a name, to read it when the NLU marked none (parsing inside the type).
INTRODUCTION = re.compile(r"\b(?:my (?:first |full )?name(?: for the report)? is|my name's|name's|the name is|"
                          r"call me|i am|i'm|im|i go by|i'm called|put me down as|record my name as|"
                          r"write my name as|sign me in as|change my name to|name:)\s+(.+)$", re.I)
TRAILING = re.compile(r"\s*(?:[,;!?].*|\s+(?:please|pls|here|lol|instead|thanks?|and|from)\b.*)$", re.I)
MARKUP = re.compile(r"<[^>]*>")


def clean_name(raw: Optional[str]) -> Optional[str]:
    """Return a name fit to store: one line of letters, spaces and name punctuation, at most
    NAME_MAX, or None when nothing like a name is left."""
    if not raw:
        return None
    text = MARKUP.sub("", unicodedata.normalize("NFC", str(raw)))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"[^\w .'\-]", "", text)
    text = " ".join(text.split())[:NAME_MAX].strip(" .-'")
    return text if any(ch.isalpha() for ch in text) else None


def name_from(text: str, entity: Optional[str]) -> Optional[str]:
    """Return the name the learner gave: the NLU's entity, else what follows an introduction."""
    if entity:
        return clean_name(entity)
    found = INTRODUCTION.search(text.strip())
    return clean_name(TRAILING.sub("", found.group(1))) if found else None


def remember_name(progress: Progress, sender: str, text: str, entity: Optional[str]) -> str:
    """Store the learner's name with their progress; return the reply."""
    name = name_from(text, entity)
    if name is None:
        return "What name should your teacher's report show? Say, for example, “my name is Anna”."
    try:
        progress.set_name(sender, name)
    except ProgressUnavailable:
        return "I couldn't save your name just now. Please try again in a moment."
    return f"Thanks, {name} — your teacher's report will show that name. (Say “call me …” to change it.)"
