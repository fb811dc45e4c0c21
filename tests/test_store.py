"""Store queries: names, aliases, role phrases, typos, fragments, and hostile strings."""
import pytest

from knowledge.store import KnowledgeStore, StoreUnavailable, fts_query

HOSTILE = ["", " ", "\x00\x01\x02", "x" * 20_000, '"', "'", '"unbalanced', "NEAR(a b)", "a AND OR NOT b",
           "title:foo*", "*", "^", "-", "(((", "'; DROP TABLE people; --", "1 OR 1=1", "<script>alert(1)</script>",
           "😀🚀", "مرحبا بالعالم", "Привет, Лукин", "\u202eevil", "%s %d {0}", "\\", "NULL", "/who_is{\"person\": 1}"]


@pytest.mark.parametrize("text, expected", [
    ("Lukin", "lukin"), ("vladimir lukin", "lukin"), ("LUKIN", "lukin"),
    ("wolfowits", "wolfowitz"), ("Wolfowitz", "wolfowitz"), ("Paul Wolfowitz", "wolfowitz"),
    ("the Russian foreign minister", "ivanov"), ("the spokesman", "yakovenko"), ("yakovenk", "yakovenko"),
    ("the Indian defence minister", "singh"), ("hadly", "hadley"), ("Mr. Bush", "bush"),
    ("the US president", "bush"), ("grosman", "grossman"), ("the lawmaker", "lukin"),
])
def test_find_person_by_name_alias_role_or_typo(store, text, expected):
    people = store.find_people(text)
    assert people and people[0][0].id == expected


@pytest.mark.parametrize("text, expected", [
    ("Vladimir", {"lukin", "putin"}),
    ("the deputy secretary", {"wolfowitz", "armitage"}),
])
def test_ambiguous_names_return_every_candidate_with_equal_scores(store, text, expected):
    people = store.find_people(text)
    top = people[0][1]
    assert {p.id for p, score in people if score == top} == expected


def test_unknown_name_finds_nobody(store):
    assert store.find_people("Bob Smith") == []
    assert store.find_people("Stalin") == []


def test_mentions_in_a_whole_message(store):
    assert [m.entity_id for m in store.mentions("who is wolfowits?")] == ["wolfowitz"]
    assert [m.entity_id for m in store.mentions("what did the Russian foreign minister say")] == ["ivanov"]
    assert [m.entity_id for m in store.mentions("Germany and France", "actor")] == ["france", "germany"]


def test_quotes_by_person(store):
    quotes = store.quotes_by("lukin")
    assert [q.citation.outlet for q in quotes] == ["CNN", "CNN", "CBS News (AP)", "CBS News (AP)"]
    assert all(q.speaker == "Vladimir Lukin" for q in quotes)
    assert store.quotes_by("putin") == []


@pytest.mark.parametrize("fragment, quote_id", [
    ("discussions will continue", "yakovenko-discussions-will-continue"),
    ("who said 'more questions than answers'?", "yakovenko-more-questions-than-answers"),
    ("gritting our teeth", "lukin-gritting-our-teeth"),
    ("protect themselves from terrorism", "grossman-protect-from-terrorism"),
    ("the threat has a certain reality", "hadley-threat-reality-urgency"),
    ("serious important questions", "hadley-serious-questions"),
    ("unilaterally reduce our nuclear arsenal", "armitage-new-strategic-framework"),
    ("the americans failed to produce convincing arguments", "yakovenko-failed-to-produce-arguments"),
])
def test_who_said_ranks_the_right_quote_first(store, fragment, quote_id):
    matches = store.who_said(fragment)
    assert matches[0].quote.id == quote_id
    assert matches[0].score >= 70


def test_both_wordings_of_a_statement(store):
    wordings = store.wordings("lukin-be-flexible")
    assert [(q.citation.source_id, q.text) for q in wordings] == [
        ("cnn", "Our position here should be flexible."), ("ap", "Our stand should be flexible in this case.")]


def test_positions_and_facts(store):
    assert [p.id for p in store.positions_of("germany")] == ["germany-no-view"]
    assert "russia-opposes-abandoning-abm" in [p.id for p in store.positions_of("russia")]
    assert "abm-treaty-bans" in [f.id for f in store.facts_about("abm-treaty")]


def test_every_sentence_is_an_answer_source_with_its_speakers_and_links(store):
    sentences = store.sentences()
    assert [s.id for s in sentences[:3]] == ["cnn-s001", "cnn-s002", "cnn-s003"] and sentences[0].headline
    by_id = {s.id: s for s in sentences}
    assert by_id["cnn-s004"].speakers == ("yakovenko",)  # "… for 30 years," he said.
    assert by_id["ap-s017"].speakers == ("hadley",)  # the second sentence of a quotation
    assert ("person", "lukin") in by_id["ap-s010"].links  # "A prominent Russian lawmaker said …"
    assert store.sentence("ap-s019").citation.sentence_id == "ap-s019" and store.sentence("nope") is None


def test_curated_rows_and_sides_come_from_the_sources(store):
    kinds = {s.kind for s in store.statements()}
    assert kinds == {"fact", "position", "event"} and len(store.statements()) == 29 + 23 + 13
    assert store.side_label("russia") == "the Russian side" and "media" in store.sides()
    assert store.sources_named("how did CNN and the AP differ?") == ["cnn", "ap"]


def test_sources_list_both_articles(store):
    assert [(s.outlet, s.headline) for s in store.sources()] == [
        ("CNN", "Moscow looks for NMD answers"), ("CBS News", "Russia Unswayed On Missile Defense")]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_never_raise(store, text):
    for entity_type in ("person", "actor", "topic"):
        assert isinstance(store.match_name(text, entity_type), list)
        assert isinstance(store.mentions(text, entity_type), list)
    assert isinstance(store.find_people(text), list)
    assert isinstance(store.who_said(text), list)
    assert isinstance(store.sources_named(text), list)


def test_fts_query_quotes_every_term():
    assert fts_query('NEAR(a "b") OR c*') == '"near" OR "b" OR "c"'  # stopwords a, or dropped
    assert fts_query("") == ""


def test_missing_or_corrupt_db_says_how_to_rebuild(tmp_path):
    with pytest.raises(StoreUnavailable, match="make knowledge"):
        KnowledgeStore(tmp_path / "missing.db")
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreUnavailable, match="make knowledge"):
        KnowledgeStore(corrupt)
