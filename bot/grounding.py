"""Find what in the articles answers a question, and check that it answers the question asked.

Every curated row (fact, position, event) and every article sentence is a candidate. A
candidate is split into clauses; each clause knows the people, actors and topics it is about
(named, quoted, inherited from the clause before, or tied to it by a curated annotation) and the
spans of text that could answer a question: a time, a place, a person, an actor, a number, an
amount, a reason. A candidate answers a question when

- it is about every subject the question names (the same person, country, topic);
- a clause about those subjects has an answer of the kind asked (when → a time, …), and that
  answer is not just the question's own words;
- no word of the question is foreign to the articles, and enough of its words are in it;
- it does not answer a question about what was done with what was only planned;
- it does not say its subject did not say what is asked ("did not say how far …"): then the
  articles don't say it either, and that sentence is the closest thing they say.

Curated candidates come first when they pass (they are shorter, and pair both outlets).
"""
import math
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Optional

from rapidfuzz import fuzz

from knowledge.store import Citation, KnowledgeStore, Sentence, Statement

from . import settings
from .people import country_ids
from .language import (STOPWORDS, TOPIC_HEADS, all_kind_words, asks_either_way, close, is_plan, lexicon, opposite, plain,
                       planned_words, related, stem, stems, swapped, tokens, unified, vowel_off)

STOP_STEMS = frozenset(stem(w) for w in STOPWORDS)

WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
NUMBER_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred"
CALENDAR_TIME = (rf"\b(?:{WEEKDAYS})\b|\b(?:last|this|next|past|previous|coming) (?:week|month|year|weekend)\b|"
                 r"\b(?:1[89]\d\d|20\d\d)\b|\b(?:today|yesterday|tomorrow)\b")
TIME_PATTERNS = (  # (regex over plain text, kinds it answers)
    (rf"\b(?:on )?(?:{WEEKDAYS})(?:'s)?(?: (?:morning|afternoon|evening|night))?\b", ("time", "day")),
    (r"\b(?:morning|afternoon|evening|noon|midnight)\b", ("time", "clock")),
    (rf"\b(?:{MONTHS}) \d{{1,2}}(?:, \d{{4}})?\b", ("time", "day")),
    (r"\b(?:in )?(?:1[89]\d\d|20\d\d)\b", ("time", "year")),
    (r"\b(?:last|this|next|past|previous|coming) (?:few )?(?:week|weeks|month|months|year|years|weekend)\b", ("time",)),
    (r"\b(?:over|for|in|during) the (?:past|last|next) (?:few |\w+ )?(?:days|weeks|months|years)\b", ("time", "duration")),
    (rf"\b(?:\d+|{NUMBER_WORDS}) (?:days|weeks|months|years)\b", ("duration",)),
    (r"\bsince [^,;.]+", ("time", "duration")),
    (r"\b(?:before|after|until|during) (?:the|his|her|its|their|a|an) [^,;.\"]+", ("time",)),
    (r"\b(?:earlier|currently|at the time|yesterday|today|tomorrow)\b", ("time",)),
)
REASON_CUES = (r"\bbecause\b", r"\bsince (?!\d)", r"\bas a barrier\b", r"\bas a cornerstone\b", r"\bin order to\b",
               r"\bso that\b", r"\bdue to (?=the|a|an|its|their)\b", r"\bover the\b(?! (?:past|last|next|coming|few)\b)", r"\bamid\b", r"\bwhile\b", r"\bwarning that\b",
               r"\bpart of\b", r"\bfor talks\b", r"\bcreated to\b", r"\bto (?!the\b|a\b|an\b|\d)[a-z]+\b",
               r"\bwho lived\b", r"\bcould threaten\b", r"\bthreaten\w*\b", r"\bthe fact (?:that )?(?=\w)")
WHO_CUES = ("who lived",)  # a relative clause giving the reason, closed by a comma
# "to" after these heads a complement ("a pledge to consult", "wants to preserve", "urged X to be"), not a purpose
COMPLEMENT_HEADS = frozenset(stem(w) for w in (
    "pledge", "promise", "want", "wants", "plan", "plans", "agree", "refuse", "urge", "hope", "seek", "sought", "try",
    "willing", "willingness", "ready", "due", "about", "going", "able", "unable", "fail", "continue", "decide",
    "commit", "committed", "ask", "asked", "tell", "told", "call", "called", "expect", "intend", "need", "like",
    "prefer", "offer", "threaten", "begin", "began", "start", "seem", "appear", "manage", "order", "allow", "used"))
WITHHELD = re.compile(r"\b(?:did not|didn't|does not|doesn't|would not|wouldn't|will not|won't|declined to|refused to)"
                      r" (?:say|specify|disclose|reveal|explain|indicate)\b(?P<what>[^.;]*)", re.IGNORECASE)
YES_NO = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:did|does|do|has|have|had|was|were|is|are)\b", re.IGNORECASE)
WITHHELD_WORDS = 10  # how far after "did not say" the withheld thing is looked for
CIRCUMSTANCE = re.compile(r"(?i)(?:amid|over the|while|part of|due to)\b")  # reasons told as circumstances of the clause
COMPLEMENT_REACH = 4  # words back from "to" where such a head may stand ("urged his government's officials to")
PERSON_NOUNS = (r"\b(?:officials?|reporters?|spokesman|ministers?|delegations?|team|envoys?|diplomats?|lawmakers?|"
                r"parliamentarian|committee|government|representatives?|president|adviser|secretary|undersecretary|"
                r"ambassador|correspondent|members|allies|side|americans|russians|officers?)\b")
CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|with|while)\s+|,\s+(?=warning\s)|\s+but\s+|\s+and\s+(?=(?:said|urged|expressed|"
                          r"opposes|wants|told|added|warned|called|welcomed|has|is|was|he|she|they|it)\b)|,\s+and\s+")
# "in Moscow", "at the Foreign Ministry", "a visit to Finland", "ambassador to Washington"; a bare "to" is
# too often not a place ("the main threat to the United States")
PREPOSITIONS = frozenset(("with", "to", "over", "from", "of", "on", "in", "at", "by", "for", "about", "against", "like"))
# a time told by someone else's act: "since Smith took office" — Smith is not what the clause is about
TIME_BY_OTHERS = re.compile(r"\b(?:since|after|before|until|when) (?:(?:Mr\.|President|[A-Z][\w.'-]*) )+"
                            r"(?:took|became|was|were|had|came|arrived|left|began|started)\b[^,;.]*")
LEADING_CLAUSE = re.compile(r"^((?:Before|After|While|When|Although|Though|Since|As|If|Until)\b[^,\"]{3,80}),\s+")
POINTS_BACK = re.compile(r"^\W*(?:That|This|These|Those|It)(?:'s|\s+(?:is|was|are|were|has|had|will|would))\b")
LOCATIVE = (r"(?:in|at|into|from|near|inside|visit|visiting|visited|visits|(?:visit|trip|travel\w*|went|go|going|"
            r"gone|headed|flew|flying|arrived|ambassador|envoy|way|back) to)")


@dataclass(frozen=True)
class Span:
    """A stretch of a clause that could answer a question of some kinds."""

    kinds: tuple[str, ...]
    text: str
    stems: frozenset
    anchor: frozenset = frozenset()  # for a modifier ("Friday's talks", "the 1972 treaty"): what it modifies
    entity: Optional[str] = None  # for person and actor spans: who
    quoted: bool = False  # inside quotation marks: the speaker's words, not a fact about the speaker
    at: int = 0  # where it starts, in words from the start of its clause


@dataclass(frozen=True)
class Clause:
    """One clause of a candidate, with what it is about and what it could answer."""

    text: str
    stems: frozenset
    people: frozenset
    actors: frozenset
    named: frozenset  # people and actors named in the clause itself (not inherited)
    spans: tuple[Span, ...]
    plan: bool
    sequence: tuple[str, ...] = ()  # its stems in order, for how near an answer stands to the words asked
    subjects: frozenset = frozenset()  # actors named as its subject ("Germany refused …"), not as an object


@dataclass(frozen=True)
class Candidate:
    """Something the bot could say: a curated row or an article sentence, with its citations."""

    key: str  # "fact:nmd-cost", "sentence:cnn-s003"
    origin: str  # fact | position | event | sentence
    text: str
    citations: tuple[Citation, ...]
    clauses: tuple[Clause, ...]
    stems: frozenset  # every stem of its text, evidence and keywords
    people: frozenset
    actors: frozenset
    topics: frozenset
    holder: Optional[str] = None  # positions: the actor whose stance it is
    keywords: frozenset = frozenset()  # facts: stems of the curated words learners may use for it
    speakers: tuple[str, ...] = ()  # who says it: the people quoted in a sentence, the voice of a stance
    named_people: tuple[str, ...] = ()  # the people its text names, in the order it names them
    lead_in: str = ""  # sentences: the one before it, when it opens by pointing back ("That's one of …")
    continues: str = ""  # sentences: the id of the one before it, when it goes on from it (no new subject)
    setting: frozenset = frozenset()  # the stems of that sentence: when, where and whose words it is
    speaker_name: str = ""  # sentences: the person quoted, when the sentence does not name them itself

    @property
    def curated(self) -> bool:
        return self.origin != "sentence"

    @property
    def sentence_ids(self) -> tuple[str, ...]:
        return tuple(c.sentence_id for c in self.citations)


@dataclass
class Check:
    """How one candidate fares against a question."""

    candidate: Candidate
    passed: bool
    score: float
    reason: str = ""  # why it failed: subject | time | anchor | withheld | kind | foreign | words | plan


@dataclass
class Question:
    """What a question asks, as the grounding needs it (made by bot.understanding)."""

    text: str
    kinds: tuple[str, ...] = ()
    people: frozenset = frozenset()
    actors: frozenset = frozenset()
    topics: frozenset = frozenset()
    terms: tuple[str, ...] = ()  # content stems not naming a subject
    subject_stems: frozenset = frozenset()  # stems of the words that named the subjects
    unit: frozenset = frozenset()  # what "how many …" counts ("nuclear weapons")
    past: bool = False  # asks what was done (not what was planned)
    anchor: tuple[str, ...] = ()  # sentence ids the question points back at ("when was that?")
    near: tuple[str, ...] = ()  # sentence ids of the conversation so far (a small preference)
    context_topic: Optional[str] = None  # the topic talked about last (a small preference when none is named)
    focus: Optional[str] = None  # the person the question is mainly about (the others are named alongside)
    elsewhere: tuple[str, ...] = ()  # countries it names that the articles never mention ("Japan")
    capitalised: frozenset = frozenset()  # stems of the capitalised words inside it (names the articles may lack)
    says: bool = False  # asks about someone saying something ("who said …", "who's saying …")
    origins: Optional[tuple[str, ...]] = None  # only these candidate origins (None: all)
    unresolved: str = ""  # a pronoun ("he") with nobody in the conversation to point at
    places: frozenset = frozenset()  # actors named as places ("the talks in Moscow"): not subjects, not answers
    place_words: frozenset = frozenset()  # the stems of how the question names those places
    doer: Optional[str] = None  # the person asked about as the one acting ("how did Smith respond …?")
    within: frozenset = frozenset()  # places asked inside ("which city in Finland?"): another place is not an answer
    sources: frozenset = frozenset()  # only what these sources say ("according to <outlet>")
    times: tuple[str, ...] = ()  # calendar times the question names ("last week", "this year"): required
    agent: Optional[str] = None  # the actor asked about as the doer ("did the Americans answer …?")
    during: tuple[str, ...] = ()  # the ordinal of an event the question times by ("after the second session"): required
    items: frozenset = frozenset()  # the stems of the things asked to be named ("which points?", "what answers?")
    exact: bool = False  # asks for specifics ("what exactly were they disputing?"): a bare mention does not answer
    one_of: str = ""  # the stem of a thing asked for in the singular ("which official …?"): a bare plural does not answer


@dataclass
class Finding:
    """The candidates that answer a question, best first, and the closest one that does not."""

    answers: list[Check] = field(default_factory=list)
    closest: Optional[Check] = None


# -- building the candidates ------------------------------------------------------------------

def _place_names(store: KnowledgeStore) -> list[str]:
    """Return the capitalised names of countries, groups and organisations, longest first."""
    names = {alias for _, alias, _ in store.aliases("actor") if alias[:1].isupper() and len(alias) > 2}
    return sorted(names, key=len, reverse=True)


@lru_cache(maxsize=8)
def _media_names(store: KnowledgeStore) -> tuple[str, ...]:
    """Return the names of media outlets (where someone speaks: a radio station, a channel)."""
    media = {actor_id for actor_id, _ in store.actor_names(kinds=("organisation",))
             if store.actor_side(actor_id) == "media"}
    return tuple(sorted({alias for entity_id, alias, _ in store.aliases("actor") if entity_id in media and
                         alias[:1].isupper()}, key=len, reverse=True))


def _spans(store: KnowledgeStore, text: str, people: Iterable[str], actors: Iterable[str]) -> list[Span]:
    """Return the spans of a clause that could answer a question, by kind."""
    text = unified(text)
    low = text.lower()
    found: list[Span] = []

    def add(kinds, start, end, entity=None):
        piece = low[start:end]
        anchor: frozenset = frozenset()
        if kinds[0] == "time" and not re.match(r"(?:on|in|at|by|since|over|for|during) ", piece):
            # a bare time before a noun modifies it: "Friday's talks", "the 1972 treaty"
            after = tokens(low[end:end + 60])
            if piece.endswith("'s") and after:
                anchor = frozenset({stem(after[0])})
            elif re.fullmatch(r"\d{4}|" + WEEKDAYS, piece) and after and after[0] not in STOPWORDS:
                head = []
                for word in after[:4]:
                    if word in STOPWORDS:
                        break
                    head.append(stem(word))
                anchor = frozenset(head)
        found.append(Span(tuple(kinds), text[start:end], frozenset(stems(piece)), anchor, entity,
                          low[:start].count('"') % 2 == 1, len(tokens(low[:start]))))

    for pattern, kinds in TIME_PATTERNS:
        for match in re.finditer(pattern, low):
            add(kinds, match.start(), match.end())
    for name in _place_names(store):  # "in Moscow", "visit to Finland", "at the Foreign Ministry": names as written
        for match in re.finditer(rf"(?i:\b{LOCATIVE}) (?:the )?{re.escape(name)}\b", text):
            add(("place",), match.start(), match.end())
    for name in _media_names(store):  # "he told Ekho Moskvy radio": where he was speaking
        for match in re.finditer(rf"(?i:\b(?:told|on|to|in an interview with)) {re.escape(name)}\b", text):
            add(("place", "medium"), match.start(), match.end())
    for match in re.finditer(r"\bas many (?P<unit>[a-z]+ )?as possible\b", low):  # a number told in words
        unit = (match.group("unit") or "").strip()
        found.append(Span(("number", "count"), text[match.start():match.end()], frozenset(stems(unit)), entity=unit,
                          at=len(tokens(low[:match.start()]))))
    for match in re.finditer(r"\$\d[\d,.]*(?: (?:billion|million|thousand))?|\b\d[\d,.]* (?:billion|million) dollars\b", low):
        add(("amount", "number"), match.start(), match.end())
    for match in re.finditer(rf"(?<![\w$])(?!(?:1[89]|20)\d\d\b)\d[\d,.]*\d|(?<![\w$,])\d\b|\b(?:{NUMBER_WORDS})\b", low):
        if not any("amount" in s.kinds and s.text.lower().find(match.group(0)) >= 0 for s in found):
            unit = []
            rest = low[match.end():match.end() + 40]
            for word in (tokens(rest)[:2] if re.match(r" [a-z]", rest) else []):
                if word in STOPWORDS:
                    break
                unit.append(word)
            found.append(Span(("number",), text[match.start():match.end()], frozenset(stems(" ".join(unit))),
                              entity=" ".join(unit), quoted=low[:match.start()].count('"') % 2 == 1,
                              at=len(tokens(low[:match.start()]))))
    times_by_others = [m.span() for m in TIME_BY_OTHERS.finditer(text)]
    for cue in REASON_CUES:
        for match in re.finditer(cue, low):
            if any(start <= match.start() < end for start, end in times_by_others):
                continue  # "since Smith took office" says when, not why
            if match.group(0).startswith("to ") and text[match.start() + 3:match.start() + 4].isupper():
                continue  # "to Washington" is a place, not a purpose
            if match.group(0).startswith("to ") and \
                    {stem(w) for w in tokens(low[:match.start()])[-COMPLEMENT_REACH:]} & COMPLEMENT_HEADS:
                continue  # "welcomed the pledge to consult": what was pledged, not why it was welcomed
            comma = low.find(", ", match.end()) if match.group(0) in WHO_CUES else -1
            add(("reason",), match.start(), comma if comma > 0 else len(low))  # "for Americans who lived through
            # the war, the threat is real": the reason ends at the comma
    for match in re.finditer(rf"(?:\b[A-Z][\w.'-]*\s+)?(?i:{PERSON_NOUNS})", text):
        add(("person",), match.start(), match.end())  # with the word that says whose: "Russian officials"
    for entity_type, kinds, ids in (("person", ("person",), people), ("actor", ("actor", "person"), actors)):
        for entity_id in ids:
            found.append(Span(kinds, entity_id, frozenset(), entity=entity_id,
                              at=_where(store, low, entity_type, entity_id)))
    return found


def _where(store: KnowledgeStore, low: str, entity_type: str, entity_id: str) -> int:
    """Return the word position where a text first names an entity, or -1 (a speaker it does not name)."""
    places = []
    for other_id, alias, _ in store.aliases(entity_type):
        if other_id == entity_id:
            match = re.search(rf"\b{re.escape(plain(alias))}\b", low)
            if match:
                places.append(len(tokens(low[:match.start()])))
    return min(places) if places else -1


def _new_subject_breaks(text: str) -> list[str]:
    """Split at " and " followed by a new capitalised subject ("… on Friday and Deputy Secretary …")."""
    pieces, start = [], 0
    for match in re.finditer(r" and (?=[A-Z])", text):
        before = text[:match.start()].rsplit(" ", 1)[-1]
        if before[:1].islower() or re.fullmatch(WEEKDAYS, before.lower()):
            pieces.append(text[start:match.start()])
            start = match.end()
    return pieces + [text[start:]]


def split_clauses(text: str) -> list[str]:
    """Split a sentence into clauses at ";", ", and", " but", ", while", " and said" …, and after a
    leading subordinate clause ("Before the talks started at the Foreign Ministry, …")."""
    leading = LEADING_CLAUSE.match(text)
    head, text = ([leading.group(1)], text[leading.end():]) if leading else ([], text)
    parts = head + [p.strip(" ,") for chunk in CLAUSE_BREAK.split(text) if chunk
                    for p in _new_subject_breaks(chunk) if p.strip(" ,")]
    merged: list[str] = []
    for part in parts:  # a quotation split by a break inside it stays whole
        if merged and merged[-1].count('"') % 2 == 1:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged or [text]


def country_of(store: KnowledgeStore, person_id: str) -> set[str]:
    """Return the actors a person belongs to: their country, organisation and side."""
    person = store.person(person_id)
    if not person:
        return set()
    names = {name: actor_id for actor_id, name in store.actor_names()}
    return {actor_id for actor_id in (names.get(person.country), names.get(person.organisation), person.side)
            if actor_id}


def _subject_actors(store: KnowledgeStore, text: str) -> frozenset:
    """Return the actors named at the start of a clause, not after a preposition: its subjects."""
    return subjects(store, text, "actor")


@lru_cache(maxsize=4096)
def subjects(store: KnowledgeStore, text: str, entity_type: str) -> frozenset:
    """Return the people or actors a clause names as its subject (in its first words, not after a preposition)."""
    words = tokens(text)[:settings.SUBJECT_WORDS]
    verb = next((i for i, w in enumerate(words) if w == "that" or stem(w) in REPORTING_STEMS), len(words))
    words = words[:verb]  # "The ministry said that US-Russia talks …": what it said is not its subject
    found = set()
    kinds = ("name", "title") if entity_type == "person" else None
    for match in store.mentions(text, entity_type, kinds=kinds):
        alias = tokens(match.alias)
        for index in range(len(words) - len(alias) + 1):
            if words[index:index + len(alias)] == alias and (index == 0 or words[index - 1] not in PREPOSITIONS):
                found.add(match.entity_id)
    return frozenset(found)


def _clauses(store: KnowledgeStore, text: str, speakers: Iterable[str], linked_people: Iterable[str],
             linked_actors: Iterable[str], extra_spans: Iterable[Span] = (),
             before: Optional["Clause"] = None) -> tuple[Clause, ...]:
    """Split a text into clauses and work out, for each, its subjects and answer spans.

    :param before: the last clause of the sentence before in the same paragraph, whose subjects a
        sentence naming none continues ("The Russian side raised … questions." "We began to give
        them some answers …")
    """
    clauses = []
    parts = split_clauses(text)
    named = [{m.entity_id for m in store.mentions(TIME_BY_OTHERS.sub(" ", part), "person", kinds=("name", "title"),
                                                  typos=False)} for part in parts]
    # a person a curated annotation ties to the sentence but no clause names is its unnamed subject
    # ("a prominent Russian lawmaker"): part of every clause that names no one itself
    implicit = set(linked_people) - set().union(*named)
    previous_people: set = set(implicit)
    previous_actors: set = set(linked_actors)
    if before is not None:
        previous_people |= set(before.people)
        previous_actors |= set(before.actors)
    for number, part in enumerate(parts):
        named_people = named[number]
        named_actors = {m.entity_id for m in store.mentions(part, "actor")}
        people = (named_people | (implicit if len(parts) == 1 else set()) or previous_people) | set(speakers)
        actors = (named_actors or previous_actors) | {a for p in people for a in country_of(store, p)}
        spans = _spans(store, part, named_people | set(speakers), named_actors)
        if number == 0:
            spans += list(extra_spans)
        clauses.append(Clause(part, frozenset(stems(part)), frozenset(people), frozenset(actors),
                              frozenset(named_people | named_actors), tuple(spans), is_plan(part), tuple(stems(part)),
                              _subject_actors(store, part)))
        previous_people, previous_actors = people, named_actors or previous_actors
    if len(clauses) > 1 and LEADING_CLAUSE.match(text) and not clauses[0].named:
        # "Before the talks, Smith urged …": the leading clause tells when Smith urged it
        clauses[0] = replace(clauses[0], people=clauses[1].people, actors=clauses[1].actors)
    return tuple(clauses)


def _named_in_order(store: KnowledgeStore, text: str) -> tuple[str, ...]:
    """Return the people a text names, in the order it names them (not a name inside a body's: "the Smith
    administration" does not name the president)."""
    low = plain(text)
    for match in store.mentions(text, "actor", typos=False):
        low = low.replace(plain(match.alias), " " * len(match.alias)) if " " in match.alias else low
    found = []
    for match in store.mentions(low, "person", kinds=("name", "title"), typos=False):
        at = low.find(plain(match.alias))
        found.append((at if at >= 0 else len(low), match.entity_id))
    return tuple(entity_id for _, entity_id in sorted(found))


def _topics(store: KnowledgeStore, text: str, linked: Iterable[str]) -> frozenset:
    return frozenset({m.entity_id for m in store.mentions(text, "topic")} | set(linked))


# a topic named only to say when: "Before the talks started at the ministry, the lawmaker urged …"
ONLY_WHEN = re.compile(r"\b(?:before|after|during|until|since)\s+the\s+[\w-]+(?:\s+(?:started|began|opened|ended|"
                       r"were held|took place))?(?:\s+(?:at|in)\s+the(?:\s+[A-Z][\w-]*)+(?:\s+in\s+[A-Z][\w-]*)?)?", re.IGNORECASE)


def _sentence_topics(store: KnowledgeStore, text: str, linked: Iterable[str]) -> frozenset:
    """Return a sentence's topics, leaving out one it names only to say when something happened."""
    topics = _topics(store, text, linked)
    rest = ONLY_WHEN.sub(" ", text)
    if rest == text:
        return topics
    kept = {m.entity_id for m in store.mentions(rest, "topic")}
    timed = {m.entity_id for span in ONLY_WHEN.findall(text) for m in store.mentions(span, "topic")}
    return frozenset(t for t in topics if t in kept or t not in timed)


def _from_sentence(store: KnowledgeStore, sentence: Sentence, before: Optional[Clause] = None) -> Candidate:
    links = {(kind, entity) for kind, entity in sentence.links}
    people = {e for k, e in links if k == "person"}
    actors = {e for k, e in links if k == "actor"}
    clauses = _clauses(store, sentence.text, sentence.speakers, people, actors, before=before)
    named = _named_in_order(store, sentence.text)
    return Candidate(f"sentence:{sentence.id}", "sentence", sentence.text, (sentence.citation,), clauses,
                     frozenset(stems(sentence.text)), frozenset(people | {p for c in clauses for p in c.people}),
                     frozenset(actors | {a for c in clauses for a in c.actors}),
                     _sentence_topics(store, sentence.text, {e for k, e in links if k == "topic"}),
                     speakers=sentence.speakers, named_people=named, speaker_name=_unnamed_speaker(store, sentence, named))


def _unnamed_speaker(store: KnowledgeStore, sentence: Sentence, named: tuple[str, ...]) -> str:
    """Return the name of the person a sentence quotes when it does not name them ('"…," he said.')."""
    if not sentence.speakers or set(sentence.speakers) & set(named):
        return ""
    person = store.person(sentence.speakers[0])
    return person.name if person else ""


def _from_statement(store: KnowledgeStore, statement: Statement) -> Candidate:
    people = set(statement.people) | ({statement.person_id} if statement.person_id else set())
    actors = {statement.actor_id} if statement.actor_id else set()
    extra = []
    if statement.place:
        extra.append(Span(("place",), statement.place, frozenset(stems(statement.place))))
    if statement.when:
        when = plain(statement.when)
        kinds = ["time"] + (["day"] if re.search(WEEKDAYS, when) else []) + \
            (["clock"] if re.search("morning|afternoon|evening", when) else [])
        extra.append(Span(tuple(kinds), statement.when, frozenset(stems(statement.when))))
    clauses = _clauses(store, statement.summary, (), people, actors, extra)
    words = f"{statement.summary} {statement.evidence} {statement.keywords}"
    return Candidate(f"{statement.kind}:{statement.id}", statement.kind, statement.summary, (statement.citation,),
                     clauses, frozenset(stems(words)),
                     frozenset(people | {p for c in clauses for p in c.people}),
                     frozenset(actors | {a for c in clauses for a in c.actors}),
                     _topics(store, words, {statement.topic_id} if statement.topic_id else ()),
                     statement.actor_id if statement.kind == "position" else None,
                     frozenset(stems(statement.keywords)),
                     speakers=(statement.person_id,) if statement.person_id else (),
                     named_people=_named_in_order(store, statement.summary))


@lru_cache(maxsize=8)
def candidates(store: KnowledgeStore) -> tuple[Candidate, ...]:
    """Return every candidate answer in the store: curated rows first, then the body sentences."""
    curated = [_from_statement(store, statement) for statement in store.statements()]
    sentences: list[Candidate] = []
    previous: Optional[tuple[Sentence, Candidate]] = None  # the sentence before and its candidate
    for sentence in store.sentences():
        if sentence.headline:
            continue
        names_none = not store.mentions(split_clauses(sentence.text)[0], "actor") and \
            not store.mentions(split_clauses(sentence.text)[0], "person", kinds=("name", "title"), typos=False)
        same_paragraph = previous is not None and previous[0].paragraph_id == sentence.paragraph_id
        before = previous[1].clauses[-1] if same_paragraph and names_none else None
        candidate = _from_sentence(store, sentence, before)
        # it goes on from the sentence before: no new subject in its paragraph, or a "he" with nobody named
        # ('"…," he told the radio.' opening a paragraph after "Before the talks, Smith urged …")
        pointing = previous is not None and previous[0].citation.source_id == sentence.citation.source_id and \
            not store.mentions(sentence.text, "person", kinds=("name", "title"), typos=False) and \
            re.search(r"\b(?:he|she)\b", sentence.text, re.IGNORECASE)
        if before is not None or pointing:
            candidate = replace(candidate, continues=previous[0].id, setting=frozenset(stems(previous[0].text)))
        if same_paragraph and POINTS_BACK.match(sentence.text):
            candidate = replace(candidate, lead_in=previous[0].text)
        sentences.append(candidate)
        previous = (sentence, candidate)
    return tuple(curated + sentences)


def with_lead_ins(store: KnowledgeStore, sentence_ids: Iterable[str]) -> tuple[str, ...]:
    """Return sentence ids with the sentences they go on from: "when was that?" after a quotation
    asks about the sentence that introduced it ("Before the talks, the lawmaker urged …")."""
    ids = list(sentence_ids)
    leads = _continued(store)
    return tuple(dict.fromkeys(ids + [leads[i] for i in ids if i in leads]))


SETTING = re.compile(r"^(?:In|At|During|After|Before)\s+(?:his|her|their|its|the)\s+([a-z]+)\b[^,]{0,30},")


def setting_of(store: KnowledgeStore, sentence_ids: Iterable[str]) -> Optional[tuple[frozenset, str]]:
    """Return (people, noun) of the occasion a sentence opens with ("In his speech, Smith …"): "when was
    that?" about it asks when that occasion was, which another sentence may tell."""
    for sentence_id in sentence_ids:
        sentence = store.sentence(sentence_id)
        found = SETTING.match(sentence.text) if sentence else None
        if found:
            people = frozenset(m.entity_id for m in store.mentions(sentence.text, "person", kinds=("name",), typos=False))
            return (people, stem(found.group(1))) if people else None
    return None


@lru_cache(maxsize=8)
def _continued(store: KnowledgeStore) -> dict[str, str]:
    """Sentence id → the id of the sentence it goes on from."""
    return {c.sentence_ids[0]: c.continues for c in candidates(store) if c.origin == "sentence" and c.continues}


@lru_cache(maxsize=8)
def vocabulary(store: KnowledgeStore) -> dict[str, float]:
    """Return the inverse document frequency of every stem the candidates and names use."""
    pool = candidates(store)
    counts: dict[str, int] = {}
    for candidate in pool:
        for word in candidate.stems:
            counts[word] = counts.get(word, 0) + 1
    for entity_type in ("person", "actor", "topic"):
        for _, alias, _ in store.aliases(entity_type):
            for word in stems(alias):
                counts.setdefault(word, 1)
    return {word: math.log((len(pool) + 1) / (count + 0.5)) for word, count in counts.items()}


# -- checking ----------------------------------------------------------------------------------

@lru_cache(maxsize=20_000)
def typo_of(store: KnowledgeStore, word: str) -> Optional[str]:
    """Return the word a misspelt question stem stands for (an article stem or a thesaurus word), or None."""
    vocab = vocabulary(store)
    if word.isdigit() and len(word) == 2:  # "the '72 treaty": a year written short
        return next((year for year in (f"19{word}", f"20{word}") if year in vocab), None) if word not in vocab else None
    if word in vocab or len(word) < 5 or word.isdigit():
        return None
    if word.endswith("in") and stem(word + "g") in vocab:
        return stem(word + "g")  # "talkin" is "talking"
    best = max(vocab, key=lambda v: fuzz.ratio(word, v))
    if fuzz.ratio(word, best) >= settings.TYPO_SIMILARITY or swapped(word, best):
        return best  # "sheild" is "shield"
    one_off = [v for v in vocab if vowel_off(word, v)]
    if len(one_off) == 1:
        return one_off[0]  # "speach" is "speech" (when no other article word is one vowel away)
    # a misspelt learner's word the thesaurus knows ("reacton" for "reaction", which the articles say as "reacted")
    best = max(_thesaurus_words(store), key=lambda v: fuzz.ratio(word, v), default=None)
    return best if best and fuzz.ratio(word, best) >= settings.TYPO_SIMILARITY else None


@lru_cache(maxsize=8)
def _thesaurus_words(store: KnowledgeStore) -> tuple[str, ...]:
    """The lexicon's and thesaurus's words that stand for a word of the articles."""
    vocab = set(vocabulary(store))
    return tuple(w for w in lexicon().synonyms if len(w) >= 5 and related(w) & vocab)


def known_word(store: KnowledgeStore, word: str) -> Optional[str]:
    """Return the article stem a question stem stands for (itself, a synonym or a typo), or None."""
    vocab = vocabulary(store)
    if word in vocab:
        return word
    for synonym in sorted(related(word)):  # sorted: the same answer in every process
        if synonym in vocab:
            return synonym
    for other in sorted(opposite(word)):  # "pointless" is known as the opposite of "substantive"
        if other in vocab:
            return other
    return typo_of(store, word)


def _covers(candidate_stems: frozenset, word: str, store: KnowledgeStore, either_way: bool = False) -> float:
    """Return how well a candidate holds a question word: 1 as written (or a typo of it), less as a synonym
    or, for a question answered either way ("did it go badly?"), as its opposite ("a good first step")."""
    typo = typo_of(store, word)
    if word in candidate_stems or typo in candidate_stems:
        return 1.0
    if related(word) & candidate_stems or (typo and related(typo) & candidate_stems):
        return settings.SYNONYM_WEIGHT
    if either_way and opposite(word) & candidate_stems:
        return settings.SYNONYM_WEIGHT
    return 0.0


def _near(clause: Clause, span: Span, question: Question) -> bool:
    """Say whether a time, place or number stands near the words the question asks about.

    In "the minister, currently in Finland, makes his first visit … since the president took office",
    "currently" is about the minister, not about when the president took office.
    """
    asked = ({w for t in question.terms for w in related(t)} | set(question.subject_stems)) - STOP_STEMS
    at = [i for i, word in enumerate(clause.sequence) if word in asked]
    # counted in content words: "Under START II, the United States is already committed to reducing its
    # arsenal to 3,500" has the number near its treaty
    def between(i: int) -> int:
        return sum(1 for word in clause.sequence[min(i, span.at) + 1:max(i, span.at)] if word not in STOP_STEMS)

    if not at:
        return True
    nearest = min(at, key=between)
    gap = set(clause.sequence[min(nearest, span.at) + 1:max(nearest, span.at)])
    if set(span.kinds) & WHEN_KINDS and span.at >= 0 and gap & lexicon().occasions - asked:
        return False  # "on Friday for talks with a committee set up …": Friday is the talks', not the committee's
    return between(nearest) < settings.NEAR_WORDS


TIME_UNITS = frozenset(stem(w) for w in ("years", "months", "weeks", "days", "hours", "minutes", "decades"))
COUNTED = frozenset(stem(w) for w in ("sides", "countries", "nations", "people", "officials", "diplomats", "times",
                                      "sessions", "rounds", "members", "teams", "delegations"))
WHEN_KINDS = frozenset({"time", "day", "year", "clock"})
PRESENT_TIME = re.compile(r"(?i)currently|now|presently|at present|at the moment")
RELATIVE_TIME = re.compile(r"(?i)(?:before|after|until|till|ahead of)\b")
VAGUE = re.compile(r"(?i)\b(?:some|more|many|several|other|various|certain|few)\b(?:\s+[\w'-]+){0,3}\s*$")
NAME_AFTER = re.compile(r"^,?\s+(?:[A-Z][\w.'-]*\s*)+")  # "officials Smith and Jones"
LISTED_AFTER = re.compile(r"(?i)^\W*(?:,\s*)?(?:such as|including|like|namely|:)")
RELATIVE_TO_LAST = re.compile(r"(?i)\b(?:below|above|beyond|under|over|lower|higher|more|less|fewer)(?:\s+than)?"
                              r"\s+(?:that|this|it|those)\b")
COMPARATIVE = re.compile(r"(?i)^\W*(?:is|are|was|were|does|do|did|has|have|had|will|would)\b[^?]*?"
                         r"\b(?:more|less|fewer|\w{3,}er)\s+(?:[\w'-]+\s+){0,3}?than\b")  # "is it more costly than X?"
EITHER_OR = re.compile(r"(?i)\b\w+ or \w+")  # a question offering the answers ("before or after the talks?")
COMPARING = re.compile(r"(?i)\b(?:than|compar\w*|unlike|whereas|more|less|fewer|even \w+er)\b")
REPORTING_STEMS = frozenset(stem(w) for w in ("said", "says", "say", "told", "tells", "urged", "warned", "added",
                                              "stated", "reported", "called", "expressed"))


@lru_cache(maxsize=1024)
def _own_words(text: str) -> frozenset:
    """Return the content stems a question itself writes."""
    return frozenset(stems(text)) - STOP_STEMS


def _costs_what_asked(store: KnowledgeStore, clause: Clause, span: Span, question: Question) -> bool:
    """Say whether an amount written before what it is the cost of ("a $60 billion defence programme") is the
    cost of what the question asks about (an amount with nothing after it may be the cost of anything)."""
    following = clause.sequence[span.at + len(stems(span.text)):][:settings.NEAR_WORDS]
    if not following or following[0] in STOP_STEMS or not (question.terms or question.topics):
        return True
    after = unified(clause.text).split(span.text, 1)[-1][:60]
    return any(related(t) & set(following) for t in question.terms) or \
        bool({m.entity_id for m in store.mentions(after, "topic")} & question.topics)


def _reason_head(span: Span) -> str:
    """Return the first content word after a reason's cue ("over the *expulsion* …")."""
    words = [w for w in tokens(span.text)[1:] if w not in STOPWORDS]  # after the cue's first word ("to", "over")
    cue_words = {"part", "amid", "while", "warn", "creat", "barrier", "cornerston", "threaten", "live", "order"}
    words = [w for w in words if stem(w) not in cue_words]
    return stem(words[0]) if words else ""


def _near_entity(clause: Clause, span: Span, literal: list[int]) -> bool:
    """Say whether a person or actor answering "who …?" stands near a word the question asked with
    (the speaker of a quotation, not named in it, is near its words)."""
    return span.at < 0 or min(abs(span.at - j) for j in literal) <= settings.NEAR_WORDS


def _quoted_stems(clause: Clause) -> frozenset:
    """Return the stems of the words inside quotation marks in a clause."""
    parts = unified(clause.text).split('"')
    inside = parts[1::2] if len(parts) % 2 else parts[0::2]  # an odd count: the clause starts inside a quote
    return frozenset(stems(" ".join(inside)))


def _only_inside(clause: Clause, span: Span, asked: set) -> bool:
    """Say whether the words asked about stand in a clause only inside a span, not before it."""
    words = {w for word in asked for w in related(word)} - STOP_STEMS
    return bool(words & set(clause.sequence[span.at:])) and not words & set(clause.sequence[:span.at])


def _new_people(store: KnowledgeStore, clause: Clause, known: set) -> bool:
    """Say whether a clause names a person not among those known (a new subject: "… and Jones is in Delhi")."""
    return any(store.person(entity) for entity in clause.named - known)


def _within_only(clause: Clause, span: Span, asked: set) -> bool:
    """Say whether the words asked about stand in a clause only within a span, nowhere else in it."""
    words = {w for word in asked for w in close(word)} - STOP_STEMS
    inside = stems(span.text)
    starts = [i for i in range(len(clause.sequence)) if list(clause.sequence[i:i + len(inside)]) == inside]
    at = starts[0] if starts else max(span.at, 0)
    outside = set(clause.sequence[:at]) | set(clause.sequence[at + len(inside):])
    return bool(words & span.stems) and not words & outside


def _answers_kind(store: KnowledgeStore, clause: Clause, question: Question, asked_about: frozenset = frozenset()) -> bool:
    """Say whether a clause holds an answer of a kind asked that is not the question's own words.

    :param asked_about: the stems of what is asked about, without the names of its people and actors
    """
    own = set(question.terms) | set(question.subject_stems)
    cues = lexicon().kind_words
    asked = set(question.kinds) | ({"number"} if "amount" in question.kinds else set())  # "how much did he cut?"
    literal = [i for i, word in enumerate(clause.sequence) if word in set(question.terms)]
    acts = {w for t in question.terms for w in close(t)}  # "who headed the team?" ← "the team, led by Smith"
    acting = [i for i, word in enumerate(clause.sequence) if word in acts]
    if question.says:  # "who said the talks showed progress?": the one who said it stands by the verb of saying
        literal += [i for i, word in enumerate(clause.sequence) if word in REPORTING_STEMS]
    for span in clause.spans:
        if not set(span.kinds) & asked:
            continue
        if RELATIVE_TIME.match(span.text) and asked & WHEN_KINDS and _within_only(clause, span, asked_about):
            continue  # "they come before the minister makes his first visit" says when they come, not when he visits
        if PRESENT_TIME.fullmatch(span.text) and asked & WHEN_KINDS:
            continue  # "the minister, currently in Finland, makes his first visit": not when the visit is
        if span.text.lower().startswith("since ") and "duration" not in asked:
            continue  # "his first visit since the president took office" says since when, not when he goes
        if "medium" in span.kinds and "person" in asked:
            continue  # "told Ekho Moskvy radio" says where he spoke, not who interviewed him
        if "count" in span.kinds and ("amount" in question.kinds or question.unit and not any(
                related(u) & span.stems for u in question.unit)):
            continue  # "as many countries as possible" tells how many countries, not how much or how many missiles
        if question.unit and "amount" in span.kinds:
            continue  # "how many missiles" is not answered by "$60 billion"
        if "amount" in span.kinds and not _costs_what_asked(store, clause, span, question):
            continue  # "how much did the tour cost?" is not answered by "a $60 billion defence programme"
        if "reason" in span.kinds and CIRCUMSTANCE.match(span.text) and _only_inside(clause, span, asked_about):
            continue  # "amid a chill over the expulsion of diplomats" explains the talks, not the expulsion
        if "reason" in span.kinds and (related(_reason_head(span)) & own or
                                       len({t for t in question.terms if related(t) & span.stems}) > 1):
            continue  # "over the expulsion …" is why relations were chilly, not why diplomats were expelled
        by_name = span.entity and span.kinds == ("person",) and span.at >= 0  # a person the clause names
        if set(span.kinds) & {"person", "actor"} and question.terms and \
                (not literal or not _near_entity(clause, span, literal)) and \
                not (by_name and acting and _near_entity(clause, span, acting)):
            continue  # "who signed it?" needs the signer next to "signed", not any name in the sentence
        if "place" in span.kinds and not span.entity and "actor" in asked and "person" not in asked and question.terms and \
                not any(found and _near_entity(clause, span, found) for found in (literal, acting)):
            continue  # "which countries did he want consulted?" is not answered by "on a visit to Finland"
        if span.quoted and question.people and not set(question.terms) & _quoted_stems(clause):
            continue  # "how old is he?", "how long has he been spokesman?": not answered by a number in his own words
        if not span.entity and set(span.kinds) & {"time", "day", "year", "clock", "duration", "place", "number",
                                                  "amount"} and not _near(clause, span, question):
            continue
        if span.entity and (span.entity in question.people or span.entity in question.actors | question.places):
            continue
        if "place" in span.kinds and not span.entity and question.places and \
                any(w in span.stems for actor_id in question.places for w in question.place_words):
            continue  # "where in Moscow …?" is not answered by "in Moscow"
        if "place" in span.kinds and question.within and _countries_in(store, span.text) - question.within:
            continue  # "which city in Finland?" is not answered by "a visit to Washington"
        if span.kinds == ("number",) and span.entity is not None and question.unit:
            unit = set(stems(span.entity))
            if unit and not any(related(u) & unit for u in question.unit):
                continue  # "how many rockets" is not answered by "30 years"
        if span.kinds == ("number",) and not question.unit and set(stems(span.entity or "")) & TIME_UNITS:
            continue  # "how many do they have?" counts things, not years
        if "count" in span.kinds and not all(related(t) & clause.stems for t in question.terms if t not in question.unit):
            continue  # "how many countries did the envoys visit?" is not answered by "hoped to involve as many countries"
        if "amount" in question.kinds and span.kinds == ("number",) and set(stems(span.entity or "")) & COUNTED:
            continue  # "how much did the talks cost?" is not answered by "the two sides"
        if span.anchor and not (span.anchor & own or any(related(a) & own for a in span.anchor)):
            continue  # "Friday's talks" answers when the talks were, not when diplomats were expelled
        if span.stems and not span.entity:
            new = span.stems - own - STOP_STEMS - lexicon().chatter
            new -= {stem(c) for c in ("before", "after", "since", "while", "over", "during", "until", "because", "as",
                                      "part", "amid", "warn", "that", "could")}
            if not new:
                continue  # "before the talks started" does not say when the talks started
            said = _own_words(question.text)
            if said & span.stems and not new - said - all_kind_words() and not EITHER_OR.search(question.text):
                continue  # "on Friday morning" does not say what date "that Friday" was (but "before or after
                # the talks?" is answered by one of the two)
        return True
    return False


def _writes_time(time: str, text: str) -> bool:
    """Say whether a text writes a calendar time: "this week" as the learner says it is "that week" in a report."""
    low = plain(text)
    return time in low or time.startswith("this ") and f"that {time[5:]}" in low


def _names_time(time: str, candidate: Candidate) -> bool:
    """Say whether a candidate, or a sentence it rests on, writes the time asked."""
    return any(_writes_time(time, text) for text in [candidate.text] + [c.sentence for c in candidate.citations])


def _same_time(time: str, text: str) -> bool:
    """Say whether a text is at the calendar time asked: it writes it, or — for "this week" — it is in the
    articles' own week, naming no other time ("a speech last week")."""
    if time == "this week" and not re.search(r"\b(?:last|next|past|previous) (?:week|month|year)\b|\b(?:1[89]|20)\d\d\b",
                                             plain(text)):
        return True
    return _writes_time(time, text)


def _mentions_place(store: KnowledgeStore, candidate: Candidate, actor_id: str, about: list) -> bool:
    """Say whether a candidate names a place, itself or in the sentence it rests on (a curated summary
    may leave out where: "the envoy said …" rests on "In Ankara, the envoy met …")."""
    if len(candidate.clauses) > 1 and about:  # "a team visits Turkey, and Jones is in Delhi": Jones's clause
        return any(actor_id in clause.actors or actor_id in _actors_in(store, clause.text) for clause in about)
    if actor_id in candidate.actors:
        return True
    if any("place" in span.kinds and not span.entity for clause in candidate.clauses for span in clause.spans):
        return False  # it says where, and it is somewhere else ("Smith was in New Delhi", not Ankara)
    return any(actor_id in _actors_in(store, c.sentence) for c in candidate.citations)


@lru_cache(maxsize=1024)
def _actors_in(store: KnowledgeStore, text: str) -> frozenset:
    return frozenset(m.entity_id for m in store.mentions(text, "actor"))


def _countries_in(store: KnowledgeStore, text: str) -> frozenset:
    """Return the countries a text names (a ministry it names is not a country, whatever its city)."""
    return _actors_in(store, text) & country_ids(store)


def _counts_unit(candidate: Candidate, unit: frozenset) -> bool:
    """Say whether a candidate has a number of the thing asked about ("7,200 nuclear weapons")."""
    return any(span.kinds == ("number",) and any(related(u) & set(stems(span.entity or "")) for u in unit)
               for clause in candidate.clauses for span in clause.spans)


def _about(clause: Clause, candidate: Candidate, question: Question) -> bool:
    """Say whether a clause is about the people and actors the question names (a stance: its holder too)."""
    actors = clause.actors | ({candidate.holder} if candidate.holder else set())
    return question.people <= clause.people and question.actors <= actors


def _agency(store: KnowledgeStore, candidate: Candidate, about: list[Clause], agent: str) -> int:
    """Return 1 when the candidate's speaker or subject is the actor asked about as the doer, -1 when
    it is someone else, 0 when it cannot tell."""
    people = set(candidate.speakers) or {p for c in about for p in subjects(store, c.text, "person")}
    doers = {a for p in people for a in country_of(store, p)} | \
        ({candidate.holder} if candidate.holder else set()) | {a for c in about for a in c.subjects}
    if not doers:
        return 0
    return 1 if agent in doers else -1


def _asked_in(about: list[Clause], question: Question) -> list[Clause]:
    """Return the clauses that hold a word of what is asked (its terms or the places it names), or
    all of them when none does: in "the minister was in Oslo and was about to visit Paris", only
    the second tells how a visit to Paris went."""
    asked = {w for t in question.terms for w in related(t)} | set(question.place_words) | \
        {w for a in question.actors for w in stems(a)}
    holding = [clause for clause in about if asked & clause.stems]
    return holding or about


def _asks_planned(clause: Clause, question: Question) -> bool:
    """Say whether what a question asks was done is only planned in a clause: "was the shield built?" in
    "committed the US to building a shield" — but "did he commit the US to it?" asks about the pledge."""
    planned = planned_words(clause.text)
    asked = [t for t in question.terms if any(w in clause.stems for w in related(t))]
    return not asked or all(related(t) & planned and not related(t) & (clause.stems - planned) for t in asked)


def _to_come(question: Question) -> frozenset:
    """Return the content stems a question tells as planned or still to come ("where is he *going to visit*?")."""
    return planned_words(question.text) - STOP_STEMS - lexicon().chatter - question.subject_stems


def _holds_to_come(clause: Clause, asked: frozenset) -> bool:
    """Say whether a clause tells one of the words asked as planned or still to come."""
    planned = planned_words(clause.text)
    return any(related(word) & planned for word in asked)


def _withholds(about: list[Clause], question: Question) -> bool:
    """Say whether a clause says its subject did not say what is asked ("Smith did not say how far he
    was willing to cut …" for "how far will Smith cut?"): the articles then don't say it either."""
    if question.says and YES_NO.match(question.text):
        return False  # "did Smith say how far he would cut?" is answered by "he did not say"
    for clause in about:
        for match in WITHHELD.finditer(unified(clause.text)):
            withheld = set(stems(" ".join(tokens(match.group("what"))[:WITHHELD_WORDS])))
            if any(related(t) & withheld for t in question.terms):
                return True
    return False


@lru_cache(maxsize=4096)
def _name_stems(store: KnowledgeStore, people: frozenset, actors: frozenset) -> frozenset:
    """Return the stems of every alias of these people and actors."""
    return frozenset(w for kind, ids in (("person", people), ("actor", actors))
                     for entity_id, alias, _ in store.aliases(kind) if entity_id in ids for w in stems(alias))


@lru_cache(maxsize=4096)
def _only_possessive(store: KnowledgeStore, text: str, person_id: str) -> bool:
    """Say whether a text names a person only as the owner of something ("from the president's speech")."""
    person = store.person(person_id)
    if person is None:
        return False
    found = [m for m in re.finditer(rf"\b{re.escape(person.surname)}\b('s|’s)?", text)]
    return bool(found) and all(m.group(1) for m in found)


def _leaves_unnamed(text: str, items: frozenset) -> bool:
    """Say whether a text names the things asked only vaguely ("some of the points", "more countries")
    and never lists them ("many elements, including …" lists one)."""
    found = [m for m in re.finditer(r"[\w'-]+", text) if stem(m.group(0).lower()) in items]
    return bool(found) and all(VAGUE.search(text[max(0, m.start() - 40):m.start()]) and
                               not LISTED_AFTER.match(text[m.end():]) for m in found)


def _only_mentions(text: str, question: Question) -> bool:
    """Say whether a text names what a question asks about but says nothing more of it: each mention of a
    word asked is followed, up to the phrase's end, only by the question's own words, small words and words
    for a topic ("disputes over Iraq" for "what exactly were they disputing about Iraq?")."""
    asked = {w for t in question.terms for w in related(t)}
    plain_words = _own_words(question.text) | {stem(w) for w in TOPIC_HEADS} | STOP_STEMS
    phrases = re.split(r"[,.;:!?\"()]|\s[-–—]\s|\b(?:and|but|which|who|that|while|because)\b", unified(text))
    mentioned = False
    for phrase in phrases:
        words = stems(phrase)
        at = next((i for i, w in enumerate(words) if w in asked), None)
        if at is None:
            continue
        mentioned = True
        if any(w not in plain_words for w in words[at + 1:]):
            return False
    return mentioned


def _only_plural(text: str, thing: str) -> bool:
    """Say whether a text names a thing asked for in the singular only as a plural with no name after it
    ("which official?" is not answered by "talks with Indian officials")."""
    found = [m for m in re.finditer(r"[\w'-]+", text) if stem(m.group(0).lower()) == thing]
    return bool(found) and all(m.group(0).lower().endswith("s") and not NAME_AFTER.match(text[m.end():]) and
                               not LISTED_AFTER.match(text[m.end():]) for m in found)


def _reports(store: KnowledgeStore, candidate: Candidate, about: list[Clause], doer: Optional[str] = None) -> bool:
    """Say whether a candidate reports someone's words: a quotation, or a clause with a verb of saying —
    the doer's, when the question names one ("what did Smith say?" is not "diplomats said …", nor "Smith
    did not say …")."""
    if candidate.speakers:
        return not doer or doer in candidate.speakers
    for clause in about:
        if not set(clause.sequence) & REPORTING_STEMS or WITHHELD.search(unified(clause.text)):
            continue
        inherited = doer in clause.people and not clause.named & clause.people  # "Smith met … and said …"
        if not doer or doer in subjects(store, clause.text, "person") or inherited:
            return True
    return False


def check(store: KnowledgeStore, candidate: Candidate, question: Question) -> Check:
    """Check one candidate against a question; score it for ranking."""
    idf = vocabulary(store)
    terms = [t for t in question.terms if t not in lexicon().kind_words.get(question.kinds[0], ())] \
        if question.kinds else list(question.terms)
    weights = {t: idf.get(known_word(store, t) or t, settings.UNKNOWN_WORD_WEIGHT) for t in terms}
    about = [clause for clause in candidate.clauses if _about(clause, candidate, question)]
    words = frozenset().union(*(clause.stems for clause in about)) if about else candidate.stems
    # curated keywords stand for learners' words as written, not for their synonyms
    either_way = asks_either_way(question.text)
    held = {t: max(_covers(words, t, store, either_way), 1.0 if t in candidate.keywords else 0.0) for t in terms}
    # '"He said the representatives had …"' goes on from "after the first session"
    held.update({t: settings.SYNONYM_WEIGHT for t in terms if not held[t] and t in candidate.setting})
    matched = [t for t in terms if held[t]]
    coverage = sum(weights[t] * held[t] for t in terms) / sum(weights.values()) if terms else 1.0
    named = sum(1 for p in question.people | question.actors
                if (p in {e for c in candidate.clauses for e in c.named} and not _only_possessive(store, candidate.text, p))
                or p in candidate.speakers)  # a quote's speaker too; "the president's speech" does not name him as the doer
    literal = len(question.subject_stems & candidate.stems) / len(question.subject_stems) if question.subject_stems else 0
    score = settings.COVERAGE_WEIGHT * coverage + settings.NAMED_SUBJECT_BONUS * named \
        + settings.LITERAL_SUBJECT_BONUS * literal + (settings.CURATED_BONUS if candidate.curated else 0) \
        + (settings.NEAR_BONUS if set(candidate.sentence_ids) & set(question.near) else 0) \
        + (settings.NEAR_BONUS if not question.topics and question.context_topic in candidate.topics else 0) \
        + (settings.UNIT_BONUS if question.unit and _counts_unit(candidate, question.unit) else 0) \
        + (settings.AGENT_BONUS * _agency(store, candidate, about, question.agent) if question.agent else 0) \
        + (settings.SAYING_BONUS if question.says and _reports(store, candidate, about, question.doer) else 0) \
        + (settings.NEAR_BONUS if question.times and all(_names_time(time, candidate) for time in question.times) else 0)
    if not question.topics <= candidate.topics:
        return Check(candidate, False, score, "subject")
    if question.places and not all(_mentions_place(store, candidate, place, about) for place in question.places):
        return Check(candidate, False, score, "subject")  # "the talks in Moscow", "a team to Beijing"
    if question.times and not all(any(_same_time(time, c.sentence) for c in candidate.citations) or
                                  _same_time(time, candidate.text) for time in question.times):
        return Check(candidate, False, score, "time")  # "this year", "last week": the time asked must be there
    if question.during and not all(word in candidate.stems | candidate.setting for word in question.during):
        return Check(candidate, False, score, "time")  # "after the second session" is not "after the first"
    if question.anchor and not set(candidate.sentence_ids) & set(question.anchor):
        return Check(candidate, False, score, "anchor")
    if not about:
        return Check(candidate, False, score, "subject")
    if question.doer and candidate.speakers and question.doer not in candidate.speakers and \
            not any(question.doer in subjects(store, clause.text, "person") for clause in about):
        return Check(candidate, False, score, "subject")  # "how did Jones respond?" is not answered by Smith's words
    if _withholds(about, question):
        return Check(candidate, False, score, "withheld")
    names = _name_stems(store, question.people, question.actors | question.places)
    asked_about = frozenset(set(question.terms) | (set(question.subject_stems) - names))
    if question.kinds:
        answering = [clause for clause in about if _answers_kind(store, clause, question, asked_about)]
        holding = [clause for clause in about if any(related(t) & clause.stems for t in terms)]
        held_named = {e for clause in holding for e in clause.named} | question.people
        if not answering or holding and not set(map(id, answering)) & set(map(id, holding)) and \
                all(_new_people(store, clause, held_named) for clause in answering):
            return Check(candidate, False, score, "kind")  # "why did they send a team?": not why someone else went
    foreign = [t for t in terms if known_word(store, t) is None]
    if foreign:
        # one ordinary word the articles never use may be the learner's own ("snubbed"); a name, or more, may not
        rest = [t for t in terms if t not in foreign]
        literal = sum(1 for t in rest if held[t] == 1.0)
        rest_weight = sum(weights[t] for t in rest)
        rest_coverage = sum(weights[t] * held[t] for t in rest) / rest_weight if rest_weight else 0
        if len(foreign) > 1 or set(foreign) & question.capitalised or literal < settings.FOREIGN_WORD_LITERALS or \
                rest_coverage < settings.FOREIGN_WORD_COVERAGE:
            return Check(candidate, False, score, "foreign")
        terms, coverage = rest, rest_coverage
    by_topic = bool(question.topics) and question.topics <= candidate.topics  # "what does the pact stop?" by its ban
    by_person = bool(question.people) and all(p in candidate.speakers or p in {e for c in about for e in c.named}
                                              for p in question.people)
    if terms and (coverage < settings.MIN_COVERAGE or not matched or
                  len(terms) > 1 and not by_person and not by_topic and not any(held[t] == 1.0 for t in terms)):
        # enough of the words asked, and not by synonyms alone
        return Check(candidate, False, score, "words")
    if question.past and all(clause.plan and _asks_planned(clause, question) for clause in _asked_in(about, question)):
        return Check(candidate, False, score, "plan")
    if question.items:
        if any(item not in candidate.stems for item in question.items if item not in all_kind_words()) or \
                any(held.get(item, 1.0) < 1.0 for item in question.items):
            # "what were they?" after "did they ask questions?"; "what answers …?" is not "the Kremlin's response"
            return Check(candidate, False, score, "words")
        if _leaves_unnamed(unified(candidate.text), question.items):
            return Check(candidate, False, score, "kind")  # "which points?" is not answered by "some of the points"
    if question.exact and question.terms and not candidate.speakers and not _reports(store, candidate, about) and \
            _only_mentions(candidate.text, question):
        return Check(candidate, False, score, "kind")  # "what exactly are their reservations?" ≠ "its reservations"
    if question.one_of and _only_plural(unified(candidate.text), question.one_of):
        return Check(candidate, False, score, "kind")  # "which official …?" is not "Indian officials"
    if question.anchor and RELATIVE_TO_LAST.search(question.text) and set(candidate.sentence_ids) <= set(question.near):
        return Check(candidate, False, score, "kind")  # "how far below that?" is not the figure just given
    if COMPARATIVE.search(question.text) and not COMPARING.search(candidate.text):
        return Check(candidate, False, score, "kind")  # "is it dearer than X?" is not answered by its cost alone
    to_come = _to_come(question) if question.kinds else frozenset()
    if to_come and not any(_holds_to_come(clause, to_come) for clause in about):
        return Check(candidate, False, score, "plan")  # "where is he going next?" is not where he is now
    return Check(candidate, True, score)


def find(store: KnowledgeStore, question: Question, pool: Optional[Iterable[Candidate]] = None) -> Finding:
    """Return the candidates that answer the question (best first) and the closest that does not."""
    pool = list(pool) if pool is not None else list(candidates(store))
    if question.sources:
        pool = [c for c in pool if c.citations[0].source_id in question.sources]
    if question.origins is not None:
        pool = [c for c in pool if c.origin in question.origins]
    checks = [check(store, candidate, question) for candidate in pool]
    if os.environ.get("ABM_DEBUG_GROUNDING"):
        print(question)
        for item in sorted(checks, key=lambda c: -c.score)[:6]:
            print(f"   {item.passed!s:5} {item.reason:8} {item.score:.2f} {item.candidate.key} {item.candidate.text[:60]}")
    passed = sorted((c for c in checks if c.passed), key=lambda c: -c.score)
    failed = sorted((c for c in checks if not c.passed and c.reason != "anchor"),
                    key=lambda c: (-(c.reason == "withheld"), -(c.reason in ("kind", "plan", "words")), -c.score))
    closest = failed[0] if failed and failed[0].score >= settings.CLOSEST_MIN_SCORE else None
    return Finding(passed, closest)


def best_pair(finding: Finding) -> list[Check]:
    """Return the best answer, and a second from another outlet when it is nearly as good."""
    if not finding.answers:
        return []
    best = finding.answers[0]
    chosen = [best]
    for other in finding.answers[1:]:
        if other.score < best.score * settings.SECOND_ANSWER_RATIO:
            break
        if other.candidate.citations[0].source_id != best.candidate.citations[0].source_id and \
                not set(other.candidate.sentence_ids) & set(best.candidate.sentence_ids):
            chosen.append(other)
            break
    return chosen
