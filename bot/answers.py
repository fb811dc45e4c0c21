"""Answer learners' questions from the knowledge store, one function per question type.

Every function takes the store, the learner's message, the NLU entities and the conversation
``Context`` (what was asked last), and returns a ``Reply``: plain text ending with its
citation, optional buttons, and the updated context (person talked about, evidence sentences
for a later "source?"). Nothing is stated that the store does not hold.
"""
import re
from dataclasses import dataclass, field, replace
from typing import Optional

from knowledge.store import Citation, KnowledgeStore, Person, Quote, Statement, place_word

SIDE_LABELS = {"russia": "the Russian side", "united-states": "the US side", "india": "India",
               "media": "the press", "europe": "Europe", "turkey": "Turkey"}
SIDE_ORDER = ["russia", "united-states", "india", "media"]
QUOTES_PER_REPLY = 2
WHO_SAID_MIN_SCORE = 70
TRAVEL_WORDS = re.compile(r"\b(went|go|goes|gone|travel\w*|visit\w*|trips?|tour\w*|flew|fly|flying|been)\b",
                          re.IGNORECASE)
PRONOUNS = re.compile(r"\b(he|him|his|she|her|they|them|that person)\b", re.IGNORECASE)
OUTLET_WORDS = re.compile(r"\b(cnn|ap|cbs|associated press|outlets?|articles?|wordings?|translat\w*|report\w*)\b",
                          re.IGNORECASE)
WHO_SAID_SCAFFOLD = re.compile(
    r"^\s*(who|which (person|official|one)|whose (words|quote) (are|were|is|was)( these)?|who was it that|"
    r"who (talked|spoke) about|who (mentioned|used the words|told \w+( \w+)?))\s*(said|says|say)?\s*(that|the words)?\s*[:,]?\s*",
    re.IGNORECASE)
EXAMPLES = {
    "who_is": "Who is Lukin?",
    "what_said": "What did Yakovenko say?",
    "who_said": "Who said discussions will continue?",
    "ask_position": "What is Russia's position on the ABM treaty?",
    "ask_fact": "What does the ABM treaty ban?",
    "compare": "Compare the US and Russian positions",
    "list_people": "Who is in the articles?",
    "ask_sources": "Where does this come from?",
}


@dataclass(frozen=True)
class Button:
    """A clickable suggestion: what it shows and what it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Context:
    """What the conversation is about, carried between turns in slots."""

    person_id: Optional[str] = None
    question: Optional[str] = None  # who_is | what_said | ask_position | travel: repeated by "and Hadley?"
    evidence: tuple[str, ...] = ()  # "CNN, May 11, 2001: <sentence>" lines behind the last answer
    shown_quotes: tuple[str, ...] = ()


@dataclass
class Reply:
    """One bot answer and the context after it."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    context: Optional[Context] = None  # None: leave the context as it was


def safe_echo(text: Optional[str], limit: int = 40) -> str:
    """Return learner text fit to repeat back: letters, digits, spaces and light punctuation only."""
    cleaned = re.sub(r"<[^>]*>", " ", text or "")
    cleaned = re.sub(r"[^\w\s.,'’-]", " ", cleaned, flags=re.UNICODE)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    return cleaned[:limit].rstrip() + ("…" if len(cleaned) > limit else "")


def cite(citations: list[Citation]) -> str:
    """Return "Source: CNN, May 11, 2001." (or "Sources: …; …") without duplicates."""
    labels = list(dict.fromkeys(c.short() for c in citations))
    return ("Sources: " if len(labels) > 1 else "Source: ") + "; ".join(labels) + "."


def evidence_lines(citations: list[Citation]) -> tuple[str, ...]:
    """Return the exact sentences behind an answer, each labelled with its source."""
    return tuple(dict.fromkeys(f"{c.short()}: {c.sentence}" for c in citations))


def answered(text: str, citations: list[Citation], context: Context, **changes) -> Reply:
    """Build a Reply that ends with its citation and remembers its evidence."""
    separator = "" if text.endswith("\n") else " "
    return Reply(f"{text}{separator}{cite(citations)}",
                 context=replace(context, evidence=evidence_lines(citations), **changes))


def describe(person: Person) -> str:
    """Return "Vladimir Lukin — Russian parliamentarian, deputy speaker of parliament (the Russian side)"."""
    side = SIDE_LABELS.get(person.side)
    return f"{person.name} — {', '.join(person.titles)}" + (f" ({side})" if side else "")


def ask_which(people: list[Person], question: str = "who is") -> Reply:
    """Ask the learner to choose between people that fit their words."""
    names = [p.name for p in people]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}"
    return Reply(f"Did you mean {listed}?", buttons=[Button(p.name, f"{question} {p.name}") for p in people])


def resolve_people(store: KnowledgeStore, text: str, entity: Optional[str], context: Context) -> list[Person]:
    """Return the people the learner means: one, several (ambiguous) or none.

    The NLU entity is tried first, then names anywhere in the message, then a pronoun
    ("what else did he say?") refers to the person talked about last.
    """
    if entity:
        matches = store.find_people(entity)
        if matches:
            return [person for person, score in matches if score >= matches[0][1] - 0.5]
    mentions = store.mentions(text)
    if mentions:
        return [store.person(m.entity_id) for m in mentions if m.score >= mentions[0].score - 0.5]
    if context.person_id and (PRONOUNS.search(text) or not text.strip() or entity is None):
        person = store.person(context.person_id)
        return [person] if person else []
    return []


def not_found(store: KnowledgeStore, asked: Optional[str]) -> Reply:
    """Say plainly that a person is not in the articles, and who is."""
    named = f"“{safe_echo(asked)}”" if safe_echo(asked) else "that person"
    known = ", ".join(p.surname for p in store.people())
    return Reply(f"I don't find {named} in the articles. The people they mention are: {known}.")


def who_is(store: KnowledgeStore, text: str, entity: Optional[str], context: Context = Context()) -> Reply:
    """Answer "who is X?" with the person's roles, what they did, and the sources."""
    people = resolve_people(store, text, entity, context)
    if len(people) > 1:
        return ask_which(people)
    if not people:
        return not_found(store, entity or _name_after_who_is(text))
    person = people[0]
    citations = [role.citation for role in person.roles]
    text_parts = [describe(person) + "."]
    events = store.events_of(person.id)
    if events:
        text_parts.append(events[0].summary)
        citations.append(events[0].citation)
    return answered(" ".join(text_parts), citations, context, person_id=person.id, question="who_is",
                    shown_quotes=())


def _name_after_who_is(text: str) -> str:
    match = re.search(r"\bwho(?:'s| is| was)\s+(.+?)[?.!]*$", text or "", re.IGNORECASE)
    return match.group(1) if match else ""


def _quote_items(store: KnowledgeStore, quotes: list[Quote]) -> list[tuple[list[Quote], str]]:
    """Group quotes into items: a statement's two wordings together, other quotes alone."""
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


def what_said(store: KnowledgeStore, text: str, entity: Optional[str], context: Context = Context()) -> Reply:
    """Answer "what did X say?" with their quotes, both outlets' wordings side by side.

    Repeated for the same person ("what else did he say?"), it continues with quotes not yet shown.
    """
    people = resolve_people(store, text, entity, context)
    if len(people) > 1:
        return ask_which(people, "what did")
    if not people:
        if entity:
            return not_found(store, entity)
        return Reply("Whose words would you like? For example: “What did Lukin say?” or “What did Hadley say?”",
                     buttons=[Button(n, f"what did {n} say") for n in ("Lukin", "Yakovenko", "Hadley")])
    person = people[0]
    shown = set(context.shown_quotes) if context.person_id == person.id else set()
    items = _quote_items(store, store.quotes_by(person.id))
    if not items:
        positions = store.positions_voiced_by(person.id)
        if positions:
            return answered(f"The articles don't quote {person.name} directly, but report: {positions[0].summary}",
                            [positions[0].citation], context, person_id=person.id, question="what_said")
        return answered(f"The articles don't quote {person.name}. {describe(person)}.",
                        [r.citation for r in person.roles], context, person_id=person.id, question="what_said")
    fresh = [(quotes, line) for quotes, line in items if not shown & {q.id for q in quotes}]
    if not fresh:
        return Reply(f"That's everything the articles quote from {person.name} ({len(items)} statements). "
                     f"Ask “source?” for the sentences, or about someone else.",
                     context=replace(context, person_id=person.id, question="what_said"))
    batch, rest = fresh[:QUOTES_PER_REPLY], len(fresh) - QUOTES_PER_REPLY
    quotes = [q for group, _ in batch for q in group]
    lines = [f"{person.name} said:"] + [f"• {line}" for _, line in batch]
    if rest > 0:
        lines.append(f"({rest} more — ask “what else did he say?”)")
    reply = answered("\n".join(lines) + "\n", [q.citation for q in quotes], context, person_id=person.id,
                     question="what_said", shown_quotes=tuple(shown | {q.id for q in quotes}))
    return reply


def fragment_of(text: str) -> str:
    """Return the words a learner is asking about in "who said '…'?"."""
    quoted = re.search(r"[\"“”'‘’](.{3,}?)[\"“”'‘’](?:\s*\??\s*)$", text or "")
    if quoted:
        return quoted.group(1)
    return WHO_SAID_SCAFFOLD.sub("", text or "").strip(" ?!.")


def who_said(store: KnowledgeStore, text: str, context: Context = Context()) -> Reply:
    """Answer "who said '…'?" with the speaker, the full quote and its source."""
    fragment = fragment_of(text)
    matches = store.who_said(fragment)
    if not fragment or not matches or matches[0].score < WHO_SAID_MIN_SCORE:
        return Reply("I don't find those words in the quotes of the two articles. Try a few exact words, "
                     "for example: “who said discussions will continue?”")
    quote = matches[0].quote
    person = store.person(quote.person_id)
    wordings = store.wordings(quote.statement_id) if quote.statement_id else [quote]
    lines = [f"{describe(person)}, said:", f'"{quote.text}" — {quote.citation.outlet}']
    for other in wordings:
        if other.id != quote.id:
            lines.append(f'{other.citation.outlet} translated it as: "{other.text}"')
    return answered("\n".join(lines) + "\n", [q.citation for q in wordings], context, person_id=person.id,
                    question="what_said", shown_quotes=tuple(q.id for q in wordings))


def _entity_id(store: KnowledgeStore, text: str, entity: Optional[str], entity_type: str) -> Optional[str]:
    """Return the actor or topic the learner means: the NLU entity if it resolves, else one named in the text."""
    if entity:
        matches = store.match_name(entity, entity_type)
        if matches:
            return matches[0].entity_id
    mentions = store.mentions(text, entity_type)
    return mentions[0].entity_id if mentions else None


def _statements(statements: list[Statement], limit: int = 2) -> tuple[str, list[Citation]]:
    chosen = statements[:limit]
    return " ".join(s.summary for s in chosen), [s.citation for s in chosen]


def position(store: KnowledgeStore, text: str, actor: Optional[str], person: Optional[str], topic: Optional[str],
             context: Context = Context()) -> Reply:
    """Answer "what is X's position?" / "how did X react?" with the stances the articles report."""
    actor_id = _entity_id(store, text, actor, "actor")
    topic_id = _entity_id(store, text, topic, "topic")
    if actor_id is None:
        people = resolve_people(store, text, person, context) if (person or store.mentions(text)) else []
        if len(people) == 1:
            stances = store.positions_voiced_by(people[0].id)
            if stances:
                summary, citations = _statements(stances)
                return answered(summary, citations, context, person_id=people[0].id, question="ask_position")
            return what_said(store, text, people[0].name, context)
        return Reply("Whose position? The articles report stances of Russia, the United States, Germany, France, "
                     "Britain and Europe.",
                     buttons=[Button(n, f"what is {n}'s position?") for n in ("Russia", "the United States", "Germany")])
    name = store.name_of(actor_id)
    stances = store.positions_of(actor_id)
    if topic_id and any(s.topic_id == topic_id for s in stances):
        stances = [s for s in stances if s.topic_id == topic_id] + [s for s in stances if s.topic_id != topic_id]
    if stances:
        summary, citations = _statements(stances)
        return answered(summary, citations, context, question="ask_position")
    return _no_position(store, actor_id, name, context)


def _no_position(store: KnowledgeStore, actor_id: str, name: str, context: Context) -> Reply:
    """Say the articles report no stance for an actor, and what they do say about it."""
    opening = f"The articles don't report {name}'s stance on missile defense."
    related = store.related_headlines_about(actor_id)
    mentions = [s for s in store.search(name, limit=3) if s.kind in ("fact", "position")]
    if mentions:
        return answered(f"{opening} They only say: {mentions[0].summary}", [mentions[0].citation], context)
    if related:
        headline, date = related[0]
        return Reply(f"{opening} A related CNN headline (a page link, not article text), dated {date}, reads: "
                     f"“{headline}”.", context=replace(context, evidence=()))
    return Reply(f"{opening[:-1]}, and say nothing more about {name}.", context=replace(context, evidence=()))


def places_of(store: KnowledgeStore, person: Person, context: Context) -> Reply:
    """Say where a person was, from the events they led that name a place."""
    places = [event for event in store.events_of(person.id, led_only=True) if event.place][:2]
    if not places:
        return Reply(f"The articles don't say where {person.name} went. "
                     "Ask “who went where?” for the trips they report.",
                     context=replace(context, person_id=person.id, question="travel", evidence=()))
    return answered(" ".join(with_place(event) for event in places), [event.citation for event in places], context,
                    person_id=person.id, question="travel")


def with_place(event: Statement) -> str:
    """Return an event's summary, naming its place when the summary does not."""
    if place_word(event.place) in event.summary.lower():
        return event.summary
    return f"{event.summary.rstrip('.')} (in {event.place})."


def travel(store: KnowledgeStore, text: str, context: Context) -> Optional[Reply]:
    """Answer "where did Armitage go?" from that person's events, "who went where?" from all visits.

    Returns None when the question is not about travel.
    """
    if not TRAVEL_WORDS.search(text):
        return None
    mentioned = store.mentions(text)
    if mentioned:
        return places_of(store, store.person(mentioned[0].entity_id), context)
    visits = store.visits()
    lines = "\n".join(f"• {with_place(visit)}" for visit in visits)
    return answered(f"Who went where, as the articles report it:\n{lines}\n", [visit.citation for visit in visits],
                    context, question="travel")


def fact(store: KnowledgeStore, text: str, topic: Optional[str], context: Context = Context()) -> Reply:
    """Answer a factual question (treaty, costs, numbers, places, dates, threat) from the facts."""
    travelled = travel(store, text, context)
    if travelled:
        return travelled
    topic_id = _entity_id(store, text, topic, "topic")
    facts = store.facts_matching(text, topic_id) or (store.facts_about(topic_id) if topic_id else [])
    if not facts:
        return Reply("I don't find that in the two articles. They cover the ABM treaty, National Missile Defense, "
                     "START II and arsenal numbers, US–Russian relations, and who went where.",
                     buttons=[Button(q, q) for q in ("What does the ABM treaty ban?", "How much does NMD cost?",
                                                     "What is START II?")])
    return answered(facts[0].summary, [facts[0].citation], context, question="ask_fact")


def compare(store: KnowledgeStore, text: str, person: Optional[str], topic: Optional[str],
            context: Context = Context()) -> Reply:
    """Compare the US and Russian positions, or how CNN and AP worded the same statement."""
    if OUTLET_WORDS.search(text or "") and not re.search(r"\b(us|u\.s\.|united states|america\w*)\b.*\bruss",
                                                         text or "", re.IGNORECASE):
        people = resolve_people(store, text, person, Context())
        paired = [q for q in store.all_quotes() if q.statement_id and (not people or q.person_id == people[0].id)]
        if not paired:
            name = people[0].name if people else "that person"
            return Reply(f"Only Yakovenko's and Lukin's remarks appear in both articles; {name}'s do not.",
                         buttons=[Button(f"How did CNN and AP report {n}?", f"how did CNN and AP report {n}")
                                  for n in ("Lukin", "Yakovenko")])
        statement = paired[0].statement_id
        wordings = store.wordings(statement)
        speaker = wordings[0].speaker
        lines = [f"The two outlets translated {speaker} differently:"] + \
                [f'• {q.citation.outlet}: "{q.text}"' for q in wordings]
        return answered("\n".join(lines) + "\n", [q.citation for q in wordings], context,
                        person_id=wordings[0].person_id, question="what_said")
    topic_id = _entity_id(store, text, topic, "topic") or "abm-treaty"
    sides = []
    for actor_id in ("united-states", "russia"):
        stances = store.positions_of(actor_id)
        on_topic = [s for s in stances if s.topic_id == topic_id] or stances
        sides.append((store.name_of(actor_id), on_topic[0]))
    lines = [f"• {name[0].upper() + name[1:]}: {stance.summary}" for name, stance in sides]
    return answered("\n".join(lines) + "\n", [stance.citation for _, stance in sides], context,
                    question="ask_position")


def list_people(store: KnowledgeStore, context: Context = Context()) -> Reply:
    """List everyone in the articles, grouped by side."""
    lines = []
    for side in SIDE_ORDER:
        people = [p for p in store.people() if p.side == side]
        if people:
            label = SIDE_LABELS[side]
            lines.append(f"{label[0].upper() + label[1:]}: " + "; ".join(f"{p.name} ({p.titles[0]})" for p in people))
    citations = [p.roles[0].citation for p in store.people()]
    return answered("\n".join(lines) + "\n", citations, context)


def list_countries(store: KnowledgeStore, context: Context = Context(), text: str = "") -> Reply:
    """List the countries and groups the articles mention, with whether they report a stance.

    "Which countries did the envoys visit?" is a travel question: it gets who went where.
    """
    travelled = travel(store, text, context)
    if travelled:
        return travelled
    with_stance, mentioned = [], []
    for actor_id, name in store.actor_names(kinds=("country", "group")):
        (with_stance if store.positions_of(actor_id) else mentioned).append(name)
    return Reply(f"Countries whose stance the articles report: {', '.join(with_stance)}. "
                 f"Also mentioned: {', '.join(mentioned)}. Ask, for example, “how did Germany react?”",
                 context=replace(context, evidence=()))


def list_topics(store: KnowledgeStore, context: Context = Context()) -> Reply:
    """List the topics the articles cover, with example questions."""
    names = [name for _, name in store.topic_names()]
    return Reply("The articles cover: " + "; ".join(names) + ". Try one of these:",
                 buttons=[Button(q, q) for q in EXAMPLES.values()][:4])


def sources(store: KnowledgeStore, context: Context = Context()) -> Reply:
    """Name the two articles everything comes from."""
    lines = ["Everything I say comes from two news articles on the Moscow talks:"]
    for number, source in enumerate(store.sources(), start=1):
        lines.append(f"{number}. {source.publisher_label}, “{source.headline}”, {source.date_label}.")
    lines.append("After any answer, ask “source?” to see the exact sentence it rests on.")
    return Reply("\n".join(lines))


def evidence(context: Context) -> Reply:
    """Show the exact sentences the previous answer rests on."""
    if not context.evidence:
        return Reply("Ask me something first — then “source?” shows the exact sentence my answer rests on. "
                     "All my answers come from two articles: ask “where does this come from?”")
    lines = ["That answer rests on:"] + [f"• {line}" for line in context.evidence[:4]]
    return Reply("\n".join(lines))


def follow_up(store: KnowledgeStore, text: str, entity: Optional[str], context: Context = Context()) -> Reply:
    """Answer "and Hadley?" / "what about Ivanov?" by repeating the last question for a new person."""
    if context.question == "what_said":
        return what_said(store, text, entity, context)
    if context.question == "travel":
        people = resolve_people(store, text, entity, context)
        if len(people) == 1:
            return places_of(store, people[0], context)
    if context.question == "ask_position":
        actor = _entity_id(store, text, None, "actor")
        if actor:
            return position(store, text, None, None, None, context)
        return position(store, text, None, entity, None, context)
    return who_is(store, text, entity, context)


def suggestions(intents: list[str]) -> Reply:
    """Say the message was not understood and offer likely questions as buttons."""
    likely = [EXAMPLES[i] for i in intents if i in EXAMPLES][:3]
    for example in EXAMPLES.values():
        if len(likely) >= 3:
            break
        if example not in likely:
            likely.append(example)
    return Reply("Sorry, I'm not sure what you mean. Did you want to ask one of these?",
                 buttons=[Button(q, q) for q in likely])
