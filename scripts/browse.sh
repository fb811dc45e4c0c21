#!/usr/bin/env bash
# Browse the class's progress and the knowledge store read-only with Datasette (`make browse`).
# Datasette runs in its own environment (.venv-browse, pinned in requirements-browse.lock), so its
# pins never meet Rasa's. It serves snapshots taken now (var/browse/), opened immutable, on
# 127.0.0.1:${BROWSE_PORT:-8001} only. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
[ -x .venv-browse/bin/datasette ] || { echo "Datasette is not installed: run \`make browse\` (it makes .venv-browse)." >&2; exit 1; }
mkdir -p var/browse
case "${ABM_PROGRESS_DB:-}" in
  postgres://*|postgresql://*)
    echo "make browse reads SQLite files; ABM_PROGRESS_DB is a PostgreSQL URL. Use \`make report\` (it takes the URL)." >&2
    exit 1 ;;
esac
# A consistent copy of each database (SQLite's backup API, WAL included), in rollback-journal mode:
# an immutable database is read without its WAL, so the copy must hold everything.
.venv/bin/python - "${ABM_PROGRESS_DB:-var/progress.db}" knowledge/abm.db <<'PY'
import sqlite3, sys
from pathlib import Path
for source, name in zip(sys.argv[1:], ("progress", "abm")):
    target = Path("var/browse") / f"{name}.db"
    target.unlink(missing_ok=True)
    if not Path(source).exists():
        sqlite3.connect(target).close()  # nobody has played yet: an empty database
        continue
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        dst.execute("pragma journal_mode=delete")
PY
echo "Datasette on http://127.0.0.1:${BROWSE_PORT:-8001}/ (read-only snapshots of var/progress.db and the knowledge DB; Ctrl-C stops)."
exec .venv-browse/bin/datasette serve --immutable var/browse/progress.db --immutable var/browse/abm.db \
  --metadata scripts/browse.yml --host 127.0.0.1 --port "${BROWSE_PORT:-8001}" --setting default_page_size 50
