"""NLU quality report: held-out evaluation and cross-validation, intent and entity F1.

Run: `make nlu-report`. Writes results/nlu/ (Rasa's reports) and results/nlu_report.json,
and prints a summary. The held-out file (tests/nlu/heldout.yml) is never used for training.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
OUT = ROOT / "results" / "nlu"


def f1(report_path: Path) -> float:
    """Return the weighted-average F1 of a Rasa report file."""
    return round(json.loads(report_path.read_text())["weighted avg"]["f1-score"], 3)


def entity_report(folder: Path) -> Path:
    """Return the entity report Rasa wrote (named after the extractor)."""
    return next(p for p in sorted(folder.glob("*_report.json")) if p.name not in ("intent_report.json",
                                                                                   "response_selection_report.json"))


def rasa(*args: str) -> None:
    result = subprocess.run([RASA, *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"rasa {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--skip-cross-validation", action="store_true")
    args = parser.parse_args()
    summary = {}
    heldout = OUT / "heldout"
    rasa("test", "nlu", "--model", "models/abm-tutor.tar.gz", "--nlu", "tests/nlu/heldout.yml",
         "--out", str(heldout), "--no-plot")
    summary["heldout"] = {"intent_f1": f1(heldout / "intent_report.json"), "entity_f1": f1(entity_report(heldout))}
    if not args.skip_cross_validation:
        folds = OUT / "cross_validation"
        rasa("test", "nlu", "--nlu", "data/nlu", "--config", "config.yml", "--cross-validation",
             "--folds", str(args.folds), "--out", str(folds), "--no-plot")
        summary["cross_validation"] = {"folds": args.folds, "intent_f1": f1(folds / "intent_report.json"),
                                       "entity_f1": f1(entity_report(folds))}
    (ROOT / "results" / "nlu_report.json").write_text(json.dumps(summary, indent=2))
    for name, values in summary.items():
        print(f"{name:18} intent F1 {values['intent_f1']:.3f}   entity F1 {values['entity_f1']:.3f}")


if __name__ == "__main__":
    main()
