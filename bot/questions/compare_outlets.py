"""compare_outlets: how the outlets' articles differ — above all their wordings of the same remark."""
from dataclasses import replace

from knowledge.store import KnowledgeStore

from .. import answering, grounding, understanding
from ..language import stem, tokens
from ..people import resolve
from ..reply import Button, Context, Message, Reply, answered, not_said
from .ask_position import STANCE_WORDS
from .compare import COMPARE_WORDS

NAME = "compare_outlets"
OUTLET_NOUNS = frozenset(stem(w) for w in ("outlet", "outlets", "coverage", "covered", "version", "versions", "account",
                                           "accounts", "paper", "papers", "network", "networks", "wording", "reporting"))


def paired_speakers(store: KnowledgeStore) -> list[str]:
    """Return the ids of people whose remarks several outlets carried, in article order."""
    return list(dict.fromkeys(q.person_id for q in store.all_quotes() if q.statement_id))


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Show how the outlets worded the same remark, for the person asked about if any; on a subject
    ("how does <outlet> describe the ABM treaty?"), what each outlet says about it."""
    resolution = resolve(store, message, context)
    person = resolution.people[0] if len(resolution.people) == 1 else None
    question = understanding.analyse(store, message, context, resolution)
    outlet_words = {w for s in store.sources() for w in _outlet_stems(store, s.actor_id)} | OUTLET_NOUNS
    question = replace(question, terms=tuple(t for t in question.terms
                                             if t not in COMPARE_WORDS | outlet_words | STANCE_WORDS),
                       actors=frozenset(a for a in question.actors if a not in {s.actor_id for s in store.sources()}))
    bare = not (question.topics or question.terms or question.actors)  # "and the other outlet's version?"
    if person is None and not resolution.people and context.person_id and \
            (bare or set(tokens(message.text)) & {"that", "this", "it", "those", "these"}):
        person = store.person(context.person_id)  # "is that in every outlet?" after someone's words: theirs
    if not person and (question.topics or question.terms or question.actors):
        return by_outlet(store, message, question, context)
    paired = [q for q in store.all_quotes() if q.statement_id and (person is None or q.person_id == person.id)]
    outlets = " and ".join(s.outlet for s in store.sources())
    speakers = [store.person(p) for p in paired_speakers(store)]
    if not paired:
        name = person.name if person else "that person"
        listed = " and ".join(f"{p.surname}'s" for p in speakers)
        return Reply(f"The articles don't both quote {name}: only {listed} remarks appear in more than one "
                     f"outlet's article.",
                     buttons=[Button(f"How did {outlets} report {p.surname}?", f"how did {outlets} report {p.surname}")
                              for p in speakers])
    statements = list(dict.fromkeys(q.statement_id for q in paired))
    shown = [statement for statement in statements if person or statement == statements[0]][:2]
    lines, citations = [f"The outlets worded {paired[0].speaker} differently:"], []
    for statement in shown:
        wordings = store.wordings(statement)
        lines += [f'• {q.citation.outlet}: "{q.text}"' for q in wordings]
        citations += [q.citation for q in wordings]
    others = [p.surname for p in speakers if person is None and p.id != paired[0].person_id]
    if others:
        lines.append(f"(Also carried by more than one outlet: remarks of {', '.join(others)}.)")
    return answered("\n".join(lines) + "\n", citations, context, person_id=paired[0].person_id, question=NAME,
                    asked=message.text)


def _outlet_stems(store: KnowledgeStore, actor_id) -> set[str]:
    from ..language import stems

    return {w for entity_id, alias, _ in store.aliases("actor") if entity_id == actor_id for w in stems(alias)}


def by_outlet(store: KnowledgeStore, message: Message, question, context: Context) -> Reply:
    """Say what each outlet named (or every outlet) reports on the subject asked, side by side."""
    named = store.sources_named(message.text) or [s.id for s in store.sources()]
    lines, citations = [], []
    for source in store.sources():
        if source.id not in named:
            continue
        pool = [c for c in grounding.candidates(store) if c.citations[0].source_id == source.id]
        found = grounding.best_pair(grounding.find(store, replace(question, kinds=()), pool))[:1]
        if found:
            lines.append(f"• {source.publisher_label}: {answering.said(found[0].candidate)}")
            citations += found[0].candidate.citations
        else:
            lines.append(f"• {source.publisher_label}: nothing on that.")
    if not citations:
        return not_said(message.text, None, context, question=NAME, asked=message.text)
    return answered("\n".join(lines) + "\n", citations, context, question=NAME, asked=message.text)


def example(store: KnowledgeStore) -> str:
    """An example question: the outlets' wordings of the first paired speaker."""
    speakers = paired_speakers(store)
    outlets = " and ".join(s.outlet for s in store.sources())
    return f"How did {outlets} report {store.person(speakers[0]).surname}?" if speakers else f"Compare {outlets}"
