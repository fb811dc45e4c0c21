"""Benchmark the knowledge store: median and p95 latency per query type.

Run: `make bench` (or `.venv/bin/python scripts/bench_store.py [--repeat N]`). Prints a table
and writes results/bench_store.json. Numbers depend on the machine: note it with them.
"""
import argparse
import json
import statistics
import time
from pathlib import Path

from bot import questions
from bot.reply import Context, Message
from knowledge.store import get_store
from scripts.machine import describe_machine

QUERIES = {
    "find_people (exact)": lambda s: s.find_people("Lukin"),
    "find_people (typo)": lambda s: s.find_people("wolfowits"),
    "find_people (role phrase)": lambda s: s.find_people("the Russian foreign minister"),
    "mentions (whole message)": lambda s: s.mentions("what did the spokesman say about the talks?"),
    "quotes_by": lambda s: s.quotes_by("hadley"),
    "who_said (fragment)": lambda s: s.who_said("discussions will continue"),
    "positions_of": lambda s: s.positions_of("russia"),
    "facts_about": lambda s: s.facts_about("abm-treaty"),
    "sentences (all, with speakers)": lambda s: s.sentences(),
    "statements (all curated)": lambda s: s.statements(),
    "sources_named": lambda s: s.sources_named("how did CNN and the AP differ?"),
    "mentions (actors)": lambda s: s.mentions("how did Germany and the Kremlin react?", "actor"),
    "hostile 20 KB input": lambda s: s.who_said('"NEAR( ' * 3000),
}


# Whole answers from the question types (no Rasa): what one message costs the action server.
ANSWERS = {
    f"answer: {text}": (lambda intent, text: lambda s: questions.answer(intent, s, Message(text, intent), Context()))(
        intent, text)
    for intent, text in (("ask_fact", "what does the abm treaty ban?"),
                         ("ask_fact", "how many nuclear weapons does russia have?"),
                         ("who_is", "who is the german foreign minister?"),
                         ("ask_position", "how did germany react?"), ("what_said", "what did lukin say?"))
}


def measure(function, store, repeat: int) -> list[float]:
    """Return per-call latencies in microseconds."""
    function(store)  # warm-up
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(store)
        timings.append((time.perf_counter() - start) * 1e6)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()
    store = get_store()
    results = {}
    print(f"{'query':52} {'median µs':>10} {'p95 µs':>10}")
    for name, function in {**QUERIES, **ANSWERS}.items():
        timings = sorted(measure(function, store, args.repeat if name in QUERIES else args.repeat // 5))
        median, p95 = statistics.median(timings), timings[int(len(timings) * 0.95) - 1]
        results[name] = {"median_us": round(median, 1), "p95_us": round(p95, 1)}
        print(f"{name[:52]:52} {median:10.1f} {p95:10.1f}")
    machine = describe_machine()
    Path("results").mkdir(exist_ok=True)
    Path("results/bench_store.json").write_text(json.dumps({"machine": machine, "repeat": args.repeat,
                                                            "results": results}, indent=2))
    print(f"machine: {machine}; written to results/bench_store.json")


if __name__ == "__main__":
    main()
