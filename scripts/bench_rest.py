"""Benchmark answers over REST: p50/p95 round-trip for a fixed mix of questions.

Starts the real action server and Rasa server on free ports (as the tests do), sends the mix
`--rounds` times after a warm-up, stops them, prints a summary and writes results/bench_rest.json.
Run: `make bench`.
"""
import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.servers import RasaStack  # noqa: E402

MIX = [
    "hello", "who is Lukin?", "who is wolfowits?", "what did Yakovenko say?", "what else did he say?",
    "who said discussions will continue?", "what is Russia's position on the ABM treaty?", "how did Germany react?",
    "what does the ABM treaty ban?", "how much does NMD cost?", "compare the US and Russian positions",
    "who is in the articles?", "source?", "what's the weather like?", "thanks",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        stack = RasaStack(Path(workdir)).start()
        startup = time.perf_counter() - started
        try:
            for message in MIX:
                stack.say("bench-warmup", message)
            timings = []
            for round_number in range(args.rounds):
                for message in MIX:
                    begin = time.perf_counter()
                    stack.say(f"bench-{round_number}", message)
                    timings.append((time.perf_counter() - begin) * 1000)
        finally:
            stack.stop()
    result = {"machine": f"{platform.machine()}, {platform.python_version()}", "messages": len(timings),
              "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(percentile(timings, 0.95), 1),
              "startup_s": round(startup, 1)}
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_rest.json").write_text(json.dumps(result, indent=2))
    print(f"REST round trip over {len(timings)} messages: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms "
          f"(servers ready in {result['startup_s']} s)")


if __name__ == "__main__":
    main()
