"""What a question asks: its subjects (from the message or the conversation), the kind of answer
it wants, and its remaining words — the `Question` that bot.grounding checks candidates against."""
import re
from dataclasses import replace
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from knowledge.store import KnowledgeStore, Match

from . import grounding, language
from .grounding import Question
from .people import Resolution, resolve
from .reply import Context, Message

THEY = frozenset({"they", "them", "their", "theirs"})
TYPO_SCORE = 85  # a misspelt country or topic name: rapidfuzz similarity to its alias
# "us" after these words is the learner ("tell us"), not the United States
US_AS_PRONOUN = re.compile(r"\b(tell|give|show|let|help|to|for|with|from|about|of|among|against|told|gave|make)\s+us\b",
                           re.IGNORECASE)


def _typos(store: KnowledgeStore, text: str, entity_type: str) -> list[Match]:
    """Return entities named by misspelt words ("germnay"): words the articles never use, close to an alias."""
    from .grounding import vocabulary

    vocab = vocabulary(store)
    found = []
    words = language.tokens(text)
    for index, word in enumerate(words):
        if len(word) >= 6 and language.stem(word) not in vocab and word not in language.STOPWORDS:
            found += [Match(m.entity_id, m.score, word, m.kind) for m in store.match_name(word, entity_type)[:1]
                      if m.score >= TYPO_SCORE and _typed_as(words[:index + 1], m.alias) or
                      language.swapped(word, language.plain(m.alias))]
            # (the alias as typed, so its words are not asked about again)
    return found


def _possessives(store: KnowledgeStore, text: str) -> list[Match]:
    """Return actors named in the possessive without an apostrophe ("frances reaction", "russias view")."""
    aliases = _actor_aliases(store)
    return [Match(aliases[word[:-1]], 100, word, "name") for word in language.tokens(text)
            if len(word) > 4 and word.endswith("s") and word[:-1] in aliases]


@lru_cache(maxsize=8)
def _actor_aliases(store: KnowledgeStore) -> dict[str, str]:
    return {language.plain(alias): entity_id for entity_id, alias, _ in store.aliases("actor")}


def _typed_as(typed: list[str], alias: str) -> bool:
    """Say whether the words typed up to a misspelt one end like an alias: "interagency commitee" for "the
    interagency committee", but not "us oficials" for "British officials"."""
    ending = language.tokens(alias)[-2:]
    return fuzz.ratio(" ".join(typed[-len(ending):]), " ".join(ending)) >= TYPO_SCORE


def actors_named(store: KnowledgeStore, message: Message) -> list[Match]:
    """Return the actors a message names, leaving out "us" meaning the learner and names inside a
    longer one ("Russian" in "the Russian interagency committee")."""
    found = []
    mentioned = store.mentions(message.text, "actor")
    longer = [language.tokens(m.alias) for m in mentioned]
    for value in message.values("actor"):
        words = language.tokens(value)
        if any(len(words) < len(other) and _inside(words, other) for other in longer):
            continue
        found += store.match_name(value, "actor")[:1]
    found += _typos(store, message.text, "actor") + _possessives(store, message.text)
    for match in mentioned:
        if match.alias.lower() == "us" and US_AS_PRONOUN.search(message.text) and \
                len(re.findall(r"\bus\b", message.text, re.IGNORECASE)) == 1:
            continue
        found.append(match)
    unique = {}
    for match in found:
        unique.setdefault(match.entity_id, match)
    return list(unique.values())


def _inside(words: list[str], other: list[str]) -> bool:
    return any(other[i:i + len(words)] == words for i in range(len(other) - len(words) + 1))


def topics_named(store: KnowledgeStore, message: Message) -> list[Match]:
    """Return the topics a message names (the NLU entity first, then aliases and misspellings)."""
    found = []
    for value in message.values("topic"):
        found += store.match_name(value, "topic")[:1]
    found += store.mentions(message.text, "topic") + _typos(store, message.text, "topic")
    unique = {}
    for match in found:
        if not _as_verb(message.text, match.alias) and not _people_only(match.alias):
            unique.setdefault(match.entity_id, match)
    return list(unique.values())


def _people_only(alias: str) -> bool:
    """Say whether a topic's name only names people ("the envoys"): a question about them asks what
    they did, which a sentence may tell without the topic ("Germany refused to give a view")."""
    from .grounding import PERSON_NOUNS

    return bool(re.fullmatch(r"(?:\w+\s+)?" + PERSON_NOUNS, language.plain(alias).strip()))


def _as_verb(text: str, alias: str) -> bool:
    """Say whether a one-word topic name is only part of a phrase the lexicon reads as something
    else ("Smith talks about …" is "mentions", not the talks)."""
    word = language.plain(alias).strip()
    return " " not in word and word in re.findall(r"[a-z']+", language.plain(text)) and \
        word not in language.tokens(text)


def _temporal(text: str) -> str:
    """Return a phrase that only says when ("during the Moscow talks", "when the talks were held"), or ""."""
    low = " ".join(language.tokens(text))
    match = re.search(r"\b(?:in|at)\s+(?:the\s+)?(?:first|second|third|opening|final|last)\s+(?:session|round|meeting|day)"
                      r"(?:\s+of\s+(?:the\s+)?talks)?\b|"
                      r"\b(?:during|before|after|while|at the time of|since|until)\s+the\s+[a-z ]+?(?=$|,|\?|\s(?:did|does|do|"
                      r"is|are|was|were|has|have|had|will|would|could|who|what|which|where|when|why|how)\b)|"
                      r"(?<=\w )when\s+the\s+[a-z]+\s+(?:were|was)\s+\w+|"
                      r"(?<=\w )(?:since|after|before|until)\s+(?:mr\s+|president\s+)?[a-z]+\s+"
                      r"(?:took|takes?|became|becomes?|came|comes?|arrived|left|got)\b[a-z ]*?(?=$|,|\?)", low)
    return match.group(0) if match else ""


def other_source(store: KnowledgeStore, text: str, context: Context) -> frozenset:
    """Return the sources "the other article" means: those the last answer did not rest on (none if it
    rested on every one, or on none)."""
    if not context.evidence or not OTHER_OUTLET.search(text or ""):
        return frozenset()
    last = {store.sentence(s).source_id for s in context.evidence if store.sentence(s)}
    return frozenset(source.id for source in store.sources() if source.id not in last) if last else frozenset()


def with_possessives(store: KnowledgeStore, text: str) -> str:
    """Write a name's possessive typed without its apostrophe as one ("putins plan" → "putin's plan")."""
    names = _one_word_names(store)
    return re.sub(r"\b([A-Za-z]{3,})s\b", lambda m: f"{m.group(1)}'s" if m.group(1).lower() in names and
                  f"{m.group(1)}s".lower() not in names else m.group(0), text or "")


@lru_cache(maxsize=4)
def _one_word_names(store: KnowledgeStore) -> frozenset:
    return frozenset(alias.lower() for kind in ("person", "actor") for _, alias, alias_kind in store.aliases(kind)
                     if " " not in alias and alias_kind in ("name", "alias"))


def _owns_topic(store: KnowledgeStore, text: str, alias: str) -> bool:
    """Say whether an actor is named only as the owner of a topic ("the US proposal", "America's missile shield")."""
    after = re.search(rf"(?<![\w-]){re.escape(alias)}(?:'s)?\s+(.{{0,40}})", text, re.IGNORECASE)  # not "US-Russia talks"
    if not after:
        return False
    rest = after.group(1).lower()
    head = re.match(r"[\w-]*", rest).group(0)  # "the American proposal?"
    return head in TOPIC_HEADS or \
        any(rest.startswith(m.alias.lower()) and not _people_only(m.alias) for m in store.mentions(rest, "topic"))


def _names_topic(store: KnowledgeStore, text: str) -> bool:
    """Say whether a text starts with a year that is part of a topic's name ("1972 ABM treaty", "1972 treaty")."""
    year, _, rest = text.partition(" ")
    if not year.isdigit():
        return False
    for match in store.mentions(text[:60], "topic"):
        alias = re.sub(r"^the\s+", "", match.alias.lower())
        if alias.startswith(year) or rest.lower().startswith(alias):
            return True
    return False


def _names_occasion(store: KnowledgeStore, before: str, time: str) -> bool:
    """Say whether a time written right after an occasion names which occasion it is, as the articles
    write it ("the president's speech last week" when a sentence has "his speech last week"), not when the
    thing asked happened: "how did they react to the speech last week?" asks the reaction, at any time."""
    words = language.tokens(before)
    occasion = language.stem(words[-1]) if words else ""
    return occasion in language.lexicon().occasions and _written_together(store, occasion, time)


@lru_cache(maxsize=256)
def _written_together(store: KnowledgeStore, occasion: str, time: str) -> bool:
    """Say whether a sentence of the articles has both an occasion (a stem) and a time."""
    return any(occasion in language.stems(s.text) and time in language.plain(s.text) for s in store.sentences())


@lru_cache(maxsize=4096)
def _misspelt_filler(store: KnowledgeStore, word: str) -> bool:
    """Say whether a question word no article word accounts for is a small word or filler with a letter
    missing or wrong ("hav" for "have", "rigt" for "right"): it asks nothing."""
    if not 3 <= len(word) <= 4 or word in grounding.vocabulary(store) or word in language.lexicon().synonyms or \
            grounding.typo_of(store, word):
        return False
    return any(len(w) >= len(word) and w[0] == word[0] and Levenshtein.distance(word, w) == 1
               for w in language.lexicon().chatter | language.STOPWORDS)


def _without(text: str, part: str) -> str:
    return " ".join(language.tokens(text)).replace(part, " ")


def _without_all(text: str, parts: list[str]) -> str:
    """Return a text's words without the phrases given (each as words)."""
    for part in parts:
        text = _without(text, " ".join(language.tokens(part)))
    return text


def _things_asked(store: KnowledgeStore, asked: str) -> frozenset:
    """Return the stems of the things a question spoke of in the plural, besides who and what it was
    about ("did the Russians ask questions in the talks?" → questions)."""
    return frozenset(language.stem(word) for word in language.tokens(asked)
                     if len(word) > 3 and word.endswith("s") and word not in language.STOPWORDS and
                     not _names_entity(store, word))


def _which_noun(store: KnowledgeStore):
    """Return a function giving the noun of a "which …" match: the word after it when the first word names
    an actor or a topic ("which Indian official …?" asks for an official)."""
    def noun(match: re.Match) -> str:
        first, second = match.group(1), match.group(2)
        return second if second and _names_entity(store, first) and second not in AUXILIARY_WORDS else first
    return noun


def _names_entity(store: KnowledgeStore, word: str) -> bool:
    """Say whether a word names an actor or a topic ("americans", "talks")."""
    return bool(store.mentions(word, "actor") or store.mentions(word, "topic"))


def _excluded(text: str) -> str:
    """Return the words a question sets aside: "besides the Russians, who …", "… this week besides Russia"."""
    low = " ".join(language.tokens(text))
    match = re.search(r"\b(?:besides|instead of|rather than)\b(.*?)(?:,|\bwho\b|\bwhat\b|\bwhere\b|\bwhen\b|$)", low)
    return match.group(1) if match else ""


def _as_place(text: str, alias: str) -> bool:
    """Say whether a message names an actor as a place: "the talks in Moscow", "where in Moscow"."""
    return bool(re.search(rf"\b(in|at|to|from|inside|near)\s+(the\s+)?{re.escape(alias)}\b", text, re.IGNORECASE))


def _points_back(store: KnowledgeStore, text: str, context: Context) -> bool:
    """Say whether a message points at the last answer with "that/this <noun>" ("what date is that
    visit?"), a noun the sentences of that answer use."""
    said = {w for sentence in map(store.sentence, context.evidence) if sentence for w in language.stems(sentence.text)}
    return any(language.related(language.stem(noun)) & said
               for noun in re.findall(r"\b(?:that|this|those|these)\s+([a-z]{3,})\b", language.plain(text)))


BODY = re.compile(r"\b(?:the\s+)?((?:[a-z]+\s+){0,2}?(ministry|department|agency|army|military|navy|council|embassy|"
                  r"senate|congress|duma|committee|parliament|cabinet))\b(?!\s+(?:guy|man|woman|person|people|officials?|"
                  r"spokes(?:man|woman|person)|representatives?|envoys?|team|delegation|member|members)\b)")


def _unknown_bodies(store: KnowledgeStore, text: str) -> list[str]:
    """Return the bodies a question names that no actor of the store is ("the Russian defence ministry"
    when the articles have only its foreign ministry): words of the phrase no alias with its noun has.
    A body that describes a person ("the State Department official") is a role, read as one elsewhere."""
    found = []
    for match in BODY.finditer(language.plain(text)):
        phrase, noun = match.group(1), match.group(2)
        known = {w for _, alias, _ in store.aliases("actor") if noun in language.plain(alias).split()
                 for w in language.stems(alias)}
        naming = {w for m in store.mentions(phrase, "actor") for w in language.stems(m.alias)}
        extra = [w for w in language.content_stems(phrase) if w not in known and w not in naming]
        if extra and not store.mentions(match.group(0), "person"):
            found.append(language.as_typed(text, match.group(0)))
    return found


def _plural_topic_last(store: KnowledgeStore, context: Context) -> bool:
    """Say whether the last question named the conversation's topic in the plural ("the talks") and no actor."""
    if not context.topic_id or not context.asked:
        return False
    named = [m for m in store.mentions(context.asked, "topic") if m.entity_id == context.topic_id]
    return bool(named) and named[0].alias.lower().endswith("s") and not store.mentions(context.asked, "actor")


MEMBERS = re.compile(r"\b(?:members?|membership|(?:that|this|the)\s+(?:committee|group|body|commission|panel))\b",
                     re.IGNORECASE)


def spoken_to(text: str, name: str) -> bool:
    """Say whether a message names someone as the one spoken to ("what did he tell the Russians?")."""
    return bool(re.search(LISTENER + re.escape(name) + r"\b", text, re.IGNORECASE))


def points_at_group(text: str) -> bool:
    """Say whether a message points at a group talked about before ("who are they?", "who are the members?")."""
    return _has(text, THEY) or bool(MEMBERS.search(text))


def _has(text: str, words) -> bool:
    padded = f" {' '.join(language.tokens(text))} "
    return any(f" {word} " in padded for word in words)


def analyse(store: KnowledgeStore, message: Message, context: Context = Context(),
            resolution: Optional[Resolution] = None) -> Question:
    """Return what a message asks, with pronouns resolved against the conversation."""
    text = message.text
    resolution = resolution or resolve(store, message, context)
    people = frozenset(p.id for p in resolution.people) if len(resolution.people) == 1 else frozenset()
    if resolution.role and re.match(r"^\W*(?:which|what)\b", text, re.IGNORECASE) and \
            "person" in language.asked_kinds(text):
        people = frozenset()  # "which minister did Smith meet?": the role is the answer asked for
    people |= frozenset(p.id for p in resolution.others)
    actors = actors_named(store, message)
    topics = topics_named(store, message)
    owners = [m for m in actors if _owns_topic(store, text, m.alias)]
    if owners and len(actors) > len(owners):  # "why is Jonesland critical of the Smithland proposal?": the
        actors = [m for m in actors if m not in owners]  # proposal's owner describes it; Jonesland is asked about
    else:
        owners = []
    if actors and people:  # "what did Jonesland say about Smith's missile plan?": Smith only says whose plan it is
        people -= {p for p in people if any(_owns_topic(store, text, alias) for entity_id, alias, kind in
                                            store.aliases("person") if entity_id == p and kind == "name"
                                            and re.search(rf"\b{re.escape(alias)}'s\b", text, re.IGNORECASE))}
    temporal = _temporal(text)  # "during the Moscow talks", "when the talks were held": when, not what
    if temporal:
        kept_topics = {m.entity_id for m in store.mentions(_without(text, temporal), "topic")} | \
            {m.entity_id for m in topics if m.entity_id not in {t.entity_id for t in store.mentions(temporal, "topic")}}
        topics = [m for m in topics if m.entity_id in kept_topics]
        in_time = {m.entity_id for m in store.mentions(temporal, "actor")} - \
            {m.entity_id for m in store.mentions(_without(text, temporal), "actor")}
        actors = [m for m in actors if m.entity_id not in in_time]
        timed = {m.entity_id for m in store.mentions(temporal, "person", kinds=("name", "title"), typos=False)} - \
            {m.entity_id for m in store.mentions(_without(text, temporal), "person", kinds=("name", "title"), typos=False)}
        if people - timed:  # "has he been to Washington since Smith became president?": about him, not Smith
            people -= timed
    if len(resolution.people) == 1:  # "the American president's plan": "American" says whose president, not who is asked
        roles = [phrase for phrase in resolution.phrases or [resolution.phrase] if phrase]
        in_role = {m.entity_id for phrase in roles for m in store.mentions(phrase, "actor")} - \
            {m.entity_id for m in store.mentions(_without_all(text, roles), "actor")}
        actors = [m for m in actors if m.entity_id not in in_role]
    excluded = _excluded(text)  # "besides the Russians, who else …": not what is asked about
    if excluded:
        left_out = {m.entity_id for kind in ("actor", "topic") for m in store.mentions(excluded, kind)}
        actors = [m for m in actors if m.entity_id not in left_out]
        topics = [m for m in topics if m.entity_id not in left_out]
    subject_words = set(language.stems(" ".join(resolution.phrases or [resolution.phrase])))
    for person in resolution.people + resolution.others:
        for _, alias, _ in [a for a in store.aliases("person") if a[0] == person.id]:
            if alias.lower() in text.lower():
                subject_words.update(language.stems(alias))
    padded = f" {' '.join(language.tokens(text))} "
    for entity_type, matches in (("actor", actors + owners), ("topic", topics)):
        for match in matches:
            subject_words.update(language.stems(match.alias))
            for entity_id, alias, _ in store.aliases(entity_type):  # as the message words it ("missile shield")
                if entity_id == match.entity_id and f" {' '.join(language.tokens(alias))} " in padded:
                    subject_words.update(language.stems(alias))
                    if entity_type == "topic":  # "the missile shield idea" is the missile shield
                        subject_words.update(language.stem(head) for head in TOPIC_HEADS
                                             if f" {' '.join(language.tokens(alias))} {head} " in padded)
        kept = {m.entity_id for m in matches}
        for value in message.values(entity_type):  # as the learner typed it ("germnay"), misspelt or not
            best = store.match_name(value, entity_type)[:1]
            if best and best[0].entity_id in kept:
                subject_words.update(language.stems(value))
    subject_words &= set(language.stems(text))  # the subject as the learner worded it, not its other names
    outlets = {source.actor_id: source.id for source in store.sources()}
    sources = frozenset(outlets[m.entity_id] for m in actors if m.entity_id in outlets)
    sources = sources or other_source(store, text, context)
    topic_names = " ".join((store.name_of(m.entity_id) or "").lower() for m in topics)
    # "the talks in Moscow" names the topic "the Moscow talks"; "a team to Beijing" names a place it needs
    as_place = {m.entity_id for m in actors if _as_place(text, m.alias) and m.entity_id not in outlets}
    in_topic = {m.entity_id for m in actors if m.entity_id in as_place and m.alias.lower() in topic_names}
    places = frozenset(as_place - in_topic)
    place_words = frozenset(w for m in actors if m.entity_id in places for w in language.stems(m.alias))
    within = frozenset(m.entity_id for m in actors if m.entity_id in places and re.search(
        WITHIN + re.escape(m.alias) + r"\b", text, re.IGNORECASE))
    # "what did he tell reporters?", "what did the envoy want to talk about with the allies?": spoken to, not the subject
    listeners = {m.entity_id for m in actors if spoken_to(text, m.alias)}
    owners = {m.entity_id for m in actors for other in actors if other.entity_id != m.entity_id and
              store.actor_side(other.entity_id) == m.entity_id and any(
                  re.search(rf"\b{re.escape(alias)}(?:'s|’s|s)\s+(?:the\s+)?{re.escape(other.alias)}\b", text, re.IGNORECASE)
                  for entity_id, alias, _ in store.aliases("actor") if entity_id == m.entity_id)}
    # "Russia's interagency committee": the committee is asked about; Russia only says whose it is (but "China's
    # foreign ministry" is not Russia's)
    actor_ids = frozenset(m.entity_id for m in actors) - as_place - set(outlets) - listeners - owners
    topic_ids = frozenset(m.entity_id for m in topics)
    named = bool(people and not resolution.pronoun) or bool(actor_ids) or bool(topic_ids)
    if not actor_ids and not people and not topic_ids and _has(text, THEY) and _plural_topic_last(store, context):
        topic_ids = frozenset({context.topic_id})  # "how long did they last?" after "when did the talks begin?"
    elif not actor_ids and not people and _has(text, THEY):
        if context.actor_id:
            actor_ids = frozenset({context.actor_id})
        elif context.person_id:
            people = frozenset({context.person_id})
    if not topic_ids and not people and actor_ids and context.topic_id and _has(text, language.PRONOUNS["topic"]):
        topic_ids = frozenset({context.topic_id})  # "what does Russia think of it?" after the treaty
    elif not topic_ids and not people and not actor_ids and _has(text, language.PRONOUNS["topic"]):
        if context.topic_id:
            topic_ids = frozenset({context.topic_id})
        elif context.actor_id:  # "what was it made for?" after the interagency committee
            actor_ids = frozenset({context.actor_id})
    asked, question_words = language.question_words(text)
    kinds = list(asked)
    if "person" in kinds:
        kinds.append("actor")
    if "actor" in kinds:
        kinds.append("place")
    kind_words = set().union(*(language.lexicon().kind_words.get(k, ()) for k in kinds)) if kinds else set()
    from .grounding import CALENDAR_TIME
    from .people import person_words

    for person in resolution.people[:1]:
        roles = person_words(store, person.id) - {w for entity_id, alias, kind in store.aliases("person")
                                                  if entity_id == person.id and kind == "name"
                                                  for w in language.stems(alias)}
        if set(kinds) & WHEN_KINDS:  # "when was he ambassador?" asks about the role
            subject_words -= roles
        else:  # "hadly's job? national security something?": words of who he is
            subject_words |= roles

    low = language.plain(text)
    calendar = list(re.finditer(CALENDAR_TIME, low))
    times = tuple(dict.fromkeys(m.group(0) for m in calendar
                                if not _names_topic(store, low[m.start():])  # "the 1972 ABM treaty" is its name
                                and not _names_occasion(store, low[:m.start()], m.group(0))))
    time_words = {w for m in calendar for w in language.stems(m.group(0))}  # even a time that names an occasion
    asked_text = re.sub(r"^(?:(?:but|and|so|or|yet)\s+)+", "", " ".join(language.tokens(text)))  # "but what are they against?"
    for part in (excluded, temporal):  # words set aside or only saying when are not what is asked
        if part:
            asked_text = asked_text.replace(part, " ")
    instead = bool(re.search(r"\binstead\b", text, re.IGNORECASE))  # "what do they want instead?": not the last answer
    terms = [t for t in language.content_stems(asked_text, drop=subject_words | kind_words | question_words | time_words)]
    terms += [language.stem(m.group(1)) for m in WANTING.finditer(asked_text) if language.stem(m.group(1)) not in terms]
    named_stems = {w for entity_id, alias, _ in store.aliases("topic") if entity_id in topic_ids for w in language.stems(alias)}
    terms = [t for t in terms if len(t) < 5 or t in grounding.vocabulary(store) or not any(  # "the abm tready"
        Levenshtein.distance(t, w) == 1 for w in named_stems)]  # misspells the topic's name: it asks nothing more
    terms = [t for t in terms if not _misspelt_filler(store, t)]  # "does the us hav rigt now?"
    wants = WANTS_WHAT.search(asked_text)  # "what does Russia want instead?": what someone wants, not the learner
    if wants and instead and language.stem(wants.group(1)) not in terms:
        terms.append(language.stem(wants.group(1)))
    # "after the second session": the one the question counts must be the answer's ("the first session" is not)
    during = tuple(language.stem(w) for w in language.tokens(temporal) if w in ORDINALS)
    anchor = context.evidence if context.evidence and not named and not instead and \
        (not terms or _points_back(store, text, context)) else ()
    if anchor and sources:  # "and how does the other outlet describe it?": not only the last answer's sentences
        anchor = tuple(a for a in anchor if store.sentence(a) and store.sentence(a).source_id in sources)
    anchor = grounding.with_lead_ins(store, anchor) if anchor else ()
    counted = re.search(r"\bhow many\s+((?:(?!(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could)\b)"
                        r"[a-z'-]+\s*){1,3})", language.plain(text))  # "how many countries (does America …)"
    unit = frozenset(w for w in language.content_stems(counted.group(1)) if w not in kind_words) if counted else frozenset()
    pronoun = next((w for w in language.tokens(text) if w in {"he", "him", "his", "she", "her"}), "")
    unresolved = pronoun if pronoun and not people and not context.person_id else ""
    elsewhere = tuple(place for place in language.places_named(text)
                      if not store.match_name(place, "actor") or store.match_name(place, "actor")[0].score < 100)
    elsewhere += tuple(_unknown_bodies(store, text))
    names = frozenset(language.stem(w.lower()) for w in re.findall(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+", text.strip()))
    doer = next((p for p in sorted(people) if store.person(p) and re.search(
        AUXILIARY + r"(?:[\w.'-]+\s+)?" + re.escape(language.plain(store.person(p).surname)) + r"\b", language.plain(text))), None)
    agent = next((m.entity_id for m in actors if m.entity_id in actor_ids and re.search(
        AUXILIARY + re.escape(language.plain(m.alias)) + r"\b", language.plain(text))), None)
    which = [_which_noun(store)(m) for m in WHICH_ONE.finditer(language.plain(text))]
    one_of = language.stem(which[0]) if which and not which[0].endswith("s") else ""  # "which official …?"
    items = frozenset(language.stem(m.group(1)) for m in ITEMS_ASKED.finditer(language.plain(text))
                      if language.stem(m.group(1)) not in question_words | language.lexicon().chatter  # "what kinds of"
                      and not _names_entity(store, m.group(1)))
    if not items and not kinds:  # "which committee did they meet?": a committee the articles name, not any talks
        named = {language.stem(m): m for m in which}
        items = frozenset(word for word, written in named.items() if word in grounding.vocabulary(store)
                          and word not in language.all_kind_words() and not _names_entity(store, written))

    if not items and context.asked and THOSE_ASKED.match(language.plain(text)):
        items = _things_asked(store, context.asked)  # "did they ask questions?" → "what were they?"
    return Question(text=text, agent=agent, items=items, one_of=one_of, exact=bool(EXACTLY.search(text)), doer=doer, kinds=tuple(dict.fromkeys(kinds)), people=people, actors=actor_ids, topics=topic_ids,
                    terms=tuple(terms), subject_stems=frozenset(subject_words), past=language.is_past_question(text),
                    anchor=tuple(anchor), near=context.evidence, unit=unit, unresolved=unresolved,
                    places=places, place_words=place_words, within=within, sources=sources, times=times,
                    context_topic=context.topic_id, during=during,
                    focus=resolution.people[0].id if len(resolution.people) == 1 else None,
                    elsewhere=elsewhere, capitalised=names,
                    says=bool(set(language.tokens(text)) & language.SAYING | {"saying", "says"} & set(language.tokens(text))))


LISTENER = (r"\b(?:(?:tell|tells|told|telling)\s+|(?:talk|talks|talked|talking|discuss|discussed|discussing|explain|explained|"
            r"explaining|say|said|saying|present|presented|presenting)\b(?:\s+[\w'-]+){0,3}?\s+(?:with|to)\s+)(?:the\s+)?")
# someone wanting to say something: "what did the envoy want to talk about?" (not the learner's "I want to know")
WANTING = re.compile(r"(?<!\bi )(?<!\byou )(?<!\bu )(?<!\bdo )(?<!\bdid )(?<!\bwould )\b(want|wants|wanted|wanting)\s+"
                     r"to\s+(?:talk|discuss|stress|underline|emphasi[sz]e|say|tell|raise|mention|ask|know|make clear)\b")
# a place asked inside another: "which city in Finland", "where in Moscow", "what part of Turkey"
WITHIN = (r"\b(?:where|(?:which|what)\s+(?:city|town|part|region|area|place|building|village|capital|province))"
          r"\s+(?:[\w']+\s+){0,6}?(?:in|of)\s+(?:the\s+)?")
# "which points …?", "what answers did they give?", "what were the questions?": things the answer must name
ITEMS_ASKED = re.compile(r"\b(?:(?:which|what)\s+(?:other\s+|exact\s+|specific\s+|particular\s+|more\s+)?|"
                         r"what\s+(?:are|were)\s+(?:the|these|those)\s+(?:[a-z]+\s+)?)"
                         r"(?!(?:does|is|was|has|this|its|his|us|yes|says|ones)\b)([a-z]{3,}s)\b")
WHICH_ONE = re.compile(r"^\W*(?:(?:and|so|ok)\s+)?which\s+(?!(?:one|ones|of|is|was|did|does|do|are|were|way|kind|sort|type|"
                       r"side|part|has|had|will|would|can|could)\b)([a-z]{3,})\b(?:\s+([a-z]{3,}))?")  # one thing to name ("which committee …?")
THOSE_ASKED = re.compile(r"^\W*(?:(?:and|so|ok)\s+)?what\s+(?:were|are)\s+(?:they|those|these|them)\b(?:\s+exactly)?\W*$")
WANTS_WHAT = re.compile(r"\bwhat\s+(?:do|does|did|would)\s+(?!i\b|you\b|u\b|we\b)(?:[\w'-]+\s+){1,3}?(want|wants|wanted)\b")
AUXILIARY_WORDS = frozenset(("did", "does", "do", "will", "would", "has", "have", "had", "can", "could", "is", "are",
                             "was", "were"))
AUXILIARY = rf"\b(?:{'|'.join(sorted(AUXILIARY_WORDS))})\s+(?:the\s+)?"
EXACTLY = re.compile(r"(?i)\b(?:exactly|specifics|specifically|in detail|details|precisely)\b")  # asks more than a mention
OTHER_OUTLET = re.compile(r"\b(?:the|that) other (?:article|outlet|story|report|piece|source|one|paper|site)\b", re.IGNORECASE)
TOPIC_HEADS = language.TOPIC_HEADS
WHEN_KINDS = frozenset(("time", "day", "year", "clock", "duration"))
ORDINALS = frozenset(("first", "second", "third", "fourth", "fifth", "final", "last", "opening", "closing"))


def about(question: Question, **subjects) -> Question:
    """Return the same question about other subjects ("and France?" after "how did Germany react?")."""
    return replace(question, anchor=(), unresolved="", **subjects)  # "he" in the last question is now the new subject
