"""ask_sources: the articles everything comes from, or one outlet's headline."""
import re

from knowledge.store import KnowledgeStore

from ..language import asked_kinds
from ..reply import Context, Message, Reply, answered, not_said
from ..understanding import actors_named

COUNT_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
HEADLINE = re.compile(r"\b(?:headlines?|titles?|called|named)\b", re.IGNORECASE)


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Name every source article with its outlet, headline and date; "what is <outlet>'s headline?"
    answers with that article's headline, cited like any other sentence."""
    sources = store.sources()
    named = {m.entity_id for m in actors_named(store, message)}
    asked = [source for source in sources if source.actor_id in named]
    if asked and "person" in asked_kinds(message.text) and not HEADLINE.search(message.text):
        return not_said(message.text, None, context)  # "who wrote the article?": no author is given
    if asked or HEADLINE.search(message.text):
        asked = asked or sources
        headlines = [s for s in store.sentences() if s.headline and s.source_id in {a.id for a in asked}]
        lines = [f"The {source.publisher_label} article is headlined “{source.headline}”." for source in asked]
        return answered(" ".join(lines), [s.citation for s in headlines], context)
    count = COUNT_WORDS.get(len(sources), str(len(sources)))
    lines = [f"Everything I say comes from {count} news article{'s' if len(sources) != 1 else ''}:"]
    for number, source in enumerate(sources, start=1):
        lines.append(f"{number}. {source.publisher_label}, “{source.headline}”, {source.date_label}.")
    lines.append("After any answer, ask “source?” to see the exact sentence it rests on.")
    return Reply("\n".join(lines))


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Where does this come from?"
