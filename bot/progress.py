"""Per-learner quiz progress in its own SQLite file (never the knowledge DB).

Leitner boxes: a right answer moves an item up one box (to MASTERED_BOX at most), a wrong one
back to box 1. Every answer is one committed transaction (WAL, synchronous=FULL), so a crash or
restart loses nothing already answered.
"""
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as conn:
            conn.execute("pragma journal_mode=wal")
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10)
        conn.execute("pragma synchronous=full")
        return conn

    def record(self, sender: str, item_id: str, correct: bool) -> int:
        """Store one answer and move the item's box; return the new box."""
        with closing(self._connect()) as conn, conn:
            row = conn.execute("select box from boxes where sender = ? and item_id = ?", (sender, item_id)).fetchone()
            box = min((row[0] if row else 0) + 1, MASTERED_BOX) if correct else 1
            conn.execute("insert into answers (sender, item_id, correct, answered_at) values (?, ?, ?, ?)",
                         (sender, item_id, int(correct), time.time()))
            conn.execute("insert into boxes (sender, item_id, box) values (?, ?, ?) "
                         "on conflict (sender, item_id) do update set box = excluded.box", (sender, item_id, box))
        return box

    def boxes(self, sender: str) -> dict[str, int]:
        """Return {item id: box} for everything the learner has answered."""
        with closing(self._connect()) as conn:
            return dict(conn.execute("select item_id, box from boxes where sender = ?", (sender,)).fetchall())

    def summary(self, sender: str, items: list[str]) -> ProgressSummary:
        """Count mastered, learning and unseen among `items`."""
        boxes = self.boxes(sender)
        mastered = sum(1 for i in items if boxes.get(i, 0) >= MASTERED_BOX)
        learning = sum(1 for i in items if 0 < boxes.get(i, 0) < MASTERED_BOX)
        return ProgressSummary(mastered, learning, len(items) - mastered - learning)

    def reset(self, sender: str) -> None:
        """Forget everything about one learner."""
        with closing(self._connect()) as conn, conn:
            conn.execute("delete from answers where sender = ?", (sender,))
            conn.execute("delete from boxes where sender = ?", (sender,))
