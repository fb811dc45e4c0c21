"""ask_sources: the articles everything comes from."""
from knowledge.store import KnowledgeStore

from ..reply import Context, Message, Reply

COUNT_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Name every source article with its outlet, headline and date."""
    sources = store.sources()
    count = COUNT_WORDS.get(len(sources), str(len(sources)))
    lines = [f"Everything I say comes from {count} news article{'s' if len(sources) != 1 else ''}:"]
    for number, source in enumerate(sources, start=1):
        lines.append(f"{number}. {source.publisher_label}, “{source.headline}”, {source.date_label}.")
    lines.append("After any answer, ask “source?” to see the exact sentence it rests on.")
    return Reply("\n".join(lines))


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Where does this come from?"
