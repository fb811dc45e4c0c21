"""Start and stop the scale-out cluster for tests: scripts/cluster.sh (the script behind
`make serve-cluster`) with a private PostgreSQL and Redis, the action server and several Rasa
replicas, all on free ports, with the Rasa HTTP API behind a token."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from tests.servers import MODEL, ROOT, fetch_tracker, free_port, rest_say, server_env

SCRIPT = ROOT / "scripts" / "cluster.sh"
DEPS = ROOT / "scripts" / "ensure-cluster-deps.sh"
REDIS_LOCK_DB = 1  # the `db` of the lock store in the endpoints file scripts/cluster.sh writes


def _is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(count: int) -> int:
    """Return the first of `count` consecutive free TCP ports (the replicas' ports follow on)."""
    for _ in range(100):
        first = free_port()
        if first + count <= 65535 and all(_is_free(first + i) for i in range(1, count)):
            return first
    raise RuntimeError(f"found no {count} consecutive free ports")


def check_dependencies() -> None:
    """Fail with a clear message when PostgreSQL or Redis is not installed."""
    result = subprocess.run([str(DEPS), "--check"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the scale-out test needs PostgreSQL and Redis: {result.stderr.strip()}. "
                           "`make test` installs them first (scripts/ensure-cluster-deps.sh, `make cluster-deps`).")


class Cluster:
    """PostgreSQL + Redis + one action server + `replicas` Rasa servers sharing both stores."""

    def __init__(self, workdir: Path, replicas: int = 2, **env: str):
        self.token = os.urandom(8).hex()
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.replicas = replicas
        self.rasa_port = free_ports(replicas)
        self.actions_port = free_port()
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.env = server_env(ABM_SECRET_FILE=str(workdir / "secret.key"), **env)
        self.pgdata: Optional[Path] = None
        self.process: Optional[subprocess.Popen] = None
        self._redis = None

    def secret(self, purpose: str) -> str:
        """One of this cluster's passwords or tokens (from its own key file)."""
        return subprocess.run([sys.executable, "-m", "components.secrets", purpose], cwd=ROOT, env=self.env,
                              check=True, capture_output=True, text=True).stdout.strip()

    def url(self, replica: int) -> str:
        return f"http://127.0.0.1:{self.rasa_port + replica}"

    def output(self) -> str:
        """What scripts/cluster.sh has printed so far."""
        path = self.workdir / "cluster.out"
        return path.read_text(errors="replace") if path.exists() else ""

    def log(self, name: str) -> str:
        """A server's log: postgres, redis, actions, rasa-0, rasa-1, …"""
        path = self.workdir / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, timeout: float = 300) -> "Cluster":
        """Start everything and wait until scripts/cluster.sh reports all servers ready."""
        check_dependencies()
        # As root, PostgreSQL runs as an unprivileged user, who cannot enter pytest's private
        # temporary directories: its data goes to a fresh directory directly under /tmp.
        self.pgdata = Path(tempfile.mkdtemp(prefix="abm-cluster-pg-"))
        env = dict(self.env, CLUSTER_DIR=str(self.workdir), CLUSTER_PGDATA=str(self.pgdata),
                   REPLICAS=str(self.replicas), RASA_PORT=str(self.rasa_port),
                   ACTIONS_PORT=str(self.actions_port), PG_PORT=str(self.pg_port),
                   REDIS_PORT=str(self.redis_port), RASA_API_TOKEN=self.token, CLUSTER_INSTALL="0",
                   ABM_MODEL=str(MODEL),
                   # throwaway data: no need to wait for the disk
                   PG_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        with open(self.workdir / "cluster.out", "w") as out:
            self.process = subprocess.Popen([str(SCRIPT)], cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "\nReady:" in "\n" + self.output():
                return self
            if self.process.poll() is not None:
                output = self.output()
                self.stop()
                raise RuntimeError(f"scripts/cluster.sh exited while starting:\n{output[-4000:]}")
            time.sleep(0.5)
        output = self.output()
        self.stop()
        raise RuntimeError(f"the cluster was not ready within {timeout}s:\n{output[-4000:]}")

    def stop(self) -> None:
        """SIGTERM to scripts/cluster.sh, which stops its servers; SIGKILL to all if it lingers."""
        if self._redis is not None:
            self._redis.close()
            self._redis = None
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    pass
            try:  # anything left in the script's process group (it runs in its own session)
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
        if self.pgdata is not None:
            shutil.rmtree(self.pgdata, ignore_errors=True)
            self.pgdata = None

    def say(self, replica: int, sender: str, message: str, timeout: float = 60) -> list[dict]:
        """Send one message to one replica's REST channel; return the bot's messages."""
        return rest_say(self.url(replica), sender, message, timeout)

    def text(self, replica: int, sender: str, message: str) -> str:
        """Send a message to one replica; return the bot's texts joined by newlines."""
        return "\n".join(m.get("text", "") for m in self.say(replica, sender, message))

    def tracker(self, replica: int, sender: str) -> dict:
        """The conversation's tracker as one replica reads it from the shared tracker store."""
        return fetch_tracker(self.url(replica), sender, self.token)

    def lock_held(self, sender: str) -> bool:
        """Whether some replica holds or awaits the conversation's lock in Redis right now."""
        if self._redis is None:
            import redis  # a dependency of Rasa

            self._redis = redis.Redis(host="127.0.0.1", port=self.redis_port, db=REDIS_LOCK_DB,
                                      password=self.secret("cluster-redis"))
        return bool(self._redis.exists(f"lock:{sender}"))
