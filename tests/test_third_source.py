"""A third article needs no code change: a copy of one article under another source id and outlet
is built into a store in a temporary directory, and the answers, the quiz and the NLU's name
tables take it up."""
import random
import shutil
from pathlib import Path

import pytest
import yaml

from bot import questions, quiz, quiz_kinds
from bot.reply import Context, Message
from knowledge import SOURCES_DIR, nlu_export
from knowledge.build import build
from knowledge.store import KnowledgeStore

NEW = {"id": "wire", "outlet": "Global Wire", "actor": "global-wire", "publisher_label": "Global Wire"}


def _add(path: Path, key: str, entries: list) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if key:
        data[key] += entries
    else:
        data += entries
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> KnowledgeStore:
    """The store with a third source: the first article again, as carried by another outlet."""
    sources = tmp_path_factory.mktemp("three") / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    listed = yaml.safe_load((sources / "sources.yml").read_text(encoding="utf-8"))
    first = listed[0]
    copy = dict(first, **{k: v for k, v in NEW.items()}, carried_from=None, related_headlines=[],
                text_file=f"{NEW['id']}.txt", raw_file=f"raw/{NEW['id']}.raw.txt")
    shutil.copy(sources / first["text_file"], sources / copy["text_file"])
    shutil.copy(sources / first["raw_file"], sources / copy["raw_file"])
    _add(sources / "sources.yml", "", [copy])
    _add(sources / "actors.yml", "", [{"id": NEW["actor"], "name": NEW["outlet"], "kind": "organisation",
                                       "side": "media", "aliases": [NEW["outlet"], "the Wire"]}])
    annotated = yaml.safe_load((sources / "quotes.yml").read_text(encoding="utf-8"))
    _add(sources / "quotes.yml", "quotes", [dict(q, id=f"{q['id']}-{NEW['id']}", source=NEW["id"])
                                            for q in annotated["quotes"] if q["source"] == first["id"]])
    db = sources.parent / "abm.db"
    build(db, sources)
    return KnowledgeStore(db)


def test_the_store_has_three_sources_in_the_listed_order(three):
    assert [s.id for s in three.sources()][-1] == NEW["id"] and len(three.sources()) == 3


def test_the_sources_answer_names_every_outlet(three):
    reply = questions.answer("ask_sources", three, Message("which articles do you have?", "ask_sources"), Context())
    assert all(source.outlet in reply.text for source in three.sources()), reply.text
    assert "3" in reply.text or "three" in reply.text.lower()


def test_outlet_questions_offer_the_three_outlets(three):
    """The copy carries the first article's wordings word for word, so "which outlet carried this
    wording?" is asked only of the wordings one outlet alone carried, with all three as options."""
    items = quiz_kinds.all_items(three, ["outlet"])
    assert items
    outlets = sorted(s.publisher_label for s in three.sources())
    for item in items:
        question = quiz.make_question(three, item, seed=3)
        assert sorted(question.options) == outlets, question
        carrier = three.quote(quiz_kinds.key_of(item)).citation.source_id
        assert question.options[question.answer] == next(s.publisher_label for s in three.sources() if s.id == carrier)
    assert not any(item.endswith(f"-{NEW['id']}") for item in items)  # worded exactly as another outlet did


def test_a_quote_of_the_new_outlet_is_answered_with_its_citation(three):
    quote = next(q for q in three.all_quotes() if q.citation.source_id == NEW["id"])
    fragment = " ".join(quote.text.split()[:6])
    reply = questions.answer("who_said", three, Message(f'who said "{fragment}"?', "who_said"), Context())
    assert three.person(quote.person_id).name in reply.text


def test_the_nlu_name_tables_include_the_new_outlet(three):
    tables = nlu_export.render(three)
    assert f"- {NEW['outlet'].lower()}\n" in tables and "- the wire\n" in tables  # the actor lookup table
    assert f"- synonym: {NEW['actor']}" in tables


def test_a_mixed_quiz_still_plans_under_three_sources(three):
    items = quiz.plan_mix(three, {}, 10, seed=random.Random(1).randrange(100))
    assert len(items) == 10
