"""Benchmark the build: knowledge DB build time, and training the Rasa model from scratch.

Run: `make bench` (or `.venv/bin/python scripts/bench_build.py [--skip-training]`). Builds into a
temporary folder, so the project's DB and model are untouched. Writes results/bench_build.json.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from knowledge.build import build  # noqa: E402
from scripts.machine import describe_machine  # noqa: E402
from tests.servers import RASA, server_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    result = {"machine": describe_machine()}
    with tempfile.TemporaryDirectory() as workdir:
        timings = []
        for number in range(args.repeat):
            started = time.perf_counter()
            build(Path(workdir) / f"abm-{number}.db")
            timings.append(time.perf_counter() - started)
        result["knowledge_build_s"] = round(statistics.median(timings), 2)
        result["knowledge_db_kb"] = round((Path(workdir) / "abm-0.db").stat().st_size / 1024)
        if not args.skip_training:
            started = time.perf_counter()
            subprocess.run([RASA, "train", "--out", workdir, "--fixed-model-name", "bench", "--quiet"], cwd=ROOT,
                           env=server_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            result["training_s"] = round(time.perf_counter() - started)
            result["model_mb"] = round((Path(workdir) / "bench.tar.gz").stat().st_size / 1024 / 1024, 1)
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "bench_build.json").write_text(json.dumps(result, indent=2))
    print(f"Knowledge build: median {result['knowledge_build_s']} s over {args.repeat} builds "
          f"({result['knowledge_db_kb']} KB)" + (f"; training from scratch {result['training_s']} s, model "
                                                f"{result['model_mb']} MB" if "training_s" in result else ""))


if __name__ == "__main__":
    main()
