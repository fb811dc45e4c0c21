"""Benchmark answers over REST, side by side with Rasa's own starter bot, and under a class's load.

Starts the tutor (action server + Rasa server, as the tests do) and the `rasa init` starter bot
(trained once with the same Rasa and cached, see scripts/starter_bot.py) on free ports, then:

1. latency: sends the same fixed mix of questions to both, interleaved, `--rounds` times after a
   warm-up, and reports p50/p95 and the tutor/starter ratio;
2. where the time goes: NLU alone (/model/parse), replies from a template (no action server)
   and replies from a custom action;
3. load: `--learners` simulated learners at once, each asking 10 questions and playing a
   5-question quiz: throughput, p50/p95, errors, and whether every final score matches what the
   learner's own answers earned;
4. memory: resident size of the Rasa server, the action server and the starter bot.

Run: `make bench`. Prints a summary and writes results/bench_rest.json.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.machine import describe_machine  # noqa: E402
from scripts.starter_bot import starter_bot  # noqa: E402
from tests.learners import simulate_class  # noqa: E402
from tests.servers import RASA, RasaStack, free_port, server_env  # noqa: E402

MIX = [
    "hello", "who is Lukin?", "who is wolfowits?", "what did Yakovenko say?", "what else did he say?",
    "who said discussions will continue?", "what is Russia's position on the ABM treaty?", "how did Germany react?",
    "what does the ABM treaty ban?", "how much does NMD cost?", "compare the US and Russian positions",
    "who is in the articles?", "source?", "what's the weather like?", "thanks",
]
TEMPLATE_REPLIES = {"hello", "thanks"}  # answered from domain.yml responses, without the action server


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 0.95), 1)}


def post(url: str, body: dict) -> float:
    """POST JSON; return the round trip in milliseconds."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True)
                    .stdout.split() if int(p) != pid]
    total_kb = 0
    for each in pids:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        total_kb += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
    return round(total_kb / 1024, 1)


class StarterServer:
    """The starter bot's Rasa server on a free port (it has no custom actions)."""

    def __init__(self, bot_dir: Path, model: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [RASA, "run", "--model", str(model), "--port", str(self.port), "--interface", "127.0.0.1",
             "--credentials", str(bot_dir / "credentials.yml")],
            cwd=bot_dir, env=server_env(), stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the starter bot's server exited while starting")
            try:
                with urllib.request.urlopen(self.url, timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the starter bot's server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def latency(stack: RasaStack, starter: StarterServer, rounds: int) -> dict:
    """Send the mix to both bots, interleaved; return their summaries and the ratios."""
    ours, theirs, template, action = [], [], [], []
    for round_number in range(-1, rounds):  # round -1 warms both up
        for message in MIX:
            sender = f"bench-{round_number}"
            mine = post(f"{stack.url}/webhooks/rest/webhook", {"sender": sender, "message": message})
            reference = post(f"{starter.url}/webhooks/rest/webhook", {"sender": sender, "message": message})
            if round_number >= 0:
                ours.append(mine)
                theirs.append(reference)
                (template if message in TEMPLATE_REPLIES else action).append(mine)
    parse_url = f"{stack.url}/model/parse?token={urllib.parse.quote(stack.token)}"
    nlu = [post(parse_url, {"text": message}) for _ in range(rounds) for message in MIX]
    result = {"tutor": summary(ours), "starter_bot": summary(theirs)}
    result["ratio_p50"] = round(result["tutor"]["p50_ms"] / result["starter_bot"]["p50_ms"], 2)
    result["ratio_p95"] = round(result["tutor"]["p95_ms"] / result["starter_bot"]["p95_ms"], 2)
    result["breakdown"] = {"nlu_only": summary(nlu), "template_reply": summary(template),
                           "custom_action_reply": summary(action)}
    return result


def load(stack: RasaStack, learners: int) -> dict:
    runs, seconds = simulate_class(stack, learners=learners, questions=10)
    timings = [t for run in runs for t in run.timings_ms]
    errors = [error for run in runs for error in run.errors]
    return {"learners": learners, "messages": len(timings), "seconds": round(seconds, 1),
            "messages_per_s": round(len(timings) / seconds, 1), **summary(timings), "errors": len(errors),
            "error_examples": errors[:5], "scores_matching": sum(run.score_matches for run in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    bot_dir, starter_model = starter_bot()
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        starter = StarterServer(bot_dir, starter_model, Path(workdir) / "starter.log")
        stack = RasaStack(Path(workdir), ABM_PROGRESS_DB=str(Path(workdir) / "progress.db")).start()
        startup = time.perf_counter() - started
        try:
            starter.wait()
            result = {"machine": describe_machine(), "startup_s": round(startup, 1),
                      "latency": latency(stack, starter, args.rounds), "load": load(stack, args.learners),
                      "memory_mb": {"rasa_server": rss_mb(stack.processes["rasa"].pid),
                                    "action_server": rss_mb(stack.processes["actions"].pid),
                                    "starter_bot_server": rss_mb(starter.process.pid)}}
        finally:
            stack.stop()
            starter.stop()
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_rest.json").write_text(json.dumps(result, indent=2))
    lat, ld = result["latency"], result["load"]
    print(f"REST round trip, {lat['tutor']['n']} messages each: tutor p50 {lat['tutor']['p50_ms']} ms / "
          f"p95 {lat['tutor']['p95_ms']} ms; starter bot p50 {lat['starter_bot']['p50_ms']} ms / "
          f"p95 {lat['starter_bot']['p95_ms']} ms; ratio p50 {lat['ratio_p50']}×, p95 {lat['ratio_p95']}×")
    breakdown = lat["breakdown"]
    print(f"  where the time goes (p50): NLU alone {breakdown['nlu_only']['p50_ms']} ms, template reply "
          f"{breakdown['template_reply']['p50_ms']} ms, custom-action reply {breakdown['custom_action_reply']['p50_ms']} ms")
    print(f"Load, {ld['learners']} learners at once: {ld['messages']} messages in {ld['seconds']} s "
          f"({ld['messages_per_s']}/s), p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms, errors {ld['errors']}, "
          f"scores matching {ld['scores_matching']}/{ld['learners']}")
    print(f"Memory (RSS): {result['memory_mb']}; servers ready in {result['startup_s']} s")


if __name__ == "__main__":
    main()
