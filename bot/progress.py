"""Per-learner quiz progress, scheduled with FSRS, in its own database (never the knowledge DB):
a SQLite file by default, or PostgreSQL when several action servers share it (`bot.storage`).

Every quiz item a learner has answered is an FSRS card; every answer is one review of it, rated
from the answer: right first time → Good, right after a hint → Hard, wrong or skipped → Again
(`rating_for`). The scheduler (`make_scheduler`, the one place it is built) moves the card's
due time; a new quiz asks due items first (see `bot.quiz.plan`).

Where: `Progress(location)` — a file path (default `default_progress_path()`: $ABM_PROGRESS_DB,
else var/progress.db) is SQLite, the embedded default for one machine; a ``postgresql://`` URL
(in $ABM_PROGRESS_DB too) is PostgreSQL, which `make serve-cluster` uses so that all its action
servers share one learner progress. The same SQL, schema and schema steps run on both sides;
`bot.storage` holds what differs (placeholders, column types, the write lock, errors).

Every answer is one write transaction under the database's single write lock (SQLite: BEGIN
IMMEDIATE, WAL, synchronous=FULL; PostgreSQL: BEGIN and one advisory lock): the card is read
and written under the lock, so concurrent processes — on one machine or several — never lose an
update and a crash or restart loses nothing already answered. An answer may carry a key (quiz id
and question position); a resent answer with the same key counts once. A reset moves the learner's cards and
reviews into archive tables, from which `undo_reset` brings them back until `prune` deletes them.
A database that cannot be used (a corrupt or unwritable file, PostgreSQL down or refusing the
password, locked too long) raises ProgressUnavailable and is never overwritten, so earlier
progress is not lost. Each recorded answer is logged (INFO: its answer key, never the learner).

Schema (the same tables and columns on both sides; times are ISO 8601 text in UTC to the
microsecond, "2025-03-01T12:00:00.000000+00:00", so they sort as text and SQLite's date functions
read them; `resets.reset_at` is Unix seconds, a float):

- ``cards`` (sender, item_id) primary key — one per learner and item answered at least once:
  ``state`` (fsrs.State: 1 Learning, 2 Review, 3 Relearning), ``step`` (learning/relearning step,
  NULL in Review), ``stability`` (days) and ``difficulty`` (1–10; both NULL only on a card
  migrated from Leitner box 1 that FSRS has not reviewed yet), ``due``, ``last_review``.
- ``reviews`` — the review log, one row per answer: ``id`` (order of recording), ``sender``,
  ``item_id``, ``rating`` (fsrs.Rating: 1 Again, 2 Hard, 3 Good), ``reviewed_at``,
  ``answer_key`` (unique per sender; NULL allowed), ``given`` (the answer as graded, the option's
  text; NULL for a skip), ``correct`` (0/1), ``hinted`` (0/1; NULL on rows migrated from Leitner
  files, which recorded neither hints nor the answer given).
- ``resets`` (reset_id, sender, reset_at, seq) — one per "reset my progress"; ``seq`` numbers
  them in the order they were made (the latest reset is the highest reset_at, then seq);
  ``archived_cards`` and ``archived_reviews`` (``review_id`` = the review's id) hold what each
  reset set aside, keyed by reset_id.
- ``learners`` (sender primary key, ``name``, ``named_at``) — the name a learner gave, for the
  teacher's report; a reset keeps it.

A card is named by (sender, item_id); fsrs's own ``card_id`` is not stored (0 in the objects
returned). ``given`` keeps at most GIVEN_MAX characters (a NUL becomes U+FFFD: PostgreSQL text
cannot hold NUL). Mastered (`is_mastered`): state Review and stability ≥ MASTERED_STABILITY_DAYS;
learning: answered, not mastered; due: ``due`` ≤ now.
To read it in Python: `Progress.cards`, `Progress.history`, `Progress.summary`, `Progress.name`.

Schema steps, on first open, in one write transaction with the schema's creation (`_prepare`;
`migrate`; also ``python -m bot.progress migrate [path or URL]``), each finding nothing to do
when run again:

1. ``resets.seq`` (both sides): added to databases made before it, numbering their resets by
   (reset_at, reset_id). It replaced SQLite's ``rowid`` as the tie-break, which PostgreSQL lacks.
2. Leitner boxes (SQLite only: PostgreSQL progress began after FSRS, so it never had the old
   schema). Files from before FSRS (tables ``answers`` and ``boxes``, perhaps
   ``archived_answers`` and ``archived_boxes``): each answer becomes a review (right → Good,
   wrong → Again, hinted and given NULL), each Leitner box a card (`MIGRATED_BOXES`), archives
   likewise; then the old tables are dropped.
"""
import argparse
import logging
import os
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator, Mapping, NamedTuple, Optional

import fsrs

from . import storage
from .storage import Connection, Location, parse_location

logger = logging.getLogger(__name__)

# -- FSRS settings and what counts as mastered: the one place to change them -------------------
DESIRED_RETENTION = 0.9  # schedule each review when recall has dropped to 90 % (FSRS's default)
# One learning (and relearning) step of zero: the quiz only looks at due times when a new quiz
# starts, so a missed item (Again) — or one right only after a hint, while still being learned
# (Hard) — is due at once and the next quiz asks it first, however soon it starts (FSRS's
# default steps of 1 and 10 minutes would put it behind the new items of a quiz started at once).
# A right answer (Good) graduates the item to Review, where FSRS spaces it out over days.
LEARNING_STEPS = (timedelta(0),)
RELEARNING_STEPS = (timedelta(0),)
FUZZ_SETTING = "ABM_FSRS_FUZZ"  # "0" turns interval fuzzing off (the tests); unset or anything else: on
# Mastered: in Review with a stability of three weeks or more, i.e. FSRS expects a 90 % chance of
# recall 21 days after the last review (at 0.9 retention the interval equals the stability);
# 21 days is also where Anki calls a card "mature".
MASTERED_STATE = fsrs.State.Review
MASTERED_STABILITY_DAYS = 21.0


class MigratedBox(NamedTuple):
    """The card a Leitner box becomes: its state, stability (days) and due time after migration."""

    state: fsrs.State
    stability: Optional[float]
    due_in: timedelta


# Box 1 (missed last time, or right once): Learning, due at once, FSRS starts afresh with it.
# Box 2 (one right answer from mastered): Review with a modest stability of 3 days (a little
# above FSRS's first Good, 2.3 days), due after a day, so it comes back soon.
# Box 3 (mastered): Review at exactly the mastered stability, due when FSRS would schedule it
# (21 days at 0.9 retention) — it stays mastered. Box numbers above 3 count as 3, below 1 as 1.
MIGRATED_BOXES = {
    1: MigratedBox(fsrs.State.Learning, None, timedelta(0)),
    2: MigratedBox(fsrs.State.Review, 3.0, timedelta(days=1)),
    3: MigratedBox(fsrs.State.Review, MASTERED_STABILITY_DAYS, timedelta(days=MASTERED_STABILITY_DAYS)),
}
MIGRATED_DIFFICULTY = 5.0  # the middle of FSRS's 1–10: a Leitner box says nothing about difficulty
CARD_ID = 0  # a card is named by (learner, item); fsrs's own card_id is not used

LOCK_TIMEOUT_SECONDS = storage.LOCK_TIMEOUT_SECONDS
SECONDS_PER_DAY = 86400
NAME_MAX = 60
GIVEN_MAX = 500  # characters of the answer given that are kept

Schedule = Mapping[str, fsrs.Card]  # a learner's cards by item id, as `Progress.cards` returns them

# {id}, {ref} and {real} are the column types that differ between the sides (`storage.Database.types`).
SCHEMA = (
    """create table if not exists cards (
        sender text not null, item_id text not null, state integer not null, step integer,
        stability {real}, difficulty {real}, due text not null, last_review text,
        primary key (sender, item_id))""",
    """create table if not exists reviews (
        id {id}, sender text not null, item_id text not null, rating integer not null,
        reviewed_at text not null, answer_key text, given text, correct integer not null, hinted integer)""",
    """create table if not exists resets (
        reset_id text primary key, sender text not null, reset_at {real} not null, seq integer)""",
    """create table if not exists archived_cards (
        reset_id text not null references resets, sender text not null, item_id text not null,
        state integer not null, step integer, stability {real}, difficulty {real}, due text not null,
        last_review text, primary key (reset_id, item_id))""",
    """create table if not exists archived_reviews (
        reset_id text not null references resets, review_id {ref} not null, sender text not null,
        item_id text not null, rating integer not null, reviewed_at text not null, answer_key text,
        given text, correct integer not null, hinted integer)""",
    """create table if not exists learners (
        sender text primary key, name text not null, named_at text not null)""",
)
INDEXES = (
    "create unique index if not exists reviews_sender_key on reviews (sender, answer_key)",
    "create index if not exists resets_sender on resets (sender, reset_at)",
    "create index if not exists archived_reviews_reset on archived_reviews (reset_id)",
)
CARD_COLUMNS = "state, step, stability, difficulty, due, last_review"
REVIEW_COLUMNS = "sender, item_id, rating, reviewed_at, answer_key, given, correct, hinted"
LEITNER_TABLES = ("answers", "boxes", "archived_answers", "archived_boxes")


def default_progress_path() -> Location:
    """Return $ABM_PROGRESS_DB — a file path, or a ``postgresql://`` URL (as a string) — else
    var/progress.db in the project."""
    setting = os.environ.get("ABM_PROGRESS_DB")
    if setting is None:
        return Path(__file__).resolve().parent.parent / "var" / "progress.db"
    return parse_location(setting)


def fuzz_default() -> bool:
    """Whether intervals are fuzzed unless a caller says otherwise: off when $ABM_FSRS_FUZZ is "0"."""
    return os.environ.get(FUZZ_SETTING, "1").strip() != "0"


def make_scheduler(fuzz: Optional[bool] = None) -> fsrs.Scheduler:
    """Build the FSRS scheduler from the settings above (fuzz None: `fuzz_default()`)."""
    return fsrs.Scheduler(desired_retention=DESIRED_RETENTION, learning_steps=LEARNING_STEPS,
                          relearning_steps=RELEARNING_STEPS,
                          enable_fuzzing=fuzz_default() if fuzz is None else fuzz)


_RECALL = make_scheduler(fuzz=False)  # retrievability does not depend on fuzzing


def rating_for(correct: bool, hinted: bool = False) -> fsrs.Rating:
    """Right first time → Good, right after a hint → Hard, wrong or skipped → Again."""
    if not correct:
        return fsrs.Rating.Again
    return fsrs.Rating.Hard if hinted else fsrs.Rating.Good


def is_mastered(card: fsrs.Card) -> bool:
    """In MASTERED_STATE with at least MASTERED_STABILITY_DAYS of stability."""
    return card.state == MASTERED_STATE and (card.stability or 0) >= MASTERED_STABILITY_DAYS


def retrievability(card: fsrs.Card, now: datetime) -> float:
    """FSRS's estimate (0–1) that the learner still remembers the item at `now`."""
    return _RECALL.get_card_retrievability(card, utc(now))


def utc(now: Optional[datetime] = None) -> datetime:
    """Return `now` in UTC (the clock when None); a naive datetime is refused."""
    if now is None:
        return datetime.now(timezone.utc)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {now!r}")
    return now.astimezone(timezone.utc)


def _stamp(moment: datetime) -> str:
    return utc(moment).isoformat(timespec="microseconds")


def _moment(text: Optional[str]) -> Optional[datetime]:
    return datetime.fromisoformat(text).astimezone(timezone.utc) if text else None


class ProgressUnavailable(RuntimeError):
    """The progress file cannot be read or written right now; nothing in it was changed."""


@dataclass(frozen=True)
class ProgressSummary:
    """Among some items: how many are mastered, being learned (seen, not mastered) and never seen;
    how many of those seen are due now, and when the next one after those is due (None: none)."""

    mastered: int
    learning: int
    unseen: int
    due: int = 0
    next_due: Optional[datetime] = None


@dataclass(frozen=True)
class Review:
    """One answer in the review log."""

    item_id: str
    rating: fsrs.Rating
    reviewed_at: datetime
    answer_key: Optional[str]
    given: Optional[str]
    correct: bool
    hinted: Optional[bool]


@dataclass(frozen=True)
class Migrated:
    """What a migration from Leitner boxes moved (all zero: nothing to migrate)."""

    cards: int = 0
    reviews: int = 0
    archived_cards: int = 0
    archived_reviews: int = 0

    def __bool__(self) -> bool:
        return any((self.cards, self.reviews, self.archived_cards, self.archived_reviews))


def _card(row) -> fsrs.Card:
    state, step, stability, difficulty, due, last_review = row
    return fsrs.Card(card_id=CARD_ID, state=fsrs.State(state), step=step, stability=stability,
                     difficulty=difficulty, due=_moment(due), last_review=_moment(last_review))


def _card_values(card: fsrs.Card) -> tuple:
    return (int(card.state), card.step, card.stability, card.difficulty, _stamp(card.due),
            _stamp(card.last_review) if card.last_review else None)


def _tables(conn: Connection) -> set[str]:
    return conn.tables()


def _columns(conn: Connection, table: str) -> set[str]:
    return set(conn.columns(table))


def _has_history(conn: Connection, sender: str) -> bool:
    return bool(conn.execute("select exists (select 1 from reviews where sender = ?) "
                             "or exists (select 1 from cards where sender = ?)", (sender, sender)).fetchone()[0])


def _latest_reset(conn: Connection, sender: str) -> Optional[str]:
    row = conn.execute("select reset_id from resets where sender = ? order by reset_at desc, seq desc limit 1",
                       (sender,)).fetchone()
    return row[0] if row else None


def _prepare(conn: Connection, now: datetime) -> "Migrated":
    """Create the schema and run the schema steps (see the module docstring) — inside the
    caller's write transaction, so an interruption leaves the database as it was. Return what
    the Leitner migration moved."""
    for statement in SCHEMA:
        conn.execute(statement.format(**conn.types))
    _number_resets(conn)
    for statement in INDEXES:
        conn.execute(statement)
    if not isinstance(conn.database, storage.SQLiteDatabase):  # PostgreSQL never had the Leitner schema
        return Migrated()
    return _migrate_leitner(conn, now)


def _number_resets(conn: Connection) -> None:
    """Schema step 1: give a resets table made before ``seq`` that column, numbering its resets by
    (reset_at, reset_id) — the same statements on both sides."""
    if "seq" in _columns(conn, "resets"):
        return
    conn.execute("alter table resets add column seq integer")
    conn.execute("update resets set seq = (select count(*) from resets as earlier "
                 "where earlier.reset_at < resets.reset_at "
                 "or (earlier.reset_at = resets.reset_at and earlier.reset_id <= resets.reset_id))")


def _migrated_card(box: int, last_answer: Optional[float], now: datetime) -> fsrs.Card:
    """The card a Leitner box becomes (see MIGRATED_BOXES); last_review is the item's latest answer."""
    rule = MIGRATED_BOXES[min(max(int(box), 1), max(MIGRATED_BOXES))]
    last_review = datetime.fromtimestamp(last_answer, timezone.utc) if last_answer is not None else None
    if rule.state == fsrs.State.Learning:
        return fsrs.Card(card_id=CARD_ID, state=rule.state, step=0, due=now, last_review=last_review)
    return fsrs.Card(card_id=CARD_ID, state=rule.state, step=None, stability=rule.stability,
                     difficulty=MIGRATED_DIFFICULTY, due=now + rule.due_in, last_review=last_review or now)


def _move_answers(conn: Connection, tables: set[str], source: str, archived: bool) -> int:
    """Copy Leitner answers (live or archived) into the review log in their order; return how many.
    Right → Good, wrong → Again; hinted and given are unknown (NULL). A key already there counts once."""
    if source not in tables:
        return 0
    key = "answer_key" if "answer_key" in _columns(conn, source) else "null"
    scope = "reset_id, answer_id, " if archived else ""
    target = f"archived_reviews (reset_id, review_id, {REVIEW_COLUMNS})" if archived else f"reviews ({REVIEW_COLUMNS})"
    order = "reset_id, answer_id" if archived else "id"
    moved = 0
    for *ids, sender, item_id, correct, answered_at, answer_key in conn.execute(
            f"select {scope}sender, item_id, correct, answered_at, {key} from {source} order by {order}").fetchall():
        values = (*ids, sender, item_id, int(rating_for(bool(correct))),
                  _stamp(datetime.fromtimestamp(answered_at, timezone.utc)), answer_key, None, int(bool(correct)), None)
        moved += conn.execute(f"insert or ignore into {target} values ({', '.join('?' * len(values))})",
                              values).rowcount
    return moved


def _move_boxes(conn: Connection, tables: set[str], source: str, answers: str, archived: bool,
                now: datetime) -> int:
    """Turn Leitner boxes (live or archived) into cards (`MIGRATED_BOXES`); return how many.
    A card already there for the learner and item is kept."""
    if source not in tables:
        return 0
    scope = "reset_id, " if archived else ""
    last = {}
    if answers in tables:
        last = {tuple(row[:-1]): row[-1] for row in conn.execute(
            f"select {scope}sender, item_id, max(answered_at) from {answers} group by {scope}sender, item_id")}
    target = f"archived_cards (reset_id, sender, item_id, {CARD_COLUMNS})" if archived else \
        f"cards (sender, item_id, {CARD_COLUMNS})"
    moved = 0
    for *where, box in conn.execute(f"select {scope}sender, item_id, box from {source}").fetchall():
        values = (*where, *_card_values(_migrated_card(box, last.get(tuple(where)), now)))
        moved += conn.execute(f"insert into {target} values ({', '.join('?' * len(values))}) on conflict do nothing",
                              values).rowcount
    return moved


def _migrate_leitner(conn: Connection, now: datetime) -> Migrated:
    """Turn Leitner answers and boxes (and their archives) into reviews and cards, then drop the
    old tables — inside the caller's transaction, so an interruption leaves the file as it was.
    SQLite only (`insert or ignore`)."""
    tables = _tables(conn)
    if not tables & set(LEITNER_TABLES):
        return Migrated()
    moved = Migrated(cards=_move_boxes(conn, tables, "boxes", "answers", False, now),
                     reviews=_move_answers(conn, tables, "answers", False),
                     archived_cards=_move_boxes(conn, tables, "archived_boxes", "archived_answers", True, now),
                     archived_reviews=_move_answers(conn, tables, "archived_answers", True))
    for table in LEITNER_TABLES:
        conn.execute(f"drop table if exists {table}")
    return moved


class Progress:
    """Read and record learners' quiz answers.

    :param path: where: a SQLite file (a path), or a ``postgresql://`` URL (a string); None:
        `default_progress_path()`
    :param fuzz: fuzz FSRS intervals (None: on unless $ABM_FSRS_FUZZ is "0")

    ``path`` is the SQLite file (None on PostgreSQL); ``location`` says where, for messages
    (a URL without its password).
    """

    def __init__(self, path: Optional[Location] = None, fuzz: Optional[bool] = None):
        self.database = storage.open_database(path or default_progress_path())
        self.path: Optional[Path] = self.database.path
        self.location = self.database.where
        self.scheduler = make_scheduler(fuzz)
        self.migrated = Migrated()
        self._ready = False

    @contextmanager
    def _db(self, now: Optional[datetime] = None) -> Iterator[Connection]:
        """Open the database (creating the schema and running the schema steps once, `now` being
        the Leitner migration's clock); map errors to ProgressUnavailable.

        The connection is in autocommit mode: a read is one statement, a write uses `conn.write()`.
        """
        try:
            with self.database.connect(setup=not self._ready) as conn:
                if not self._ready:
                    with conn.write():
                        self.migrated = _prepare(conn, utc(now))
                    self._ready = True
                    logger.info("Learner progress: %s at %s", self.database.name, self.location)
                yield conn
        except storage.StorageError as error:
            raise ProgressUnavailable(f"learner progress at {self.location} is unavailable: {error}") from error

    def migrate(self, now: Optional[datetime] = None) -> Migrated:
        """Run the schema steps now — on a Leitner file, its migration (one transaction; `now` is
        when migrated boxes count from); return what was moved — nothing when the file was
        migrated before, never was Leitner, or is PostgreSQL."""
        self._ready = False
        with self._db(now):
            pass
        return self.migrated

    def record(self, sender: str, item_id: str, correct: bool, answer_key: Optional[str] = None,
               hinted: bool = False, given: Optional[str] = None, now: Optional[datetime] = None) -> fsrs.Card:
        """Store one answer as a review and reschedule the item's card; return the new card.

        :param hinted: the learner took a hint (a right answer then rates Hard, not Good)
        :param given: the answer as graded (None for a skip); :param now: the review time (the clock)

        An answer whose `answer_key` this learner already sent changes nothing and returns the
        card already stored for its item.
        """
        rating = rating_for(correct, hinted)
        given = None if given is None else str(given)[:GIVEN_MAX].replace("\0", "\ufffd")
        with self._db() as conn, conn.write():
            if answer_key is not None:
                row = conn.execute("select item_id from reviews where sender = ? and answer_key = ?",
                                   (sender, answer_key)).fetchone()
                if row:
                    stored = conn.execute(f"select {CARD_COLUMNS} from cards where sender = ? and item_id = ?",
                                          (sender, row[0])).fetchone()
                    logger.info("Answer %s was recorded before: counted once", _shown(answer_key))
                    return _card(stored) if stored else fsrs.Card(card_id=CARD_ID, due=utc(now))
            when = utc(now)  # taken under the write lock: reviews are stored in the order of their times
            row = conn.execute(f"select {CARD_COLUMNS} from cards where sender = ? and item_id = ?",
                               (sender, item_id)).fetchone()
            card = _card(row) if row else fsrs.Card(card_id=CARD_ID, due=when)
            card, _ = self.scheduler.review_card(card, rating, when)
            conn.execute(f"insert into reviews ({REVIEW_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)",
                         (sender, item_id, int(rating), _stamp(when), answer_key, given, int(bool(correct)),
                          int(bool(hinted))))
            conn.execute(f"insert into cards (sender, item_id, {CARD_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?) "
                         "on conflict (sender, item_id) do update set state = excluded.state, step = excluded.step, "
                         "stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due, "
                         "last_review = excluded.last_review", (sender, item_id, *_card_values(card)))
        logger.info("Answer %s recorded (%s)", _shown(answer_key), rating.name)
        return card

    def cards(self, sender: str) -> dict[str, fsrs.Card]:
        """Return {item id: card} for everything the learner has answered."""
        with self._db() as conn:
            rows = conn.execute(f"select item_id, {CARD_COLUMNS} from cards where sender = ?", (sender,)).fetchall()
        return {row[0]: _card(row[1:]) for row in rows}

    def history(self, sender: str) -> list[Review]:
        """Return the learner's review log, oldest first."""
        with self._db() as conn:
            rows = conn.execute("select item_id, rating, reviewed_at, answer_key, given, correct, hinted from reviews "
                                "where sender = ? order by id", (sender,)).fetchall()
        return [Review(item, fsrs.Rating(rating), _moment(at), key, given, bool(correct),
                       None if hinted is None else bool(hinted))
                for item, rating, at, key, given, correct, hinted in rows]

    def summary(self, sender: str, items: list[str], now: Optional[datetime] = None) -> ProgressSummary:
        """Count mastered, learning, unseen and due-now among `items`, and find the next due time."""
        now, cards = utc(now), self.cards(sender)
        seen = [cards[item] for item in dict.fromkeys(items) if item in cards]
        mastered = sum(1 for card in seen if is_mastered(card))
        later = [card.due for card in seen if card.due > now]
        return ProgressSummary(mastered, len(seen) - mastered, len(set(items)) - len(seen),
                               sum(1 for card in seen if card.due <= now), min(later, default=None))

    def set_name(self, sender: str, name: str, now: Optional[datetime] = None) -> str:
        """Store the learner's name (trimmed, at most NAME_MAX characters, otherwise as given);
        return it as stored. A blank name is refused (ValueError)."""
        cleaned = str(name).strip()[:NAME_MAX].rstrip()
        if not cleaned:
            raise ValueError("a learner's name must not be blank")
        with self._db() as conn, conn.write():
            conn.execute("insert into learners (sender, name, named_at) values (?, ?, ?) on conflict (sender) "
                         "do update set name = excluded.name, named_at = excluded.named_at",
                         (sender, cleaned, _stamp(utc(now))))
        return cleaned

    def learners(self) -> list[str]:
        """Return every learner with a review or a name, in the order they first appeared."""
        with self._db() as conn:
            rows = conn.execute("select sender, min(first) from (select sender, min(id) as first from reviews "
                                "group by sender union all select sender, null from learners) as seen "
                                "group by sender").fetchall()
        # sorted here, not in SQL: PostgreSQL would order the names by its collation, SQLite by code point
        return [sender for sender, _ in sorted(rows, key=lambda row: (row[1] is None, row[1] or 0, row[0]))]

    def name(self, sender: str) -> Optional[str]:
        """Return the name the learner gave, if any."""
        with self._db() as conn:
            row = conn.execute("select name from learners where sender = ?", (sender,)).fetchone()
        return row[0] if row else None

    def reset(self, sender: str) -> Optional[str]:
        """Move one learner's cards and reviews into the archive; return the reset id (None: nothing to reset).
        The learner's name stays."""
        with self._db() as conn, conn.write():
            if not _has_history(conn, sender):
                return None
            reset_id = uuid.uuid4().hex
            conn.execute("insert into resets (reset_id, sender, reset_at, seq) "
                         "values (?, ?, ?, (select coalesce(max(seq), 0) + 1 from resets))",
                         (reset_id, sender, time.time()))
            conn.execute(f"insert into archived_reviews (reset_id, review_id, {REVIEW_COLUMNS}) "
                         f"select ?, id, {REVIEW_COLUMNS} from reviews where sender = ?", (reset_id, sender))
            conn.execute(f"insert into archived_cards (reset_id, sender, item_id, {CARD_COLUMNS}) "
                         f"select ?, sender, item_id, {CARD_COLUMNS} from cards where sender = ?", (reset_id, sender))
            conn.execute("delete from reviews where sender = ?", (sender,))
            conn.execute("delete from cards where sender = ?", (sender,))
        return reset_id

    def latest_reset(self, sender: str) -> Optional[str]:
        """Return the id of the learner's most recent archived reset, if any."""
        with self._db() as conn:
            return _latest_reset(conn, sender)

    def undo_reset(self, sender: str) -> bool:
        """Bring back the learner's most recent archived reset; return whether anything was restored.

        Cards and reviews come back exactly (reviews in their order, under new row ids). Refused
        (False, archive kept) once the learner has answered anything since the reset: old and new
        history are never merged. Also False when there is no archived reset.
        """
        with self._db() as conn, conn.write():
            reset_id = _latest_reset(conn, sender)
            if reset_id is None or _has_history(conn, sender):
                return False
            conn.execute(f"insert into reviews ({REVIEW_COLUMNS}) select {REVIEW_COLUMNS} from archived_reviews "
                         "where reset_id = ? and sender = ? order by review_id", (reset_id, sender))
            conn.execute(f"insert into cards (sender, item_id, {CARD_COLUMNS}) select sender, item_id, {CARD_COLUMNS} "
                         "from archived_cards where reset_id = ? and sender = ?", (reset_id, sender))
            _delete_archives(conn, "reset_id = ? and sender = ?", (reset_id, sender))
        return True

    def prune(self, older_than_days: float) -> int:
        """Permanently delete archived resets older than `older_than_days`; return how many."""
        if older_than_days < 0:
            raise ValueError(f"older_than_days must not be negative, got {older_than_days}")
        cutoff = time.time() - older_than_days * SECONDS_PER_DAY
        with self._db() as conn, conn.write():
            return _delete_archives(conn, "reset_at < ?", (cutoff,))


def migrate(path: Optional[Location] = None, now: Optional[datetime] = None) -> Migrated:
    """Migrate the Leitner file at `path` (default: `default_progress_path()`) to FSRS; see `Progress.migrate`.
    A PostgreSQL URL gets its schema created or brought up to date (it has no Leitner tables)."""
    return Progress(path).migrate(now)


def _delete_archives(conn: Connection, where: str, parameters: tuple) -> int:
    """Delete the resets matching `where` (on the resets table) with their archived rows; return how many."""
    chosen = f"select reset_id from resets where {where}"
    conn.execute(f"delete from archived_reviews where reset_id in ({chosen})", parameters)
    conn.execute(f"delete from archived_cards where reset_id in ({chosen})", parameters)
    return conn.execute(f"delete from resets where {where}", parameters).rowcount


def _shown(text: Optional[str]) -> str:
    """An answer key as logged: quoted, escaped, at most 80 characters."""
    return "(none)" if text is None else repr(str(text)[:80])


def main(argv: Optional[list[str]] = None) -> int:
    """``python -m bot.progress migrate [path or URL]``: migrate a Leitner progress file to FSRS."""
    parser = argparse.ArgumentParser(prog="python -m bot.progress", description="Learner progress maintenance.")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("migrate", help="turn a Leitner-box progress file into FSRS cards (re-runnable)")
    command.add_argument("path", nargs="?", type=parse_location, default=None,
                         help="the progress file or postgresql:// URL "
                              "(default: $ABM_PROGRESS_DB, else var/progress.db)")
    args = parser.parse_args(argv)
    location = args.path or default_progress_path()
    if isinstance(location, Path) and not location.exists():
        print(f"{location}: no such file, nothing to migrate", file=sys.stderr)
        return 1
    progress = Progress(location)
    try:
        moved = progress.migrate()
    except ProgressUnavailable as error:
        print(error, file=sys.stderr)
        return 1
    if not moved:
        print(f"{progress.location}: nothing to migrate (already FSRS)")
    else:
        print(f"{progress.location}: migrated {moved.cards} Leitner boxes to cards and {moved.reviews} answers to "
              f"reviews (archived: {moved.archived_cards} boxes, {moved.archived_reviews} answers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
