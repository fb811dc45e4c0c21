"""Write the teacher's class report (`make report`) and print its summary.

  python scripts/report.py [--progress var/progress.db | postgresql://user@host:port/db] [--out results/report]

--progress is a SQLite file or a PostgreSQL URL, as $ABM_PROGRESS_DB is (the default); give a
URL's password in $PGPASSWORD rather than on the command line.

Files: learners.csv (one row per learner), items.csv (one row per quiz item answered) and
xapi.jsonl (one xAPI statement per answer, for a learning record store). See bot/report.py.
"""
import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import report, store  # noqa: E402
from bot.progress import Progress, ProgressUnavailable, default_progress_path  # noqa: E402
from bot.storage import parse_location  # noqa: E402


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if row[key] is None else row[key] for key in columns})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--progress", type=parse_location, default=default_progress_path(),
                        help="the progress: a SQLite file or a postgresql:// URL (default: $ABM_PROGRESS_DB, "
                             "else var/progress.db)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "report")
    args = parser.parse_args(argv)
    if isinstance(args.progress, Path) and not args.progress.exists():
        print(f"No progress yet: {args.progress} does not exist (nobody has played a quiz).", file=sys.stderr)
        return 1
    try:
        data = report.ClassData.load(Progress(args.progress))
    except ProgressUnavailable as error:
        print(f"Cannot read the progress: {error}", file=sys.stderr)
        return 1
    knowledge = store()
    learners, items = report.learner_rows(data), report.item_rows(knowledge, data)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "learners.csv", report.LEARNER_COLUMNS, learners)
    write_csv(args.out / "items.csv", report.ITEM_COLUMNS, items)
    with (args.out / "xapi.jsonl").open("w", encoding="utf-8") as out:
        for statement in report.xapi_statements(knowledge, data):
            out.write(report.as_json_line(statement) + "\n")
    print(report.summary(learners, items))
    print(f"Written: {args.out / 'learners.csv'}, {args.out / 'items.csv'}, {args.out / 'xapi.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
