"""list_people: everyone the articles name, grouped by side."""
from knowledge.store import KnowledgeStore

from ..reply import Context, Message, Reply, answered


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List the people by side, each with their first title."""
    lines = []
    for side in list(dict.fromkeys(store.sides() + [p.side for p in store.people()])):
        people = [p for p in store.people() if p.side == side]
        if people:
            label = store.side_label(side) or side
            lines.append(f"{label[0].upper() + label[1:]}: " + "; ".join(f"{p.name} ({p.titles[0]})" for p in people))
    citations = [p.roles[0].citation for p in store.people()]
    return answered("\n".join(lines) + "\n", citations, context, question="list_people", asked=message.text)


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Who is in the articles?"
