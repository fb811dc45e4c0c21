"""What every question type takes and gives: the message, the conversation context, the reply.

Also the shared formatting: citations, quoting a sentence, describing a person, "Did you mean …?",
and the "The articles don't say …" line. Nothing here chooses an answer.
"""
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

from knowledge.store import Citation, KnowledgeStore, Person

from .language import embedded


@dataclass(frozen=True)
class Button:
    """A clickable suggestion: what it shows and what it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    """The learner's message as the NLU understood it."""

    text: str
    intent: str = ""
    entities: tuple[tuple[str, str], ...] = ()  # (entity name, value), in the order found
    ranking: tuple[str, ...] = ()  # the intents the NLU found likeliest, best first

    def entity(self, name: str) -> Optional[str]:
        """Return the first value of an entity, or None."""
        return next((value for key, value in self.entities if key == name and value), None)

    def values(self, name: str) -> list[str]:
        """Return every value of an entity, in order."""
        return [value for key, value in self.entities if key == name and value]


@dataclass(frozen=True)
class Context:
    """What the conversation is about, carried between turns in slots."""

    person_id: Optional[str] = None  # the person talked about last ("he")
    actor_id: Optional[str] = None  # the country or organisation talked about last ("they", "and France?")
    topic_id: Optional[str] = None  # the topic talked about last ("it")
    question: Optional[str] = None  # the type of the last question answered (an intent)
    asked: Optional[str] = None  # its text, repeated about someone else by "and Smith?"
    evidence: tuple[str, ...] = ()  # ids of the sentences behind the last answer ("source?", "when was that?")
    shown_quotes: tuple[str, ...] = ()  # quotes already shown, for "what else did he say?"
    choices: tuple[str, ...] = ()  # people offered by the last "Did you mean …?"


DECLINING = "The articles don't"  # how every "not in the articles" reply opens


@dataclass
class Reply:
    """One bot answer and the context after it."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    context: Optional[Context] = None  # None: leave the context as it was

    @property
    def declines(self) -> bool:
        """Say whether the reply says the articles don't say what was asked."""
        return self.text.startswith(DECLINING)


def safe_echo(text: Optional[str], limit: int = 60) -> str:
    """Return learner text fit to repeat back: letters, digits, spaces and light punctuation only."""
    cleaned = re.sub(r"<[^>]*>", " ", text or "")
    cleaned = re.sub(r"[^\w\s.,'’?-]", " ", cleaned, flags=re.UNICODE)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return cleaned[:limit].rstrip() + ("…" if len(cleaned) > limit else "")


def cite(citations: Iterable[Citation]) -> str:
    """Return "Source: <outlet>, <date>." (or "Sources: …; …") without duplicates."""
    labels = list(dict.fromkeys(c.short() for c in citations))
    return ("Sources: " if len(labels) > 1 else "Source: ") + "; ".join(labels) + "."


def answered(text: str, citations: list[Citation], context: Context, **changes) -> Reply:
    """Build a Reply that ends with its citation and remembers the sentences it rests on."""
    separator = "" if text.endswith("\n") else " "
    evidence = tuple(dict.fromkeys(c.sentence_id for c in citations if c.sentence_id))
    return Reply(f"{text}{separator}{cite(citations)}", context=replace(context, evidence=evidence, choices=(),
                                                                          **changes))


def quoted(citation: Citation, with_outlet: bool = False, lead_in: str = "") -> str:
    """Return an article sentence verbatim in quotation marks, optionally followed by its outlet; with
    the sentence before it (`lead_in`, verbatim too) when it opens by pointing back at that one."""
    sentence = f"{lead_in.strip()} {citation.sentence.strip()}" if lead_in else citation.sentence.strip()
    return f"“{sentence}”" + (f" ({citation.outlet})" if with_outlet else "")


def side_of(store: KnowledgeStore, person: Person) -> Optional[str]:
    """Return how the bot names a person's side ("the Russian side"), or None."""
    return store.side_label(person.side)


def describe(store: KnowledgeStore, person: Person) -> str:
    """Return "<name> — <titles> (<side>)", e.g. "Anna Smith — deputy speaker of parliament (the Russian side)"."""
    side = side_of(store, person)
    return f"{person.name} — {', '.join(person.titles)}" + (f" ({side})" if side else "")


def ask_which(people: list[Person], question: str, asked: str, context: Context) -> Reply:
    """Ask the learner to choose between people that all fit their words; remember the question."""
    names = [p.name for p in people]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    return Reply(f"Did you mean {listed}?", buttons=[Button(p.name, p.name) for p in people],
                 context=replace(context, choices=tuple(p.id for p in people), question=question, asked=asked))


def not_said(text: str, closest: Optional[tuple[str, list[Citation]]], context: Context,
             what: Optional[str] = None, **changes) -> Reply:
    """Say the articles don't say what was asked, and what they do say, labelled as not the answer.

    :param text: the learner's question (turned into "… don't say when …", or quoted back)
    :param closest: (text, citations) of the nearest thing the articles do say, or None
    :param what: the clause to use instead of one made from the question ("name the German foreign minister")
    """
    if what:
        opening = f"The articles don't {what}."
    else:
        clause = embedded(safe_echo(text, 140))
        opening = (f"The articles don't say {clause}." if clause
                   else f"The articles don't say that (you asked: “{safe_echo(text, 100)}”).")
    if not closest:
        return Reply(opening, context=replace(context, evidence=(), choices=(), **changes))
    said, citations = closest
    reply = answered(f"{opening} What they do say, which is not an answer to that: {said}", citations, context,
                     **changes)
    return reply
