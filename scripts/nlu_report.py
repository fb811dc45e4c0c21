"""NLU quality report: held-out evaluation and cross-validation, intent and entity F1.

Run: `make nlu-report`. Writes results/nlu/ (Rasa's reports) and results/nlu_report.json,
and prints a summary. The held-out file (tests/nlu/heldout.yml) is never used for training; its
score is also split into the quiz commands and the rest. The development sets
(tests/nlu/development/) guided what training data was added, so their scores flatter the model.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.nlu_sets import EVALUATION_SETS  # noqa: E402

RASA = str(ROOT / ".venv" / "bin" / "rasa")
OUT = ROOT / "results" / "nlu"
QUIZ_INTENTS = {"start_quiz", "quiz_answer", "hint", "skip", "repeat", "score", "stop_quiz",
                "continue_quiz", "my_progress", "reset_progress"}


def f1(report_path: Path) -> float:
    """Return the weighted-average F1 of a Rasa report file."""
    return round(json.loads(report_path.read_text())["weighted avg"]["f1-score"], 3)


def part_f1(report_path: Path, quiz: bool) -> float:
    """Return the support-weighted F1 over the quiz intents (quiz=True) or all the others."""
    report = json.loads(report_path.read_text())
    rows = [row for name, row in report.items()
            if isinstance(row, dict) and "support" in row and "avg" not in name
            and (name in QUIZ_INTENTS) == quiz]
    return round(sum(r["f1-score"] * r["support"] for r in rows) / sum(r["support"] for r in rows), 3)


def evaluate(nlu_file: Path, out: Path) -> dict:
    """Evaluate the trained model on one NLU file; return its intent and entity F1."""
    rasa("test", "nlu", "--model", "models/abm-tutor.tar.gz", "--nlu", str(nlu_file), "--out", str(out),
         "--no-plot")
    return {"intent_f1": f1(out / "intent_report.json"), "entity_f1": f1(entity_report(out))}


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
    heldout_file, *development_sets = EVALUATION_SETS
    summary["heldout"] = evaluate(heldout_file, heldout)
    summary["heldout"]["quiz_commands_intent_f1"] = part_f1(heldout / "intent_report.json", quiz=True)
    summary["heldout"]["questions_intent_f1"] = part_f1(heldout / "intent_report.json", quiz=False)
    for dev_set in development_sets:
        summary[f"dev {dev_set.stem}"] = evaluate(dev_set, OUT / f"development_{dev_set.stem}")
    if not args.skip_cross_validation:
        folds = OUT / "cross_validation"
        rasa("test", "nlu", "--nlu", "data/nlu", "--config", "config.yml", "--cross-validation",
             "--folds", str(args.folds), "--out", str(folds), "--no-plot")
        summary["cross_validation"] = {"folds": args.folds, "intent_f1": f1(folds / "intent_report.json"),
                                       "entity_f1": f1(entity_report(folds))}
    (ROOT / "results" / "nlu_report.json").write_text(json.dumps(summary, indent=2))
    for name, values in summary.items():
        print(f"{name:18} intent F1 {values['intent_f1']:.3f}   entity F1 {values['entity_f1']:.3f}")
    held = summary["heldout"]
    print(f"  held-out parts: questions {held['questions_intent_f1']:.3f}, "
          f"quiz commands {held['quiz_commands_intent_f1']:.3f}")


if __name__ == "__main__":
    main()
