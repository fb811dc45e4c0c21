"""list_countries: the countries and groups the articles mention, and whose stance they report."""
from knowledge.store import KnowledgeStore

from .. import grounding, understanding
from ..language import stem
from ..reply import Context, Message, Reply

LIST_WORDS = frozenset(stem(w) for w in (  # words of a question that only asks which countries are named
    "country", "countries", "nation", "nations", "state", "states", "group", "groups", "government", "governments",
    "involved", "mention", "mentioned", "named", "list", "appear", "feature", "featured", "stance", "side", "sides",
    "part", "concerned", "main", "key", "important"))


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List countries and groups with a reported stance, then those only mentioned; a question that asks
    more ("which countries signed it?", "which countries did he mean?") is a question of fact."""
    asked = understanding.analyse(store, message, context)
    if set(asked.terms) - LIST_WORDS or asked.people or asked.anchor:
        from . import ask_fact

        return ask_fact.answer(store, message, context)
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
