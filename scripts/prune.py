"""Remove old conversations and old set-aside progress (`make prune`).

  python scripts/prune.py [--days 90] [--trackers sqlite:///var/trackers.db] [--progress var/progress.db | postgresql://…]

A conversation whose last event is older than --days (default $ABM_KEEP_DAYS, else 90) is deleted
whole from the tracker store (any SQLAlchemy URL: the SQLite file of `make serve`, or the
PostgreSQL of `make serve-cluster`). Quiz histories set aside by "reset my progress" longer ago than
that are deleted for good. A learner's current quiz progress is never pruned.
"""
import argparse
import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.progress import Progress, default_progress_path  # noqa: E402
from bot.storage import parse_location  # noqa: E402

DEFAULT_DAYS = 90


def prune_conversations(url: str, days: float, now: float) -> int:
    """Delete every conversation idle for more than `days`; return how many."""
    engine = sa.create_engine(url)
    cutoff = now - days * 86400
    with engine.begin() as connection:
        if not sa.inspect(connection).has_table("events"):
            return 0
        idle = [row[0] for row in connection.execute(sa.text(
            "select sender_id from events group by sender_id having max(timestamp) < :cutoff"), {"cutoff": cutoff})]
        for sender in idle:
            connection.execute(sa.text("delete from events where sender_id = :sender"), {"sender": sender})
    engine.dispose()
    return len(idle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=float(os.environ.get("ABM_KEEP_DAYS", DEFAULT_DAYS)))
    parser.add_argument("--trackers", default=f"sqlite:///{ROOT / 'var' / 'trackers.db'}",
                        help="the tracker store's SQLAlchemy URL")
    parser.add_argument("--progress", type=parse_location, default=default_progress_path(),
                        help="a SQLite file or a postgresql:// URL (default: $ABM_PROGRESS_DB, else var/progress.db)")
    args = parser.parse_args()
    if args.days < 0:
        parser.error("--days must not be negative")
    conversations = prune_conversations(args.trackers, args.days, time.time())
    present = not isinstance(args.progress, Path) or args.progress.exists()
    archives = Progress(args.progress).prune(args.days) if present else 0
    print(f"Pruned {conversations} conversation(s) and {archives} set-aside quiz histor{'y' if archives == 1 else 'ies'} "
          f"older than {args.days:g} days.")


if __name__ == "__main__":
    main()
