"""list_countries: the countries and groups the articles mention, and whose stance they report."""
from knowledge.store import KnowledgeStore

from .. import grounding
from ..reply import Context, Message, Reply


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List countries and groups with a reported stance, then those only mentioned."""
    holders = {c.holder for c in grounding.candidates(store) if c.holder}
    with_stance, mentioned = [], []
    for actor_id, name in store.actor_names(kinds=("country", "group")):
        (with_stance if actor_id in holders else mentioned).append(name)
    example = with_stance[1] if len(with_stance) > 1 else (with_stance or ["a country"])[0]
    return Reply(f"Countries and groups whose stance the articles report: {', '.join(with_stance)}. "
                 f"Also mentioned: {', '.join(mentioned)}. Ask, for example, “how did {example} react?”")


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Which countries are involved?"
