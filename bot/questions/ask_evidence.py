"""ask_evidence: the exact sentences the last answer rests on ("source?")."""
from knowledge.store import KnowledgeStore

from ..reply import Context, Message, Reply

MAX_SENTENCES = 4


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Quote the sentences behind the previous answer, each with its outlet and date."""
    lines = []
    for sentence_id in context.evidence[:MAX_SENTENCES]:
        sentence = store.sentence(sentence_id)
        if sentence:
            lines.append(f"• {sentence.citation.short()}: {sentence.text}")
    if not lines:
        return Reply("Ask me something first — then “source?” shows the exact sentence my answer rests on. "
                     "Everything I say comes from the articles: ask “where does this come from?”")
    return Reply("\n".join(["That answer rests on:"] + lines))


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Source?"
