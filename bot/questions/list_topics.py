"""list_topics: what the articles cover, with example questions."""
from knowledge.store import KnowledgeStore

from ..reply import Button, Context, Message, Reply


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List the topics and offer example questions of the main types."""
    from . import examples

    names = [name for _, name in store.topic_names()]
    return Reply("The articles cover: " + "; ".join(names) + ". Try one of these:",
                 buttons=[Button(q, q) for q in examples(store)[:4]])


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "What topics can I ask about?"
