"""out_of_scope: a polite redirect, with example questions, for messages outside the articles."""
from knowledge.store import KnowledgeStore

from ..reply import Button, Context, Message, Reply

SUBJECTS = ("person", "actor", "topic")  # entities that name something of the articles


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Say what the tutor covers and offer three example questions — unless the message names someone
    or something of the articles ("is the Kremlin happy to be consulted?"): then its likeliest question
    type answers, when it finds an answer."""
    from . import as_question, examples

    if any(message.values(kind) or store.mentions(message.text, kind, typos=False) for kind in SUBJECTS):
        reply = as_question(store, message, context)
        if reply and not reply.declines:  # "what is the capital of France?" stays out of scope
            return reply
    return Reply("The articles don't cover that: I only answer from the news articles I hold. Try one of these:",
                 buttons=[Button(q, q) for q in examples(store)[:3]])
