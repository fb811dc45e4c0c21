"""Read-only queries over the knowledge DB.

Every public method accepts any string (empty, huge, quotes, FTS operators, SQL) and returns
an empty or sensible result, never an exception. Open one ``KnowledgeStore`` per process
(``get_store()``) and reuse it: the small lookup tables are loaded once, at open.
"""
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rapidfuzz import fuzz, process

from . import default_db_path
from .text import normalise

SCHEMA_VERSION = "1"
MAX_QUERY_CHARS = 500  # longer input is cut: no question about two short articles needs more
MAX_FTS_TERMS = 24
MAX_NAME_CHARS = 80  # the longest alias is under 50 characters
MAX_FRAGMENT_CHARS = 300  # the longest quote is under 250 characters
MAX_FUZZY_ONLY_CHARS = 120  # typo-only matching (no shared word) is tried on short fragments
FUZZY_THRESHOLD = 82  # rapidfuzz ratio for a typo to count as a name ("wolfowits" → 94)
NUMERAL = re.compile(r"^(?:[ivx]{2,}|\d+)$")  # "START III" is not a typo of "START II"
_LEADING_ARTICLE = re.compile(r"^(the|a|an|mr|mr\.|mrs|president)\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be by did do does for from had has have he her him his i in is it its me "
    "of on or our say said says she so that the their them they this to us was we were what when "
    "where which who whom whose why will with would you".split()
)


# (sentence id, entity type, entity id) for every entity a curated annotation ties to a sentence.
LINK_QUERIES = (
    "select sentence_id, 'person', person_id from roles",
    "select sentence_id, 'person', person_id from quotes",
    "select sentence_id, 'topic', topic_id from facts",
    "select sentence_id, 'actor', actor_id from positions",
    "select sentence_id, 'person', person_id from positions",
    "select sentence_id, 'topic', topic_id from positions",
    "select events.sentence_id, 'person', event_people.person_id from events "
    "join event_people on event_people.event_id = events.id",
)


def place_word(place: str) -> str:
    """Return the word that identifies a place ("the Foreign Ministry in Moscow" → "moscow")."""
    return place.split()[-1].lower()


class StoreUnavailable(RuntimeError):
    """The knowledge DB is missing, unreadable or from another schema; the message says how to fix it."""


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: outlet, date, and the exact sentence."""

    source_id: str
    outlet: str
    date_label: str
    sentence: str
    sentence_id: str = ""

    def short(self) -> str:
        """Return "CNN, May 11, 2001"."""
        return f"{self.outlet}, {self.date_label}"


@dataclass(frozen=True)
class Role:
    """One way an article describes a person."""

    title: str
    citation: Citation


@dataclass(frozen=True)
class Person:
    """A person named in the articles."""

    id: str
    name: str
    surname: str
    side: str
    country: Optional[str]
    organisation: Optional[str]
    roles: tuple[Role, ...]

    @property
    def titles(self) -> list[str]:
        """Distinct role titles, in article order."""
        return list(dict.fromkeys(role.title for role in self.roles))


@dataclass(frozen=True)
class Match:
    """A ranked candidate for a name or phrase: entity id, score 0–100, the alias that matched."""

    entity_id: str
    score: float
    alias: str
    kind: str


@dataclass(frozen=True)
class Quote:
    """A direct quotation with its speaker and source."""

    id: str
    person_id: str
    speaker: str
    text: str
    statement_id: Optional[str]
    citation: Citation


@dataclass(frozen=True)
class QuoteMatch:
    """A quote ranked against a learner's fragment (score 0–100)."""

    quote: Quote
    score: float


@dataclass(frozen=True)
class Statement:
    """A short fact, position or event the articles report, with its evidence."""

    kind: str  # fact | position | event
    id: str
    summary: str
    evidence: str
    citation: Citation
    topic_id: Optional[str] = None
    actor_id: Optional[str] = None
    person_id: Optional[str] = None
    stance: Optional[str] = None
    place: Optional[str] = None  # events only: where it happened, as the article names it
    when: Optional[str] = None  # events only: when it happened, as the article gives it
    people: tuple[str, ...] = ()  # events only: who took part, the leader first
    keywords: str = ""  # facts only: curated words that learners may use for it


@dataclass(frozen=True)
class Source:
    """One source article, in the order of sources.yml."""

    id: str
    outlet: str
    publisher_label: str
    headline: str
    date_label: str
    related_headlines: tuple[tuple[str, str], ...]
    actor_id: Optional[str] = None  # the outlet as an actor (its aliases name it)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, as an answer source in its own right.

    `speakers` are the people quoted in it (a quotation may run over several sentences);
    `links` are the (entity type, id) pairs that curated annotations resting on it name.
    """

    id: str
    source_id: str
    position: int  # the sentence's number within its article, from 0 (the headline)
    text: str
    citation: Citation
    headline: bool
    speakers: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    paragraph_id: str = ""


def clean_query(text: object) -> str:
    """Return `text` as a bounded, printable string: control characters dropped, length capped."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY_CHARS * 2])
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_CHARS]


@lru_cache(maxsize=4096)
def _numerals(key: str) -> frozenset:
    """Return the numbers and roman numerals among a name's words."""
    return frozenset(word for word in key.split() if NUMERAL.match(word))


def _key(text: str) -> str:
    """Matching key: normalised, punctuation dropped, no leading article or honorific."""
    text = re.sub(r"[^\w\s-]", " ", normalise(text)).replace("-", " ")
    text = re.sub(r"\s+", " ", text).strip()
    while True:
        stripped = _LEADING_ARTICLE.sub("", text)
        if stripped == text:
            return text
        text = stripped


def fts_query(text: str, keep: frozenset = frozenset()) -> str:
    """Turn free text into a safe FTS5 query: quoted word tokens joined by OR ('' if none).

    Stopwords are dropped unless in `keep` (or unless nothing else is left).
    """
    words = [w.lower() for w in _WORD.findall(clean_query(text))]
    words = [w for w in words if w not in STOPWORDS or w in keep] or words
    words = list(dict.fromkeys(words))[:MAX_FTS_TERMS]
    return " OR ".join(f'"{w}"' for w in words)


class KnowledgeStore:
    """Read-only access to the knowledge DB."""

    def __init__(self, path: Optional[Path] = None):
        """Open the DB read-only and load the alias index; raise StoreUnavailable if unusable."""
        self.path = Path(path or default_db_path())
        hint = "build it with `make knowledge` (or `python -m knowledge.build`)"
        if not self.path.is_file():
            raise StoreUnavailable(f"knowledge DB not found at {self.path}: {hint}")
        try:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            version = self.conn.execute("select value from meta where key = 'schema_version'").fetchone()
            self._aliases = [
                (row["entity_type"], row["entity_id"], row["alias"], _key(row["alias"]), row["kind"])
                for row in self.conn.execute("select * from aliases order by entity_type, entity_id, alias")
            ]
        except sqlite3.DatabaseError as error:
            raise StoreUnavailable(f"knowledge DB at {self.path} is unreadable ({error}): {hint}") from error
        if version is None or version[0] != SCHEMA_VERSION:
            raise StoreUnavailable(f"knowledge DB at {self.path} has another schema version: {hint}")
        self._exact: dict[tuple[str, str], list[Match]] = {}
        for etype, entity_id, alias, key, kind in self._aliases:
            matches = self._exact.setdefault((etype, key), [])
            if all(m.entity_id != entity_id for m in matches):
                matches.append(Match(entity_id, 100.0, alias, kind))
        self._source_order = {row["id"]: row["position"] for row in self.conn.execute("select id, position from sources")}
        self._sentence_starts = {row[0]: row[1] for row in self.conn.execute("select id, start from sentences")}
        self._sentences: Optional[list[Sentence]] = None
        self._statements: Optional[list[Statement]] = None
        self._name_words = sorted({word for etype, _, _, key, kind in self._aliases
                                   if etype == "person" and kind == "name" for word in key.split() if len(word) >= 4})
        self._event_people: dict[str, tuple[str, ...]] = {}
        for row in self.conn.execute("select event_id, person_id from event_people order by event_id, position"):
            self._event_people[row[0]] = self._event_people.get(row[0], ()) + (row[1],)
        self._side_labels = {row["side"]: row["side_label"] for row in self.conn.execute(
            "select side, side_label from actors where side_label is not null and id = side order by rowid")}
        self._people = {row["id"]: self._load_person(row) for row in self.conn.execute("select * from people")}
        self._names = {row["id"]: row["name"] for row in self.conn.execute("select id, name from actors")}
        self._names.update({row["id"]: row["name"] for row in self.conn.execute("select id, name from topics")})

    # -- helpers -----------------------------------------------------------------------------

    def _citation(self, source_id: str, sentence_id: str) -> Citation:
        row = self.conn.execute(
            "select sources.publisher_label, sources.date_label, sentences.text from sources "
            "join sentences on sentences.source_id = sources.id where sources.id = ? and sentences.id = ?",
            (source_id, sentence_id),
        ).fetchone()
        return Citation(source_id, row[0], row[1], row[2], sentence_id)

    def _load_person(self, row: sqlite3.Row) -> Person:
        roles = tuple(
            Role(r["title"], self._citation(r["source_id"], r["sentence_id"]))
            for r in self.conn.execute("select * from roles where person_id = ? order by id", (row["id"],))
        )
        names = {r[0]: r[1] for r in self.conn.execute("select id, name from actors")}
        return Person(row["id"], row["name"], row["surname"], row["side"], names.get(row["country_id"]),
                      names.get(row["organisation_id"]), roles)

    def _quote(self, row: sqlite3.Row) -> Quote:
        return Quote(row["id"], row["person_id"], self._people[row["person_id"]].name, row["text"],
                     row["statement_id"], self._citation(row["source_id"], row["sentence_id"]))

    def _statement(self, kind: str, row: sqlite3.Row) -> Statement:
        keys = row.keys()
        return Statement(kind, row["id"], row["summary"], row["evidence"],
                         self._citation(row["source_id"], row["sentence_id"]),
                         topic_id=row["topic_id"] if "topic_id" in keys else None,
                         actor_id=row["actor_id"] if "actor_id" in keys else None,
                         person_id=row["person_id"] if "person_id" in keys else None,
                         stance=row["stance"] if "stance" in keys else None,
                         place=row["place"] if "place" in keys else None,
                         when=row["when_text"] if "when_text" in keys else None,
                         people=self._event_people.get(row["id"], ()) if kind == "event" else (),
                         keywords=row["keywords"] if "keywords" in keys else "")

    # -- names -------------------------------------------------------------------------------

    def match_name(self, text: str, entity_type: str = "person", limit: int = 5) -> list[Match]:
        """Rank entities of `entity_type` (person | actor | topic) whose alias fits `text`.

        Exact aliases score 100, a name that contains every word typed 90 ("vladimir"), typos by
        edit similarity ("wolfowits" → Wolfowitz). Equal top scores mean the text is ambiguous.
        """
        query = _key(clean_query(text))[:MAX_NAME_CHARS]
        if not query:
            return []
        exact = self._exact.get((entity_type, query))
        if exact:
            return exact[:limit]
        best: dict[str, Match] = {}
        query_words = query.split()
        for etype, entity_id, alias, key, kind in self._aliases:
            if etype != entity_type or not key:
                continue
            if key == query:
                score = 100.0
            elif set(query_words) <= set(key.split()) and len(query) >= 3:
                score = 90.0
            else:
                score = fuzz.ratio(query, key)
                if len(query_words) == 1 and len(query) >= 4:
                    score = max(score, max(fuzz.ratio(query, word) for word in key.split()) - 2)
                if score < FUZZY_THRESHOLD or _numerals(query) != _numerals(key):
                    continue
            if entity_id not in best or score > best[entity_id].score:
                best[entity_id] = Match(entity_id, score, alias, kind)
        return sorted(best.values(), key=lambda m: (-m.score, m.entity_id))[:limit]

    def find_people(self, text: str) -> list[tuple[Person, float]]:
        """Return people whose name, alias, role phrase or a typo of it fits `text`, best first."""
        return [(self._people[m.entity_id], m.score) for m in self.match_name(text, "person")]

    def mentions(self, text: str, entity_type: str = "person", kinds: Optional[tuple[str, ...]] = None,
                 typos: bool = True) -> list[Match]:
        """Find entities mentioned anywhere in a text (longest alias wins).

        :param kinds: only aliases of these kinds (person aliases: name | title | role_phrase)
        :param typos: when no alias is found, try typo similarity for people ("wolfowits")
        """
        words = _key(clean_query(text)).split()
        if not words:
            return []
        padded = f" {' '.join(words)} "
        found: dict[str, Match] = {}
        covered: list[str] = []
        candidates = sorted((a for a in self._aliases if a[0] == entity_type and a[3] and (kinds is None or a[4] in kinds)),
                            key=lambda a: -len(a[3]))
        for _, entity_id, alias, key, kind in candidates:
            if f" {key} " in padded and not any(key != c and f" {key} " in f" {c} " for c in covered):
                covered.append(key)
                found.setdefault(entity_id, Match(entity_id, 100.0, alias, kind))
        if entity_type == "person" and typos:  # a typo or a first name stands for a name, not for a role
            covered_words = {w for c in covered for w in c.split()}
            for word in words:
                if len(word) >= 5 and word not in STOPWORDS and word not in covered_words and \
                        process.extractOne(word, self._name_words, scorer=fuzz.ratio,
                                           score_cutoff=FUZZY_THRESHOLD - 2) is not None:
                    for match in self.match_name(word, "person", limit=3):
                        if FUZZY_THRESHOLD <= match.score < 100 and match.kind == "name":
                            found.setdefault(match.entity_id, match)
        return sorted(found.values(), key=lambda m: (-m.score, m.entity_id))

    def person(self, person_id: str) -> Optional[Person]:
        """Return the person with this id, or None."""
        return self._people.get(person_id)

    def people(self) -> list[Person]:
        """Return everyone in the articles, in name order."""
        return sorted(self._people.values(), key=lambda p: p.surname)

    def name_of(self, entity_id: str) -> Optional[str]:
        """Return the display name of an actor or topic id."""
        return self._names.get(entity_id)

    def aliases(self, entity_type: str) -> list[tuple[str, str, str]]:
        """Return (entity id, alias, kind) for every alias of `entity_type`, for NLU export."""
        return [(entity_id, alias, kind) for etype, entity_id, alias, _, kind in self._aliases if etype == entity_type]

    # -- quotes ------------------------------------------------------------------------------

    def quotes_by(self, person_id: str) -> list[Quote]:
        """Return a person's quotes in article order (CNN first, then AP)."""
        rows = self.conn.execute("select * from quotes where person_id = ?", (person_id,))
        return self._in_article_order([self._quote(row) for row in rows])

    def quote(self, quote_id: str) -> Optional[Quote]:
        """Return one quote by id."""
        row = self.conn.execute("select * from quotes where id = ?", (quote_id,)).fetchone()
        return self._quote(row) if row else None

    def all_quotes(self) -> list[Quote]:
        """Return every quote in article order."""
        return self._in_article_order([self._quote(row) for row in self.conn.execute("select * from quotes")])

    def wordings(self, statement_id: str) -> list[Quote]:
        """Return the outlets' wordings of one statement."""
        rows = self.conn.execute("select * from quotes where statement_id = ?", (statement_id,))
        return self._in_article_order([self._quote(row) for row in rows])

    def who_said(self, fragment: str, limit: int = 3) -> list[QuoteMatch]:
        """Rank quotes against a learner's fragment: exact words, partial words or a paraphrase."""
        cleaned = normalise(clean_query(fragment))[:MAX_FRAGMENT_CHARS].strip(" \"'?.!")
        if len(_WORD.findall(cleaned)) == 0:
            return []
        query = fts_query(cleaned)
        candidates = {}
        if query:
            rows = self.conn.execute(
                "select quotes.*, bm25(quotes_fts) as rank from quotes_fts "
                "join quotes on quotes.rowid = quotes_fts.rowid where quotes_fts match ? order by rank",
                (query,),
            )
            candidates = {row["id"]: row for row in rows}
        if not candidates and len(cleaned) > MAX_FUZZY_ONLY_CHARS:
            return []  # a long text sharing no word with any quote is not a fragment of one
        scored = []
        for row in candidates.values() or self.conn.execute("select * from quotes"):
            text = normalise(row["text"])
            score = max(fuzz.partial_ratio(cleaned, text) if len(cleaned) >= 8 else 0,
                        fuzz.token_set_ratio(cleaned, text) * 0.95)
            if row["id"] in candidates:
                words = set(_WORD.findall(cleaned)) - STOPWORDS
                shared = words & set(_WORD.findall(text))
                score = max(score, 55 + 45 * len(shared) / max(len(words), 1))
            scored.append(QuoteMatch(self._quote(row), round(score, 1)))
        scored.sort(key=lambda m: (-m.score, m.quote.id))
        return scored[:limit]

    # -- facts, positions, events ------------------------------------------------------------

    def positions_of(self, actor_id: str) -> list[Statement]:
        """Return the stances the articles report for an actor (country or organisation)."""
        rows = self.conn.execute("select * from positions where actor_id = ?", (actor_id,))
        return self._in_article_order([self._statement("position", row) for row in rows])

    def positions_voiced_by(self, person_id: str) -> list[Statement]:
        """Return the stances a person voiced."""
        rows = self.conn.execute("select * from positions where person_id = ?", (person_id,))
        return self._in_article_order([self._statement("position", row) for row in rows])

    def facts_about(self, topic_id: str) -> list[Statement]:
        """Return the facts filed under a topic, in annotation order (the defining fact first)."""
        rows = self.conn.execute("select * from facts where topic_id = ? order by rowid", (topic_id,))
        return [self._statement("fact", row) for row in rows]

    def events_of(self, person_id: str, led_only: bool = False) -> list[Statement]:
        """Return the events a person took part in (or only those they led), those they led first."""
        rows = self.conn.execute(
            "select events.*, event_people.position as role from events "
            "join event_people on event_people.event_id = events.id "
            "where event_people.person_id = ? and (? = 0 or event_people.position = 0)",
            (person_id, int(led_only)),
        ).fetchall()
        roles = {row["id"]: row["role"] for row in rows}
        events = self._in_article_order([self._statement("event", row) for row in rows])
        return sorted(events, key=lambda event: roles[event.id] > 0)

    def visits(self) -> list[Statement]:
        """Return who went where: for each place the events name, its first event, in annotation order."""
        rows = self.conn.execute("select * from events where place is not null order by rowid")
        first_by_place: dict[str, Statement] = {}
        for row in rows:
            first_by_place.setdefault(place_word(row["place"]), self._statement("event", row))
        return list(first_by_place.values())

    def actor_names(self, kinds: tuple[str, ...] = ("country", "group", "organisation")) -> list[tuple[str, str]]:
        """Return (id, name) of actors of the given kinds, in annotation order."""
        marks = ",".join("?" * len(kinds))
        rows = self.conn.execute(f"select id, name from actors where kind in ({marks}) order by rowid", kinds)
        return [(r[0], r[1]) for r in rows]

    def topic_names(self) -> list[tuple[str, str]]:
        """Return (id, name) of every topic, in annotation order."""
        return [(r[0], r[1]) for r in self.conn.execute("select id, name from topics order by rowid")]

    def sources(self) -> list[Source]:
        """Return the two source articles with their related-headline lists."""
        result = []
        for row in self.conn.execute("select * from sources order by position"):
            related = tuple((r["headline"], r["date"]) for r in self.conn.execute(
                "select * from related_headlines where source_id = ? order by id", (row["id"],)))
            result.append(Source(row["id"], row["outlet"], row["publisher_label"], row["headline"],
                                 row["date_label"], related, row["actor_id"]))
        return result

    def sources_named(self, text: str) -> list[str]:
        """Return the ids of the sources whose outlet a message names ("CNN", "the AP"), in source order."""
        named = {m.entity_id for m in self.mentions(text, "actor")}
        return [source.id for source in self.sources() if source.actor_id in named]

    # -- sentences and everything curated, for answering any question -----------------------

    def sentences(self) -> list[Sentence]:
        """Return every sentence of every article, in source and article order, with speakers and links."""
        if self._sentences is None:
            speakers: dict[str, list[str]] = {}
            for quote in self.conn.execute(
                    "select quotes.person_id, sentences.id from quotes join sentences "
                    "on sentences.source_id = quotes.source_id and sentences.start < quotes.end "
                    "and quotes.start < sentences.end"):
                speakers.setdefault(quote[1], []).append(quote[0])
            links: dict[str, list[tuple[str, str]]] = {}
            for sql in LINK_QUERIES:
                for sentence_id, entity_type, entity_id in self.conn.execute(sql):
                    if entity_id:
                        links.setdefault(sentence_id, []).append((entity_type, entity_id))
            rows = self.conn.execute(
                "select sentences.*, paragraphs.kind from sentences join sources on sources.id = sentences.source_id "
                "join paragraphs on paragraphs.id = sentences.paragraph_id order by sources.position, sentences.start")
            numbers: dict[str, int] = {}
            self._sentences = []
            for row in rows:
                position = numbers.get(row["source_id"], 0)
                numbers[row["source_id"]] = position + 1
                self._sentences.append(Sentence(
                    row["id"], row["source_id"], position, row["text"], self._citation(row["source_id"], row["id"]),
                    row["kind"] == "headline", tuple(dict.fromkeys(speakers.get(row["id"], ()))),
                    tuple(dict.fromkeys(links.get(row["id"], ()))), row["paragraph_id"]))
        return self._sentences

    def sentence(self, sentence_id: str) -> Optional[Sentence]:
        """Return one sentence by id, or None."""
        return next((s for s in self.sentences() if s.id == sentence_id), None)

    def statements(self) -> list[Statement]:
        """Return every curated fact, position and event, in article order within each kind."""
        if self._statements is None:
            found = []
            for kind, table in (("fact", "facts"), ("position", "positions"), ("event", "events")):
                found += self._in_article_order([self._statement(kind, row)
                                                 for row in self.conn.execute(f"select * from {table} order by rowid")])
            self._statements = found
        return list(self._statements)

    def actor_side(self, actor_id: str) -> Optional[str]:
        """Return the side an actor belongs to, or None."""
        row = self.conn.execute("select side from actors where id = ?", (actor_id,)).fetchone()
        return row[0] if row else None

    def side_label(self, side: str) -> Optional[str]:
        """Return how the bot names a side ("the Russian side"), or None."""
        return self._side_labels.get(side)

    def sides(self) -> list[str]:
        """Return the sides that have a label, in annotation order."""
        return list(self._side_labels)

    def _in_article_order(self, rows: list) -> list:
        """Sort quotes or statements by their source's position, then by where they stand in it (stable)."""
        return sorted(rows, key=lambda r: (self._source_order.get(r.citation.source_id, 0),
                                           self._sentence_starts.get(r.citation.sentence_id, 0)))


@lru_cache(maxsize=None)
def get_store(path: Optional[str] = None) -> KnowledgeStore:
    """Return the process-wide store (opened on first use)."""
    return KnowledgeStore(Path(path) if path else None)
