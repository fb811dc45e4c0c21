"""Per-learner quiz progress in its own SQLite file (never the knowledge DB).

Leitner boxes: a right answer moves an item up one box (to MASTERED_BOX at most), a wrong one
back to box 1. Every answer is one committed transaction (WAL, synchronous=FULL), so a crash or
restart loses nothing already answered. A file that cannot be used (corrupt, unwritable, locked
too long) raises ProgressUnavailable and is never overwritten, so earlier progress is not lost.
"""
import os
import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

MASTERED_BOX = 3
SCHEMA = """
create table if not exists answers (
    id integer primary key, sender text not null, item_id text not null,
    correct integer not null, answered_at real not null);
create table if not exists boxes (
    sender text not null, item_id text not null, box integer not null,
    primary key (sender, item_id));
"""


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


class Progress:
    """Read and record learners' quiz answers."""

    def __init__(self, path: Optional[Path] = None):
        self.path = Path(path or default_progress_path())
        self._ready = False

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """Open the file (creating the schema once) for one transaction; map errors to ProgressUnavailable."""
        try:
            if not self._ready:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=10)) as conn:
                conn.execute("pragma synchronous=full")
                if not self._ready:
                    conn.execute("pragma journal_mode=wal")
                    conn.executescript(SCHEMA)
                    self._ready = True
                with conn:
                    yield conn
        except (sqlite3.Error, OSError) as error:
            raise ProgressUnavailable(f"learner progress at {self.path} is unavailable: {error}") from error

    def record(self, sender: str, item_id: str, correct: bool) -> int:
        """Store one answer and move the item's box; return the new box."""
        with self._db() as conn:
            row = conn.execute("select box from boxes where sender = ? and item_id = ?", (sender, item_id)).fetchone()
            box = min((row[0] if row else 0) + 1, MASTERED_BOX) if correct else 1
            conn.execute("insert into answers (sender, item_id, correct, answered_at) values (?, ?, ?, ?)",
                         (sender, item_id, int(correct), time.time()))
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

    def reset(self, sender: str) -> None:
        """Forget everything about one learner."""
        with self._db() as conn:
            conn.execute("delete from answers where sender = ?", (sender,))
            conn.execute("delete from boxes where sender = ?", (sender,))
