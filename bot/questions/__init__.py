"""The question types. Each has one name through every layer: the intent (data/nlu/), the rule
(data/rules.yml), the action `action_<name>` (actions/questions.py) and the module
`bot/questions/<name>.py` with `answer(store, message, context) -> Reply`.

This registry lists them. The actions are made from it, help and the suggestions take their
examples from it, and tests/test_consistency.py checks every layer against it.
"""
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Callable, Optional

from knowledge.store import KnowledgeStore

from ..language import asked_kinds
from ..people import choose
from ..reply import Context, Message, Reply
from ..understanding import analyse, with_possessives
from . import (ask_evidence, ask_fact, ask_position, ask_sources, compare, compare_outlets, follow_up, help,
               list_countries, list_people, list_topics, nlu_fallback, out_of_scope, what_said, who_is,
               who_said, who_went_where)


@dataclass(frozen=True)
class QuestionType:
    """One question type: its name (the intent), its module, and how help describes it."""

    name: str
    module: ModuleType
    help: Optional[str] = None  # None: not listed in help

    @property
    def action(self) -> str:
        """The Rasa action that answers it."""
        return f"action_{self.name}"

    @property
    def example(self) -> Optional[Callable[[KnowledgeStore], str]]:
        """The function giving an example question from the store, if the type has one."""
        return getattr(self.module, "example", None)


TYPES: dict[str, QuestionType] = {t.name: t for t in (
    QuestionType("who_is", who_is, "who someone is"),
    QuestionType("what_said", what_said, "what someone said"),
    QuestionType("who_said", who_said, "who said something"),
    QuestionType("ask_position", ask_position, "positions and reactions"),
    QuestionType("ask_fact", ask_fact, "facts: what, when, where, how many, why"),
    QuestionType("who_went_where", who_went_where, "who went where"),
    QuestionType("compare", compare, "two sides side by side"),
    QuestionType("compare_outlets", compare_outlets, "how the outlets' articles differ"),
    QuestionType("follow_up", follow_up, "follow-ups about someone else"),
    QuestionType("list_people", list_people, "who is in the articles"),
    QuestionType("list_countries", list_countries),
    QuestionType("list_topics", list_topics),
    QuestionType("ask_sources", ask_sources, "where everything comes from"),
    QuestionType("ask_evidence", ask_evidence),
    QuestionType("help", help),
    QuestionType("out_of_scope", out_of_scope),
    QuestionType("nlu_fallback", nlu_fallback),
)}
EXAMPLE_TYPES = ("who_is", "what_said", "ask_fact", "ask_position", "who_said", "compare", "who_went_where",
                 "compare_outlets", "list_people", "ask_sources")


def examples(store: KnowledgeStore) -> list[str]:
    """Return one example question per main type, made from what the store holds."""
    return [TYPES[name].example(store) for name in EXAMPLE_TYPES]


LIKELY_INTENTS = 3  # how far down the NLU's ranking (after its top intent) answering types are tried
ANSWERING = ("ask_fact", "who_is", "what_said", "who_said", "ask_position", "who_went_where", "follow_up",
             "compare", "compare_outlets")


def as_question(store: KnowledgeStore, message: Message, context: Context) -> Optional[Reply]:
    """Answer a message the NLU was unsure of as its likeliest question type, if that type gives a
    checked answer or a checked "the articles don't say"; None otherwise.

    Used when the top intent cannot be acted on: the NLU fell back, or a quiz command came with no
    quiz running ("what were the questions?" read as "repeat").
    """
    if context.choices and choose(store, message, context):
        return answer("follow_up", store, message, context)  # it picks one of the people offered
    # the answering types among the next likeliest intents: a quiz command or "out of scope" there is no
    # reason not to try them (their answers are checked); further down the ranking is a guess ("skip" → trips)
    likeliest = [n for n in [n for n in message.ranking if n != message.intent][:LIKELY_INTENTS] if n in ANSWERING]
    if asked_kinds(message.text) and analyse(store, message, context).anchor:
        likeliest.insert(0, "ask_fact")  # a bare "where?" or "who else?" asks about the answer before
    for name in likeliest:
        reply = answer(name, store, message, context)
        if reply.context is not None and (not reply.buttons or reply.context.choices):
            return reply  # its checked "the articles don't say" stands: a less likely type's answer would be a guess
    return None


def answer(name: str, store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer a message with the type its intent names.

    A pending "Did you mean A or B?" is settled first: a message that picks one of the people
    offered ("the one in India", a surname) repeats the question that was asked, about that person.
    """
    message = replace(message, text=with_possessives(store, message.text))  # "putins plan" is "putin's plan"
    if context.choices:
        chosen = choose(store, message, context)
        unchoosing = replace(context, choices=())
        if chosen and context.question in TYPES and context.asked:
            if context.question in ("who_is", "ask_fact") and "person" in asked_kinds(context.asked)[:1]:
                return who_is.about(store, chosen, unchoosing)
            asked = Message(context.asked, context.question, (("person", chosen.name),))
            return TYPES[context.question].module.answer(store, asked, unchoosing)
        context = unchoosing
    return TYPES[name].module.answer(store, message, context)
