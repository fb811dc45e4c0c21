"""The teacher's class report: per learner, per quiz item, and one xAPI statement per answer.

Plain Python over the progress store and the knowledge store; `scripts/report.py` (`make report`)
writes the files. A learner appears under the name they gave ("my name is Anna"), else under a
short code made from their sender id (the same code every time, and not the id itself).
"""
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Optional

from knowledge.store import Citation, KnowledgeStore

from . import quiz_kinds
from .progress import Progress, Review, is_mastered, utc

CODE_CHARS = 8
MOST_MISSED = 5
XAPI_VERB = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
XAPI_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
XAPI_HOME = "urn:abm-tutor"  # the "system" an xAPI account belongs to
LEARNER_COLUMNS = ("learner", "answers", "right", "right_first_time_pct", "mastered", "learning", "due",
                   "last_active")
ITEM_COLUMNS = ("item", "kind", "times_asked", "right_first_time_pct", "most_common_wrong_answer", "sentence",
                "source")


def learner_code(sender: str) -> str:
    """A short, stable code for a learner who gave no name."""
    return "L-" + hashlib.sha256(sender.encode()).hexdigest()[:CODE_CHARS]


def first_time(review: Review) -> bool:
    """Right without a hint (an answer migrated from before hints were recorded counts if right)."""
    return review.correct and not review.hinted


def _percent(part: int, whole: int) -> Optional[float]:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class ClassData:
    """Everything the report reads, loaded once: each learner's name, cards and review log."""

    names: dict[str, str]
    cards: dict[str, dict]
    history: dict[str, list[Review]]

    @classmethod
    def load(cls, progress: Progress) -> "ClassData":
        senders = progress.learners()
        return cls({s: progress.name(s) or learner_code(s) for s in senders},
                   {s: progress.cards(s) for s in senders}, {s: progress.history(s) for s in senders})


def learner_rows(data: ClassData, now: Optional[datetime] = None) -> list[dict]:
    """One row per learner: answers, right, right first time, mastered / learning / due items, last active."""
    now = utc(now)
    rows = []
    for sender, name in data.names.items():
        reviews, cards = data.history[sender], data.cards[sender].values()
        mastered = sum(1 for card in cards if is_mastered(card))
        last = max((r.reviewed_at for r in reviews), default=None)
        rows.append({
            "learner": name, "answers": len(reviews), "right": sum(r.correct for r in reviews),
            "right_first_time_pct": _percent(sum(first_time(r) for r in reviews), len(reviews)),
            "mastered": mastered, "learning": len(cards) - mastered,
            "due": sum(1 for card in cards if card.due <= now),
            "last_active": last.isoformat(timespec="seconds") if last else None,
        })
    return rows


def item_rows(store: KnowledgeStore, data: ClassData) -> list[dict]:
    """One row per item anyone answered: how often, how well, the commonest wrong answer, its sentence."""
    asked: dict[str, list[Review]] = {}
    for reviews in data.history.values():
        for review in reviews:
            asked.setdefault(review.item_id, []).append(review)
    rows = []
    for item_id, reviews in sorted(asked.items()):
        wrong = Counter(r.given for r in reviews if not r.correct and r.given)
        evidence = _evidence(store, item_id)
        rows.append({
            "item": item_id, "kind": quiz_kinds.kind_of(item_id).name, "times_asked": len(reviews),
            "right_first_time_pct": _percent(sum(first_time(r) for r in reviews), len(reviews)),
            "most_common_wrong_answer": wrong.most_common(1)[0][0] if wrong else "",
            "sentence": evidence.sentence if evidence else "", "source": evidence.short() if evidence else "",
        })
    return rows


def _evidence(store: KnowledgeStore, item_id: str) -> Optional[Citation]:
    """The citation an item rests on; None for an item the store no longer has (rebuilt since)."""
    try:
        return quiz_kinds.kind_of(item_id).recap(store, quiz_kinds.key_of(item_id))[1]
    except (LookupError, AttributeError, TypeError):
        return None


def xapi_statements(store: KnowledgeStore, data: ClassData) -> Iterable[dict]:
    """One xAPI statement per answer: actor, verb "answered", the item, success and score."""
    for sender, reviews in data.history.items():
        actor = {"objectType": "Agent", "name": data.names[sender],
                 "account": {"homePage": XAPI_HOME, "name": learner_code(sender)}}
        for number, review in enumerate(reviews):
            score = 1.0 if first_time(review) else 0.5 if review.correct else 0.0
            result = {"success": review.correct, "score": {"scaled": score, "raw": score, "min": 0, "max": 1}}
            if review.given:
                result["response"] = review.given
            yield {
                "id": _statement_id(sender, review, number), "actor": actor, "verb": XAPI_VERB,
                "object": {"objectType": "Activity", "id": f"{XAPI_HOME}:item:{review.item_id}",
                           "definition": {"type": XAPI_INTERACTION,
                                          "name": {"en-US": f"{quiz_kinds.kind_of(review.item_id).label}: "
                                                            f"{review.item_id}"}}},
                "result": result, "timestamp": review.reviewed_at.isoformat(),
            }


def _statement_id(sender: str, review: Review, number: int) -> str:
    """A UUID that stays the same when the report is written again (so an LRS keeps one copy)."""
    digest = hashlib.sha256(f"{sender}|{review.item_id}|{review.reviewed_at.isoformat()}|{number}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-a{digest[17:20]}-{digest[20:32]}"


def summary(learners: list[dict], items: list[dict]) -> str:
    """The short text printed after the files: the most-missed items and the learners with most due."""
    lines = [f"{len(learners)} learner{'s' if len(learners) != 1 else ''}, "
             f"{sum(row['answers'] for row in learners)} answers."]
    missed = sorted((row for row in items if row["right_first_time_pct"] is not None
                     and row["right_first_time_pct"] < 100),
                    key=lambda row: (row["right_first_time_pct"], -row["times_asked"], row["item"]))[:MOST_MISSED]
    if missed:
        lines.append("Most missed items (right first time):")
        lines += [f"  {row['right_first_time_pct']:5.1f} % of {row['times_asked']:>3}  {row['item']}"
                  + (f" — often answered “{row['most_common_wrong_answer']}”" if row["most_common_wrong_answer"] else "")
                  for row in missed]
    due = sorted((row for row in learners if row["due"]), key=lambda row: (-row["due"], row["learner"]))[:MOST_MISSED]
    if due:
        lines.append("Most items due for review:")
        lines += [f"  {row['due']:>3} due  {row['learner']}" for row in due]
    return "\n".join(lines)


def as_json_line(statement: dict) -> str:
    return json.dumps(statement, ensure_ascii=False, sort_keys=True)
