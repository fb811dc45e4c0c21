"""The NLU evaluation sets, and keeping them out of the training data.

`tests/test_consistency.py` fails when a training sentence equals a held-out or development
sentence (compared without entity markup, case or end punctuation). Run
`.venv/bin/python -m scripts.nlu_sets` to drop such sentences from data/nlu/ without printing
them, so the held-out file stays unread.
"""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TRAINING_FILES = sorted(p for p in (ROOT / "data" / "nlu").glob("*.yml") if "generated" not in p.name)
EVALUATION_SETS = [ROOT / "tests" / "nlu" / "heldout.yml",
                   *sorted((ROOT / "tests" / "nlu" / "development").glob("*.yml"))]
ENTITY_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def normalise(example: str) -> str:
    """Return an example's plain text: entity markup removed, lowercased, end punctuation off."""
    return ENTITY_MARKUP.sub(r"\1", example).lower().strip(" ?!.")


def nlu_texts(path: Path) -> set[str]:
    """Return the normalised example texts of an NLU file."""
    data = yaml.safe_load(path.read_text())
    return {normalise(line.strip()[2:]) for block in data["nlu"] if "intent" in block
            for line in block["examples"].splitlines() if line.strip()}


def drop_evaluation_sentences_from_training() -> int:
    """Remove training lines equal to an evaluation sentence; return how many were removed."""
    evaluation = set().union(*(nlu_texts(p) for p in EVALUATION_SETS))
    removed = 0
    for path in TRAINING_FILES:
        lines = path.read_text().splitlines(keepends=True)
        kept = [line for line in lines
                if not (line.strip().startswith("- ") and normalise(line.strip()[2:]) in evaluation)]
        removed += len(lines) - len(kept)
        if len(kept) != len(lines):
            path.write_text("".join(kept))
    return removed


if __name__ == "__main__":
    print(f"removed {drop_evaluation_sentences_from_training()} training sentences equal to evaluation ones")
