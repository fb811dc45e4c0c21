"""Learner progress, scheduled with FSRS, on both sides of `bot.storage`: real SQLite files and a
real (throwaway) PostgreSQL server. Atomic answers across processes, resent answers counted once,
reset archived and undone, learners kept apart, old archives pruned, learners' names kept — each
checked on both sides (the `where` fixture); the same schema on both; an unreachable or refusing
PostgreSQL is ProgressUnavailable. SQLite only: Leitner files migrated (re-runnably, in one
transaction, nothing lost) — PostgreSQL progress never had that schema — and a corrupt file.

Every test runs on a fixed clock with interval fuzzing off. The PostgreSQL server (tests/cluster.py,
`PrivatePostgres`) starts once, on first use, on a free port; each test gets a new database in it."""
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from bot import quiz, storage
from bot.progress import (LEARNING_STEPS, MASTERED_STABILITY_DAYS, MIGRATED_BOXES, MIGRATED_DIFFICULTY, NAME_MAX,
                          RELEARNING_STEPS, SECONDS_PER_DAY, Migrated, Progress, ProgressUnavailable,
                          default_progress_path, is_mastered, make_scheduler, migrate, rating_for)
from tests.cluster import PrivatePostgres
from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 4
ANSWERS_PER_PROCESS = 50
ITEM = "said:a"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
# The schema before answer keys and archives existed, as the oldest var/progress.db files have it.
OLDEST_SCHEMA = """
create table answers (
    id integer primary key, sender text not null, item_id text not null,
    correct integer not null, answered_at real not null);
create table boxes (
    sender text not null, item_id text not null, box integer not null,
    primary key (sender, item_id));
"""
# The Leitner schema just before FSRS (git show <before FSRS>:bot/progress.py), archives and keys included.
LEITNER_SCHEMA = """
create table if not exists answers (
    id integer primary key, sender text not null, item_id text not null,
    correct integer not null, answered_at real not null, answer_key text);
create table if not exists boxes (
    sender text not null, item_id text not null, box integer not null,
    primary key (sender, item_id));
create table if not exists resets (
    reset_id text primary key, sender text not null, reset_at real not null);
create table if not exists archived_answers (
    reset_id text not null references resets, answer_id integer not null, sender text not null,
    item_id text not null, correct integer not null, answered_at real not null, answer_key text);
create table if not exists archived_boxes (
    reset_id text not null references resets, sender text not null, item_id text not null,
    box integer not null, primary key (reset_id, item_id));
create unique index if not exists answers_sender_key on answers (sender, answer_key);
create index if not exists resets_sender on resets (sender, reset_at);
create index if not exists archived_answers_reset on archived_answers (reset_id);
"""


@pytest.fixture(autouse=True)
def no_fuzz(monkeypatch):
    """Tests run without interval fuzzing (the setting is inherited by the processes they start)."""
    monkeypatch.setenv("ABM_FSRS_FUZZ", "0")


@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL server for the session, stopped (and its data removed) at the end."""
    server = PrivatePostgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request, tmp_path):
    """Where a test's progress lives: a new SQLite file, or a new PostgreSQL database (a URL)."""
    if request.param == "sqlite":
        return tmp_path / "progress.db"
    return request.getfixturevalue("postgres").create_database()


def query(where, sql: str, parameters: tuple = ()) -> list[tuple]:
    """Run one statement (``?`` placeholders) straight on the database; return its rows."""
    with storage.open_database(where).connect() as conn:
        cursor = conn.execute(sql, parameters)
        return cursor.fetchall() if cursor.description else []


def answer_many(path, worker: int, pattern: str, barrier) -> list[tuple[str, fsrs.Card]]:
    """Record ANSWERS_PER_PROCESS answers on ITEM from a fresh process (on the real clock); return
    (answer key, card told) pairs."""
    progress = Progress(path)
    barrier.wait()
    results = []
    for i in range(ANSWERS_PER_PROCESS):
        correct = pattern == "all" or (worker + i) % 3 != 0
        hinted = pattern == "mixed" and (worker + i) % 5 == 0
        key = f"w{worker}:{i}"
        results.append((key, progress.record("ann", ITEM, correct, answer_key=key, hinted=hinted)))
    return results


def answer_in_processes(path, pattern: str) -> list[tuple[str, fsrs.Card]]:
    """Run answer_many in PROCESSES processes that start recording together."""
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, context.Pool(PROCESSES) as pool:
        barrier = manager.Barrier(PROCESSES)
        batches = pool.starmap(answer_many, [(path, worker, pattern, barrier) for worker in range(PROCESSES)])
    return [pair for batch in batches for pair in batch]


def stored_reviews(where) -> list[tuple]:
    return query(where, "select answer_key, rating, reviewed_at from reviews order by id")


def columns(where, name: str) -> list[str]:
    with storage.open_database(where).connect() as conn:
        return conn.columns(name)


def table(where, name: str, order: str) -> list[tuple]:
    chosen = [column for column in columns(where, name) if column not in ("id", "review_id")]
    return query(where, f"select {', '.join(chosen)} from {name} order by {order}")


def tables(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}


def dump(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def replay(rows) -> dict[str, fsrs.Card]:
    """Schedule the stored reviews one after another as FSRS says; return the card after each, by key."""
    scheduler, card, cards = make_scheduler(fuzz=False), None, {}
    for key, rating, reviewed_at in rows:
        when = datetime.fromisoformat(reviewed_at)
        card, _ = scheduler.review_card(card or fsrs.Card(card_id=0, due=when), fsrs.Rating(rating), when)
        cards[key] = card
    return cards


# -- concurrency and idempotency ----------------------------------------------------------------

def test_concurrent_right_answers_from_several_processes_are_all_counted(where):
    path = where
    told = dict(answer_in_processes(path, "all"))
    rows = stored_reviews(path)
    assert len(rows) == len(told) == PROCESSES * ANSWERS_PER_PROCESS
    assert {rating for _, rating, _ in rows} == {fsrs.Rating.Good}
    assert {told[key].state for key, _, _ in rows} == {fsrs.State.Review}  # right first time: Review at once
    assert replay(rows) == told
    assert Progress(path).cards("ann") == {ITEM: told[rows[-1][0]]}


def test_concurrent_mixed_answers_move_the_card_as_if_one_after_another(where):
    """Replaying the stored order through FSRS gives every card a process was told: no update was lost."""
    path = where
    told = dict(answer_in_processes(path, "mixed"))
    rows = stored_reviews(path)
    assert {rating for _, rating, _ in rows} == {fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good}
    assert [at for _, _, at in rows] == sorted(at for _, _, at in rows)  # times taken under the write lock
    assert replay(rows) == told and len(told) == PROCESSES * ANSWERS_PER_PROCESS
    assert Progress(path).cards("ann") == {ITEM: told[rows[-1][0]]}


def test_a_resent_answer_counts_once(where):
    path = where
    progress = Progress(path)
    first = progress.record("ann", ITEM, True, answer_key="quiz1:0", now=T0)
    assert progress.record("ann", ITEM, True, answer_key="quiz1:0", now=T0 + MINUTE) == first
    assert progress.record("ann", ITEM, False, answer_key="quiz1:0", now=T0 + MINUTE) == first
    second = progress.record("ann", ITEM, True, answer_key="quiz1:1", now=T0 + 10 * MINUTE)
    assert second.last_review == T0 + 10 * MINUTE and first.last_review == T0
    assert progress.record("bob", ITEM, True, answer_key="quiz1:0", now=T0) == first  # keys belong to one learner
    assert len(stored_reviews(path)) == 3
    assert progress.cards("ann") == {ITEM: second}


def test_a_resent_answer_returns_its_items_card(where):
    progress = Progress(where)
    progress.record("ann", "said:a", True, answer_key="quiz1:0", now=T0)
    wrong = progress.record("ann", "said:b", False, answer_key="quiz1:1", now=T0)
    assert progress.record("ann", "said:a", True, answer_key="quiz1:1", now=T0 + MINUTE) == wrong
    assert set(progress.cards("ann")) == {"said:a", "said:b"} and progress.cards("ann")["said:b"] == wrong


# -- FSRS scheduling ------------------------------------------------------------------------------

@pytest.mark.parametrize("correct, hinted, rating", [
    (True, False, fsrs.Rating.Good), (True, True, fsrs.Rating.Hard),
    (False, False, fsrs.Rating.Again), (False, True, fsrs.Rating.Again),
])
def test_right_first_time_is_good_after_a_hint_hard_and_wrong_again(correct, hinted, rating):
    assert rating_for(correct, hinted) == rating


def test_each_answer_is_logged_with_rating_hint_and_the_answer_given(where):
    progress = Progress(where)
    progress.record("ann", "said:a", True, answer_key="q:0", given="Vladimir Lukin", now=T0)
    progress.record("ann", "said:b", True, answer_key="q:1", hinted=True, given="Igor Ivanov", now=T0 + MINUTE)
    progress.record("ann", "said:c", False, answer_key="q:2", given="Colin Powell", now=T0 + 2 * MINUTE)
    progress.record("ann", "said:d", False, answer_key="q:3", hinted=True, now=T0 + 3 * MINUTE)  # a skip
    history = progress.history("ann")
    assert [(r.item_id, r.rating, r.given, r.correct, r.hinted, r.answer_key) for r in history] == [
        ("said:a", fsrs.Rating.Good, "Vladimir Lukin", True, False, "q:0"),
        ("said:b", fsrs.Rating.Hard, "Igor Ivanov", True, True, "q:1"),
        ("said:c", fsrs.Rating.Again, "Colin Powell", False, False, "q:2"),
        ("said:d", fsrs.Rating.Again, None, False, True, "q:3")]
    assert [r.reviewed_at for r in history] == [T0 + i * MINUTE for i in range(4)]
    assert progress.history("bob") == []


def test_due_times_move_as_fsrs_says(where):
    progress, scheduler = Progress(where), make_scheduler(fuzz=False)
    assert progress.scheduler.enable_fuzzing is False
    # a new item: wrong, or right after a hint, stays in Learning, due at once (the next quiz asks it
    # first); right first time goes to Review, due in days
    assert LEARNING_STEPS == (timedelta(0),) and RELEARNING_STEPS == (timedelta(0),)
    for name, correct, hinted in [("said:x", False, False), ("said:y", True, True), ("said:z", False, True)]:
        card = progress.record("ann", name, correct, hinted=hinted, now=T0)
        assert (card.state, card.step, card.due) == (fsrs.State.Learning, 0, T0)
    card = progress.record("ann", ITEM, True, now=T0)
    assert (card.state, card.step) == (fsrs.State.Review, None) and card.due >= T0 + DAY
    expected = fsrs.Card(card_id=0, due=T0)
    expected, _ = scheduler.review_card(expected, fsrs.Rating.Good, T0)
    when = card.due
    for rating, correct, hinted in [(fsrs.Rating.Good, True, False), (fsrs.Rating.Good, True, False),
                                    (fsrs.Rating.Hard, True, True), (fsrs.Rating.Again, False, False),
                                    (fsrs.Rating.Good, True, False)]:
        expected, _ = scheduler.review_card(expected, rating, when)
        card = progress.record("ann", ITEM, correct, hinted=hinted, now=when)
        assert card == expected == progress.cards("ann")[ITEM]
        when = card.due
    # the Review answers above pushed the item days ahead; the wrong one sent it back to relearning
    ratings = [r.rating for r in progress.history("ann") if r.item_id == ITEM]
    assert ratings == [fsrs.Rating.Good, fsrs.Rating.Good, fsrs.Rating.Good, fsrs.Rating.Hard, fsrs.Rating.Again,
                      fsrs.Rating.Good]


def test_a_wrong_answer_in_review_relearns_at_once(where):
    progress = Progress(where)
    review = progress.record("ann", ITEM, True, now=T0)
    assert review.state == fsrs.State.Review and review.due - T0 >= DAY
    missed = progress.record("ann", ITEM, False, now=review.due)
    assert (missed.state, missed.due) == (fsrs.State.Relearning, review.due)  # due again at once
    assert missed.stability < review.stability
    relearned = progress.record("ann", ITEM, True, now=review.due + HOUR)
    assert relearned.state == fsrs.State.Review and relearned.due >= review.due + DAY


def test_right_answers_at_their_due_times_reach_mastered(where):
    progress = Progress(where)
    when, card, answers = T0, None, 0
    while card is None or not is_mastered(card):
        card = progress.record("ann", ITEM, True, now=when)
        when, answers = card.due, answers + 1
        assert answers < 10
    assert card.state == fsrs.State.Review and card.stability >= MASTERED_STABILITY_DAYS
    summary = progress.summary("ann", [ITEM, "said:b"], now=when - MINUTE)
    assert (summary.mastered, summary.learning, summary.unseen, summary.due) == (1, 0, 1, 0)
    assert summary.next_due == card.due
    assert progress.summary("ann", [ITEM], now=card.due).due == 1


def test_a_wrong_answer_makes_the_item_due_first_next_quiz(where, store):
    progress = Progress(where)
    items = quiz.plan(store, {}, length=quiz.MAX_LENGTH, seed=1, now=T0)
    for item in items[:4]:
        progress.record("ann", item, True, now=T0)
    missed = items[4]
    progress.record("ann", missed, False, now=T0)
    progress.record("ann", items[5], False, now=T0 + 30 * MINUTE)  # missed too, but later
    cards = progress.cards("ann")
    for now, seed in [(T0, 1), (T0 + 2 * MINUTE, 2), (T0 + DAY, 3), (T0 + 30 * DAY, 4)]:
        planned = quiz.plan(store, cards, 5, seed=seed, now=now)
        assert planned[0] == missed, now
    planned = quiz.plan(store, cards, 5, seed=1, now=T0 + 2 * MINUTE)
    assert not set(planned[1:]) & set(cards)  # then new ones; the right ones are not due for days
    assert quiz.plan(store, cards, 5, seed=1, now=T0 + DAY)[:2] == [missed, items[5]]  # most overdue first
    planned = quiz.plan(store, cards, 6, seed=4, now=T0 + 30 * DAY)  # all due
    assert planned[:2] == [missed, items[5]] and set(planned[2:]) == set(items[:4])


@pytest.mark.parametrize("setting, fuzzed", [("0", False), (" 0 ", False), ("1", True), ("", True), (None, True)])
def test_fuzzing_is_on_unless_the_setting_turns_it_off(monkeypatch, tmp_path, setting, fuzzed):
    if setting is None:
        monkeypatch.delenv("ABM_FSRS_FUZZ")
    else:
        monkeypatch.setenv("ABM_FSRS_FUZZ", setting)
    assert Progress(tmp_path / "p.db").scheduler.enable_fuzzing is fuzzed
    assert Progress(tmp_path / "p.db", fuzz=not fuzzed).scheduler.enable_fuzzing is not fuzzed
    assert make_scheduler().desired_retention == 0.9


def test_a_naive_clock_is_refused(where):
    with pytest.raises(ValueError):
        Progress(where).record("ann", ITEM, True, now=datetime(2025, 3, 1, 12))


# -- reset, undo, prune, isolation ----------------------------------------------------------------

def test_reset_archives_and_undo_restores_exactly(where):
    path = where
    progress = Progress(path)
    assert progress.reset("ann") is None
    for i, correct in enumerate([True, True, False, True, True, True]):
        progress.record("ann", f"said:{i % 3}", correct, answer_key=f"quiz1:{i}", hinted=i == 4, given=f"option {i}",
                        now=T0 + i * MINUTE)
    before, history = progress.cards("ann"), progress.history("ann")
    rows = table(path, "reviews", "id"), table(path, "cards", "item_id")
    reset_id = progress.reset("ann")
    assert reset_id and progress.latest_reset("ann") == reset_id
    assert progress.cards("ann") == {} and progress.history("ann") == [] and stored_reviews(path) == []
    assert Progress(path).undo_reset("ann") is True
    assert progress.cards("ann") == before and progress.history("ann") == history
    assert (table(path, "reviews", "id"), table(path, "cards", "item_id")) == rows
    assert progress.latest_reset("ann") is None and progress.undo_reset("ann") is False
    assert progress.record("ann", "said:0", False, answer_key="quiz1:0") == before["said:0"]  # keys came back too


def test_undo_is_refused_once_the_learner_answered_since(where):
    progress = Progress(where)
    progress.record("ann", "said:a", True, now=T0)
    progress.record("ann", "said:a", True, now=T0 + MINUTE)
    first = progress.reset("ann")
    missed = progress.record("ann", "said:b", False, now=T0 + 2 * MINUTE)
    assert progress.undo_reset("ann") is False
    assert progress.cards("ann") == {"said:b": missed} and progress.latest_reset("ann") == first
    second = progress.reset("ann")
    assert progress.undo_reset("ann") is True  # the latest reset: what was answered after the first
    assert progress.cards("ann") == {"said:b": missed} and progress.latest_reset("ann") == first
    assert progress.undo_reset("ann") is False and second != first


def test_learners_never_touch_each_others_progress_or_archive(where):
    progress = Progress(where)
    ann = progress.record("ann", "said:a", True, now=T0)
    progress.record("bob", "said:a", False, now=T0)
    progress.record("bob", "said:b", True, now=T0)
    bob, bob_history = progress.cards("bob"), progress.history("bob")
    progress.reset("ann")
    assert progress.cards("bob") == bob
    assert progress.undo_reset("bob") is False and progress.cards("bob") == bob
    progress.reset("bob")
    assert progress.undo_reset("ann") is True
    assert progress.cards("ann") == {"said:a": ann} and progress.cards("bob") == {}
    assert progress.undo_reset("bob") is True
    assert progress.cards("bob") == bob and progress.history("bob") == bob_history


def test_prune_deletes_only_old_archives(where):
    path = where
    progress = Progress(path)
    for sender in ("ann", "bob"):
        progress.record(sender, "said:a", True)
    old, recent = progress.reset("ann"), progress.reset("bob")
    query(path, "update resets set reset_at = ? where reset_id = ?", (time.time() - 10 * SECONDS_PER_DAY, old))
    assert progress.prune(7) == 1
    assert progress.latest_reset("ann") is None and progress.undo_reset("ann") is False
    assert progress.latest_reset("bob") == recent and progress.undo_reset("bob") is True
    assert query(path, "select count(*) from archived_reviews") == [(0,)]
    assert query(path, "select count(*) from archived_cards") == [(0,)]
    assert progress.prune(0) == 0
    with pytest.raises(ValueError):
        progress.prune(-1)


# -- learners' names ------------------------------------------------------------------------------

def test_a_learners_name_is_trimmed_capped_and_kept_as_given(where):
    path = where
    progress = Progress(path)
    assert progress.name("ann") is None
    assert progress.set_name("ann", "  Anna-Lena O'Brien \n") == "Anna-Lena O'Brien"
    assert Progress(path).name("ann") == "Anna-Lena O'Brien" and progress.name("bob") is None
    long = "Bartholomew " * 10
    assert progress.set_name("bob", long, now=T0) == long.strip()[:NAME_MAX].rstrip()
    assert len(progress.name("bob")) <= NAME_MAX and progress.name("bob").startswith("Bartholomew Bartholomew")
    progress.set_name("ann", "anna")
    assert progress.name("ann") == "anna"  # replaced, case as given
    with pytest.raises(ValueError):
        progress.set_name("ann", "   ")
    assert progress.name("ann") == "anna"
    progress.record("ann", ITEM, True)
    progress.reset("ann")
    assert progress.name("ann") == "anna"  # a reset clears quiz history, not the name
    named_at = T0.isoformat(timespec="microseconds")
    assert query(path, "select named_at from learners where sender = 'bob'") == [(named_at,)]


# -- where progress lives: SQLite or PostgreSQL ---------------------------------------------------

def test_the_setting_picks_a_file_or_a_postgresql_url(monkeypatch, tmp_path):
    monkeypatch.delenv("ABM_PROGRESS_DB", raising=False)
    assert default_progress_path() == ROOT / "var" / "progress.db"  # the embedded default, as before
    monkeypatch.setenv("ABM_PROGRESS_DB", str(tmp_path / "p.db"))
    assert default_progress_path() == tmp_path / "p.db" and Progress().path == tmp_path / "p.db"
    url = "postgresql://rasa_app:s3cret@127.0.0.1:5433/rasa"
    monkeypatch.setenv("ABM_PROGRESS_DB", url)
    assert default_progress_path() == url
    progress = Progress()
    assert progress.path is None and progress.database.name == "PostgreSQL"
    assert progress.location == "postgresql://rasa_app@127.0.0.1:5433/rasa"  # never the password
    assert storage.parse_location("postgres://h/db") == "postgres://h/db"
    assert storage.parse_location("var/p.db") == Path("var/p.db")


def test_both_sides_have_the_same_schema(tmp_path, postgres):
    sides = [tmp_path / "progress.db", postgres.create_database()]
    for side in sides:
        Progress(side).learners()  # the first use creates the schema
    sqlite_types = {"integer": {"integer", "bigint"}, "text": {"text"}, "real": {"double precision"}}
    expected = {"cards", "reviews", "resets", "archived_cards", "archived_reviews", "learners"}
    with storage.open_database(sides[0]).connect() as lite, storage.open_database(sides[1]).connect() as pg:
        assert lite.tables() == pg.tables() == expected
        for name in sorted(expected):
            declared = [(row[1], row[2].lower(), bool(row[3] or row[5]))  # name, type, not null or key
                        for row in lite.execute(f"pragma table_info({name})")]
            found = pg.execute("select column_name, data_type, is_nullable = 'NO' from information_schema.columns "
                               "where table_schema = current_schema() and table_name = ? order by ordinal_position",
                               (name,)).fetchall()
            assert [column for column, _, _ in declared] == [column for column, _, _ in found] == lite.columns(name)
            for (column, lite_type, lite_required), (_, pg_type, pg_required) in zip(declared, found):
                assert pg_type in sqlite_types[lite_type], (name, column, lite_type, pg_type)
                assert lite_required == pg_required, (name, column)
        index = "select indexname from pg_indexes where schemaname = current_schema() and indexname = ?"
        for name in ("reviews_sender_key", "resets_sender", "archived_reviews_reset"):
            assert lite.execute("select 1 from sqlite_master where type = 'index' and name = ?", (name,)).fetchall()
            assert pg.execute(index, (name,)).fetchall(), name
    assert query(sides[1], "select data_type, is_identity from information_schema.columns "
                           "where table_name = 'reviews' and column_name = 'id'") == [("bigint", "YES")]


def test_a_database_made_before_reset_order_gets_it(where):
    """Schema step 1, on both sides: a resets table without ``seq`` gets it, numbered by time."""
    real = storage.open_database(where).types["real"]
    query(where, f"create table resets (reset_id text primary key, sender text not null, reset_at {real} not null)")
    for reset_id, at in [("later", 2000.0), ("early", 1000.0), ("other", 1500.0)]:
        query(where, "insert into resets values (?, ?, ?)", (reset_id, "bob" if reset_id == "other" else "ann", at))
    progress = Progress(where)
    assert progress.latest_reset("ann") == "later" and progress.latest_reset("bob") == "other"
    assert query(where, "select reset_id, seq from resets order by seq") == [("early", 1), ("other", 2), ("later", 3)]
    progress.record("ann", ITEM, True, now=T0)
    newest = progress.reset("ann")
    assert query(where, "select seq from resets where reset_id = ?", (newest,)) == [(4,)]
    assert Progress(where).latest_reset("ann") == newest and Progress(where).migrate() == Migrated()


def test_two_resets_in_the_same_instant_are_told_apart_by_their_order(where, monkeypatch):
    progress = Progress(where)
    monkeypatch.setattr(time, "time", lambda: 1_750_000_000.0)  # a coarse clock: both resets at once
    progress.record("ann", "said:a", True, now=T0)
    first = progress.reset("ann")
    progress.record("ann", "said:b", True, now=T0)
    second = progress.reset("ann")
    assert progress.latest_reset("ann") == second and progress.undo_reset("ann") is True
    assert set(progress.cards("ann")) == {"said:b"} and progress.latest_reset("ann") == first


def test_learners_are_listed_in_the_order_they_first_appeared(where):
    progress = Progress(where)
    progress.set_name("zed", "Zed")  # named, no answers yet: after those who answered, by sender
    progress.record("cy", ITEM, True, now=T0)
    progress.record("ann", ITEM, True, now=T0)
    progress.set_name("ann", "Ann")
    progress.set_name("Bob", "Bob")
    progress.record("cy", ITEM, False, now=T0)
    assert progress.learners() == ["cy", "ann", "Bob", "zed"]  # "B" < "z" by code point, on both sides


def test_a_nul_in_the_answer_given_is_kept_as_a_replacement_character(where):
    progress = Progress(where)
    progress.record("ann", ITEM, True, answer_key="q:0", given="Lu\0kin", now=T0)
    assert progress.history("ann")[0].given == "Lu\ufffdkin"


def test_postgresql_that_refuses_or_is_down_is_unavailable_and_the_password_never_shown(postgres):
    url = postgres.create_database()
    Progress(url).record("ann", ITEM, True, now=T0)
    wrong = postgres.url(url.rsplit("/", 1)[1], password="guess")
    down = f"postgresql://{postgres.ROLE}:{postgres.password}@127.0.0.1:{free_port()}/rasa"
    for location, reason in [(wrong, "password authentication failed"), (down, "refused")]:
        progress = Progress(location)
        for call in (lambda: progress.record("ann", ITEM, True), lambda: progress.cards("ann"),
                     lambda: progress.reset("ann")):
            with pytest.raises(ProgressUnavailable, match=reason) as raised:
                call()
            assert postgres.password not in str(raised.value) and "guess" not in str(raised.value)
            assert str(raised.value).startswith(f"learner progress at postgresql://{postgres.ROLE}@127.0.0.1:")
    assert len(Progress(url).history("ann")) == 1  # nothing changed


def test_postgresql_connections_are_kept_and_replaced_when_they_break(postgres, monkeypatch):
    url = postgres.create_database()
    monkeypatch.setattr(storage, "PING_AFTER_IDLE_SECONDS", 0.0)
    progress = Progress(url)
    progress.record("ann", "said:a", True, now=T0)
    progress.record("ann", "said:b", True, now=T0)
    assert query(url, "select count(*) from pg_stat_activity where application_name = ? and pid <> pg_backend_pid()",
                 (storage.APPLICATION_NAME,)) == [(1,)]  # one connection, kept for both answers
    postgres.admin(f"select pg_terminate_backend(pid) from pg_stat_activity "
                   f"where application_name = '{storage.APPLICATION_NAME}'")  # a restart, an idle timeout
    assert set(progress.cards("ann")) == {"said:a", "said:b"}  # noticed before use: a new connection
    progress.record("ann", "said:c", False, now=T0)
    assert len(progress.history("ann")) == 3


def test_migrate_a_postgresql_url_from_the_command_line_with_the_password_in_the_environment(postgres):
    url = postgres.create_database()
    public = url.replace(f":{postgres.password}@", "@")
    command = [sys.executable, "-m", "bot.progress", "migrate", public]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PGPASSWORD": postgres.password})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{public}: nothing to migrate (already FSRS)"
    assert {row[0] for row in query(url, "select table_name from information_schema.tables "
                                         "where table_schema = 'public'")} >= {"cards", "reviews", "resets"}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PGPASSWORD": "guess"})
    assert result.returncode == 1 and "unavailable" in result.stderr and "guess" not in result.stderr


# -- migration from Leitner boxes -----------------------------------------------------------------

def fill_leitner_file(path) -> dict:
    """Write a Leitner file by hand (the schema just before FSRS) and return what it holds."""
    answers = [  # id, sender, item, correct, answered_at, key
        (1, "ann", "said:a", 1, 1000.0, "q1:0"), (2, "ann", "said:a", 0, 2000.5, "q1:1"),
        (3, "ann", "said:b", 1, 3000.25, None), (4, "ann", "said:b", 1, 4000.0, "q2:0"),
        (5, "ann", "said:c", 1, 5000.0, "q2:1"), (6, "ann", "said:c", 1, 6000.0, "q2:2"),
        (7, "ann", "said:c", 1, 7000.0, "q2:3"), (9, "cy", "said:a", 1, 7500.0, "q1:0"),
    ]
    boxes = [("ann", "said:a", 1), ("ann", "said:b", 2), ("ann", "said:c", 3), ("cy", "said:a", 1),
             ("cy", "said:z", 2)]  # a box without answers (hand-edited files have them)
    archived_answers = [("r1", 8, "bob", "said:a", 1, 500.0, "q0:0"), ("r1", 10, "bob", "said:a", 1, 600.0, "q0:1"),
                        ("r1", 11, "bob", "said:d", 0, 700.0, None)]
    archived_boxes = [("r1", "bob", "said:a", 2), ("r1", "bob", "said:d", 1)]
    with sqlite3.connect(path) as conn:
        conn.executescript(LEITNER_SCHEMA)
        conn.executemany("insert into answers values (?, ?, ?, ?, ?, ?)", answers)
        conn.executemany("insert into boxes values (?, ?, ?)", boxes)
        conn.execute("insert into resets values ('r1', 'bob', ?)", (time.time(),))
        conn.executemany("insert into archived_answers values (?, ?, ?, ?, ?, ?, ?)", archived_answers)
        conn.executemany("insert into archived_boxes values (?, ?, ?, ?)", archived_boxes)
    return {"answers": answers, "boxes": boxes, "archived_answers": archived_answers, "archived_boxes": archived_boxes}


def expected_card(box: int, last_answer, now: datetime) -> fsrs.Card:
    rule = MIGRATED_BOXES[box]
    last = datetime.fromtimestamp(last_answer, timezone.utc) if last_answer is not None else None
    if box == 1:
        return fsrs.Card(card_id=0, state=fsrs.State.Learning, step=0, due=now, last_review=last)
    return fsrs.Card(card_id=0, state=fsrs.State.Review, stability=rule.stability, difficulty=MIGRATED_DIFFICULTY,
                     due=now + rule.due_in, last_review=last or now)


def test_migrating_a_leitner_file_loses_nothing(tmp_path):
    path = tmp_path / "progress.db"
    old = fill_leitner_file(path)
    assert migrate(path, now=T0) == Migrated(cards=5, reviews=8, archived_cards=2, archived_reviews=3)
    assert not tables(path) & {"answers", "boxes", "archived_answers", "archived_boxes"}
    progress = Progress(path)
    for sender in ("ann", "cy"):
        answers = [a for a in old["answers"] if a[1] == sender]
        assert [(r.item_id, r.correct, r.reviewed_at, r.answer_key, r.rating, r.given, r.hinted)
                for r in progress.history(sender)] == [
            (item, bool(correct), datetime.fromtimestamp(at, timezone.utc), key,
             fsrs.Rating.Good if correct else fsrs.Rating.Again, None, None)
            for _, _, item, correct, at, key in answers]
        assert progress.cards(sender) == {
            item: expected_card(box, max((a[4] for a in answers if a[2] == item), default=None), T0)
            for who, item, box in old["boxes"] if who == sender}
    cards = progress.cards("ann")
    assert cards["said:a"].due == T0 and cards["said:a"].state == fsrs.State.Learning  # box 1: due now
    assert cards["said:b"].state == fsrs.State.Review and not is_mastered(cards["said:b"])
    assert T0 < cards["said:b"].due < cards["said:c"].due and is_mastered(cards["said:c"])  # box 3: mastered
    summary = progress.summary("ann", ["said:a", "said:b", "said:c", "said:d"], now=T0)
    assert (summary.mastered, summary.learning, summary.unseen, summary.due) == (1, 2, 1, 1)
    # the archive came along: undoing bob's reset brings back his migrated cards and answers
    assert progress.cards("bob") == {} and progress.latest_reset("bob") == "r1"
    assert progress.undo_reset("bob") is True
    assert progress.cards("bob") == {"said:a": expected_card(2, 600.0, T0), "said:d": expected_card(1, 700.0, T0)}
    assert [(r.item_id, r.correct, r.answer_key) for r in progress.history("bob")] == [
        ("said:a", True, "q0:0"), ("said:a", True, "q0:1"), ("said:d", False, None)]
    # migrated keys still count once, and migrated cards go on under FSRS
    assert progress.record("ann", "said:b", False, answer_key="q2:0", now=T0) == cards["said:b"]
    assert progress.record("ann", "said:a", True, answer_key="q3:0", now=T0).state == fsrs.State.Review  # graduated
    assert progress.record("ann", "said:c", True, answer_key="q3:1", now=T0 + 21 * DAY).stability > 21


def test_migration_is_rerunnable_and_runs_on_first_open(tmp_path):
    path = tmp_path / "progress.db"
    fill_leitner_file(path)
    first = Progress(path)
    assert len(first.cards("ann")) == 3 and first.migrated.cards == 5  # migrated on first open
    after = dump(path)
    assert migrate(path, now=T0 + DAY) == Migrated() and not Migrated()
    assert first.migrate() == Migrated() and dump(path) == after


def test_an_interrupted_migration_leaves_the_file_as_it_was(tmp_path):
    path = tmp_path / "progress.db"
    fill_leitner_file(path)
    before = dump(path)
    script = ("import os, sys; import bot.progress as p; moved = p._move_boxes\n"
              "def move_then_die(*args):\n"
              "    count = moved(*args)\n"
              "    if args[2] == 'archived_boxes': os._exit(9)\n"
              "    return count\n"
              "p._move_boxes = move_then_die; p.migrate(sys.argv[1])")
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT)
    assert result.returncode == 9
    assert dump(path) == before  # killed inside the transaction: nothing half-done
    assert migrate(path, now=T0) == Migrated(cards=5, reviews=8, archived_cards=2, archived_reviews=3)


def test_migrate_from_the_command_line(tmp_path):
    path = tmp_path / "progress.db"
    fill_leitner_file(path)
    command = [sys.executable, "-m", "bot.progress", "migrate", str(path)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "migrated 5 Leitner boxes to cards and 8 answers to reviews (archived: 2 boxes, 3 answers)" in result.stdout
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "nothing to migrate" in result.stdout
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database" * 100)
    result = subprocess.run([*command[:-1], str(corrupt)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "unavailable" in result.stderr
    assert corrupt.read_bytes() == b"not a database" * 100
    missing = tmp_path / "missing.db"
    result = subprocess.run([*command[:-1], str(missing)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and not missing.exists()


def test_a_file_with_the_oldest_schema_keeps_its_data_and_records(tmp_path):
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(OLDEST_SCHEMA)
        conn.executemany("insert into answers (sender, item_id, correct, answered_at) values (?, ?, ?, ?)",
                         [("ann", "said:a", 1, 1.0), ("ann", "said:a", 1, 2.0), ("ann", "said:b", 0, 3.0)])
        conn.executemany("insert into boxes values (?, ?, ?)", [("ann", "said:a", 2), ("ann", "said:b", 1)])
    progress = Progress(path)
    cards = progress.cards("ann")
    assert cards["said:a"].state == fsrs.State.Review and cards["said:b"].state == fsrs.State.Learning
    assert [(r.item_id, r.correct, r.answer_key) for r in progress.history("ann")] == [
        ("said:a", True, None), ("said:a", True, None), ("said:b", False, None)]
    again = progress.record("ann", "said:a", True, answer_key="quiz1:0")
    assert progress.record("ann", "said:a", False, answer_key="quiz1:0") == again
    progress.record("ann", "said:b", True)
    assert [r.answer_key for r in progress.history("ann")] == [None, None, None, "quiz1:0", None]
    after = progress.cards("ann")
    progress.reset("ann")
    assert progress.undo_reset("ann") is True
    assert progress.cards("ann") == after and len(progress.history("ann")) == 5
