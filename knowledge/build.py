"""Build the knowledge DB from the articles and their curated annotations.

Pipeline: ``load_annotations`` (YAML) → ``resolve`` (find every evidence text in its article,
attach character spans and sentence ids) → ``save_*`` (sqlite-utils) → ``ensure_shape`` (FTS,
indexes, views) → ``verify`` (spans re-read from the article, foreign keys, no quotation
missing). Any problem raises ``BuildError`` naming the file and row.

Run: ``python -m knowledge.build [--db PATH]``. The DB is written to a temporary file and
renamed into place, so a failed build never leaves a half-written store behind. An annotation
that still carries a ``review:`` block (a candidate from ``knowledge.draft``) stops the build.
"""
import argparse
import hashlib
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import sqlite_utils
import yaml

from . import SOURCES_DIR, default_db_path
from .extract import find_quotations
from .text import Segment, normalise, paragraphs, sentences

ANNOTATION_FILES = ("sources", "actors", "topics", "people", "quotes", "facts", "positions", "events")
# Tables that a build from some sources only (``only_sources``) may leave without rows: created empty.
EMPTY_TABLE_COLUMNS = {"related_headlines": ("id", "source_id", "headline", "date", "label"),
                       "statements": ("id", "person_id")}
REVIEW_KEY = "review"  # set on every drafted candidate; a person deletes it once the entry is checked
FTS_CONFIG = {
    "quotes": ["text"],
    "facts": ["summary", "evidence", "keywords"],
    "positions": ["summary", "evidence"],
    "paragraphs": ["text"],
}
INDEXES = {
    "quotes": [["person_id"], ["source_id"], ["statement_id"]],
    "roles": [["person_id"]],
    "facts": [["topic_id"]],
    "positions": [["actor_id"], ["person_id"], ["topic_id"]],
    "event_people": [["person_id"]],
    "sentences": [["source_id"]],
}
VIEWS = {
    "quote_citations": """
        select quotes.id, people.name as speaker, quotes.text, sources.outlet,
               sources.date_label, quotes.statement_id
        from quotes join people on people.id = quotes.person_id
        join sources on sources.id = quotes.source_id
    """,
}


class BuildError(Exception):
    """The annotations or articles are inconsistent; the message names the row."""


@dataclass
class Article:
    """One source article: its text and its paragraphs and sentences with ids."""

    id: str
    text: str
    paragraphs: list[tuple[str, Segment]] = field(default_factory=list)
    sentences: list[tuple[str, str, Segment]] = field(default_factory=list)  # id, paragraph id, segment

    def locate(self, needle: str, where: str, occurrence: int = 1) -> tuple[int, int]:
        """Return the span of the `occurrence`-th copy of `needle`, or raise naming `where`."""
        start = -1
        for _ in range(occurrence):
            start = self.text.find(needle, start + 1)
            if start < 0:
                raise BuildError(f"{where}: text not found in source '{self.id}': {needle!r}")
        return start, start + len(needle)

    def sentence_at(self, offset: int) -> tuple[str, str]:
        """Return (sentence id, paragraph id) of the sentence holding `offset`."""
        for sentence_id, paragraph_id, segment in self.sentences:
            if segment.start <= offset < segment.end:
                return sentence_id, paragraph_id
        raise BuildError(f"source '{self.id}': offset {offset} is outside every sentence")


def load_annotations(sources_dir: Path = SOURCES_DIR) -> dict[str, Any]:
    """Read every annotation YAML file; return {file stem: parsed content}."""
    annotations = {}
    for name in ANNOTATION_FILES:
        path = sources_dir / f"{name}.yml"
        try:
            annotations[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise BuildError(f"{path.name}: cannot read annotations: {error}") from error
    return annotations


def _entries(content: Any) -> list[tuple[str, dict]]:
    """Return (label, entry) for every entry of one annotation file, people's roles included."""
    if isinstance(content, dict):  # quotes.yml: statements and quotes
        items = [entry for key in ("statements", "quotes") for entry in content.get(key) or []]
    else:
        items = content if isinstance(content, list) else []
    found = []
    for number, entry in enumerate(items, start=1):
        if not isinstance(entry, dict):
            continue
        label = str(entry.get("id") or f"entry {number}")
        found.append((label, entry))
        found += [(f"{label} role {n}", role) for n, role in enumerate(entry.get("roles") or [], start=1)
                  if isinstance(role, dict)]
    return found


def refuse_unreviewed(annotations: dict[str, Any]) -> None:
    """Raise BuildError naming every file and entry that is still marked for review."""
    problems = []
    for name, content in annotations.items():
        labels = [label for label, entry in _entries(content) if REVIEW_KEY in entry]
        if labels:
            problems.append(f"{name}.yml: {len(labels)} entr{'y' if len(labels) == 1 else 'ies'} still marked "
                            f"for review: {', '.join(repr(label) for label in labels)}")
    if problems:
        raise BuildError("; ".join(problems) + f" (check each against its article, then delete its "
                         f"`{REVIEW_KEY}:` block)")


def keep_sources(annotations: dict[str, Any], source_ids: set[str], sources_dir: Path = SOURCES_DIR) -> dict[str, Any]:
    """Return the annotations of the given sources only, as if the others had never been annotated.

    Rows with a ``source`` are kept when it is one of `source_ids`; people keep the roles from those
    sources (a person left without any is dropped unless a kept row names them); actors and topics
    are kept when a kept row refers to them or a kept article names them.
    """
    unknown = source_ids - {source["id"] for source in annotations["sources"]}
    if unknown:
        raise BuildError(f"sources.yml: unknown source(s) {sorted(unknown)}")

    def kept_rows(rows: list[dict]) -> list[dict]:
        return [row for row in rows if row.get("source") in source_ids]

    kept = {"sources": [s for s in annotations["sources"] if s["id"] in source_ids]}
    for name in ("facts", "positions", "events"):
        kept[name] = kept_rows(annotations[name])
    quotes = kept_rows(annotations["quotes"]["quotes"])
    statement_ids = {quote.get("statement") for quote in quotes}
    kept["quotes"] = {"statements": [s for s in annotations["quotes"]["statements"] if s["id"] in statement_ids],
                      "quotes": quotes}
    named = {q["person"] for q in quotes} | {p.get("person") for p in kept["positions"]} | \
        {person for event in kept["events"] for person in event["people"]}
    kept["people"] = [{**person, "roles": kept_rows(person.get("roles") or [])} for person in annotations["people"]
                      if kept_rows(person.get("roles") or []) or person["id"] in named]
    texts = "\n".join((sources_dir / s["text_file"]).read_text(encoding="utf-8") for s in kept["sources"])
    actors = {s.get("actor") for s in kept["sources"]} | {p["actor"] for p in kept["positions"]} | \
        {person.get(key) for person in kept["people"] for key in ("country", "organisation")}
    kept["actors"] = _named_or_referenced(annotations["actors"], actors, texts, parent_key="country")
    topics = {row["topic"] for name in ("facts", "positions") for row in kept[name]}
    kept["topics"] = _named_or_referenced(annotations["topics"], topics, texts)
    return {name: kept[name] for name in ANNOTATION_FILES}


def _named_or_referenced(entities: list[dict], referenced: set, text: str, parent_key: str = "") -> list[dict]:
    """Keep the entities that are referenced or whose name or an alias is in `text`, and their parents."""
    def named(entity: dict) -> bool:
        return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)
                   for form in [entity["name"], *entity.get("aliases", [])])
    keep = {e["id"] for e in entities if e["id"] in referenced or named(e)}
    keep |= {e[parent_key] for e in entities if e["id"] in keep and parent_key and e.get(parent_key)}
    return [e for e in entities if e["id"] in keep]


def load_articles(annotations: dict[str, Any], sources_dir: Path = SOURCES_DIR) -> dict[str, Article]:
    """Read each source's article text, check it against the raw capture, and segment it."""
    articles = {}
    for source in annotations["sources"]:
        text = (sources_dir / source["text_file"]).read_text(encoding="utf-8")
        raw = normalise((sources_dir / source["raw_file"]).read_text(encoding="utf-8"))
        article = Article(source["id"], text)
        sentence_number = 0
        for number, paragraph in enumerate(paragraphs(text)):
            if normalise(paragraph.text) not in raw:
                raise BuildError(
                    f"sources.yml: source '{source['id']}': paragraph {number} of {source['text_file']} "
                    f"is not in the raw capture {source['raw_file']}: {paragraph.text[:60]!r}"
                )
            paragraph_id = f"{source['id']}-p{number:02d}"
            article.paragraphs.append((paragraph_id, paragraph))
            for sentence in sentences(paragraph):
                sentence_number += 1
                article.sentences.append((f"{source['id']}-s{sentence_number:03d}", paragraph_id, sentence))
        articles[source["id"]] = article
    return articles


def _check_ref(value: Optional[str], known: set, where: str, what: str) -> None:
    if value is not None and value not in known:
        raise BuildError(f"{where}: unknown {what} '{value}'")


def _evidence_row(row: dict, articles: dict[str, Article], where: str, text_key: str = "evidence") -> dict:
    """Resolve a row's evidence text to span, sentence and paragraph in its source."""
    _check_ref(row.get("source"), set(articles), where, "source")
    article = articles[row["source"]]
    start, end = article.locate(row[text_key], where, row.get("occurrence", 1))
    sentence_id, paragraph_id = article.sentence_at(start)
    return {"source_id": row["source"], "paragraph_id": paragraph_id, "sentence_id": sentence_id,
            "start": start, "end": end}


def resolve(annotations: dict[str, Any], articles: dict[str, Article]) -> dict[str, list[dict]]:
    """Turn annotations into table rows, checking every reference and evidence text."""
    actors = {a["id"] for a in annotations["actors"]}
    topics = {t["id"] for t in annotations["topics"]}
    people = {p["id"] for p in annotations["people"]}
    tables: dict[str, list[dict]] = {name: [] for name in (
        "sources", "related_headlines", "paragraphs", "sentences", "actors", "topics", "people",
        "roles", "aliases", "statements", "quotes", "facts", "positions", "events", "event_people")}

    for position, source in enumerate(annotations["sources"]):
        _check_ref(source.get("actor"), actors, f"sources.yml: source '{source['id']}'", "actor")
        tables["sources"].append({
            "id": source["id"], "position": position, "actor_id": source.get("actor"),
            "outlet": source["outlet"], "carried_from": source.get("carried_from"),
            "publisher_label": source["publisher_label"], "headline": source["headline"],
            "dateline": source.get("dateline"), "talks_date": str(source["talks_date"]),
            "date_label": source["date_label"], "date_basis": source["date_basis"],
            "text_file": source["text_file"], "raw_file": source["raw_file"],
            "text": articles[source["id"]].text,
        })
        for number, item in enumerate(source.get("related_headlines") or [], start=1):
            tables["related_headlines"].append({
                "id": f"{source['id']}-related-{number}", "source_id": source["id"],
                "headline": item["headline"], "date": str(item["date"]),
                "label": "related headline (a link on the page, not article text)",
            })
    for article in articles.values():
        for position, (paragraph_id, segment) in enumerate(article.paragraphs):
            tables["paragraphs"].append({
                "id": paragraph_id, "source_id": article.id, "position": position,
                "kind": "headline" if position == 0 else "body",
                "start": segment.start, "end": segment.end, "text": segment.text})
        for sentence_id, paragraph_id, segment in article.sentences:
            tables["sentences"].append({
                "id": sentence_id, "source_id": article.id, "paragraph_id": paragraph_id,
                "start": segment.start, "end": segment.end, "text": segment.text})

    def add_aliases(entity_type: str, entity_id: str, forms: list[str], kind: str) -> None:
        for form in forms:
            tables["aliases"].append({"alias": form, "normalised": normalise(form),
                                      "entity_type": entity_type, "entity_id": entity_id, "kind": kind})

    for actor in annotations["actors"]:
        where = f"actors.yml: actor '{actor['id']}'"
        _check_ref(actor.get("country"), actors, where, "country")
        tables["actors"].append({"id": actor["id"], "name": actor["name"], "kind": actor["kind"],
                                 "country_id": actor.get("country"), "side": actor["side"],
                                 "side_label": actor.get("side_label")})
        add_aliases("actor", actor["id"], [actor["name"], *actor.get("aliases", [])], "alias")
    for topic in annotations["topics"]:
        tables["topics"].append({"id": topic["id"], "name": topic["name"]})
        add_aliases("topic", topic["id"], [topic["name"], *topic.get("aliases", [])], "alias")

    for person in annotations["people"]:
        where = f"people.yml: person '{person['id']}'"
        _check_ref(person.get("country"), actors, where, "country")
        _check_ref(person.get("organisation"), actors, where, "organisation")
        if not person.get("roles"):
            raise BuildError(f"{where}: has no roles with evidence")
        tables["people"].append({"id": person["id"], "name": person["name"], "surname": person["surname"],
                                 "country_id": person.get("country"),
                                 "organisation_id": person.get("organisation"), "side": person["side"]})
        add_aliases("person", person["id"], [person["name"], *person.get("aliases", [])], "name")
        add_aliases("person", person["id"], person.get("role_phrases", []), "role_phrase")
        for number, role in enumerate(person["roles"], start=1):
            role_where = f"{where} role {number}"
            tables["roles"].append({"id": f"{person['id']}-role-{number}", "person_id": person["id"],
                                    "title": role["title"], "evidence": role["evidence"],
                                    **_evidence_row(role, articles, role_where)})
            add_aliases("person", person["id"], [role["title"]], "title")

    statements = {}
    for statement in annotations["quotes"]["statements"]:
        _check_ref(statement["person"], people, f"quotes.yml: statement '{statement['id']}'", "person")
        statements[statement["id"]] = statement
        tables["statements"].append({"id": statement["id"], "person_id": statement["person"]})
    for quote in annotations["quotes"]["quotes"]:
        where = f"quotes.yml: quote '{quote['id']}'"
        _check_ref(quote["person"], people, where, "person")
        _check_ref(quote.get("statement"), set(statements), where, "statement")
        if quote.get("statement") and statements[quote["statement"]]["person"] != quote["person"]:
            raise BuildError(f"{where}: its statement '{quote['statement']}' belongs to another person")
        row = _evidence_row(quote, articles, where, text_key="text")
        if articles[quote["source"]].text[row["start"] - 1] != '"':
            raise BuildError(f"{where}: text does not start right after a quotation mark")
        tables["quotes"].append({"id": quote["id"], "person_id": quote["person"],
                                 "statement_id": quote.get("statement"), "text": quote["text"], **row})

    for fact in annotations["facts"]:
        where = f"facts.yml: fact '{fact['id']}'"
        _check_ref(fact["topic"], topics, where, "topic")
        tables["facts"].append({"id": fact["id"], "topic_id": fact["topic"], "summary": fact["summary"],
                                "evidence": fact["evidence"], "keywords": " ".join(map(str, fact.get("keywords", []))),
                                **_evidence_row(fact, articles, where)})
    for position in annotations["positions"]:
        where = f"positions.yml: position '{position['id']}'"
        _check_ref(position["actor"], actors, where, "actor")
        _check_ref(position.get("person"), people, where, "person")
        _check_ref(position["topic"], topics, where, "topic")
        tables["positions"].append({
            "id": position["id"], "actor_id": position["actor"], "person_id": position.get("person"),
            "topic_id": position["topic"], "stance": position["stance"], "summary": position["summary"],
            "evidence": position["evidence"], **_evidence_row(position, articles, where)})
    for event in annotations["events"]:
        where = f"events.yml: event '{event['id']}'"
        row = _evidence_row(event, articles, where)
        sentence = next(seg.text for sid, _, seg in articles[event["source"]].sentences if sid == row["sentence_id"])
        for field in ("place", "when"):
            if event.get(field) and str(event[field]).lower() not in sentence.lower():
                raise BuildError(f"{where}: its {field} {event[field]!r} is not in the sentence it rests on")
        tables["events"].append({"id": event["id"], "summary": event["summary"], "place": event.get("place"),
                                 "when_text": event.get("when"), "evidence": event["evidence"], **row})
        for position, person_id in enumerate(event["people"]):
            _check_ref(person_id, people, where, "person")
            tables["event_people"].append({"event_id": event["id"], "person_id": person_id, "position": position})
    return tables


def save_all(db: sqlite_utils.Database, tables: dict[str, list[dict]]) -> None:
    """Write every table with its primary and foreign keys."""
    src = ("source_id", "sources", "id")
    located = [src, ("paragraph_id", "paragraphs", "id"), ("sentence_id", "sentences", "id")]
    schema = [
        ("actors", "id", [("country_id", "actors", "id")]),
        ("sources", "id", [("actor_id", "actors", "id")]),
        ("related_headlines", "id", [src]),
        ("paragraphs", "id", [src]),
        ("sentences", "id", [src, ("paragraph_id", "paragraphs", "id")]),
        ("topics", "id", []),
        ("people", "id", [("country_id", "actors", "id"), ("organisation_id", "actors", "id")]),
        ("roles", "id", [("person_id", "people", "id"), *located]),
        ("aliases", ("normalised", "entity_type", "entity_id"), []),
        ("statements", "id", [("person_id", "people", "id")]),
        ("quotes", "id", [("person_id", "people", "id"), ("statement_id", "statements", "id"), *located]),
        ("facts", "id", [("topic_id", "topics", "id"), *located]),
        ("positions", "id", [("actor_id", "actors", "id"), ("person_id", "people", "id"),
                             ("topic_id", "topics", "id"), *located]),
        ("events", "id", [*located]),
        ("event_people", ("event_id", "person_id"), [("event_id", "events", "id"), ("person_id", "people", "id")]),
    ]
    nullable = {"carried_from", "dateline", "country_id", "organisation_id", "statement_id", "person_id", "place",
                "actor_id", "side_label", "when_text"}
    for name, pk, foreign_keys in schema:
        rows = tables[name]
        if not rows and name not in EMPTY_TABLE_COLUMNS:
            continue
        columns = {key: (str if isinstance(value, str) or value is None else type(value))
                   for key, value in rows[0].items()} if rows else dict.fromkeys(EMPTY_TABLE_COLUMNS[name], str)
        not_null = {key for key in columns if key not in nullable}
        db[name].create(columns, pk=pk, foreign_keys=foreign_keys, not_null=not_null)
        db[name].insert_all(rows, ignore=(name == "aliases"))


def ensure_shape(db: sqlite_utils.Database) -> None:
    """Add full-text search, indexes and views; safe to run again."""
    for table, columns in FTS_CONFIG.items():
        db[table].enable_fts(columns, fts_version="FTS5", tokenize="porter", create_triggers=True, replace=True)
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db[table].create_index(columns, if_not_exists=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


def verify(db: sqlite_utils.Database, articles: dict[str, Article], names: list[tuple[str, str]]) -> None:
    """Re-check the written DB: spans, foreign keys, and that no article quotation is missing."""
    texts = {row["id"]: row["text"] for row in db["sources"].rows}
    for table, column in (("roles", "evidence"), ("quotes", "text"), ("facts", "evidence"),
                          ("positions", "evidence"), ("events", "evidence"), ("sentences", "text"),
                          ("paragraphs", "text")):
        for row in db[table].rows:
            if texts[row["source_id"]][row["start"]:row["end"]] != row[column]:
                raise BuildError(f"{table} row '{row['id']}': {column} is not at its span "
                                 f"{row['start']}–{row['end']} in source '{row['source_id']}'")
    problems = db.execute("pragma foreign_key_check").fetchall()
    if problems:
        raise BuildError(f"foreign keys broken: {problems[:5]}")
    stored = {(row["source_id"], normalise(row["text"])): row for row in db["quotes"].rows}
    for source_id, article in articles.items():
        for quotation in find_quotations(article.text, names):
            row = stored.get((source_id, normalise(quotation.text)))
            if row is None:
                raise BuildError(f"quotes.yml: quotation missing from the annotations (source '{source_id}', "
                                 f"offset {quotation.start}): {quotation.text!r}")
            if quotation.speaker and quotation.speaker != row["person_id"]:
                raise BuildError(f"quotes.yml: quote '{row['id']}' is attributed to '{row['person_id']}' but "
                                 f"the article text points to '{quotation.speaker}'")


def _inputs_digest(sources_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in sources_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(sources_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(db_path: Optional[Path] = None, sources_dir: Path = SOURCES_DIR, *,
          only_sources: Optional[set[str]] = None) -> dict[str, int]:
    """Build the knowledge DB at `db_path`; return row counts per table.

    :param db_path: where to write the DB (default: ``default_db_path()``)
    :param sources_dir: folder with the articles and annotation YAML files
    :param only_sources: build from these source ids only (default: every source), e.g. to measure
        the drafting of an article against a store that never saw its annotations
    """
    db_path = Path(db_path or default_db_path())
    annotations = load_annotations(sources_dir)
    refuse_unreviewed(annotations)
    if only_sources is not None:
        annotations = keep_sources(annotations, set(only_sources), sources_dir)
    articles = load_articles(annotations, sources_dir)
    try:
        tables = resolve(annotations, articles)
    except (KeyError, TypeError) as error:
        raise BuildError(f"an annotation is missing a required field or has the wrong shape: {error!r}") from error
    names = [(alias, person["id"]) for person in annotations["people"]
             for alias in [person["name"], *person.get("aliases", [])]]
    tmp_path = db_path.with_name(db_path.name + ".tmp")
    tmp_path.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp_path)
    try:
        save_all(db, tables)
        ensure_shape(db)
        db["meta"].insert_all([{"key": "inputs_sha256", "value": _inputs_digest(sources_dir)},
                               {"key": "schema_version", "value": "1"}], pk="key")
        verify(db, articles, names)
        counts = {name: db[name].count for name in tables}
        db.conn.execute("vacuum")
    except BaseException:
        db.close()
        tmp_path.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(tmp_path, db_path)
    return counts


def main(argv: Optional[list[str]] = None) -> int:
    """Command line: build the DB and print a one-line summary, or the error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="output path (default knowledge/abm.db)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = build(args.db)
    except BuildError as error:
        print(f"knowledge build failed: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{counts[t]} {t}" for t in ("people", "quotes", "statements", "facts", "positions", "events"))
    print(f"knowledge build: {summary} → {args.db or default_db_path()} in {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
