"""what_said: what a person said — their quotes (both outlets' wordings side by side), "what else?"."""
import re
from dataclasses import replace

from knowledge.store import KnowledgeStore, Person, Quote

from .. import answering, grounding, settings, understanding
from ..language import STOPWORDS, stem, stems
from ..people import resolve
from ..reply import Button, Context, Message, Reply, answered, ask_which, describe, not_said
from . import ask_fact, who_is

NAME = "what_said"
SAYING = frozenset(stem(w) for w in ("say", "said", "says", "tell", "told", "quote", "quoted", "quotes", "word", "words",
                                     "comment", "comments", "statement", "remark", "anything", "directly", "own",
                                     "exactly", "actually", "speak", "spoke", "talk", "mention"))

DOING = re.compile(r"\b(?:do|doing|does)\s*[?.!]*$", re.IGNORECASE)


def quote_items(store: KnowledgeStore, quotes: list[Quote]) -> list[tuple[list[Quote], str]]:
    """Group quotes into items: a statement's wordings together, other quotes alone."""
    items, seen = [], set()
    for quote in quotes:
        if quote.id in seen:
            continue
        wordings = store.wordings(quote.statement_id) if quote.statement_id else [quote]
        seen.update(q.id for q in wordings)
        if len(wordings) > 1:
            text = " — ".join(f'{q.citation.outlet}: "{q.text}"' for q in wordings)
        else:
            text = f'"{quote.text}" — {quote.citation.outlet}'
        items.append((wordings, text))
    return items


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer with what the person said, or about what they said on the subject asked."""
    resolution = resolve(store, message, context)
    if len(resolution.people) > 1:
        return ask_which(resolution.people, NAME, message.text, context)
    if resolution.people and understanding.actors_named(store, message) and \
            understanding.spoken_to(message.text, resolution.people[0].surname):
        # "what did the Turkish government say back to the envoy?": the envoy listened, the government spoke
        resolution = replace(resolution, people=[])
    question = understanding.analyse(store, message, context, resolution)
    question = replace(question, terms=tuple(t for t in question.terms if t not in SAYING))
    if not resolution.people and context.person_id and not (question.actors or question.topics or question.terms):
        resolution = replace(resolution, people=[store.person(context.person_id)])  # "what else?" after his words
    if not resolution.people:
        if resolution.role:
            return answering.unnamed_role(store, message, context, resolution.phrase, NAME)
        if question.actors and not question.terms:  # "what did Germany say?": its stances
            from . import ask_position

            return ask_position.answer(store, message, context)
        if question.actors or question.terms or question.topics:
            return answering.respond(store, question, context, NAME)
        people = sorted(store.people(), key=lambda p: -len(store.quotes_by(p.id)))[:3]
        return Reply(f"Whose words would you like? For example: “What did {people[0].surname} say?”",
                     buttons=[Button(p.surname, f"what did {p.surname} say") for p in people])
    person = resolution.people[0]
    listeners = {p.id for p in resolution.others if understanding.spoken_to(message.text, p.surname)}
    if listeners:  # "what did the president say to the envoy?": words the articles put to that person
        pool = [c for c in grounding.candidates(store) if speaks(store, c, person.id) and listeners <= c.people]
        return answering.respond(store, question, context, NAME, pool,
                                 what=f"say what {person.name} said to {store.person(min(listeners)).name}")
    if (DOING.search(message.text) or who_is.EARLIER.search(message.text)) and \
            not set(stems(message.text)) & (SAYING | REPORTING):  # "what did Smith do?", "what did he use to be?",
        # not "what did Smith urge them to do?"
        return who_is.answer(store, message, context)
    others = question.actors - grounding.country_of(store, person.id)  # "what did he say about Iraq?"
    if question.terms or question.topics or question.kinds or question.during or others or question.places:
        pool = [c for c in grounding.candidates(store) if speaks(store, c, person.id)]
        noun = ask_fact.what_noun(message.text)  # "what were the exact questions he was asked?": which ones
        pool = [c for c in pool if ask_fact.describes(c, noun)] if noun else pool
        if pool:  # their words first; else what the articles report of them ("Russia reacted to Smith's announcement …")
            return answering.respond(store, question, context, NAME, pool, anywhere=not noun)
    return quotes_of(store, person, context, question.sources)


NEGATIONS = frozenset(("not", "never", "refus", "declin"))
REPORTING_DISTANCE = 3  # words between a name and its reporting verb ("Smith said", "said Anna Smith")
REPORTING = frozenset(stem(w) for w in ("said", "says", "say", "told", "tells", "urged", "warned", "added", "called",
                                        "expressed", "stated", "insisted", "underlined", "welcomed", "reported"))


def speaks(store: KnowledgeStore, candidate: grounding.Candidate, person_id: str) -> bool:
    """Say whether a candidate reports something a person said: their quotation, a stance they voiced,
    or a clause where their name stands next to a reporting verb ("Smith said", "said Anna Smith")."""
    if candidate.origin == "position" and person_id in candidate.speakers:
        return True  # a stance they voiced, not one that names them ("diplomats said … from Smith's speech")
    if candidate.origin == "sentence" and person_id in store.sentence(candidate.sentence_ids[0]).speakers:
        return True
    names = {w for entity_id, alias, kind in store.aliases("person") if entity_id == person_id and kind == "name"
             for w in stems(alias) if w not in STOPWORDS}
    named_before = False
    for clause in candidate.clauses:
        verbs = [i for i, w in enumerate(clause.sequence) if w in REPORTING
                 and not set(clause.sequence[max(0, i - 2):i]) & NEGATIONS]  # "Smith did not say …" reports no words
        named = [i for i, w in enumerate(clause.sequence) if w in names]
        if any(abs(v - n) <= REPORTING_DISTANCE for v in verbs for n in named) or (named_before and 0 in verbs):
            return True  # "Smith said …", or "Smith committed …, warning that …"
        named_before = bool(named)
    return False


def quotes_of(store: KnowledgeStore, person: Person, context: Context, sources: frozenset = frozenset()) -> Reply:
    """List a person's quotes (in the outlets asked about, if any), continuing with those not shown yet
    when asked again."""
    shown = set(context.shown_quotes) if context.person_id == person.id else set()
    quotes = [q for q in store.quotes_by(person.id) if not sources or q.citation.source_id in sources]
    items = quote_items(store, quotes)
    if sources:
        items = [([q for q in group if q.citation.source_id in sources], line) for group, line in items]
        items = [(group, f'"{group[0].text}" — {group[0].citation.outlet}') for group, _ in items if group]
    asked = f"what did {person.name} say"
    if not items:
        stances = [s for s in store.positions_voiced_by(person.id) if not sources or s.citation.source_id in sources]
        if stances:  # a reporter's or minister's words reported, not quoted
            return answered(f"There is no direct quotation of {person.name} in the articles, but they report: "
                            f"{stances[0].summary}", [stances[0].citation], context, person_id=person.id,
                            question=NAME, asked=asked)
    if sources and not items:
        outlets = " or ".join(s.publisher_label for s in store.sources() if s.id in sources)
        return not_said(asked, None, context, what=f"quote {person.name} in {outlets}", person_id=person.id,
                        question=NAME, asked=asked)
    if not items:
        closest = (f"{describe(store, person)}.", [r.citation for r in person.roles])
        return not_said(asked, closest, context, what=f"quote {person.name}", person_id=person.id, question=NAME,
                        asked=asked)
    fresh = [(quotes, line) for quotes, line in items if not shown & {q.id for q in quotes}]
    if not fresh:
        return Reply(f"That's everything the articles quote from {person.name} ({len(items)} statements). "
                     f"Ask “source?” for the sentences, or about someone else.",
                     context=replace(context, person_id=person.id, question=NAME, asked=asked))
    batch, rest = fresh[:settings.QUOTES_PER_REPLY], len(fresh) - settings.QUOTES_PER_REPLY
    quotes = [q for group, _ in batch for q in group]
    lines = [f"{person.name} said:"] + [f"• {line}" for _, line in batch]
    if rest > 0:
        lines.append(f"({rest} more — ask “what else did {person.surname} say?”)")
    return answered("\n".join(lines) + "\n", [q.citation for q in quotes], context, person_id=person.id,
                    question=NAME, asked=asked, shown_quotes=tuple(shown | {q.id for q in quotes}))


def example(store: KnowledgeStore) -> str:
    """An example question: the person quoted most."""
    people = sorted(store.people(), key=lambda p: -len(store.quotes_by(p.id)))
    return f"What did {people[0].surname} say?"
