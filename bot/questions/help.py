"""help: what the tutor answers, with an example of every question type from the store."""
from knowledge.store import KnowledgeStore

from ..reply import Button, Context, Message, Reply


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """List the question types with an example each, and the quiz."""
    from . import TYPES

    sources = store.sources()
    outlets = " and ".join(s.outlet for s in sources)
    lines = [f"I answer questions about the news articles I hold ({outlets}), and every answer says where it "
             "comes from. When the articles don't say something, I tell you so. You can ask:"]
    for question_type in TYPES.values():
        if question_type.help and question_type.example:
            lines.append(f"• {question_type.help} — “{question_type.example(store)}”")
    lines.append("• a quiz — “quiz me”, “10 questions please”; “my progress” shows what you have mastered")
    lines.append("After any answer, ask “source?” to see the exact sentence.")
    return Reply("\n".join(lines))


def example(store: KnowledgeStore) -> str:
    """An example question."""
    return "Help"
