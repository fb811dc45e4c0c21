"""The question bank: questions written from the articles, and how a reply to one is graded.

The bank lives in `tests/questions/` (format in its README.md): `development/*.yml` is used while
tuning and run by the e2e suite; `heldout/*.yml` is never read while tuning, only scored by
`make answers-report`. New cases are written into `tests/questions/incoming/` and moved by
`python -m scripts.question_bank split`, which sends every third case (by a hash of its name)
to the held-out part without showing it.

Commands (`.venv/bin/python -m scripts.question_bank …`):
  check   validate every file (fragments found in exactly one sentence) and print counts only
  split   move tests/questions/incoming/*.yml into development/ and heldout/
"""
import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from knowledge.build import load_annotations, load_articles  # noqa: E402
from knowledge.text import normalise  # noqa: E402

BANK = ROOT / "tests" / "questions"
PARTS = ("development", "heldout")
HELDOUT_EVERY = 3  # one case in three goes to the held-out part
# A reply declines when it says the articles do not say (name, report, quote …) what was asked.
DECLINE = re.compile(r"\b(the articles?|they|it) (don't|do not|doesn't|does not|never) "
                     r"(say|name|report|mention|quote|give|cover|state|tell)\b|\bI don't find\b", re.IGNORECASE)
CLARIFY = re.compile(r"\bDid you mean\b", re.IGNORECASE)


@dataclass(frozen=True)
class Turn:
    """One message of a case and what a right reply is."""

    say: str
    answer: tuple[str, ...] = ()  # sentence ids; a right answer rests on at least one of them
    unanswerable: Optional[str] = None  # what the articles do not say: the reply must say so
    clarify: tuple[str, ...] = ()  # names a "Did you mean …?" must offer, and only those


@dataclass(frozen=True)
class Case:
    """A conversation of one or more turns, from one bank file."""

    name: str
    turns: tuple[Turn, ...]
    part: str
    file: str
    tags: tuple[str, ...] = field(default=())


def sentence_index() -> dict[str, str]:
    """Return {sentence id: normalised text} for every sentence of the articles."""
    annotations = load_annotations()
    articles = load_articles(annotations)
    return {sentence_id: normalise(segment.text)
            for article in articles.values() for sentence_id, _, segment in article.sentences}


def body_sentences() -> set[str]:
    """Return the ids of the sentences that carry a fact or a quote (all but the headlines)."""
    annotations = load_annotations()
    articles = load_articles(annotations)
    return {sentence_id for article in articles.values()
            for sentence_id, paragraph_id, _ in article.sentences if not paragraph_id.endswith("-p00")}


def resolve_fragment(fragment: str, sentences: dict[str, str], where: str) -> str:
    """Return the id of the one sentence holding `fragment`, or raise ValueError naming `where`."""
    needle = normalise(str(fragment)).strip()
    hits = [sid for sid, text in sentences.items() if needle and needle in text]
    if len(hits) != 1:
        problem = "is in no sentence" if not hits else f"is in {len(hits)} sentences ({', '.join(hits)})"
        raise ValueError(f"{where}: the fragment {problem}: {fragment!r}")
    return hits[0]


def parse_file(path: Path, part: str, sentences: dict[str, str]) -> list[Case]:
    """Read and validate one bank file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: expected a list of cases")
    cases = []
    for number, raw in enumerate(data, start=1):
        where = f"{path.name} case {number}"
        if not isinstance(raw, dict) or not raw.get("case") or not raw.get("turns"):
            raise ValueError(f"{where}: needs `case` (a name) and `turns`")
        turns = []
        for index, turn in enumerate(raw["turns"], start=1):
            here = f"{where} ({raw['case']!r}) turn {index}"
            given = [key for key in ("answer", "unanswerable", "clarify") if turn.get(key)]
            if not turn.get("say") or len(given) != 1:
                raise ValueError(f"{here}: needs `say` and exactly one of answer / unanswerable / clarify")
            answer = tuple(dict.fromkeys(resolve_fragment(f, sentences, here) for f in turn.get("answer") or ()))
            turns.append(Turn(str(turn["say"]), answer, turn.get("unanswerable"),
                              tuple(map(str, turn.get("clarify") or ()))))
        cases.append(Case(str(raw["case"]), tuple(turns), part, path.name, tuple(raw.get("tags") or ())))
    return cases


def load(parts: tuple[str, ...] = PARTS, folder: Path = BANK) -> list[Case]:
    """Load and validate the bank's cases from the given parts."""
    sentences = sentence_index()
    cases = []
    for part in parts:
        for path in sorted((folder / part).glob("*.yml")):
            cases.extend(parse_file(path, part, sentences))
    names = [case.name for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"case names must be unique; repeated: {len(duplicates)}")
    return cases


def goes_to_heldout(name: str) -> bool:
    """Decide, by a hash of the case name, whether a case belongs to the held-out part."""
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % HELDOUT_EVERY == 0


def split(folder: Path = BANK, only: Optional[str] = None) -> dict[str, int]:
    """Move incoming files (or the one named `only`) into the two parts; return case counts per part."""
    sentences = sentence_index()
    counts = {part: 0 for part in PARTS}
    for path in sorted((folder / "incoming").glob(only or "*.yml")):
        parse_file(path, "incoming", sentences)  # refuse to split a broken file
        raw_cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        for part in PARTS:
            chosen = [c for c in raw_cases if goes_to_heldout(str(c["case"])) == (part == "heldout")]
            if not chosen:
                continue
            target = folder / part / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            existing = yaml.safe_load(target.read_text(encoding="utf-8")) if target.exists() else []
            header = f"# Question bank, {part} part (see ../README.md). Written from the articles.\n"
            target.write_text(header + yaml.safe_dump((existing or []) + chosen, sort_keys=False,
                                                      allow_unicode=True, width=110), encoding="utf-8")
            counts[part] += len(chosen)
        path.unlink()
    return counts


def counts(cases: list[Case]) -> dict[str, int]:
    """Return how many cases and turns of each kind there are."""
    turns = [turn for case in cases for turn in case.turns]
    return {"cases": len(cases), "multi-turn cases": sum(len(c.turns) > 1 for c in cases),
            "answerable turns": sum(bool(t.answer) for t in turns),
            "unanswerable turns": sum(bool(t.unanswerable) for t in turns),
            "clarify turns": sum(bool(t.clarify) for t in turns)}


def uncovered(cases: list[Case]) -> list[str]:
    """Return the ids of body sentences no answerable turn rests on."""
    covered = {sid for case in cases for turn in case.turns for sid in turn.answer}
    return sorted(body_sentences() - covered)


OUTCOMES = ("right", "missed", "wrong", "said so", "asked back")


def evidence_ids(evidence: list, sentences: dict[str, str]) -> set[str]:
    """Map the tracker's `evidence` slot (sentence ids, or "Outlet, date: sentence" lines) to sentence ids."""
    found = set()
    for item in evidence or []:
        item = str(item)
        if item in sentences:
            found.add(item)
            continue
        text = normalise(item.split(": ", 1)[1] if ": " in item else item)
        found.update(sid for sid, sentence in sentences.items() if text and (text == sentence or text in sentence))
    return found


def grade(turn: Turn, reply: str, buttons: list[str], evidence: set[str]) -> str:
    """Grade one reply: right | missed | wrong | said so | asked back (see the README)."""
    declined = bool(DECLINE.search(reply.split("\n", 1)[0]))
    asked_back = bool(CLARIFY.search(reply)) and bool(buttons)
    if turn.clarify:
        offered = {title for title in buttons}
        fits = asked_back and all(any(name in title for title in offered) for name in turn.clarify) \
            and len(offered) == len(turn.clarify)
        return "right" if fits else ("asked back" if asked_back else "wrong")
    if turn.unanswerable:
        if declined:
            return "said so"
        return "asked back" if asked_back else ("wrong" if evidence else "missed")
    if declined:
        return "missed"
    if asked_back:
        return "asked back"
    return "right" if evidence & set(turn.answer) else ("wrong" if evidence else "missed")


@dataclass
class Result:
    """How the bot did on one turn of a case."""

    case: Case
    turn: Turn
    reply: str
    outcome: str


def run_case(say, tracker_evidence, case: Case, sentences: dict[str, str], sender: str) -> list[Result]:
    """Play one case against a running bot; `say(sender, text)` returns the bot's messages."""
    results = []
    for turn in case.turns:
        messages = say(sender, turn.say)
        reply = "\n".join(m.get("text") or "" for m in messages)
        buttons = [b.get("title", "") for m in messages for b in m.get("buttons") or []]
        evidence = evidence_ids(tracker_evidence(sender), sentences)
        results.append(Result(case, turn, reply, grade(turn, reply, buttons, evidence)))
    return results


def summary(results: list[Result]) -> dict[str, float]:
    """Return the bank's figures: answerable right %, unanswerable said so %, wrong-subject answers."""
    answerable = [r for r in results if r.turn.answer]
    unanswerable = [r for r in results if r.turn.unanswerable]
    clarify = [r for r in results if r.turn.clarify]
    percent = lambda part, outcome: round(100 * sum(r.outcome == outcome for r in part) / max(len(part), 1), 1)
    return {"answerable": len(answerable), "answerable right %": percent(answerable, "right"),
            "unanswerable": len(unanswerable), "unanswerable said so %": percent(unanswerable, "said so"),
            "clarify": len(clarify), "clarify right %": percent(clarify, "right"),
            "wrong-subject answers": sum(r.outcome == "wrong" for r in results)}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("check", "split"))
    parser.add_argument("--incoming", action="store_true", help="check: the incoming files only")
    parser.add_argument("--file", help="split: only this file of incoming/ (e.g. facts.yml)")
    args = parser.parse_args(argv)
    try:
        if args.command == "split":
            print("moved cases:", split(only=args.file))
            return 0
        parts = ("incoming",) if args.incoming else PARTS
        for part in parts:
            cases = load((part,))
            print(f"{part}: {counts(cases)}")
        everything = load(parts)
        missing = uncovered(everything)
        print(f"body sentences with no answerable turn: {len(missing)}" + (f" ({', '.join(missing)})" if missing else ""))
    except ValueError as error:
        print(f"question bank: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
