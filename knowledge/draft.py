"""Draft candidate annotations for a new article, for a person to review.

``python -m knowledge.draft ARTICLE --source ID [--out DIR] [--db PATH | --no-store]`` reads the
article text and writes candidates in the shape of ``knowledge/sources/*.yml`` (sources, people,
actors, topics, quotes, facts, positions): one file per kind into DIR, or all to standard output.
Every candidate carries the exact article text it rests on (``evidence``, ``text``, or inside its
review block for kinds whose files have no evidence field) and a ``review:`` block saying why it
was drafted. The build refuses any entry that still has one.

Offline rules only: quotation marks and reporting verbs, titles and appositions next to capitalised
names, pycountry for country names, patterns for numbers, dates and stances. People and actors
already in the knowledge store are recognised by its names and aliases and linked by id.
"""
import argparse
import bisect
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import pycountry
import yaml
from rapidfuzz import fuzz

from . import default_db_path
from .text import Segment, paragraphs, sentences

# -- vocabulary: generic English news usage, nothing from a particular article ----------------------

REVIEW_STATUS = "draft"
KINDS = ("sources", "people", "actors", "topics", "quotes", "facts", "positions")
REPORTING_VERBS = ("said", "says", "say", "told", "tells", "added", "adds", "asked", "stated", "declared",
                   "warned", "noted", "explained", "insisted", "urged", "urges", "argued", "claimed",
                   "continued", "replied", "wrote", "announced", "acknowledged", "stressed", "recalled",
                   "complained", "suggested", "predicted", "cautioned", "conceded")
# Verbs after which the speaker may be named ("…," said Vladimir Lukin); after "told" stands the listener.
VERB_THEN_SPEAKER = frozenset({"said", "says", "added", "asked", "continued", "replied", "wrote", "declared",
                               "stated", "insisted", "explained", "noted", "warned", "recalled", "stressed"})
ROLE_NOUNS = frozenset("""
    spokesman spokeswoman spokesperson minister secretary undersecretary under-secretary adviser advisor
    ambassador president vice-president premier chancellor speaker lawmaker parliamentarian legislator
    senator congressman congresswoman envoy diplomat official director chairman chairwoman chair chief
    head leader general admiral commander correspondent reporter analyst expert professor governor mayor
    king queen prince negotiator aide delegate commissioner deputy representative secretary-general
    editor columnist economist researcher scientist lawyer judge officer emissary
""".split())
TITLE_LOWER = frozenset("former deputy acting senior top chief prime vice assistant associate".split())
# Capitalised words of titles and departments, never a first name ("Secretary of State Colin Powell").
TITLE_WORDS = frozenset("""
    deputy vice acting former assistant associate senior foreign defense defence prime state national
    security external affairs interior home justice finance treasury trade commerce health education
    energy economic agriculture labor labour transport environment intelligence general under special
""".split())
HONORIFICS = {"Mr.": "m", "Mrs.": "f", "Ms.": "f", "Dr.": None, "Prof.": None}
GENDERED_WORDS = {"spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
                  "congressman": "m", "congresswoman": "f", "king": "m", "queen": "f", "prince": "m"}
PRONOUNS = {"he": "m", "she": "f"}
ORG_HEADS = frozenset("""
    ministry department council agency committee commission parliament congress senate duma assembly
    administration office organization organisation union alliance bank fund institute university party
    army navy court service bureau government cabinet authority federation league forum
""".split())
MEDIA_HEADS = frozenset("radio television newspaper magazine".split())  # "… radio" after a name
TREATY_HEADS = frozenset("treaty pact accord agreement convention protocol charter".split())
NOT_NAME_WORDS = frozenset("war wars".split())  # "the Cold War": capitalised, not a name
GROUP_NOUNS = frozenset("delegation team group committee mission panel commission party coalition".split())
LEADS = {"led": "leader of", "headed": "head of", "chaired": "chair of"}
# Words before a name that make it an object, not a subject ("talks between X and …", "met X").
NON_SUBJECT_BEFORE = frozenset("""
    between by with to from of for about against on at in into than among toward towards meeting met
    visited including like told urged asked under behind
""".split())
FUNCTION_WORDS = frozenset("""
    a an the and or but if when while as at by for from in into of on to with without before after since
    until however like under over this that these those another many some most his her its their our my
    your he she it we they i you there here then also still yet so not no nor
""".split())
DETERMINERS = frozenset("the a an".split())
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
ROMAN_NUMERALS = frozenset("II III IV V VI VII VIII IX X".split())
# (pattern, stance tag), the most telling first: one position per sentence and subject keeps the first.
STANCES = (
    (r"\boppos(?:es|ed|e|ing)\b", "opposes"),
    (r"\brefus(?:es|ed) to give (?:a |any )?view\b|\bdeclin(?:es|ed) to comment\b", "withholds-view"),
    (r"\brefus(?:es|ed) to\b", "refuses"),
    (r"\breject(?:s|ed)?\b", "rejects"),
    (r"\b(?:is|was|are|were|has been|have been) critical of\b|\bcriticis|\bcriticiz", "critical"),
    (r"\breservations\b", "reservations"),
    (r"\b(?:is|was|are|were) (?:sceptical|skeptical|pessimistic)\b", "sceptical"),
    (r"\b(?:supports?|supported|backs|backed|endorses|endorsed|favou?rs)\b", "supports"),
    (r"\bcommitted\b(?: \S+){0,4} to\b", "committed"),
    (r"\bwelcom(?:es|ed|e)\b", "welcomes"),
    (r"\b(?:is|was|are|were) optimistic\b", "optimistic"),
    (r"\bwants?\b|\bwanted\b", "wants"),
    (r"\bhop(?:es|ed)\b", "hopes"),
    (r"\burg(?:es|ed)\b", "urges"),
    (r"\breacted with\b", "reacted"),
    (r"\bplans? to\b", "plans"),
)
_AMOUNT = r"\$?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?(?:%|percent|per cent))?(?:\s(?:million|billion|trillion|thousand))?"
NUMBER_OR_DATE = re.compile("|".join((
    rf"(?<![\w$.]){_AMOUNT}(?!\w)",
    rf"\b(?:{'|'.join(WEEKDAYS)})(?:'s)?(?:\s(?:morning|afternoon|evening|night))?\b",
    rf"\b(?:{'|'.join(MONTHS)})\s\d{{1,2}}(?:,\s\d{{4}})?\b|\b(?:{'|'.join(MONTHS)})\s\d{{4}}\b",
    rf"\b(?:in|since|until|by|last|next|this|early|late)\s(?:{'|'.join(MONTHS)})\b",
    r"\b(?:last|this|next|past|coming|previous)\s(?:few\s|two\s|three\s)?(?:week|month|year|weekend|decade|day)s?\b",
    r"\b(?:yesterday|today|tonight|tomorrow)\b",
)))
CONTEXT_MIN_WORDS = 5  # a lead-in shorter than this is only the attribution ("Hadley said")
ATTRIBUTION_REACH = 80  # characters after a closing quotation mark within which its reporting verb stands
SUBJECT_REACH = 110  # characters between a speaker's name and the verb: room for an apposition
MAX_NAME_TOKENS = 4
MAX_APPOSITION_WORDS = 14
SAME_PERSON_SCORE = 60  # first-name similarity, same surname: "Aleksandr" is the store's "Alexander"
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATELINE = re.compile(r"([A-Z][A-Z .'-]+(?:, [A-Z][\w .'-]+)?) -- ")

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S.
    r"|(?:Mr|Mrs|Ms|Dr|Prof)\.(?=\s)"
    r"|[A-Z]\.(?=\s[A-Z])"  # a middle initial
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:-[^\W\d_]+)*"  # words, with apostrophes and hyphens
    r"|\d(?:[\d,.]*\d)?"
    r"|[^\w\s]"
)
_CLOSING_MARK = {'"': '"', "\u201c": "\u201d"}
_OPENING_MARK = re.compile('["\u201c]')
_VERB = re.compile(rf"\b(?:{'|'.join(REPORTING_VERBS)})\b|\baccording to\b", re.IGNORECASE)
_DOTTED_CODE = re.compile(r"(?:[A-Z]\.){2,}")


# -- data -------------------------------------------------------------------------------------------

class Token(Segment):
    """A word, number or punctuation mark with its offsets in the article."""

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def possessive(self) -> bool:
        return self.text.endswith(("'s", "\u2019s"))

    @property
    def bare(self) -> str:
        """The word without a possessive ending."""
        return self.text[:-2] if self.possessive else self.text

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Role:
    """A title the article gives a person and the exact text (start–end) it rests on."""

    title: str
    start: int
    end: int
    how: str


@dataclass
class Person:
    """A person the article names: new, or already in the store (`store_id`)."""

    key: str
    name: str
    surname: str
    store_id: Optional[str] = None
    roles: list[Role] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    role_phrases: list[str] = field(default_factory=list)
    gender: Optional[str] = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Mention:
    """Where the article names a person or an actor; `subject` unless an object or inside a quotation."""

    start: int
    end: int
    key: str
    subject: bool


@dataclass
class Occurrence:
    """A capitalised stretch that reads as a person's name, with what stands around it."""

    start: int
    end: int
    name: str
    tokens: int
    possessive: bool = False
    title: Optional[Role] = None
    honorific: Optional[str] = None
    possessor: Optional[tuple[int, int]] = None  # "CNN's Steve Harrigan": where "CNN" stands
    after_determiner: bool = False
    subject: bool = True
    in_quote: bool = False

    @property
    def head(self) -> int:
        """Where the whole mention starts: its title or honorific, else the name."""
        return self.title.start if self.title else self.start


@dataclass
class Quote:
    """One stretch of quoted words; a quotation interrupted by "he said" gives two."""

    start: int
    end: int
    open_mark: int
    close_mark: Optional[int]  # None: the paragraph ends inside the quotation
    paragraph: int
    person: Optional[str] = None
    how: str = ""
    cue: Optional[tuple[int, int]] = None
    context: Optional[tuple[int, int]] = None
    continues: Optional[int] = None  # index of the quote this one continues
    own: bool = False  # the speaker comes from this quote's own attribution


@dataclass
class Actor:
    """A country, organisation or topic the article names."""

    key: str
    name: str
    kind: str  # country | organisation | group | topic
    store_id: Optional[str] = None
    country: Optional[str] = None
    forms: list[str] = field(default_factory=list)
    evidence: tuple[int, int] = (0, 0)
    note: str = ""


@dataclass
class Article:
    """The article cut up for the rules: tokens, sentence starts, quotations, masked text."""

    text: str
    tokens: list[Token]
    starts: list[int]  # token starts, for bisect
    sentences: list[Segment]
    bounds: list[int]  # sentence starts, for bisect
    paragraphs: list[Segment]
    quotes: list[Quote]
    masked: str  # the text with quoted words blanked out: only the outlet's own words
    dateline: int = 0  # where the body starts after a dateline ("MOSCOW, Russia -- ")

    def sentence_at(self, offset: int) -> Segment:
        return self.sentences[max(bisect.bisect_right(self.bounds, offset) - 1, 0)]

    def token_before(self, offset: int) -> Optional[Token]:
        index = bisect.bisect_left(self.starts, offset) - 1
        return self.tokens[index] if index >= 0 else None

    def same_sentence(self, left: int, right: int) -> bool:
        return bisect.bisect_right(self.bounds, left) == bisect.bisect_right(self.bounds, right)


def read_article(text: str) -> Article:
    """Tokenise and segment the text, find its quotations and mask them."""
    tokens = [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    blocks = paragraphs(text)
    segments = [s for block in blocks for s in sentences(block)]
    quotes = find_quotes(text)
    dateline = DATELINE.match(blocks[1].text) if len(blocks) > 1 else None
    return Article(text, tokens, [t.start for t in tokens], segments, [s.start for s in segments], blocks,
                   quotes, mask_quotes(text, quotes), blocks[1].start + dateline.end() if dateline else 0)


# -- the store, as far as drafting needs it -----------------------------------------------------------

class StoreIndex:
    """Names, aliases and ids from the knowledge store; empty without one."""

    def __init__(self, store=None):
        self.person_aliases: dict[str, set[str]] = {}
        self.actor_aliases: dict[str, set[str]] = {}
        self.topic_aliases: dict[str, set[str]] = {}
        self.people: dict[str, dict] = {}
        self.actors: dict[str, dict] = {}
        self.topics: dict[str, str] = {}
        self.ids: dict[str, set[str]] = {}
        if store is None:
            return
        conn = store.conn
        self.people = {row["id"]: dict(row) for row in conn.execute("select * from people")}
        self.actors = {row["id"]: dict(row) for row in conn.execute("select * from actors")}
        self.topics = {row["id"]: row["name"] for row in conn.execute("select id, name from topics")}
        for entity_id, alias, kind in store.aliases("person"):
            if kind == "name":
                self.person_aliases.setdefault(alias, set()).add(entity_id)
        for entity_id, alias, _ in store.aliases("actor"):
            self.actor_aliases.setdefault(alias, set()).add(entity_id)
        for entity_id, alias, _ in store.aliases("topic"):
            self.topic_aliases.setdefault(alias, set()).add(entity_id)
        for table in ("people", "actors", "topics", "quotes", "facts", "positions", "events", "statements"):
            self.ids[table] = {row[0] for row in conn.execute(f"select id from {table}")}

    def person_named(self, name: str) -> Optional[str]:
        """Return the store person with this name form, or with this surname and a close first name."""
        ids = self.person_aliases.get(name, set())
        if len(ids) == 1:
            return next(iter(ids))
        words = name.split()
        for person_id, row in self.people.items():
            first = row["name"].split()[0]
            if len(words) > 1 and row["surname"] == words[-1] and first[0] == words[0][0] \
                    and fuzz.ratio(first, words[0]) >= SAME_PERSON_SCORE:
                return person_id
        return None

    def actor_named(self, form: str) -> Optional[str]:
        """Return the store actor named exactly so (a leading "the" aside), if only one."""
        for candidate in (form, re.sub(r"^[Tt]he ", "", form)):
            ids = self.actor_aliases.get(candidate, set())
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def topic_named(self, form: str) -> Optional[str]:
        """Return the store topic named so (any case), if only one."""
        ids = {i for alias, found in self.topic_aliases.items() if alias.lower() == form.lower() for i in found}
        return next(iter(ids)) if len(ids) == 1 else None

    def topic_of(self, text: str) -> Optional[str]:
        """Guess the topic of a sentence: the store topic with the longest alias in it."""
        best = ("", None)
        for alias, ids in self.topic_aliases.items():
            if len(ids) == 1 and len(alias) > len(best[0]) and _contains(text, alias, ignore_case=True):
                best = (alias, next(iter(ids)))
        return best[1]

    def organisations_in(self, text: str) -> list[str]:
        """Return the store organisations a phrase names, longest alias first."""
        found = []
        for alias in sorted(self.actor_aliases, key=len, reverse=True):
            ids = self.actor_aliases[alias]
            if len(ids) == 1 and _contains(text, alias, ignore_case=True):
                actor_id = next(iter(ids))
                if self.actors[actor_id]["kind"] == "organisation" and actor_id not in found:
                    found.append(actor_id)
        return found

    def side_of(self, actor_id: Optional[str]) -> Optional[str]:
        return self.actors.get(actor_id, {}).get("side") if actor_id else None


# -- small helpers ------------------------------------------------------------------------------------

def _contains(text: str, phrase: str, ignore_case: bool = False) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags) is not None


def slug(text: str, words: int = 5) -> str:
    """Return a lower-case id from the first `words` words of `text`."""
    parts = re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]s\b", "", text.lower()))
    return "-".join(parts[:words]) or "x"


def unique_id(base: str, taken: set[str]) -> str:
    """Return `base`, or `base-2`, `base-3` … when taken; record the result as taken."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def occurrence_number(text: str, start: int, needle: str) -> int:
    """Return which copy of `needle` (1, 2 …) starts at `start`, counted the way the build counts."""
    count, position = 0, -1
    while True:
        position = text.find(needle, position + 1)
        if position < 0 or position > start:
            return max(count, 1)
        count += 1
        if position == start:
            return count


def mask_quotes(text: str, quotes: list["Quote"]) -> str:
    """Blank out quoted words and their marks, keeping offsets and line breaks."""
    chars = list(text)
    for quote in quotes:
        end = quote.close_mark + 1 if quote.close_mark is not None else quote.end
        for index in range(quote.open_mark, end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


# -- quotations --------------------------------------------------------------------------------------

def find_quotes(text: str) -> list[Quote]:
    """Return every quoted stretch, paragraph by paragraph, without a trailing comma (as the build
    stores quotes). A quotation still open at a paragraph's end — news style for a quotation over
    paragraphs — runs to that end."""
    found = []
    for number, paragraph in enumerate(paragraphs(text)):
        body, position = paragraph.text, 0
        while (match := _OPENING_MARK.search(body, position)) is not None:
            open_at = match.start()
            close_at = body.find(_CLOSING_MARK[body[open_at]], open_at + 1)
            inner = body[open_at + 1:close_at if close_at >= 0 else len(body)].rstrip()
            inner = inner[:-1].rstrip() if inner.endswith(",") else inner
            if inner.strip():
                start = paragraph.start + open_at + 1
                found.append(Quote(start, start + len(inner), paragraph.start + open_at,
                                   paragraph.start + close_at if close_at >= 0 else None, number))
            if close_at < 0:
                break
            position = close_at + 1
    return found


# -- countries (pycountry) ----------------------------------------------------------------------------

_GENERIC_NAME_WORDS = frozenset("""
    republic federation united kingdom islands island democratic people's state states of the and
    northern southern north south east west new saint territory territories arab islamic plurinational
    bolivarian province union socialist federal commonwealth principality grand duchy sultanate emirates
    great central equatorial french british american dutch minor outlying metropolitan
""".split())


def _adjectives(name: str) -> list[str]:
    """Regular adjectives of a one-word country name: India → Indian, Japan → Japanese, Italy → Italian."""
    forms = [name + "n", name + "ian", name + "i", name + "ese", name + "an"]
    if name.endswith(("a", "e", "o", "y")):
        forms += [name[:-1] + "ian", name[:-1] + "an", name[:-1] + "ese"]
    if name.endswith("y"):
        forms.append(name[:-1])  # Germany → German
    return forms


def _name_table(countries) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(names, name words) → (alpha-2 code, display name), keeping only those of exactly one country."""
    names: dict[str, set] = {}
    words: dict[str, set] = {}
    for country in countries:
        code = getattr(country, "alpha_2", None) or country.alpha_4[:2]
        display = (getattr(country, "common_name", None) or country.name).split(",")[0]
        forms = {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}
        forms |= {form.split(",")[0] for form in list(forms) if form}
        for form in filter(None, forms):
            names.setdefault(form, set()).add((code, display))
            for word in re.findall(r"[^\W\d_][\w'-]*", form):
                if word[0].isupper() and word.lower() not in _GENERIC_NAME_WORDS:
                    words.setdefault(word, set()).add((code, display))
    return ({k: next(iter(v)) for k, v in names.items() if len(v) == 1},
            {k: next(iter(v)) for k, v in words.items() if len(v) == 1})


@lru_cache(maxsize=None)
def country_forms() -> dict[str, tuple[str, str]]:
    """Return {name or adjective: (alpha-2 code, display name)} from pycountry's data.

    In order of trust: names (common, official, the part before a comma); regular adjectives of
    one-word names ("Indian"); a word of one country's name only ("Britain", "Russian", and so
    "Russia"), and adjectives of such words ("American").
    """
    names, words = _name_table(pycountry.countries)
    old_names, old_words = _name_table(pycountry.historic_countries)  # "USSR": only where no country has it
    names |= {k: v for k, v in old_names.items() if k not in names}
    words |= {k: v for k, v in old_words.items() if k not in words and k not in names}
    table: dict[str, tuple[str, str]] = {}
    for word, value in words.items():
        table.setdefault(word, value)
        for adjective in _adjectives(word):
            table.setdefault(adjective, value)
        if word.endswith("n"):
            table.setdefault(word[:-1], value)  # "Russian" is a word of a name, so "Russia" names it
    for name, value in names.items():
        if " " not in name:
            for adjective in _adjectives(name):
                table[adjective] = value
    table.update(names)
    return table


def country_of(form: str) -> Optional[tuple[str, str]]:
    """Return (alpha-2 code, name) for a country's name, adjective or dotted code ("U.S."), else None."""
    if _DOTTED_CODE.fullmatch(form):
        country = pycountry.countries.get(alpha_2=form.replace(".", ""))
        return (country.alpha_2, getattr(country, "common_name", None) or country.name) if country else None
    return country_forms().get(form)


# -- people: names, titles, appositions ----------------------------------------------------------------

def _is_name_word(token: Token) -> bool:
    """A capitalised word that may be part of a person's name."""
    word = token.bare
    if not word[:1].isupper() or word.isupper() or not re.fullmatch(r"[^\W\d_][\w'\u2019-]*", word):
        return False
    lower = word.lower()
    return not (lower in FUNCTION_WORDS or lower in ROLE_NOUNS or lower in TITLE_WORDS or lower in ORG_HEADS
                or lower in MEDIA_HEADS or lower in TREATY_HEADS or lower in NOT_NAME_WORDS
                or word in WEEKDAYS or word in MONTHS or country_of(word) is not None)


def _is_initial(token: Token) -> bool:
    return re.fullmatch(r"[A-Z]\.", token.text) is not None


def _is_title_word(token: Token) -> bool:
    """A word that belongs to a title or department name ("Defense", "U.S.", "Indian")."""
    lower = token.lower
    return (lower in ROLE_NOUNS or lower in TITLE_WORDS or lower in ORG_HEADS or
            _DOTTED_CODE.fullmatch(token.text) is not None or country_of(token.bare) is not None)


def capitalised_runs(article: Article) -> list[list[int]]:
    """Return runs of token indices: capitalised tokens one space apart within a sentence; a
    possessive ("Bush's") ends its run."""
    runs: list[list[int]] = []
    tokens, text = article.tokens, article.text
    for index, token in enumerate(tokens):
        if not (token.capitalised and token.text[0].isalpha()):
            continue
        previous = tokens[index - 1] if index else None
        if runs and runs[-1][-1] == index - 1 and text[previous.end:token.start] == " " \
                and not previous.possessive and article.same_sentence(previous.start, token.start):
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _name_tail(tokens: list[Token], run: list[int]) -> list[int]:
    """The longest end of a run that reads as a name: name words, with initials inside ("George W. Bush")."""
    tail: list[int] = []
    for index in reversed(run):
        token = tokens[index]
        if _is_name_word(token) and (not tail or not token.possessive):
            tail.insert(0, index)
        elif _is_initial(token) and tail:
            tail.insert(0, index)
        else:
            break
        if len(tail) == MAX_NAME_TOKENS:
            break
    while tail and _is_initial(tokens[tail[0]]):
        tail.pop(0)
    return tail


def title_before(article: Article, first: int) -> Optional[Role]:
    """Return the title right before token `first` ("U.S. Deputy Defense Secretary", "Foreign
    Ministry spokesman"), or None: it must hold a role noun."""
    tokens, text = article.tokens, article.text
    chosen: list[int] = []
    index = first - 1
    while index >= 0 and article.same_sentence(tokens[index].start, tokens[first].start):
        token = tokens[index]
        if text[token.end:tokens[index + 1].start] != " " or token.possessive or token.text in HONORIFICS:
            break
        if token.capitalised and token.text[0].isalpha() and token.lower not in FUNCTION_WORDS \
                and token.text not in WEEKDAYS and token.text not in MONTHS:
            chosen.insert(0, index)
        elif not token.capitalised and (token.lower in ROLE_NOUNS or token.lower in TITLE_LOWER):
            chosen.insert(0, index)
        elif token.lower in ("of", "and", "for") and chosen and index > 0 and _is_title_word(tokens[index - 1]):
            chosen.insert(0, index)
        else:
            break
        index -= 1
    if not any(tokens[i].lower in ROLE_NOUNS for i in chosen):
        return None
    start, end = tokens[chosen[0]].start, tokens[chosen[-1]].end
    return Role(text[start:end], start, end, "title before the name")


def _has_role_noun(phrase: str) -> bool:
    return any(word.lower().strip(".,") in ROLE_NOUNS for word in phrase.split())


def appositions(article: Article, name_start: int, name_end: int) -> list[Role]:
    """Roles in an apposition right after a name: ", a spokesman for the Foreign Ministry" gives one;
    ", a deputy speaker of parliament and former ambassador to Washington," gives two."""
    text, sentence = article.text, article.sentence_at(name_start)
    match = re.match(r",\s+(?:\d{1,3},\s+)?(?:(?:a|an|the)\s+)?", text[name_end:sentence.end])  # ", 58, a …"
    if not match or not (re.search(r"[a-z]", match.group(0)) or text[name_end + match.end():][:1].islower()):
        return []  # ", Russian parliamentarian Vladimir Lukin" is the next clause, not an apposition
    begin = stop = name_end + match.end()
    while stop < sentence.end and text[stop] not in ',;:"()\u201c\u201d':
        stop += 1
    description = text[begin:stop].rstrip(". ")
    if not description or len(description.split()) > MAX_APPOSITION_WORDS or not _has_role_noun(description) \
            or _VERB.search(description):
        return []  # ", a diplomat said" is a clause of its own
    parts = re.split(r"\s+and\s+", description)
    if len(parts) == 1 or not all(_has_role_noun(part) for part in parts):
        parts = [description]
    roles, offset = [], begin
    for number, part in enumerate(parts):
        offset = text.index(part, offset)
        start = name_start if number == 0 else offset  # the first part is cited with the name
        roles.append(Role(part, start, offset + len(part), "apposition"))
        offset += len(part)
    return roles


def role_before(article: Article, name_start: int, name_end: int) -> Optional[Role]:
    """"The Commission's spokeswoman, Maria Rossi, …": a role ending in a role noun, a comma, the name."""
    sentence = article.sentence_at(name_start)
    match = re.search(r"(?:^|(?<=\s))((?:[Tt]he|[Aa]n?|[A-Z][\w-]*['\u2019]s)\s+((?:[\w'.-]+\s+){0,4}?([\w-]+))),\s+$",
                      article.text[sentence.start:name_start])
    if not match or match.group(3).lower() not in ROLE_NOUNS or not re.match(r"\s*[,.;]", article.text[name_end:]):
        return None
    phrase = match.group(1)
    title = phrase if not re.match(r"(?:[Tt]he|[Aa]n?)\s", phrase) else match.group(2)
    return Role(title, sentence.start + match.start(1), name_end, "role before the name")


def led_by(article: Article, head: int, name_end: int) -> Optional[Role]:
    """"The high-level American delegation, led by …" gives the role "leader of the high-level
    American delegation", cited from the group to the name."""
    sentence = article.sentence_at(head)
    before = article.text[sentence.start:head]
    match = re.search(r"\b((?:[Tt]he|[Aa]n?)\s+(?:[\w'-]+\s+){0,4}?([\w-]+)),?\s+(led|headed|chaired)\s+by\s+$", before)
    if not match or match.group(2).lower() not in GROUP_NOUNS:
        return None
    group = match.group(1)
    return Role(f"{LEADS[match.group(3)]} {group[0].lower()}{group[1:]}", sentence.start + match.start(1),
                name_end, "led by")


def find_occurrences(article: Article) -> list[Occurrence]:
    """Return every capitalised stretch that reads as a person's name, with its title and cues."""
    tokens, found = article.tokens, []
    for run in capitalised_runs(article):
        tail = _name_tail(tokens, run)
        if not tail:
            continue
        first, last = tokens[tail[0]], tokens[tail[-1]]
        following = tokens[tail[-1] + 1] if tail[-1] + 1 < len(tokens) else None
        if following is not None and following.bare.lower() in ORG_HEADS and not last.possessive:
            continue  # "the Bush administration": a name that qualifies an organisation
        end = last.end - (2 if last.possessive else 0)
        found_at = Occurrence(first.start, end, article.text[first.start:end], len(tail), last.possessive)
        before = [i for i in run if i < tail[0]]
        if before and tokens[before[-1]].text in HONORIFICS:
            found_at.honorific = tokens[before[-1]].text
        else:
            found_at.title = title_before(article, tail[0])
        lead = tokens[tail[0] - 1] if tail[0] else None
        if lead is not None and lead.possessive and found_at.title is None and not found_at.honorific:
            found_at.possessor = (lead.start, lead.end - 2)
        head = tokens[before[-1]].start if found_at.honorific else found_at.head
        if found_at.possessor:
            head = found_at.possessor[0]
        previous = article.token_before(head)
        found_at.after_determiner = previous is not None and previous.lower in DETERMINERS
        found_at.in_quote = article.masked[first.start] == " "
        found_at.subject = not (found_at.in_quote or found_at.possessive or
                                (previous is not None and previous.lower in NON_SUBJECT_BEFORE))
        found.append(found_at)
    return found


def _verb_follows(masked: str, end: int) -> bool:
    """Whether a reporting verb follows a name, past an apposition ("Hadley said", "X, a …, said")."""
    rest = masked[end:end + SUBJECT_REACH]
    apposition = re.match(r",[^,.;\"]*,", rest)
    rest = rest[apposition.end():] if apposition else rest
    return re.match(rf"\s*(?:has |had |have )?(?:{'|'.join(REPORTING_VERBS)})\b", rest) is not None


def _verb_precedes(masked: str, start: int, end: int) -> bool:
    """Whether a name follows a verb that names its speaker after it and ends the clause ("…," said
    Vladimir Lukin, a …), unlike "said Moscow was optimistic"."""
    return re.search(rf"\b(?:{'|'.join(VERB_THEN_SPEAKER)})\s+$", masked[max(0, start - 20):start]) is not None \
        and re.match(r"\s*(?:[,.;:]|$)", masked[end:]) is not None


class PeopleFinder:
    """Turns name occurrences into people: new ones, or store people linked by their id."""

    def __init__(self, article: Article, index: StoreIndex):
        self.article, self.index = article, index
        self.people: dict[str, Person] = {}
        self.taken = set(index.ids.get("people", set()))

    def names_a_person(self, found_at: Occurrence, roles: list[Role]) -> bool:
        """Whether an occurrence names a person even if nobody of that name is known yet."""
        if found_at.after_determiner or self.index.actor_named(found_at.name):  # "the Kremlin", "Moscow"
            return False
        if found_at.title or found_at.honorific or roles or found_at.possessor:
            return True
        masked = self.article.masked
        return not found_at.in_quote and (_verb_follows(masked, found_at.end) or
                                          _verb_precedes(masked, found_at.start, found_at.end))

    def person_for(self, found_at: Occurrence, create: bool) -> Optional[Person]:
        """Return the person an occurrence names: one already found (a surname links to the full name
        found in this article first), one in the store, or a new one when `create`."""
        name, single = found_at.name, found_at.tokens == 1
        for person in self.people.values():
            if person.name == name or name in person.forms or (single and person.surname == name
                                                                  and person.store_id is None):
                return person
        store_id = self.index.person_named(name)
        if store_id:
            return self._store_person(store_id)
        if single:
            same = [p for p in self.people.values() if p.surname == name]
            if same:
                return same[-1]
        if not create:
            return None
        surname = name.split()[-1]
        base = slug(surname) if slug(surname) not in self.taken else slug(name)
        person = Person(unique_id(base, self.taken), name, surname)
        if single:
            person.notes.append("the article gives only this name: add the full name")
        self.people[person.key] = person
        return person

    def _store_person(self, store_id: str) -> Person:
        if store_id not in self.people:
            row = self.index.people[store_id]
            self.people[store_id] = Person(store_id, row["name"], row["surname"], store_id=store_id)
        return self.people[store_id]


def _roles_of(article: Article, found_at: Occurrence) -> list[Role]:
    """The roles one occurrence gives, each cited from its first word to the name or apposition."""
    roles = []
    if found_at.title:
        roles.append(Role(found_at.title.title, found_at.title.start, found_at.end, found_at.title.how))
    if found_at.possessor:
        start, end = found_at.possessor
        roles.append(Role(article.text[start:end], start, found_at.end, "possessive"))
    if not found_at.possessive:
        roles += appositions(article, found_at.start, found_at.end)
    extra = [led_by(article, found_at.head, found_at.end)]
    if not found_at.title and not found_at.honorific:
        extra.append(role_before(article, found_at.start, found_at.end))
    return roles + [role for role in extra if role]


def find_people(article: Article, index: StoreIndex) -> tuple[list[Person], list[Mention]]:
    """Return the people the article names, with roles, and every mention of them in article order."""
    finder = PeopleFinder(article, index)
    occurrences = find_occurrences(article)
    named: dict[int, Person] = {}
    for found_at in sorted(occurrences, key=lambda o: (o.tokens == 1, o.start)):  # full names first
        roles = _roles_of(article, found_at)
        person = finder.person_for(found_at, create=finder.names_a_person(found_at, roles))
        if person is None:
            continue
        named[found_at.start] = person
        for role in roles:
            if all(r.title != role.title for r in person.roles):
                person.roles.append(role)
    mentions = []
    for found_at in occurrences:
        person = named.get(found_at.start)
        if person is None:
            continue
        form = article.text[found_at.start:found_at.end]
        if found_at.honorific:
            form = f"{found_at.honorific} {form}"
            person.gender = person.gender or HONORIFICS[found_at.honorific]
        if form not in person.forms:
            person.forms.append(form)
        mentions.append(Mention(found_at.head, found_at.end, person.key, found_at.subject))
    for person in finder.people.values():
        person.roles.sort(key=lambda r: r.start)
        words = [w for role in person.roles for w in role.title.lower().split()]
        person.gender = person.gender or next((GENDERED_WORDS[w] for w in words if w in GENDERED_WORDS), None)
    people = [p for p in finder.people.values() if any(m.key == p.key for m in mentions)]
    return people, sorted(mentions, key=lambda m: m.start)


# -- speakers --------------------------------------------------------------------------------------

class Speakers:
    """Finds who says each quotation: the name by the reporting verb, "he"/"she" resolved to the
    most recent fitting named person, a description ("the minister") to the person with that title."""

    def __init__(self, article: Article, people: list[Person], mentions: list[Mention]):
        self.article = article
        self.people = {p.key: p for p in people}
        self.mentions = list(mentions)  # grows as pronouns are resolved

    def pronoun(self, offset: int, word: str) -> Optional[str]:
        """The most recent person named as a subject before `offset` whose gender fits the pronoun."""
        gender = PRONOUNS[word.lower()]
        for mention in reversed(self.mentions):
            person = self.people.get(mention.key)
            if mention.start < offset and mention.subject and person and person.gender in (None, gender):
                person.gender = gender  # "he" once, "he" after
                return mention.key
        return None

    def _remember(self, start: int, end: int, key: str) -> None:
        bisect.insort(self.mentions, Mention(start, end, key, True), key=lambda m: m.start)

    def subject_of(self, verb: re.Match, zone_start: int) -> tuple[Optional[str], Optional[tuple[int, int]], str]:
        """Return (person key, cue span, how) for a reporting verb, looking from `zone_start` on."""
        masked, word = self.article.masked, verb.group(0).lower()
        if word == "according to":
            after = [m for m in self.mentions if 0 <= m.start - verb.end() <= 3]
            return (after[0].key, (verb.start(), after[0].end), "name after 'according to'") if after else \
                (None, None, "")
        pronoun = re.search(r"\b(he|she|He|She)\s+(?:has\s+|had\s+)?$", masked[zone_start:verb.start()])
        if pronoun:
            start = zone_start + pronoun.start(1)
            key = self.pronoun(start, pronoun.group(1))
            if key:
                self._remember(start, zone_start + pronoun.end(1), key)
                return key, (start, verb.end()), f"'{pronoun.group(1)}': the most recent person named as a subject"
        before = [m for m in self.mentions if zone_start <= m.start and m.end <= verb.start()
                  and verb.start() - m.end <= SUBJECT_REACH and m.key in self.people]
        subjects = [m for m in before if m.subject] or before
        if subjects and not pronoun:
            return subjects[-1].key, (subjects[-1].start, verb.end()), "name before the reporting verb"
        if word in VERB_THEN_SPEAKER:
            after = [m for m in self.mentions if 0 <= m.start - verb.end() <= 3 and m.key in self.people]
            if after:
                return after[0].key, (verb.start(), after[0].end), "name after the reporting verb"
        return self._description(verb, zone_start)

    def _description(self, verb: re.Match, zone_start: int) -> tuple[Optional[str], Optional[tuple[int, int]], str]:
        """"the spokesman said": the most recent person whose title has that word."""
        match = re.search(r"\b((?:the|a|an|The|A|An)\s+(?:[\w.-]+\s+){0,3}?([\w-]+))\s+(?:has\s+)?$",
                          self.article.masked[zone_start:verb.start()])
        if not match or match.group(2).lower() not in ROLE_NOUNS:
            return None, None, ""
        cue = (zone_start + match.start(1), verb.end())
        head = match.group(2).lower()
        for mention in reversed(self.mentions):
            person = self.people.get(mention.key)
            if mention.start < cue[0] and person and any(head in r.title.lower().split() for r in person.roles):
                return person.key, cue, f"description '{match.group(1)}': the last person with that title"
        return None, cue, f"description '{match.group(1)}': nobody named fits"

    def after(self, quote: Quote, limit: int) -> Optional[tuple]:
        """The attribution right after a quotation: '," he said', '," said X', '," X said'."""
        if quote.close_mark is None:
            return None
        text, masked = self.article.text, self.article.masked
        inner_end = text[quote.start:quote.close_mark].rstrip()
        zone_start = quote.close_mark + 1
        zone = masked[zone_start:limit]
        first_word = re.match(r"\s*(\w+)", zone)
        if not (inner_end.endswith((",", "?", "!", "-", "\u2014")) or (first_word and first_word.group(1).islower())):
            return None
        for verb in _VERB.finditer(masked, zone_start, min(limit, zone_start + ATTRIBUTION_REACH)):
            if re.search(r"[.!?]\s+[A-Z\"]", masked[zone_start:verb.start()]):
                return None
            key, cue, how = self.subject_of(verb, zone_start)
            if key or cue:
                return key, (cue[0], self._clause_end(verb.end(), limit)), how
        return None

    def before(self, quote: Quote) -> Optional[tuple]:
        """The attribution in the same sentence before a quotation: 'X said "…"', 'X told reporters … "…"'."""
        sentence = self.article.sentence_at(quote.open_mark)
        verbs = list(_VERB.finditer(self.article.masked, sentence.start, quote.open_mark))
        for verb in reversed(verbs):
            key, cue, how = self.subject_of(verb, sentence.start)
            if key or cue:
                return key, cue, how
        return None

    def _clause_end(self, offset: int, limit: int) -> int:
        """Where the attribution clause after a quotation ends: at the sentence's end or the next quotation."""
        sentence = self.article.sentence_at(offset)
        end = min(sentence.end, limit)
        return len(self.article.text[:end].rstrip(' .,"\u201c\n'))


def attribute(article: Article, speakers: Speakers) -> None:
    """Give every quotation its speaker, cue and context; parts of a quotation split by the
    attribution, or over paragraphs, share the speaker and are joined (`continues`)."""
    quotes = article.quotes
    for number, quote in enumerate(quotes):
        following = quotes[number + 1].open_mark if number + 1 < len(quotes) and \
            quotes[number + 1].paragraph == quote.paragraph else article.paragraphs[quote.paragraph].end
        found = speakers.after(quote, following) or speakers.before(quote)
        if found:
            quote.person, quote.cue, quote.how = found
            quote.own = True
    for run in quotation_runs(article):
        owner = next((quotes[i] for i in run if quotes[i].own), None)
        for position, number in enumerate(run):
            quote = quotes[number]
            if position and not quote.own:
                quote.continues = run[0]
            if owner and not quote.own:
                quote.person, quote.cue = owner.person, owner.cue
                quote.how = f"continues a quotation: {owner.how}" if owner.how else "continues a quotation"
        quotes[run[0]].context = paraphrase(article, quotes[run[0]])


def quotation_runs(article: Article) -> list[list[int]]:
    """Group quotations into runs: one left open at a paragraph's end and the next paragraph's
    opening one, or two in a paragraph with only an attribution between them."""
    runs: list[list[int]] = []
    quotes, masked = article.quotes, article.masked
    for number, quote in enumerate(quotes):
        previous = quotes[number - 1] if number else None
        run_on = previous is not None and previous.close_mark is None and quote.paragraph == previous.paragraph + 1 \
            and quote.open_mark == article.paragraphs[quote.paragraph].start
        split = previous is not None and previous.close_mark is not None and previous.paragraph == quote.paragraph \
            and _only_attribution(masked[previous.close_mark + 1:quote.open_mark])
        if run_on or split:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _only_attribution(gap: str) -> bool:
    """Whether the words between two quotations are just '," he said. ' or empty."""
    words = re.sub(r"[^\w\s]", " ", gap).split()
    return not words or (len(gap) <= 2 * SUBJECT_REACH and _VERB.search(gap) is not None)


def paraphrase(article: Article, quote: Quote) -> Optional[tuple[int, int]]:
    """The outlet's own words next to a quotation: its lead-in in the same sentence, or else the
    reported-speech sentence that ends the paragraph before (without a quotation of its own)."""
    sentence = article.sentence_at(quote.open_mark)
    lead = article.text[sentence.start:quote.open_mark].rstrip(' ,:"\u201c')
    if len(lead.split()) >= CONTEXT_MIN_WORDS:
        return sentence.start, sentence.start + len(lead)
    if quote.paragraph == 0 or quote.open_mark != article.paragraphs[quote.paragraph].start:
        return None
    previous = article.paragraphs[quote.paragraph - 1]
    last = article.sentence_at(previous.end - 1)
    words = article.text[last.start:last.end]
    if _VERB.search(words) and not re.search('["\u201c\u201d]', words):
        return last.start, last.end
    return None


def link_descriptions(article: Article, people: list[Person]) -> None:
    """"A prominent Russian lawmaker said …" right before a quotation by a named person: keep the
    description as that person's role phrase."""
    by_key = {p.key: p for p in people}
    for quote in article.quotes:
        if quote.person not in by_key or quote.context is None or quote.continues is not None:
            continue
        words = article.text[quote.context[0]:quote.context[1]]
        match = re.match(r"(?:A|An|The)\s+((?:[\w-]+\s+){0,3}?([\w-]+))\s+(?:has\s+)?(?:" +
                         "|".join(REPORTING_VERBS) + r")\b", words)
        if match and match.group(2).lower() in ROLE_NOUNS:
            person = by_key[quote.person]
            phrase = f"the {match.group(1)}"
            if phrase not in person.role_phrases:
                person.role_phrases.append(phrase)
                person.notes.append(f"'{match.group(0)}' before their quotation: probably them")


# -- actors and topics -------------------------------------------------------------------------------

class ActorFinder:
    """Countries (pycountry), organisations, acronyms and treaties; store actors linked by id."""

    def __init__(self, article: Article, index: StoreIndex, people_spans: list[tuple[int, int]]):
        self.article, self.index = article, index
        self.taken = set(index.ids.get("actors", set())) | set(index.ids.get("topics", set()))
        self.found: dict[str, Actor] = {}
        self.countries: dict[str, Actor] = {}  # alpha-2 code → the country's actor
        self.mentions: list[Mention] = []
        self.covered: list[tuple[int, int]] = list(people_spans)

    def add(self, start: int, end: int, make) -> None:
        """Record a mention at start–end unless it overlaps one already found; `make` builds the actor."""
        if any(s < end and start < e for s, e in self.covered):
            return
        actor = make()
        if actor is None:
            return
        self.covered.append((start, end))
        known = self.found.get(actor.key)
        if known is None:
            actor.evidence = (start, end)
            self.found[actor.key] = known = actor
        form = self.article.text[start:end]
        if form not in known.forms:
            known.forms.append(form)
        previous = self.article.token_before(start)
        subject = self.article.masked[start] != " " and not (previous and previous.lower in NON_SUBJECT_BEFORE)
        self.mentions.append(Mention(start, end, known.key, subject))

    def store_actor(self, actor_id: str) -> Actor:
        row = self.index.actors[actor_id]
        return Actor(actor_id, row["name"], row["kind"], store_id=actor_id, country=row["country_id"])

    def new(self, name: str, kind: str, note: str = "", country: Optional[str] = None) -> Actor:
        """A new actor, or the one found already whose name is this or ends with it ("the Commission")."""
        base = slug(re.sub(r"^[Tt]he ", "", name))
        existing = next((a for a in self.found.values() if a.store_id is None and a.kind == kind
                         and (a.name == name or a.name.endswith(f" {name}"))), None)
        if existing:
            return existing
        return Actor(unique_id(base, self.taken), name, kind, country=country, note=note)

    def run(self) -> list[Mention]:
        """Find everything (into `found`); return the mentions, in article order."""
        self._store_aliases()
        self._treaties()
        self._organisations()
        self._acronyms()
        self._countries()
        return sorted(self.mentions, key=lambda m: m.start)

    def _store_aliases(self) -> None:
        """Store actors and topics by their capitalised aliases ("the Kremlin", "NATO")."""
        text = self.article.text
        aliases = [(alias, ids, "actor") for alias, ids in self.index.actor_aliases.items()] + \
                  [(alias, ids, "topic") for alias, ids in self.index.topic_aliases.items()]
        for alias, ids, kind in sorted(aliases, key=lambda a: -len(a[0])):
            if len(ids) != 1 or not alias[:1].isupper():
                continue
            entity_id = next(iter(ids))
            for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text):
                if kind == "actor":
                    self.add(match.start(), match.end(), lambda: self.store_actor(entity_id))
                else:
                    self.add(match.start(), match.end(),
                             lambda: Actor(entity_id, self.index.topics[entity_id], "topic", store_id=entity_id))

    def _phrases(self, heads: frozenset, lower_heads: frozenset = frozenset()) -> list[tuple[int, int]]:
        """Capitalised runs ending in one of `heads` (any case), or followed by a lower-case one of
        `lower_heads` ("Ekho Moskvy radio"); joined over "of"/"for"/"and" ("Ministry of Foreign Affairs")."""
        tokens, spans = self.article.tokens, []
        for run in capitalised_runs(self.article):
            while run and tokens[run[0]].lower in FUNCTION_WORDS:
                run = run[1:]
            if not run:
                continue
            last = run[-1]
            if tokens[last].bare.lower() in heads:
                end = tokens[last].end - (2 if tokens[last].possessive else 0)
                spans.append((tokens[run[0]].start, self._complement(last, end)))
            elif last + 1 < len(tokens) and tokens[last + 1].lower in (heads | lower_heads) \
                    and not tokens[last].possessive:
                spans.append((tokens[run[0]].start, tokens[last + 1].end - (2 if tokens[last + 1].possessive else 0)))
        return spans

    def _complement(self, last: int, end: int) -> int:
        """Extend "Ministry" over " of Foreign Affairs": return the new end."""
        tokens = self.article.tokens
        index = last + 1
        if not (index + 1 < len(tokens) and tokens[index].lower in ("of", "for") and tokens[index + 1].capitalised):
            return end
        for token in tokens[index + 1:]:
            if not (token.capitalised and token.text[0].isalpha()):
                break
            end = token.end - (2 if token.possessive else 0)
            if token.possessive:
                break
        return end

    def _organisations(self) -> None:
        text = self.article.text
        for start, end in self._phrases(ORG_HEADS, MEDIA_HEADS | ORG_HEADS):
            name = text[start:end]
            if country_of(name):
                continue
            store_id = self.index.actor_named(name)
            nationality = country_of(text[start:end].split()[0])
            self.add(start, end, lambda: self.store_actor(store_id) if store_id else
                     self.new(name, "organisation", "a capitalised name ending in an organisation word",
                              country=self._country_key(nationality)))

    def _treaties(self) -> None:
        text, tokens = self.article.text, self.article.tokens
        spans = self._phrases(TREATY_HEADS, TREATY_HEADS)
        spans += [(t.start, tokens[i + 1].end) for i, t in enumerate(tokens[:-1])
                  if _is_acronym(t) and tokens[i + 1].text in ROMAN_NUMERALS]
        for start, end in spans:
            name = text[start:end]
            store_id = self.index.topic_named(name)
            self.add(start, end, lambda: Actor(store_id, self.index.topics[store_id], "topic", store_id=store_id)
                     if store_id else self.new(name, "topic", "a treaty or agreement: a topic (topics.yml)"))

    def _acronyms(self) -> None:
        for token in self.article.tokens:
            if _is_acronym(token) and token.bare not in ROMAN_NUMERALS and token.start >= self.article.dateline:
                self.add(token.start, token.start + len(token.bare), lambda: self.new(
                    token.bare, "organisation", "an acronym: an organisation, or a topic (topics.yml)?"))

    def _countries(self) -> None:
        text = self.article.text
        for token in self.article.tokens:
            if not token.capitalised:
                continue
            country = country_of(token.bare)
            if country:
                end = token.end - (2 if token.possessive else 0)
                self.add(token.start, end, lambda: self._country(country))
        for form in sorted((f for f in country_forms() if " " in f), key=len, reverse=True):
            if form in text:
                for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                    self.add(match.start(), match.end(), lambda: self._country(country_forms()[form]))

    def _country(self, country: tuple[str, str]) -> Actor:
        """The actor of a pycountry country: the store's, else one made once per country."""
        code, name = country
        if code not in self.countries:
            store_id = self.index.actor_named(name)
            self.countries[code] = self.store_actor(store_id) if store_id else \
                Actor(unique_id(slug(name), self.taken), name, "country", note=f"pycountry: {code}")
        return self.countries[code]

    def _country_key(self, country: Optional[tuple[str, str]]) -> Optional[str]:
        """The id of a country actor (found, store, or new), adding it if new."""
        if country is None:
            return None
        actor = self._country(country)
        self.found.setdefault(actor.key, actor)
        return actor.key

    def country_in(self, phrase: str) -> Optional[str]:
        """The country a title names ("Russian parliamentarian" → russia), not one it points to ("ambassador
        to Washington")."""
        for match in re.finditer(r"(?:(?<=\s)|^)((?:[A-Z]\.){2,}|[A-Z][\w'-]*)", phrase):
            if re.search(r"\b(?:to|in|from)\s+$", phrase[:match.start()]):
                continue
            word = re.sub(r"['\u2019]s$", "", match.group(1))
            store_id = self.index.actor_named(word)
            if store_id and self.index.actors[store_id]["kind"] == "country":
                return store_id
            if country_of(word):
                return self._country_key(country_of(word))
        return None


def _is_acronym(token: Token) -> bool:
    return 2 <= len(token.bare) <= 6 and token.bare.isalpha() and token.bare.isupper()


# -- facts and positions --------------------------------------------------------------------------------

def number_and_date_sentences(article: Article) -> list[tuple[Segment, list[str]]]:
    """Every sentence with a number, amount or date, and what it found there."""
    found = []
    for sentence in article.sentences:
        hits = [m.group(0) for m in NUMBER_OR_DATE.finditer(sentence.text)]
        if hits:
            found.append((sentence, list(dict.fromkeys(hits))))
    return found


def stance_sentences(article: Article, mentions: list[Mention], actors: dict[str, Actor],
                     people: dict[str, Person]) -> list[dict]:
    """Statements of stance ("X opposes …", "X refused to give a view …"): one per sentence and subject."""
    found, seen = [], set()
    for sentence in article.sentences:
        masked = article.masked[sentence.start:sentence.end]
        for pattern, stance in STANCES:
            for match in re.finditer(pattern, masked, re.IGNORECASE):
                at = sentence.start + match.start()
                before = [m for m in mentions if sentence.start <= m.start and m.end <= at and m.subject
                          and (m.key in people or (m.key in actors and actors[m.key].kind != "topic"))]
                if not before:
                    continue
                actor = next((m.key for m in reversed(before) if m.key in actors), None)
                person = next((m.key for m in reversed(before) if m.key in people), None)
                subject = before[-1].key
                if (sentence.start, subject) in seen:
                    continue
                seen.add((sentence.start, subject))
                found.append({"sentence": sentence, "stance": stance, "actor": actor, "person": person,
                              "cue": match.group(0).strip()})
    return found


# -- the draft as annotation entries -----------------------------------------------------------------

def _review(**notes) -> dict:
    return {"status": REVIEW_STATUS, **{k: v for k, v in notes.items() if v not in (None, "", [])}}


class Writer:
    """Turns what was found into entries shaped like knowledge/sources/*.yml."""

    def __init__(self, article: Article, source_id: str, index: StoreIndex):
        self.article, self.source_id, self.index = article, source_id, index
        self.taken = {table: set(ids) for table, ids in index.ids.items()}

    def span(self, start: int, end: int, key: str = "evidence") -> dict:
        """{key: exact text} plus `occurrence` when the same text stands earlier in the article."""
        text = self.article.text[start:end]
        number = occurrence_number(self.article.text, start, text)
        return {key: text, **({"occurrence": number} if number > 1 else {})}

    def source(self, article_path: Optional[Path]) -> dict:
        text = self.article.text
        blocks = self.article.paragraphs
        dateline = DATELINE.match(blocks[1].text) if len(blocks) > 1 else None
        name = article_path.name if article_path else f"{self.source_id}.txt"
        return {"id": self.source_id, "outlet": None, "actor": None, "carried_from": None, "publisher_label": None,
                "headline": blocks[0].text if blocks else text[:80],
                "dateline": dateline.group(1) if dateline else None,
                "talks_date": None, "date_label": None, "date_basis": None, "text_file": name,
                "raw_file": f"raw/{Path(name).stem}.raw.txt", "related_headlines": [],
                "review": _review(note="fill in outlet, actor, publisher label and dates; put the page as "
                                       "captured in raw/")}

    def person(self, person: Person, actors: "ActorFinder") -> dict:
        roles = [{"title": r.title, "source": self.source_id, **self.span(r.start, r.end)} for r in person.roles]
        if person.store_id:
            row = self.index.people[person.store_id]
            entry = {"id": person.key, "name": row["name"], "surname": row["surname"], "country": row["country_id"],
                     "organisation": row["organisation_id"], "side": row["side"], "roles": roles}
            if person.role_phrases:
                entry["role_phrases"] = person.role_phrases
            note = "; ".join(["already in the store: add these roles (and any new form of the name) to its entry "
                              "in people.yml; do not add a second person", *person.notes])
            return {**entry, "review": _review(in_store=True, forms=person.forms, note=note)}
        titles = " ; ".join(r.title for r in person.roles)
        country = actors.country_in(titles)
        organisation = self._organisation(person, titles, actors)
        side = self.index.side_of(country) or self.index.side_of(organisation) or country
        aliases = list(dict.fromkeys([person.name, *person.forms, person.surname]))
        phrases = list(dict.fromkeys([f"the {r.title}" for r in person.roles if r.how != "possessive"]
                                     + person.role_phrases))
        notes = person.notes + ([] if person.roles else ["no role in the article: add one with its evidence"])
        return {"id": person.key, "name": person.name, "surname": person.surname, "country": country,
                "organisation": organisation, "side": side, "roles": roles, "aliases": aliases,
                "role_phrases": phrases, "review": _review(how=sorted({r.how for r in person.roles}),
                                                           note="; ".join(notes))}

    def _organisation(self, person: Person, titles: str, actors: "ActorFinder") -> Optional[str]:
        """The organisation a person's titles name: a store one, or one drafted from this article."""
        in_store = self.index.organisations_in(titles)
        if in_store:
            return in_store[0]
        for actor in actors.found.values():
            if actor.kind == "organisation" and any(_contains(titles, form) for form in actor.forms):
                return actor.key
        return None

    def actor(self, actor: Actor) -> dict:
        start, end = actor.evidence
        evidence = {"source": self.source_id, **self.span(start, end)}
        if actor.store_id:
            kind = {} if actor.kind == "topic" else {"kind": actor.kind}
            return {"id": actor.key, "name": actor.name, **kind,
                    "review": _review(in_store=True, **evidence, forms=actor.forms,
                                      note="already in the store: nothing to add unless a new alias")}
        entry = {"id": actor.key, "name": actor.name}
        if actor.kind != "topic":
            entry |= {"kind": actor.kind, **({"country": actor.country} if actor.country else {}),
                      "side": self.index.side_of(actor.country) or actor.country or actor.key}
        entry["aliases"] = list(dict.fromkeys([actor.name, *actor.forms]))
        entry["review"] = _review(**evidence, note=actor.note)
        return entry

    def quote(self, quote: Quote, ids: dict[int, str], number: int) -> dict:
        """The quotes.yml entry of quotation `number` (its index in the article's quotations)."""
        text = self.article.text
        person = quote.person
        entry = {"id": ids[number], "person": person, "source": self.source_id,
                 **self.span(quote.start, quote.end, key="text")}
        continues = ids.get(quote.continues) if quote.continues is not None else None
        cue = text[quote.cue[0]:quote.cue[1]] if quote.cue else None
        context = text[quote.context[0]:quote.context[1]] if quote.context else None
        entry["review"] = _review(speaker=quote.how or "no speaker found: fill in `person`", cue=cue,
                                  context=context, continues=continues,
                                  note=None if quote.close_mark is not None else
                                  "the paragraph ends inside this quotation; it goes on in the next one")
        return entry

    def quote_ids(self, numbers: list[int]) -> dict[int, str]:
        """Ids for the quotations kept, by their index in the article's quotations."""
        taken, quotes, text = self.taken.setdefault("quotes", set()), self.article.quotes, self.article.text
        return {n: unique_id(f"{quotes[n].person or 'unknown'}-{slug(text[quotes[n].start:quotes[n].end], 4)}", taken)
                for n in numbers}

    def fact(self, sentence: Segment, hits: list[str]) -> dict:
        taken = self.taken.setdefault("facts", set())
        return {"id": unique_id(f"{self.source_id}-{slug(hits[0], 3)}-{slug(sentence.text, 3)}", taken),
                "topic": self.index.topic_of(sentence.text), "source": self.source_id,
                **self.span(sentence.start, sentence.end), "summary": sentence.text, "keywords": hits,
                "review": _review(found=hits, note="rewrite the summary; cut the evidence to the words it needs"
                                  + ("; it quotes someone" if '"' in sentence.text else ""))}

    def position(self, found: dict, people: dict[str, Person], actors: "ActorFinder") -> dict:
        sentence = found["sentence"]
        person = found["person"]
        actor = found["actor"]
        if actor is None and person is not None:
            p = people[person]
            actor = self.index.people[p.store_id]["country_id"] if p.store_id else \
                actors.country_in(" ; ".join(r.title for r in p.roles))
        taken = self.taken.setdefault("positions", set())
        entry = {"id": unique_id(f"{actor or person or 'unknown'}-{found['stance']}", taken), "actor": actor}
        if person:
            entry["person"] = person
        entry |= {"topic": self.index.topic_of(sentence.text), "stance": found["stance"], "source": self.source_id,
                  **self.span(sentence.start, sentence.end), "summary": sentence.text,
                  "review": _review(cue=found["cue"], note="check the stance and whose it is; rewrite the summary")}
        return entry


def draft_entries(text: str, source_id: str, store=None, article_path: Optional[Path] = None) -> dict:
    """Draft every kind of candidate for one article; return {kind: entries} shaped like the sources files.

    :param store: a KnowledgeStore whose people, actors and topics are linked by id (None: link nothing)
    """
    if not SOURCE_ID.match(source_id):
        raise ValueError(f"source id {source_id!r}: use lower-case letters, digits and dashes")
    index = StoreIndex(store)
    article = read_article(text)
    people, mentions = find_people(article, index)
    speakers = Speakers(article, people, mentions)
    attribute(article, speakers)
    link_descriptions(article, people)
    finder = ActorFinder(article, index, [(m.start, m.end) for m in mentions])
    everyone = sorted(speakers.mentions + finder.run(), key=lambda m: m.start)
    writer = Writer(article, source_id, index)
    by_key = {p.key: p for p in people}
    # People and positions first: the countries their titles name join the actors.
    people_entries = [writer.person(person, finder) for person in people]
    positions = [writer.position(found, by_key, finder)
                 for found in stance_sentences(article, everyone, finder.found, by_key)]
    kept = [n for n, q in enumerate(article.quotes) if q.person or q.cue or _verb_in_paragraph(article, q)]
    ids = writer.quote_ids(kept)
    return {
        "sources": [writer.source(article_path)],
        "people": people_entries,
        "actors": [writer.actor(actor) for actor in finder.found.values() if actor.kind != "topic"],
        "topics": [writer.actor(topic) for topic in finder.found.values() if topic.kind == "topic"],
        "quotes": {"statements": [], "quotes": [writer.quote(article.quotes[n], ids, n) for n in kept]},
        "facts": [writer.fact(sentence, hits) for sentence, hits in number_and_date_sentences(article)],
        "positions": positions,
    }


def _verb_in_paragraph(article: Article, quote: Quote) -> bool:
    """Whether the quotation's paragraph has a reporting verb (the build checks such quotations)."""
    paragraph = article.paragraphs[quote.paragraph]
    return _VERB.search(article.masked, paragraph.start, paragraph.end) is not None


# -- output -------------------------------------------------------------------------------------------

HEADER = ("# Drafted by knowledge.draft from {article} (source '{source}'): candidates, not facts.\n"
          "# Check each entry against the article, fix it or delete it, copy it into knowledge/sources/{kind}.yml\n"
          "# and delete its `review:` block: the build refuses any entry that still has one.\n")


class _Dumper(yaml.SafeDumper):
    """Block YAML without anchors: every entry reads on its own."""

    def ignore_aliases(self, data) -> bool:
        return True


def to_yaml(entries) -> str:
    """Dump entries as block YAML, keys in their order, long strings unwrapped."""
    return yaml.dump(entries, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=False)


def write(entries: dict, out: Optional[Path], article: str, source_id: str) -> list[Path]:
    """Write one YAML file per kind into `out`, or every kind to standard output."""
    written = []
    for kind in KINDS:
        header = HEADER.format(article=article, source=source_id, kind=kind)
        body = header + to_yaml(entries[kind])
        if out is None:
            sys.stdout.write(f"--- # {kind}.yml\n{body}")
            continue
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{kind}.yml"
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


def open_store(db: Optional[Path]):
    """Open the knowledge store, building it first when the default DB is missing."""
    from .store import KnowledgeStore
    path = Path(db or default_db_path())
    if not path.is_file() and db is None:
        from .build import build
        print(f"knowledge DB missing: building {path}", file=sys.stderr)
        build(path)
    return KnowledgeStore(path)


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: draft one article."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", type=Path, help="the article text (headline, blank line, paragraphs)")
    parser.add_argument("--source", required=True, help="the source id it will have in sources.yml")
    parser.add_argument("--out", type=Path, default=None, help="folder for one file per kind (default: stdout)")
    parser.add_argument("--db", type=Path, default=None, help="knowledge DB to link known people and actors")
    parser.add_argument("--no-store", action="store_true", help="draft without the knowledge store")
    args = parser.parse_args(argv)
    try:
        text = args.article.read_text(encoding="utf-8")
    except OSError as error:
        print(f"draft: cannot read {args.article}: {error}", file=sys.stderr)
        return 1
    store = None if args.no_store else open_store(args.db)
    try:
        entries = draft_entries(text, args.source, store, args.article)
    except ValueError as error:
        print(f"draft: {error}", file=sys.stderr)
        return 2
    written = write(entries, args.out, args.article.name, args.source)
    counts = ", ".join(f"{len(entries[k]['quotes'] if k == 'quotes' else entries[k])} {k}" for k in KINDS[1:])
    where = f"→ {args.out}/" if written else "(above)"
    print(f"draft: {counts} {where}; review each, then delete its `review:` block", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
