"""ask_evidence: the exact sentences the last answer rests on ("source?")."""
from knowledge.store import KnowledgeStore

from ..language import asked_kinds
from ..reply import Context, Message, Reply
from ..understanding import other_source

NAME = "ask_evidence"
MAX_SENTENCES = 4
SOURCE_KINDS = {"place", "person", "actor"}  # "where does this come from?", "who is the source?" ask for the source


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Quote the sentences behind the previous answer, each with its outlet and date; "how does the other
    article word it?" asks the last question again of that outlet."""
    from . import TYPES, ask_fact, follow_up

    if set(asked_kinds(message.text)) - SOURCE_KINDS:
        return ask_fact.answer(store, message, context)  # "how far below that?" asks a fact of the last answer

    asked = set(store.sources_named(message.text)) | other_source(store, message.text, context)
    shown = {store.sentence(s).source_id for s in context.evidence if store.sentence(s)}
    if len(asked) == 1 and asked != shown and context.asked and context.question in TYPES and context.question != NAME:
        source = next(s for s in store.sources() if s.id in asked)
        return follow_up.in_outlet(store, context, source.outlet)
    lines = []
    for sentence_id in context.evidence[:MAX_SENTENCES]:
        sentence = store.sentence(sentence_id)
        if sentence:
            lines.append(f"• {sentence.citation.short()}: {sentence.text}")
    if not lines:
        return Reply("Ask me something first — then “source?” shows the exact sentence my answer rests on. "
                     "Everything I say comes from the articles: ask “where does this come from?”")
    return Reply("\n".join(["That answer rests on:"] + lines), context=context)  # this reply rests on them too


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Source?"
