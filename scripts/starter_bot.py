"""Rasa's own starter bot (`rasa init`), trained once with the project's Rasa: the speed reference.

It is created and trained in $CACHE_DIR/starter-bot-rasa-<version>/ (default ~/.cache/abm-tutor)
the first time, and reused afterwards. Run directly to prepare it: `python scripts/starter_bot.py`.
"""
import os
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.servers import RASA, server_env  # noqa: E402


def starter_bot() -> tuple[Path, Path]:
    """Return the starter bot's folder and its trained model, creating and training it if needed."""
    cache = Path(os.environ.get("CACHE_DIR", Path.home() / ".cache" / "abm-tutor"))
    bot_dir = cache / f"starter-bot-rasa-{version('rasa')}"
    models = sorted((bot_dir / "models").glob("*.tar.gz")) if bot_dir.is_dir() else []
    if models:
        return bot_dir, models[-1]
    partial = bot_dir.with_name(bot_dir.name + ".partial")
    subprocess.run(["rm", "-rf", str(partial)], check=True)
    partial.mkdir(parents=True)
    print(f"Creating and training Rasa's starter bot (rasa init) in {bot_dir} — once, a few minutes …", flush=True)
    started = time.perf_counter()
    subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(partial)], cwd=partial, env=server_env(),
                   check=True, stdout=subprocess.DEVNULL)
    print(f"Starter bot trained in {time.perf_counter() - started:.0f} s.")
    partial.rename(bot_dir)
    return bot_dir, sorted((bot_dir / "models").glob("*.tar.gz"))[-1]


if __name__ == "__main__":
    print(starter_bot()[1])
