"""compare: two sides, countries or people side by side, on a topic if one is named."""
from dataclasses import replace

from knowledge.store import KnowledgeStore

from .. import answering, grounding, understanding
from ..language import asked_kinds, content_stems, stem
from ..reply import Context, Message, Reply, answered, not_said
from .ask_position import STANCE_WORDS, _holders

NAME = "compare"
COMPARE_WORDS = frozenset(stem(w) for w in (
    "compare", "comparison", "contrast", "differ", "difference", "different", "versus", "vs", "both", "similar",
    "similarity", "agree", "disagree", "between", "juxtapose", "weigh", "against", "each"))


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Set the stances (or words) of each side named next to each other; say so where one has none."""
    question = understanding.analyse(store, message, context)
    question = replace(question, terms=tuple(t for t in question.terms if t not in STANCE_WORDS | COMPARE_WORDS),
                       kinds=())
    people = [m.entity_id for m in store.mentions(message.text, "person", kinds=("name", "title"))]
    actors = [m.entity_id for m in store.mentions(message.text, "actor")]
    if not set(content_stems(message.text)) & COMPARE_WORDS:
        # one side named and no comparing word: the same question as before about it, or a question of fact
        from . import ask_fact, follow_up

        if context.asked and len(people) + len(actors) == 1 and len(content_stems(message.text)) <= 2:
            return follow_up.answer(store, message, context)
        return ask_fact.answer(store, message, context)
    sides: list[tuple[str, list[grounding.Candidate], str]] = []
    if len(people) >= 2:
        for person_id in people[:3]:
            person = store.person(person_id)
            pool = [c for c in grounding.candidates(store) if person_id in c.people]
            sides.append((person.name, pool, f"report what {person.name} said on that"))
        question = replace(question, people=frozenset())
    else:
        actors = actors or list(question.actors)
        if len(actors) < 2:
            actors = (actors + [a for a in _holders(store) if a not in actors])[:2]
        for actor_id in actors[:3]:
            name = store.name_of(actor_id)
            pool = [c for c in grounding.candidates(store) if c.holder == actor_id]
            sides.append((name, pool, f"report {name}'s stance"))
        question = replace(question, actors=frozenset())
    lines, citations = [], []
    for name, pool, missing in sides:
        chosen = grounding.best_pair(grounding.find(store, question, pool))[:1]
        label = name[0].upper() + name[1:]
        if chosen:
            lines.append(f"• {label}: {answering.said(chosen[0].candidate)}")
            citations += chosen[0].candidate.citations
        else:
            lines.append(f"• {label}: the articles don't {missing}.")
    if not citations:
        return not_said(message.text, None, context, question=NAME, asked=message.text)
    return answered("\n".join(lines) + "\n", citations, context, question=NAME, asked=message.text)


def example(store: KnowledgeStore) -> str:
    """An example question: the two actors with the most stances."""
    holders = _holders(store)[:2]
    return f"Compare the positions of {' and '.join(store.name_of(a) for a in holders)}" if len(holders) == 2 \
        else "Compare the positions"
