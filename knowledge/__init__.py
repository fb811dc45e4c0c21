"""Knowledge layer: curated sources → SQLite knowledge store (build) and read-only queries (store).

Nothing here imports from `bot/` or `actions/`.
"""
import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCES_DIR = PACKAGE_DIR / "sources"


def default_db_path() -> Path:
    """Return the knowledge DB path: $ABM_KNOWLEDGE_DB, else knowledge/abm.db."""
    return Path(os.environ.get("ABM_KNOWLEDGE_DB", PACKAGE_DIR / "abm.db"))
