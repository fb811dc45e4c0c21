"""out_of_scope: a polite redirect, with example questions, for messages outside the articles."""
from knowledge.store import KnowledgeStore

from ..reply import Button, Context, Message, Reply


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Say what the tutor covers and offer three example questions."""
    from . import examples

    return Reply("The articles don't cover that: I only answer from the news articles I hold. Try one of these:",
                 buttons=[Button(q, q) for q in examples(store)[:3]])
