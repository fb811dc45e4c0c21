"""nlu_fallback: the NLU is unsure — say so and offer the likeliest questions as buttons."""
from knowledge.store import KnowledgeStore

from ..reply import Button, Context, Message, Reply

NAME = "nlu_fallback"
SUGGESTIONS = 3


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer as the likeliest question type when that gives a checked answer (or a checked "the
    articles don't say"); otherwise offer example questions of the likeliest types."""
    from . import EXAMPLE_TYPES, TYPES, as_question, examples

    reply = as_question(store, message, context)
    if reply:
        return reply

    chosen = [TYPES[name].example(store) for name in message.ranking if name in EXAMPLE_TYPES]
    for question in examples(store):
        if len(chosen) >= SUGGESTIONS:
            break
        if question not in chosen:
            chosen.append(question)
    return Reply("Sorry, I'm not sure what you mean. Did you want to ask one of these?",
                 buttons=[Button(q, q) for q in chosen[:SUGGESTIONS]])
