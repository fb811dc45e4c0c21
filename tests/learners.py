"""Simulated learners for load tests and benchmarks: ask questions, then play a quiz over REST,
clicking answer buttons at random (and skipping questions with a typed answer), keeping their
own tally of what they earned."""
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from tests.servers import RasaStack

QUESTIONS = [
    "who is Lukin?", "what did he say?", "who is wolfowits?", "what did Yakovenko say?",
    "who said discussions will continue?", "what is Russia's position on the ABM treaty?", "how did Germany react?",
    "what does the ABM treaty ban?", "how much does NMD cost?", "compare the US and Russian positions",
]
FINAL_SCORE = re.compile(r"Quiz over — you scored (\d+(?:\.\d+)?)/(\d+)")
QUIZ_LENGTH = 5


@dataclass
class LearnerRun:
    """What one simulated learner saw: per-message latencies, failures, and both tallies of its quiz."""

    sender: str
    timings_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    earned: int = 0
    reported: str = ""

    @property
    def score_matches(self) -> bool:
        return self.reported == f"{self.earned}/{QUIZ_LENGTH}"



def _say(stack: RasaStack, run: LearnerRun, message: str) -> list[dict]:
    started = time.perf_counter()
    try:
        reply = stack.say(run.sender, message, timeout=120)
    except Exception as error:  # noqa: BLE001 — a load test counts every kind of failure
        run.errors.append(f"{message!r}: {error!r}")
        return []
    run.timings_ms.append((time.perf_counter() - started) * 1000)
    if not any((m.get("text") or "").strip() for m in reply):
        run.errors.append(f"{message!r}: empty reply")
    return reply


def simulate_learner(stack: RasaStack, sender: str, questions: int = 10, seed: int = 0) -> LearnerRun:
    """Ask `questions` questions, then play a quiz of QUIZ_LENGTH by clicking random option buttons."""
    rng = random.Random(seed)
    run = LearnerRun(sender)
    for message in QUESTIONS[:questions]:
        _say(stack, run, message)
    reply = _say(stack, run, f"quiz me with {QUIZ_LENGTH} questions")
    for _ in range(QUIZ_LENGTH):
        buttons = [b for m in reply for b in m.get("buttons") or [] if b["payload"].startswith("/quiz_answer")]
        question = "\n".join(m.get("text") or "" for m in reply)
        if not buttons and "Question" not in question:
            run.errors.append(f"no question in {reply!r}")
            return run
        # a question to type the answer to (fill in the missing word): this learner skips it
        reply = _say(stack, run, rng.choice(buttons)["payload"] if buttons else "skip")
        text = "\n".join(m.get("text") or "" for m in reply)
        run.earned += text.startswith("Right!")
    final = FINAL_SCORE.search("\n".join(m.get("text") or "" for m in reply))
    run.reported = f"{final.group(1)}/{final.group(2)}" if final else "missing"
    return run


def simulate_class(stack: RasaStack, learners: int = 30, questions: int = 10) -> tuple[list[LearnerRun], float]:
    """Run `learners` learners at once; return their runs and the wall-clock seconds."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=learners) as pool:
        runs = list(pool.map(lambda n: simulate_learner(stack, f"learner-{n}-{time.time_ns()}", questions, seed=n),
                             range(learners)))
    return runs, time.perf_counter() - started
