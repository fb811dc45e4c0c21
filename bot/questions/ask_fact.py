"""ask_fact: any fact the articles state — what, when, where, who, how many, why."""
import re
from typing import Optional

from knowledge.store import KnowledgeStore

from .. import answering, understanding
from ..language import stems
from ..people import resolve
from ..reply import Context, Message, Reply, answered, ask_which, not_said

NAME = "ask_fact"
DEFINITION = re.compile(r"^\s*(?:so |and |ok |but )?(?:what|wat|wht)(?:'s| is| are| was| were|s)\s+(?:a |an |the )?"
                        r"(?P<thing>.+?)(?:\s+(?:exactly|again|actually|in (?:these|the) articles?|about))?\s*[?.!]*\s*$",
                        re.IGNORECASE)


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer from the curated facts and the article sentences, checked against the question."""
    resolution = resolve(store, message, context)
    if len(resolution.people) > 1:
        return ask_which(resolution.people, NAME, message.text, context)
    if resolution.role and not resolution.people:
        return answering.unnamed_role(store, message, context, resolution.phrase, NAME)
    question = understanding.analyse(store, message, context, resolution)
    if not question.terms and not question.people and not question.actors and len(question.topics) == 1:
        defined = definition(store, message.text, next(iter(question.topics)), context)
        if defined:
            return defined
    return answering.respond(store, question, context, NAME)


def definition(store: KnowledgeStore, text: str, topic_id: str, context: Context) -> Optional[Reply]:
    """Answer "what is X?" for a topic with the curated fact that defines it, if one names X.

    A word that only points to a topic ("Scud" for the threat the US cites) is not defined by it:
    the articles don't say what a Scud missile is.
    """
    match = DEFINITION.match(text or "")
    if not match:
        return None
    asked = set(stems(match.group("thing")))
    facts = store.facts_about(topic_id)
    named = asked <= set(stems(store.name_of(topic_id) or ""))
    for fact in facts:
        if named or asked <= set(stems(f"{fact.summary} {fact.evidence}")):
            return answered(fact.summary, [fact.citation], context, topic_id=topic_id, question=NAME, asked=text)
    return not_said(text, None, context, topic_id=topic_id, question=NAME, asked=text)


def example(store: KnowledgeStore) -> str:
    """An example question: what a topic with curated facts is."""
    topics = [topic_id for topic_id, _ in store.topic_names() if store.facts_about(topic_id)]
    return f"What is {store.name_of(topics[0])}?" if topics else "What do the articles report?"
