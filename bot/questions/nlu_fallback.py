"""nlu_fallback: the NLU is unsure — say so and offer the likeliest questions as buttons."""
from knowledge.store import KnowledgeStore

from ..reply import Button, Context, Message, Reply

SUGGESTIONS = 3


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Offer example questions of the likeliest types (from the NLU ranking), then of the main ones."""
    from . import EXAMPLE_TYPES, TYPES, examples

    chosen = [TYPES[name].example(store) for name in message.ranking if name in EXAMPLE_TYPES]
    for question in examples(store):
        if len(chosen) >= SUGGESTIONS:
            break
        if question not in chosen:
            chosen.append(question)
    return Reply("Sorry, I'm not sure what you mean. Did you want to ask one of these?",
                 buttons=[Button(q, q) for q in chosen[:SUGGESTIONS]])
