"""Learner progress on real SQLite files: atomic answers across processes, resent answers counted
once, reset archived and undone, learners kept apart, old archives pruned, old files migrated."""
import multiprocessing
import sqlite3
import time

import pytest

from bot.progress import MASTERED_BOX, SECONDS_PER_DAY, Progress

PROCESSES = 4
ANSWERS_PER_PROCESS = 50
ITEM = "said:a"
# The schema before answer keys and archives existed, as older var/progress.db files have it.
OLD_SCHEMA = """
create table answers (
    id integer primary key, sender text not null, item_id text not null,
    correct integer not null, answered_at real not null);
create table boxes (
    sender text not null, item_id text not null, box integer not null,
    primary key (sender, item_id));
"""


def leitner(box: int, correct: bool) -> int:
    """The box after one answer, as the rules say."""
    return min(box + 1, MASTERED_BOX) if correct else 1


def answer_many(path, worker: int, pattern: str, barrier) -> list[tuple[str, int]]:
    """Record ANSWERS_PER_PROCESS answers on ITEM from a fresh process; return (answer key, box) pairs."""
    progress = Progress(path)
    barrier.wait()
    results = []
    for i in range(ANSWERS_PER_PROCESS):
        correct = pattern == "all" or (worker + i) % 3 != 0
        key = f"w{worker}:{i}"
        results.append((key, progress.record("ann", ITEM, correct, answer_key=key)))
    return results


def answer_in_processes(path, pattern: str) -> list[tuple[str, int]]:
    """Run answer_many in PROCESSES processes that start recording together."""
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, context.Pool(PROCESSES) as pool:
        barrier = manager.Barrier(PROCESSES)
        batches = pool.starmap(answer_many, [(path, worker, pattern, barrier) for worker in range(PROCESSES)])
    return [pair for batch in batches for pair in batch]


def stored_answers(path) -> list[tuple[str, int]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("select answer_key, correct from answers order by id").fetchall()


def test_concurrent_right_answers_from_several_processes_are_all_counted(tmp_path):
    path = tmp_path / "progress.db"
    results = answer_in_processes(path, "all")
    assert len(stored_answers(path)) == PROCESSES * ANSWERS_PER_PROCESS
    assert sorted(box for _, box in results) == [1, 2] + [MASTERED_BOX] * (PROCESSES * ANSWERS_PER_PROCESS - 2)
    assert Progress(path).boxes("ann") == {ITEM: MASTERED_BOX}


def test_concurrent_mixed_answers_move_the_box_as_if_one_after_another(tmp_path):
    """Replaying the stored order gives every box a process was told: no update was lost."""
    path = tmp_path / "progress.db"
    told = dict(answer_in_processes(path, "mixed"))
    box, replayed = 0, {}
    for key, correct in stored_answers(path):
        box = replayed[key] = leitner(box, bool(correct))
    assert replayed == told and len(told) == PROCESSES * ANSWERS_PER_PROCESS
    assert Progress(path).boxes("ann") == {ITEM: box}


def test_a_resent_answer_counts_once(tmp_path):
    path = tmp_path / "progress.db"
    progress = Progress(path)
    assert progress.record("ann", ITEM, True, answer_key="quiz1:0") == 1
    assert progress.record("ann", ITEM, True, answer_key="quiz1:0") == 1
    assert progress.record("ann", ITEM, False, answer_key="quiz1:0") == 1
    assert progress.record("ann", ITEM, True, answer_key="quiz1:1") == 2
    assert progress.record("bob", ITEM, True, answer_key="quiz1:0") == 1  # keys belong to one learner
    assert len(stored_answers(path)) == 3
    assert progress.boxes("ann") == {ITEM: 2}


def test_a_resent_answer_returns_its_items_box(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    progress.record("ann", "said:a", True, answer_key="quiz1:0")
    progress.record("ann", "said:b", False, answer_key="quiz1:1")
    assert progress.record("ann", "said:a", True, answer_key="quiz1:1") == 1
    assert progress.boxes("ann") == {"said:a": 1, "said:b": 1}


def test_reset_archives_and_undo_restores_exactly(tmp_path):
    path = tmp_path / "progress.db"
    progress = Progress(path)
    assert progress.reset("ann") is None
    for i, correct in enumerate([True, True, False, True, True, True]):
        progress.record("ann", f"said:{i % 3}", correct, answer_key=f"quiz1:{i}")
    before, answers_before = progress.boxes("ann"), stored_answers(path)
    reset_id = progress.reset("ann")
    assert reset_id and progress.latest_reset("ann") == reset_id
    assert progress.boxes("ann") == {} and stored_answers(path) == []
    assert Progress(path).undo_reset("ann") is True
    assert progress.boxes("ann") == before and stored_answers(path) == answers_before
    assert progress.latest_reset("ann") is None and progress.undo_reset("ann") is False
    assert progress.record("ann", "said:0", False, answer_key="quiz1:0") == before["said:0"]  # keys came back too


def test_undo_is_refused_once_the_learner_answered_since(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    progress.record("ann", "said:a", True)
    progress.record("ann", "said:a", True)
    first = progress.reset("ann")
    progress.record("ann", "said:b", False)
    assert progress.undo_reset("ann") is False
    assert progress.boxes("ann") == {"said:b": 1} and progress.latest_reset("ann") == first
    second = progress.reset("ann")
    assert progress.undo_reset("ann") is True  # the latest reset: what was answered after the first
    assert progress.boxes("ann") == {"said:b": 1} and progress.latest_reset("ann") == first
    assert progress.undo_reset("ann") is False and second != first


def test_learners_never_touch_each_others_progress_or_archive(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    progress.record("ann", "said:a", True)
    progress.record("bob", "said:a", False)
    progress.record("bob", "said:b", True)
    bob = progress.boxes("bob")
    progress.reset("ann")
    assert progress.boxes("bob") == bob
    assert progress.undo_reset("bob") is False and progress.boxes("bob") == bob
    progress.reset("bob")
    assert progress.undo_reset("ann") is True
    assert progress.boxes("ann") == {"said:a": 1} and progress.boxes("bob") == {}
    assert progress.undo_reset("bob") is True and progress.boxes("bob") == bob


def test_prune_deletes_only_old_archives(tmp_path):
    path = tmp_path / "progress.db"
    progress = Progress(path)
    for sender in ("ann", "bob"):
        progress.record(sender, "said:a", True)
    old, recent = progress.reset("ann"), progress.reset("bob")
    with sqlite3.connect(path) as conn:
        conn.execute("update resets set reset_at = ? where reset_id = ?", (time.time() - 10 * SECONDS_PER_DAY, old))
    assert progress.prune(7) == 1
    assert progress.latest_reset("ann") is None and progress.undo_reset("ann") is False
    assert progress.latest_reset("bob") == recent and progress.undo_reset("bob") is True
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from archived_answers").fetchone() == (0,)
        assert conn.execute("select count(*) from archived_boxes").fetchone() == (0,)
    assert progress.prune(0) == 0
    with pytest.raises(ValueError):
        progress.prune(-1)


def test_a_file_with_the_old_schema_keeps_its_data_and_records(tmp_path):
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_SCHEMA)
        conn.executemany("insert into answers (sender, item_id, correct, answered_at) values (?, ?, ?, ?)",
                         [("ann", "said:a", 1, 1.0), ("ann", "said:a", 1, 2.0), ("ann", "said:b", 0, 3.0)])
        conn.executemany("insert into boxes values (?, ?, ?)", [("ann", "said:a", 2), ("ann", "said:b", 1)])
    progress = Progress(path)
    assert progress.boxes("ann") == {"said:a": 2, "said:b": 1}
    assert progress.record("ann", "said:a", True, answer_key="quiz1:0") == MASTERED_BOX
    assert progress.record("ann", "said:a", False, answer_key="quiz1:0") == MASTERED_BOX
    assert progress.record("ann", "said:b", True) == 2
    assert [key for key, _ in stored_answers(path)] == [None, None, None, "quiz1:0", None]
    progress.reset("ann")
    assert progress.undo_reset("ann") is True
    assert progress.boxes("ann") == {"said:a": MASTERED_BOX, "said:b": 2} and len(stored_answers(path)) == 5
