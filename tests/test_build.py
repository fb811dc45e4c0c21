"""The knowledge build: expected rows, verified spans, linked wordings, clear failures, idempotence."""
import shutil
import sqlite3

import pytest
import sqlite_utils

from knowledge import SOURCES_DIR
from knowledge.build import BuildError, build, main

EXPECTED_PEOPLE = {
    "armitage": "Richard Armitage", "bush": "George W. Bush", "grossman": "Marc Grossman",
    "hadley": "Stephen Hadley", "harrigan": "Steve Harrigan", "ivanov": "Igor Ivanov",
    "lukin": "Vladimir Lukin", "putin": "Vladimir Putin", "singh": "Jaswant Singh",
    "wolfowitz": "Paul Wolfowitz", "yakovenko": "Alexander Yakovenko",
}
# Every direct quotation in the two articles: (source, speaker, start of the quoted words).
EXPECTED_QUOTES = [
    ("cnn", "yakovenko", "more questions than answers."),
    ("cnn", "yakovenko", "The United States has been unable to give us arguments"),
    ("cnn", "yakovenko", "But I want to underline that discussions will continue."),
    ("cnn", "lukin", "We shouldn't oppose the idea of anti-missile defence itself"),
    ("cnn", "lukin", "Our position here should be flexible."),
    ("ap", "yakovenko", "The American side has so far failed to produce convincing arguments"),
    ("ap", "hadley", "put forward and elaborated on some of the points the president made."),
    ("ap", "hadley", "The Russian side raised some serious and important questions"),
    ("ap", "hadley", "We began to give them some answers to their questions."),
    ("ap", "lukin", "We should not, gritting our teeth, oppose the very idea of NMD"),
    ("ap", "lukin", "Our stand should be flexible in this case."),
    ("ap", "hadley", "the threat has a certain reality and urgency"),
    ("ap", "armitage", "I was honored to present President Bush's thinking"),
    ("ap", "grossman", "We would like to see the day when all countries are able to protect themselves"),
]


@pytest.fixture
def db(built_db):
    return sqlite_utils.Database(built_db)


@pytest.fixture
def sources_copy(tmp_path):
    """A writable copy of knowledge/sources to break on purpose."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, target)
    return target


def test_people_are_exactly_the_expected_ones(db):
    assert {row["id"]: row["name"] for row in db["people"].rows} == EXPECTED_PEOPLE


def test_every_quote_has_the_right_speaker_and_source(db):
    rows = sorted((r["source_id"], r["person_id"], r["text"]) for r in db["quotes"].rows)
    assert len(rows) == len(EXPECTED_QUOTES)
    for source, speaker, start in EXPECTED_QUOTES:
        assert any(r[0] == source and r[1] == speaker and r[2].startswith(start) for r in rows), start


def test_spans_point_at_the_exact_text(db):
    texts = {row["id"]: row["text"] for row in db["sources"].rows}
    for table, column in [("quotes", "text"), ("facts", "evidence"), ("positions", "evidence"),
                          ("events", "evidence"), ("roles", "evidence"), ("sentences", "text")]:
        rows = list(db[table].rows)
        assert rows, table
        for row in rows:
            assert texts[row["source_id"]][row["start"]:row["end"]] == row[column], (table, row["id"])


def test_every_fact_points_at_the_sentence_holding_it(db):
    sentences = {row["id"]: row for row in db["sentences"].rows}
    for table in ("quotes", "facts", "positions", "events", "roles"):
        for row in db[table].rows:
            sentence = sentences[row["sentence_id"]]
            assert sentence["source_id"] == row["source_id"]
            assert sentence["start"] <= row["start"] < sentence["end"], (table, row["id"])


def test_both_outlets_wordings_are_linked_as_one_statement(db):
    pairs = {}
    for row in db["quotes"].rows_where("statement_id is not null"):
        pairs.setdefault(row["statement_id"], set()).add((row["source_id"], row["person_id"]))
    assert pairs == {
        "yakovenko-no-convincing-arguments": {("cnn", "yakovenko"), ("ap", "yakovenko")},
        "lukin-do-not-oppose-nmd": {("cnn", "lukin"), ("ap", "lukin")},
        "lukin-be-flexible": {("cnn", "lukin"), ("ap", "lukin")},
    }


def test_sources_carry_their_metadata_and_no_page_furniture(db):
    sources = {row["id"]: row for row in db["sources"].rows}
    assert (sources["cnn"]["outlet"], sources["ap"]["outlet"], sources["ap"]["carried_from"]) == \
        ("CNN", "CBS News", "The Associated Press")
    assert sources["cnn"]["talks_date"] == sources["ap"]["talks_date"] == "2001-05-11"
    for furniture in ("Watch CBSN Live", "Skip to main content", "AIFF or WAV", "All Rights Reserved",
                      "Back to the top", "Bush faces tough choices"):
        assert all(furniture not in row["text"] for row in sources.values()), furniture
    related = [row["headline"] for row in db["related_headlines"].rows]
    assert "Bush faces tough choices in missile defense plan" in related
    assert all("not article text" in row["label"] for row in db["related_headlines"].rows)


def test_foreign_keys_and_fts_are_in_place(db):
    assert {fk.other_table for fk in db["quotes"].foreign_keys} == {"people", "sources", "statements",
                                                                    "paragraphs", "sentences"}
    for table in ("quotes", "facts", "paragraphs"):
        assert db[table].detect_fts() == f"{table}_fts"
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_rebuild_is_byte_identical(tmp_path):
    build(tmp_path / "a.db")
    build(tmp_path / "b.db")
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()


@pytest.mark.parametrize("file, old, new, message", [
    ("quotes.yml", "Our stand should be flexible in this case.", "Our stand must be flexible.",
     "quote 'lukin-stand-flexible': text not found in source 'ap'"),
    ("facts.yml", "topic: nmd\n", "topic: nmd-typo\n", "fact 'nmd-shield': unknown topic 'nmd-typo'"),
    ("people.yml", "evidence: \"President Vladimir Putin\"", "evidence: \"President Vladimir Poutine\"",
     "person 'putin' role 1: text not found"),
    ("quotes.yml", "person: grossman", "person: hadley",
     "quote 'grossman-protect-from-terrorism' is attributed to 'hadley' but the article text points to 'grossman'"),
])
def test_broken_annotation_fails_with_a_clear_message(sources_copy, tmp_path, file, old, new, message):
    path = sources_copy / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(BuildError, match=message.replace("(", r"\(")):
        build(tmp_path / "broken.db", sources_dir=sources_copy)
    assert not (tmp_path / "broken.db").exists()


def test_a_quotation_missing_from_the_annotations_fails_the_build(sources_copy, tmp_path):
    path = sources_copy / "quotes.yml"
    text = path.read_text()
    start = text.index("  - id: hadley-began-to-give-answers")
    end = text.index("  - id: lukin-gritting-our-teeth")
    path.write_text(text[:start] + text[end:])
    with pytest.raises(BuildError, match="quotation missing .*We began to give them some answers"):
        build(tmp_path / "broken.db", sources_dir=sources_copy)


def test_failed_build_keeps_the_previous_db(sources_copy, tmp_path):
    target = tmp_path / "abm.db"
    build(target, sources_dir=sources_copy)
    before = target.read_bytes()
    (sources_copy / "facts.yml").write_text("- {id: x, topic: nmd, source: cnn, evidence: nowhere, summary: x}\n")
    with pytest.raises(BuildError):
        build(target, sources_dir=sources_copy)
    assert target.read_bytes() == before
    assert sqlite3.connect(target).execute("select count(*) from quotes").fetchone()[0] == 14


def test_command_line_reports_failure_without_traceback(capsys, monkeypatch, sources_copy, tmp_path):
    (sources_copy / "people.yml").write_text("- {id: x}\n")
    monkeypatch.setattr("knowledge.build.SOURCES_DIR", sources_copy)
    monkeypatch.setattr("knowledge.build.build.__defaults__", (None, sources_copy))
    assert main(["--db", str(tmp_path / "x.db")]) == 1
    assert capsys.readouterr().err.startswith("knowledge build failed:")
