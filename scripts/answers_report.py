"""Answer quality: play the question bank against the real servers and print its figures.

Run: `make answers-report` (or `.venv/bin/python scripts/answers_report.py [--part development]`).
Prints, for each part of the bank, answerable-right %, unanswerable-said-so %, clarifications
right and wrong-subject answers, and writes results/answers_report.json. Only the development
part's failures are listed: the held-out part is scored, never shown.
"""
import argparse
import hashlib
import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts import question_bank as bank  # noqa: E402
from tests.servers import RasaStack  # noqa: E402

WORKERS = 4


def turn_evidence(stack: RasaStack):
    """Return a function giving the evidence the bot's latest turn set (empty if it set none)."""
    def evidence(sender: str) -> list:
        events = stack.tracker(sender)["events"]
        last_user = max(i for i, event in enumerate(events) if event.get("event") == "user")
        sets = [e for e in events[last_user:] if e.get("event") == "slot" and e.get("name") == "evidence"]
        return sets[-1].get("value") or [] if sets else []
    return evidence


def play(stack: RasaStack, cases: list[bank.Case]) -> list[bank.Result]:
    """Play every case (one sender each) and return the graded turns in bank order."""
    sentences = bank.sentence_index()
    evidence = turn_evidence(stack)

    def one(case: bank.Case) -> list[bank.Result]:
        sender = "bank-" + hashlib.sha256(case.name.encode()).hexdigest()[:16]
        return bank.run_case(stack.say, evidence, case, sentences, sender)

    with ThreadPoolExecutor(WORKERS) as pool:
        return [result for results in pool.map(one, cases) for result in results]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=bank.PARTS, action="append", help="default: both parts")
    parser.add_argument("--show", type=int, default=60, help="how many development failures to list")
    parser.add_argument("--files", default="", help="only the bank files whose names start so (e.g. round3)")
    args = parser.parse_args()
    parts = tuple(args.part or bank.PARTS)
    report = {}
    with tempfile.TemporaryDirectory() as workdir:
        stack = RasaStack(Path(workdir)).start()
        try:
            for part in parts:
                results = play(stack, [c for c in bank.load((part,)) if c.file.startswith(args.files)])
                report[part] = bank.summary(results)
                if part == "development":
                    failures = [r for r in results if r.outcome not in ("right", "said so")]
                    report[part]["failures"] = [
                        {"case": r.case.name, "say": r.turn.say, "outcome": r.outcome, "reply": r.reply[:300]}
                        for r in failures]
        finally:
            stack.stop()
    out = ROOT / "results" / "answers_report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for part in parts:
        figures = {k: v for k, v in report[part].items() if k != "failures"}
        print(f"{part:12} " + "  ".join(f"{k}: {v}" for k, v in figures.items()))
    for failure in report.get("development", {}).get("failures", [])[:args.show]:
        print(f"  [{failure['outcome']}] {failure['case']} — {failure['say']!r}\n      → {failure['reply'][:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
