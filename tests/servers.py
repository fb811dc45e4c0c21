"""Start and stop the real Rasa server and action server for end-to-end tests."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
MODEL = Path(os.environ.get("ABM_MODEL", ROOT / "models" / "abm-tutor.tar.gz"))


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening_hosts(port: int) -> set[str]:
    """Return the addresses something listens on at a TCP port ("127.0.0.1", "0.0.0.0", "::", …)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


def server_env(**extra: str) -> dict[str, str]:
    """Environment for the servers: offline, quiet, project on the path."""
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1",
               TF_CPP_MIN_LOG_LEVEL="2", ABM_FSRS_FUZZ="0", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def stop_process(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a server started in its own session: SIGTERM to its group, SIGKILL if it lingers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def rest_say(base_url: str, sender: str, message: str, timeout: float = 30) -> list[dict]:
    """Send one message to a Rasa server's REST channel; return the bot's messages."""
    request = urllib.request.Request(f"{base_url}/webhooks/rest/webhook",
                                     data=json.dumps({"sender": sender, "message": message}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        assert response.status == 200
        return json.loads(response.read())


def fetch_tracker(base_url: str, sender: str, token: str) -> dict:
    """Return a conversation's tracker from a Rasa server's token-protected HTTP API."""
    with urllib.request.urlopen(f"{base_url}/conversations/{sender}/tracker?token={token}", timeout=30) as response:
        return json.loads(response.read())


class RasaStack:
    """An action server and a Rasa server (REST channel) on free ports, with their own tracker DB.

    With `web_page=True` it also serves the web page (scripts/web_server.py) on a free port, and Rasa
    allows that page's origin (CORS) for the widget's socket.io connection.
    """

    def __init__(self, workdir: Path, web_page: bool = False, **env: str):
        self.token = os.urandom(8).hex()  # the HTTP API is on only for tests, behind this token
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.secret_file = workdir / "secret.key"  # this stack's own deployment key
        self.env = server_env(**{"ABM_SECRET_FILE": str(self.secret_file), **env})
        self.actions_port = free_port()
        self.rasa_port = free_port()
        self.web_port = free_port() if web_page else None
        self.tracker_db = workdir / "trackers.db"
        self.processes: dict[str, subprocess.Popen] = {}
        self.endpoints = workdir / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            f'  headers:\n    Authorization: "Bearer {self.actions_token}"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.tracker_db}"\n')

    @property
    def actions_token(self) -> str:
        """The token this stack's action server requires (from its own key file)."""
        return subprocess.run([sys.executable, "-m", "components.secrets", "actions"], cwd=ROOT, env=self.env,
                              check=True, capture_output=True, text=True).stdout.strip()

    @property
    def actions_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def page_origin(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def log(self, name: str) -> str:
        """Return everything a server has written so far."""
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _spawn(self, name: str, args: list[str]) -> None:
        log = open(self.workdir / f"{name}.log", "a")
        self.processes[name] = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def start(self, timeout: float = 240) -> "RasaStack":
        """Start whichever of the servers is not running, and wait until all answer."""
        if "actions" not in self.processes:
            self._spawn("actions", [sys.executable, str(ROOT / "scripts" / "action_server.py"),
                                    "--port", str(self.actions_port)])
        if "rasa" not in self.processes:
            cors = ["--cors", self.page_origin] if self.web_port else []
            self._spawn("rasa", [RASA, "run", "--model", str(MODEL), "--endpoints", str(self.endpoints),
                                 "--credentials", str(ROOT / "credentials.yml"), "--port", str(self.rasa_port),
                                 "--interface", "127.0.0.1", "--enable-api", "--auth-token", self.token, *cors])
        if self.web_port and "web" not in self.processes:
            self._spawn("web", [sys.executable, str(ROOT / "scripts" / "web_server.py"), "--host", "127.0.0.1",
                                "--port", str(self.web_port), "--rasa-url", self.url])
        try:
            self._wait(f"http://127.0.0.1:{self.actions_port}/health", "actions", timeout)
            self._wait(f"{self.url}/", "rasa", timeout)
            if self.web_port:
                self._wait(f"{self.page_origin}/", "web", timeout)
        except BaseException:
            self.stop()  # one server failing to start leaves none of the others running
            raise
        return self

    def _wait(self, url: str, name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"{name} server exited while starting:\n{self.log(name)[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"{name} server did not answer at {url} within {timeout}s:\n{self.log(name)[-3000:]}")

    def stop(self, name: Optional[str] = None) -> None:
        """Stop one server (or all) with SIGTERM, then SIGKILL if it lingers."""
        for key in [name] if name else list(self.processes):
            process = self.processes.pop(key, None)
            if process is None or process.poll() is not None:
                continue
            stop_process(process, timeout=20)

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict]:
        """Send one message over the REST channel; return the bot's messages."""
        return rest_say(self.url, sender, message, timeout)

    def tracker(self, sender: str) -> dict:
        """Return the conversation's tracker from Rasa's HTTP API."""
        return fetch_tracker(self.url, sender, self.token)

    def text(self, sender: str, message: str) -> str:
        """Send a message and return the bot's texts joined by newlines."""
        return "\n".join(m.get("text", "") for m in self.say(sender, message))
