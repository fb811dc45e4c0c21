"""Per-learner quiz progress in its own SQLite file (never the knowledge DB).

Leitner boxes: a right answer moves an item up one box (to MASTERED_BOX at most), a wrong one
back to box 1. Every answer is one write transaction (BEGIN IMMEDIATE, WAL, synchronous=FULL):
the box is read and written under the write lock, so concurrent processes never lose an update
and a crash or restart loses nothing already answered. An answer may carry a key (quiz id and
question position); a resent answer with the same key counts once. A reset moves the learner's
history into archive tables, from which `undo_reset` brings it back until `prune` deletes it.
A file that cannot be used (corrupt, unwritable, locked too long) raises ProgressUnavailable and
is never overwritten, so earlier progress is not lost.
"""
import os
import sqlite3
import time
import uuid
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

MASTERED_BOX = 3
LOCK_TIMEOUT_SECONDS = 10
SECONDS_PER_DAY = 86400
SCHEMA = (
    """create table if not exists answers (
        id integer primary key, sender text not null, item_id text not null,
        correct integer not null, answered_at real not null, answer_key text)""",
    """create table if not exists boxes (
        sender text not null, item_id text not null, box integer not null,
        primary key (sender, item_id))""",
    """create table if not exists resets (
        reset_id text primary key, sender text not null, reset_at real not null)""",
    """create table if not exists archived_answers (
        reset_id text not null references resets, answer_id integer not null, sender text not null,
        item_id text not null, correct integer not null, answered_at real not null, answer_key text)""",
    """create table if not exists archived_boxes (
        reset_id text not null references resets, sender text not null, item_id text not null,
        box integer not null, primary key (reset_id, item_id))""",
)
# Files made before answer keys existed get the column; their rows keep NULL keys (never duplicates).
MIGRATIONS = {("answers", "answer_key"): "alter table answers add column answer_key text"}
INDEXES = (
    "create unique index if not exists answers_sender_key on answers (sender, answer_key)",
    "create index if not exists resets_sender on resets (sender, reset_at)",
    "create index if not exists archived_answers_reset on archived_answers (reset_id)",
)


def default_progress_path() -> Path:
    """Return $ABM_PROGRESS_DB, else var/progress.db in the project."""
    return Path(os.environ.get("ABM_PROGRESS_DB", Path(__file__).resolve().parent.parent / "var" / "progress.db"))


class ProgressUnavailable(RuntimeError):
    """The progress file cannot be read or written right now; nothing in it was changed."""


@dataclass(frozen=True)
class ProgressSummary:
    """Counts of items a learner has mastered, is learning, and has never seen."""

    mastered: int
    learning: int
    unseen: int


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"pragma table_info({table})")}


def _has_history(conn: sqlite3.Connection, sender: str) -> bool:
    return conn.execute("select exists (select 1 from answers where sender = ?) "
                        "or exists (select 1 from boxes where sender = ?)", (sender, sender)).fetchone()[0] == 1


def _latest_reset(conn: sqlite3.Connection, sender: str) -> Optional[str]:
    row = conn.execute("select reset_id from resets where sender = ? order by reset_at desc, rowid desc limit 1",
                       (sender,)).fetchone()
    return row[0] if row else None


class Progress:
    """Read and record learners' quiz answers."""

    def __init__(self, path: Optional[Path] = None):
        self.path = Path(path or default_progress_path())
        self._ready = False

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """Open the file (creating or migrating the schema once); map errors to ProgressUnavailable.

        The connection is in autocommit mode: a read is one statement, a write uses `_write`.
        """
        try:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_SECONDS, isolation_level=None)) as conn:
                conn.execute("pragma synchronous=full")
                if not self._ready:
                    conn.execute("pragma journal_mode=wal")
                    with _write(conn):
                        self._create_schema(conn)
                    self._ready = True
                yield conn
        except (sqlite3.Error, OSError) as error:
            raise ProgressUnavailable(f"learner progress at {self.path} is unavailable: {error}") from error

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        for statement in SCHEMA:
            conn.execute(statement)
        for (table, column), statement in MIGRATIONS.items():
            if column not in _columns(conn, table):
                conn.execute(statement)
        for statement in INDEXES:
            conn.execute(statement)

    def record(self, sender: str, item_id: str, correct: bool, answer_key: Optional[str] = None) -> int:
        """Store one answer and move the item's box; return the new box.

        An answer whose `answer_key` this learner already sent changes nothing and returns the
        box already stored for its item.
        """
        with self._db() as conn, _write(conn):
            if answer_key is not None:
                row = conn.execute("select b.box from answers a join boxes b on b.sender = a.sender "
                                   "and b.item_id = a.item_id where a.sender = ? and a.answer_key = ?",
                                   (sender, answer_key)).fetchone()
                if row:
                    return row[0]
            row = conn.execute("select box from boxes where sender = ? and item_id = ?", (sender, item_id)).fetchone()
            box = min((row[0] if row else 0) + 1, MASTERED_BOX) if correct else 1
            conn.execute("insert into answers (sender, item_id, correct, answered_at, answer_key) values (?, ?, ?, ?, ?)",
                         (sender, item_id, int(correct), time.time(), answer_key))
            conn.execute("insert into boxes (sender, item_id, box) values (?, ?, ?) "
                         "on conflict (sender, item_id) do update set box = excluded.box", (sender, item_id, box))
        return box

    def boxes(self, sender: str) -> dict[str, int]:
        """Return {item id: box} for everything the learner has answered."""
        with self._db() as conn:
            return dict(conn.execute("select item_id, box from boxes where sender = ?", (sender,)).fetchall())

    def summary(self, sender: str, items: list[str]) -> ProgressSummary:
        """Count mastered, learning and unseen among `items`."""
        boxes = self.boxes(sender)
        mastered = sum(1 for i in items if boxes.get(i, 0) >= MASTERED_BOX)
        learning = sum(1 for i in items if 0 < boxes.get(i, 0) < MASTERED_BOX)
        return ProgressSummary(mastered, learning, len(items) - mastered - learning)

    def reset(self, sender: str) -> Optional[str]:
        """Move one learner's answers and boxes into the archive; return the reset id (None: nothing to reset)."""
        with self._db() as conn, _write(conn):
            if not _has_history(conn, sender):
                return None
            reset_id = uuid.uuid4().hex
            conn.execute("insert into resets (reset_id, sender, reset_at) values (?, ?, ?)",
                         (reset_id, sender, time.time()))
            conn.execute("insert into archived_answers (reset_id, answer_id, sender, item_id, correct, answered_at, "
                         "answer_key) select ?, id, sender, item_id, correct, answered_at, answer_key from answers "
                         "where sender = ?", (reset_id, sender))
            conn.execute("insert into archived_boxes (reset_id, sender, item_id, box) "
                         "select ?, sender, item_id, box from boxes where sender = ?", (reset_id, sender))
            conn.execute("delete from answers where sender = ?", (sender,))
            conn.execute("delete from boxes where sender = ?", (sender,))
        return reset_id

    def latest_reset(self, sender: str) -> Optional[str]:
        """Return the id of the learner's most recent archived reset, if any."""
        with self._db() as conn:
            return _latest_reset(conn, sender)

    def undo_reset(self, sender: str) -> bool:
        """Bring back the learner's most recent archived reset; return whether anything was restored.

        Refused (False, archive kept) once the learner has answered anything since the reset:
        old and new history are never merged. Also False when there is no archived reset.
        """
        with self._db() as conn, _write(conn):
            reset_id = _latest_reset(conn, sender)
            if reset_id is None or _has_history(conn, sender):
                return False
            conn.execute("insert into answers (sender, item_id, correct, answered_at, answer_key) "
                         "select sender, item_id, correct, answered_at, answer_key from archived_answers "
                         "where reset_id = ? and sender = ? order by answer_id", (reset_id, sender))
            conn.execute("insert into boxes (sender, item_id, box) select sender, item_id, box from archived_boxes "
                         "where reset_id = ? and sender = ?", (reset_id, sender))
            _delete_archives(conn, "reset_id = ? and sender = ?", (reset_id, sender))
        return True

    def prune(self, older_than_days: float) -> int:
        """Permanently delete archived resets older than `older_than_days`; return how many."""
        if older_than_days < 0:
            raise ValueError(f"older_than_days must not be negative, got {older_than_days}")
        cutoff = time.time() - older_than_days * SECONDS_PER_DAY
        with self._db() as conn, _write(conn):
            return _delete_archives(conn, "reset_at < ?", (cutoff,))


def _delete_archives(conn: sqlite3.Connection, where: str, parameters: tuple) -> int:
    """Delete the resets matching `where` (on the resets table) with their archived rows; return how many."""
    chosen = f"select reset_id from resets where {where}"
    conn.execute(f"delete from archived_answers where reset_id in ({chosen})", parameters)
    conn.execute(f"delete from archived_boxes where reset_id in ({chosen})", parameters)
    return conn.execute(f"delete from resets where {where}", parameters).rowcount


@contextmanager
def _write(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: take the write lock first, commit on success, roll back on any error."""
    conn.execute("begin immediate")
    try:
        yield
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")
