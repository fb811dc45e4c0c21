"""Which person a message means: by name, surname, typo, role phrase, pronoun, or a choice offered.

A person is only taken when every word the learner used for them fits: "the German foreign
minister" is not the Russian one, and "Did you mean A or B?" offers only people who fit.
"""
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from knowledge.store import KnowledgeStore, Person

from .language import PRONOUNS, STOPWORDS, content_stems, is_verb, plain, stem, stems, tokens, world_places
from .reply import Context, Message

ROLE_WORDS = frozenset((
    "minister", "president", "secretary", "undersecretary", "spokesman", "spokesperson", "spokeswoman", "adviser",
    "advisor", "ambassador", "lawmaker", "parliamentarian", "speaker", "chancellor", "premier", "chief", "head",
    "leader", "general", "king", "queen", "senator", "governor", "mayor", "official", "reporter", "correspondent",
    "journalist", "diplomat", "envoy", "chairman", "chair", "mp", "boss", "commander", "prime"))
ROLE_NOUNS = frozenset(stem(w) for w in ROLE_WORDS)
# Words that stand in for a role without saying which ("the State Department guy"): they find a role
# phrase but need no match of their own.
PLACEHOLDER_WORDS = frozenset(("guy", "man", "fellow", "dude", "lady", "woman", "person"))
ROLE_PLACEHOLDERS = frozenset(stem(w) for w in PLACEHOLDER_WORDS)
RANKS = frozenset(stem(w) for w in ("deputy", "vice", "former", "under", "assistant", "acting", "associate"))
FORMER = re.compile(r"\b(used to be|ex-|ex(?= \w)|previous|one-time|once)\b", re.IGNORECASE)
QUALIFIER_WINDOW = 2  # words before a role phrase that qualify it ("the German foreign minister")
TYPO_SIMILARITY = 85  # rapidfuzz ratio for a word of a name phrase to count as a typo of a name word


@dataclass
class Resolution:
    """The people a message means, and how it named them."""

    people: list[Person] = field(default_factory=list)  # one: found; several: ask which; none: not found
    phrase: str = ""  # the learner's words for them
    role: bool = False  # the phrase names a role ("the German foreign minister")
    pronoun: bool = False  # taken from the conversation ("he")
    others: list[Person] = field(default_factory=list)  # further people the message names ("… to the president's plan")
    phrases: list[str] = field(default_factory=list)  # every phrase that names the main people


@lru_cache(maxsize=8)
def _descriptions(store: KnowledgeStore) -> dict[str, tuple[frozenset, ...]]:
    """Return, per person id, the stems of each title and role phrase that describes them."""
    found: dict[str, list] = {person.id: [] for person in store.people()}
    for entity_id, alias, kind in store.aliases("person"):
        if kind in ("title", "role_phrase"):
            found[entity_id].append(frozenset(stems(alias)))
    return {person_id: tuple(items) for person_id, items in found.items()}


@lru_cache(maxsize=8)
def _person_words(store: KnowledgeStore) -> dict[str, frozenset]:
    """Return, per person id, the stems of everything that names or describes them."""
    words: dict[str, set] = {person.id: set() for person in store.people()}
    for entity_id, alias, _ in store.aliases("person"):
        words[entity_id].update(stems(alias))
    countries = country_ids(store)
    for person in store.people():
        for actor_id in (person.side, _actor_of(store, person.country), _actor_of(store, person.organisation)):
            for entity_id, alias, _ in store.aliases("actor"):
                if entity_id == actor_id:
                    words[person.id].update(stems(alias))
        words[person.id].update(stems(" ".join(person.titles)))
        for event in store.events_of(person.id, led_only=True):  # "the one that went to Moscow" (or Russia)
            words[person.id].update(stems(event.place or ""))
            for match in store.mentions(event.place or "", "actor"):  # the country of a city; a ministry as named
                named = store.name_of(match.entity_id) if match.entity_id in countries else match.alias  # (not "Russian")
                words[person.id].update(stems(named or ""))
    return {person_id: frozenset(found) for person_id, found in words.items()}


@lru_cache(maxsize=8)
def _naming_words(store: KnowledgeStore) -> dict[str, frozenset]:
    words: dict[str, set] = {person.id: set() for person in store.people()}
    for entity_id, alias, _ in store.aliases("person"):
        words[entity_id].update(w for w in stems(alias) if w not in STOPWORDS)
    return {person_id: frozenset(found) for person_id, found in words.items()}


def person_words(store: KnowledgeStore, person_id: str) -> frozenset:
    """Return the stems of a person's names, titles and role phrases (not their places or country)."""
    return _naming_words(store).get(person_id, frozenset())


def _actor_of(store: KnowledgeStore, name: Optional[str]) -> Optional[str]:
    return next((actor_id for actor_id, actor_name in store.actor_names() if actor_name == name), None)


@lru_cache(maxsize=8)
def _person_raw_words(store: KnowledgeStore) -> dict[str, frozenset]:
    """Return, per person id, the plain words of their names (for typos: "smiht" is "Smith")."""
    words: dict[str, set] = {person.id: set() for person in store.people()}
    for entity_id, alias, kind in store.aliases("person"):
        if kind == "name":
            words[entity_id].update(tokens(alias))
    return {person_id: frozenset(found) for person_id, found in words.items()}


def fits(store: KnowledgeStore, person: Person, phrase: str, past: bool = False) -> bool:
    """Say whether every content word of a phrase is true of a person (typos allowed).

    A role must be one the person holds with its rank: "the national security adviser" is not
    someone who is a deputy national security adviser.
    """
    known = _person_words(store)[person.id]
    raw = _person_raw_words(store)[person.id]
    typed = FORMER.sub("former", phrase)
    words = set(content_stems(typed)) - ROLE_PLACEHOLDERS
    if re.search(r"^(?:the\s+)?(?:former\s+)?us\s+\w", plain(typed)):
        words.add("us")  # "the US ambassador": the country, not the pronoun
    for word in words:
        if word in known or any(len(word) >= 4 and fuzz.ratio(word, k) >= TYPO_SIMILARITY for k in known):
            continue
        if any(stem(w) == word and len(w) >= 4 and any(fuzz.ratio(w, r) >= TYPO_SIMILARITY for r in raw)
               for w in tokens(typed)):
            continue
        return False
    asked_roles = words & ROLE_NOUNS
    if not asked_roles:
        return True
    held = words | ({stem("former")} if past else set())  # "who was ambassador" is the former ambassador
    return any(asked_roles <= described and described & RANKS <= held for described in _descriptions(store)[person.id])


@lru_cache(maxsize=4)
def country_ids(store: KnowledgeStore) -> frozenset:
    """Return the ids of the actors that are countries."""
    return frozenset(actor_id for actor_id, _ in store.actor_names(("country",)))


def _titled(store: KnowledgeStore, person: Person, phrase: str) -> bool:
    """Say whether a role phrase's words are in the person's own names and titles (their country's words aside),
    not only in their organisation's or the places they went."""
    country = {w for actor_id in (person.side, _actor_of(store, person.country))
               for entity_id, alias, _ in store.aliases("actor") if entity_id == actor_id for w in stems(alias)}
    words = set(content_stems(FORMER.sub("former", phrase))) - ROLE_PLACEHOLDERS - country
    return words <= _naming_words(store)[person.id]


def _with_qualifiers(store: KnowledgeStore, text: str, alias: str) -> str:
    """Return a role phrase as it stands in the text with the words qualifying it just before it.

    Qualifiers are country or organisation words and ranks: "the *German* foreign minister",
    "the *former* ambassador".
    """
    words, alias_words = tokens(FORMER.sub("former", text)), tokens(alias)
    alias_words = [w for w in alias_words if w not in ("the", "a", "an")] or alias_words
    actor_words = _actor_words(store)
    for index in range(len(words) - len(alias_words) + 1):
        if words[index:index + len(alias_words)] == alias_words:
            before = []
            for word in reversed(words[max(0, index - QUALIFIER_WINDOW):index]):
                if stem(word) not in actor_words and stem(word) not in RANKS:
                    break
                before.insert(0, word)
            return " ".join(before + alias_words)
    return alias


@lru_cache(maxsize=8)
def _actor_words(store: KnowledgeStore) -> frozenset:
    """Return the stems of every country, group and organisation alias, and of the world's countries and
    their peoples ("the *Japanese* foreign minister" is nobody the articles name, not their foreign minister)."""
    return frozenset(word for _, alias, _ in store.aliases("actor") for word in stems(alias)) | \
        frozenset(word for place in world_places() for word in stems(place))


LED_BY = re.compile(r"\b(led|headed|leads|heads|chaired|chairs|lead|head)\s+(the|a|an)\s+", re.IGNORECASE)


def role_phrase(text: str) -> str:
    """Return the words naming a role in a message ("the german foreign minister"), or "".

    "who led the US delegation" asks for "the leader of the US delegation".
    """
    words = tokens(LED_BY.sub("the leader of the ", FORMER.sub("former", text)))
    for index, word in enumerate(words):
        if word in ROLE_WORDS | PLACEHOLDER_WORDS:  # "officials" is a group, not a role
            start = index
            while start > 0 and (words[start - 1] not in STOPWORDS or words[start - 1] == "us") and \
                    index - start < 3 and words[start - 1] not in ("who", "what", "whats", "name", "is", "was"):
                start -= 1
            end = index + 1
            while end < len(words) and words[end] in ROLE_WORDS:
                end += 1
            if end + 1 < len(words) and words[end] in ("of", "to"):
                tail = end + 1 + (words[end + 1] in ("the", "that", "this", "those", "these"))
                while tail < len(words) and (words[tail] not in STOPWORDS or words[tail] in ("us", "to", "in", "of")) \
                        and tail - end <= 6 and not is_verb(words[tail]):  # "… to Moscow tell the radio"
                    tail += 1
                end = tail
            phrase = "the " + " ".join(words[start:end])
            if not set(content_stems(phrase)) - ROLE_PLACEHOLDERS:
                continue  # "that guy" points back at someone; it names no role
            return phrase
    return ""


def _best(matches: list[tuple[Person, float]]) -> list[Person]:
    return [person for person, score in matches if score >= matches[0][1] - 0.5] if matches else []


def resolve(store: KnowledgeStore, message: Message, context: Context = Context(), use_context: bool = True) -> Resolution:
    """Return the people a message means, keeping only those who fit every word used for them.

    Each way the message names someone (the NLU entity, a name, a role phrase) is a group of the
    people who fit it; the group named first is the main one, and several people in it mean the
    message is ambiguous. A person pronoun before any name ("how did he react to the president's plan?")
    makes the person talked about last the main one.
    """
    text = message.text
    groups: dict[str, tuple[list[Person], bool]] = {}  # phrase → (people who fit it, whether it is a role)

    def add(phrase: str, person: Optional[Person], role: bool) -> None:
        people, was_role = groups.get(phrase, ([], False))
        if person and person not in people:
            people.append(person)
        groups[phrase] = (people, was_role or role)

    entity = message.entity("person")
    if entity:
        for match in store.match_name(entity, "person"):
            person = store.person(match.entity_id)
            if (match.score == 100 or match.kind == "name") and fits(store, person, entity):
                add(entity, person, bool(set(content_stems(entity)) & ROLE_NOUNS))
        groups.setdefault(entity, ([], bool(set(content_stems(entity)) & ROLE_NOUNS)))
    best: dict[str, float] = {}
    mentions = store.mentions(text, "person", kinds=("name",)) + \
        store.mentions(text, "person", kinds=("title", "role_phrase"), typos=False)
    for match in mentions:
        if match.score < 100 and match.kind != "name":
            continue  # a typo may stand for a name, not for a role ("officials" is not "official")
        if match.kind == "name":
            phrase = match.alias if match.score == 100 else _learner_words(text, match.alias)
        elif match.score == 100:
            phrase = _with_qualifiers(store, text, match.alias)
        else:
            phrase = role_phrase(text) or match.alias
        person = store.person(match.entity_id)
        if fits(store, person, phrase) and match.score >= best.get(phrase, 0) - 0.5:
            best[phrase] = max(best.get(phrase, 0), match.score)
            add(phrase, person, match.kind == "role_phrase")
    asked_role = role_phrase(text) or (role_phrase(entity) if entity else "")
    past = bool(re.search(r"\b(was|were)\b", text, re.IGNORECASE))
    if asked_role and not any(set(content_stems(asked_role)) & set(content_stems(phrase)) & ROLE_NOUNS
                              for phrase, (people, _) in groups.items() if people):
        for person in store.people():
            if fits(store, person, asked_role, past):
                add(asked_role, person, True)
        groups.setdefault(asked_role, ([], True))
        if groups[asked_role][0] and entity and entity != asked_role and not groups[entity][0]:
            del groups[entity]  # the NLU's "the president" found no one; the role asked did
    for phrase, (found, is_role) in list(groups.items()):  # the NLU's "the leader of the delegation" in
        if is_role and len(found) > 1 and asked_role and asked_role != phrase:  # "… delegation to Moscow": the one
            narrowed = [p for p in found if fits(store, p, asked_role, past)]  # the longer phrase fits
            if narrowed and len(narrowed) < len(found):
                groups[phrase] = (narrowed, True)
    if not groups:
        if use_context and context.person_id and refers_to_person(text) and store.person(context.person_id):
            return Resolution([store.person(context.person_id)], "", pronoun=True)
        return Resolution([], "")
    # an entity the message does not contain was given by the conversation ("the one in Turkey" → the one the articles place there)
    given = entity if entity and groups.get(entity, ([], False))[0] and \
        not set(tokens(entity)) <= set(tokens(text)) else None
    order = sorted(groups, key=lambda phrase: (phrase != given, _position(text, phrase), -len(groups[phrase][0])))
    main = order[0]
    if groups[main][1] and len(groups[main][0]) > 1:  # "the foreign ministry guy": the ministry's spokesman, by his
        titled = [p for p in groups[main][0] if _titled(store, p, main)]  # title, before the minister by his ministry
        if titled:
            groups[main] = (titled, True)
    mains = set(groups[main][0])
    # a phrase that also fits the main person named them too (a first name two people share): not someone else
    naming = [phrase for phrase in order[1:] if mains & set(groups[phrase][0])]
    for phrase in naming:  # "President Smith": the role and the name are one person, the one both fit
        titled = re.search(rf"\b{re.escape(re.sub(r'^the ', '', main.lower()))}\s+{re.escape(phrase.lower())}\b", text.lower())
        if titled and groups[main][1] and not groups[phrase][1] and len(mains & set(groups[phrase][0])) < len(mains):
            groups[main] = ([p for p in groups[main][0] if p in groups[phrase][0]], True)
            mains = set(groups[main][0])
    others = [p for phrase in order[1:] if phrase not in naming for p in groups[phrase][0] if p not in mains]
    resolution = Resolution(list(groups[main][0]), main, role=groups[main][1], others=list(dict.fromkeys(others)),
                            phrases=[main] + naming)
    if not resolution.people and not resolution.role and others:  # a phrase nobody fits, then a name
        resolution = Resolution([others[0]], _name_of_group(groups, others[0]), others=others[1:])
    talked_about = store.person(context.person_id) if use_context and context.person_id else None
    if resolution.role and len(resolution.people) > 1 and talked_about in resolution.people:
        # "what did the president commit to?" after talking about one of the presidents: him
        resolution = replace(resolution, people=[talked_about])
    return _with_pronoun(store, text, resolution, context) if use_context else resolution


def _name_of_group(groups: dict, person: Person) -> str:
    return next(phrase for phrase, (people, _) in groups.items() if person in people)


def _learner_words(text: str, alias: str) -> str:
    """Return the words of a text that stand for an alias, typos included ("vladimir", "wolfowits")."""
    alias_words = tokens(alias)
    return " ".join(w for w in tokens(text) if w not in STOPWORDS and
                    any(fuzz.ratio(w, a) >= TYPO_SIMILARITY - 5 for a in alias_words)) or alias


def _position(text: str, phrase: str) -> int:
    """Return where a phrase first stands in a text (for ordering the people it names)."""
    words = tokens(text)
    found = [words.index(w) for w in tokens(phrase) if w in words and w not in STOPWORDS]
    return min(found) if found else len(words)


def _with_pronoun(store: KnowledgeStore, text: str, resolution: Resolution, context: Context) -> Resolution:
    """Make "he" the main person when it comes before the names: "how did he react to the president's plan?"."""
    person = store.person(context.person_id) if context.person_id else None
    if not person or person in resolution.people or person in resolution.others or not refers_to_person(text):
        return resolution
    if resolution.role and not resolution.people:
        return resolution  # "who is his boss, the national security adviser?" asks about the role
    words = tokens(text)
    pronoun_at = min((words.index(p) for p in PRONOUNS["person"] if p in words), default=len(words))
    if pronoun_at < _position(text, resolution.phrase):
        return Resolution([person], "", pronoun=True, others=resolution.people + resolution.others)
    return resolution  # "and Smith, who did he meet?": "he" is the person just named


def refers_to_person(text: str) -> bool:
    """Say whether a message points back at a person ("he", "his", "that guy")."""
    padded = f" {' '.join(tokens(text))} "
    return any(f" {pronoun} " in padded for pronoun in PRONOUNS["person"])


def choose(store: KnowledgeStore, message: Message, context: Context) -> Optional[Person]:
    """Return which of the people last offered ("Did you mean A or B?") a message picks, if it picks one."""
    offered = [store.person(person_id) for person_id in context.choices if store.person(person_id)]
    if not offered:
        return None
    named = [p for p in resolve(store, message, Context(), use_context=False).people if p in offered]
    if len(named) == 1:
        return named[0]
    words = set(content_stems(message.text)) - {stem("one"), stem("guy"), stem("person")}
    if not words:
        return None
    scores = []
    for person in offered:
        own = set(_person_words(store)[person.id])  # name and role count before what they did
        known = set()
        for event in store.events_of(person.id):
            known.update(stems(f"{event.place or ''} {event.summary}"))
            for match in store.mentions(f"{event.place or ''} {event.summary}", "actor"):
                known.update(stem(word) for entity_id, alias, _ in store.aliases("actor")
                             if entity_id == match.entity_id for word in tokens(alias))
        scores.append((2 * len(words & own) + len(words & (known - own)), person))
    scores.sort(key=lambda item: -item[0])
    if scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    return None


def name_after_who_is(text: str) -> str:
    """Return what follows "who is" in a message ("who is Gandalf?" → "Gandalf")."""
    match = re.search(r"\bwho(?:'s| is| was|s)\s+(.+?)[?.!]*$", text or "", re.IGNORECASE)
    return match.group(1) if match else ""
