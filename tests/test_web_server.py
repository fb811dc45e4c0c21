"""The page server's limits (scripts/web_server.py), against the real server in a subprocess.

No Rasa is needed: the page server only names Rasa's URL in /config.js and its CSP.
"""
import asyncio
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port

SERVER = ROOT / "scripts" / "web_server.py"
RASA_URL = "http://127.0.0.1:5005"
HALF_OPEN = 2000  # connections that connect and then send nothing, or half a request line
WORKERS = 16  # the server's default pool


class PageServer:
    """scripts/web_server.py on a free port, in its own process group."""

    def __init__(self, *args: str, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), "--host", "127.0.0.1", "--port", str(self.port),
             "--rasa-url", RASA_URL, *args],
            cwd=ROOT, env=dict(os.environ, **(env or {})), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the page server exited while starting"
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("the page server did not answer within 20 s")

    def status(self) -> dict[str, int]:
        """Threads, resident memory (kB) and open files of the server process."""
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines())
        return {"threads": int(fields["Threads"]), "rss_kb": int(fields["VmRSS"].split()[0]),
                "files": len(os.listdir(f"/proc/{self.process.pid}/fd"))}

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 10) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, signum)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise
        return self.process.returncode


@pytest.fixture(scope="module")
def server():
    server = PageServer()
    yield server
    server.stop()


def get(url: str, timeout: float = 5) -> tuple[int, dict, bytes, float]:
    """GET a URL; return (status, headers, body, seconds)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read(), time.monotonic() - started


def raw(port: int, request: bytes, timeout: float = 5) -> bytes:
    """Send raw bytes; return everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def open_files_allowance(wanted: int) -> int:
    """Raise this process's soft limit on open files towards `wanted`; return how many sockets it may open."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        soft = new
    return min(wanted - 200, soft - 200)


def test_pages_keep_their_security_headers(server):
    status, headers, body, _ = get(f"{server.url}/")
    assert status == 200 and b"<!doctype html>" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert f"connect-src 'self' {RASA_URL} ws://127.0.0.1:5005" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Server"] == "abm-tutor-web"
    status, _, body, _ = get(f"{server.url}/webchat.js")
    assert status == 200 and len(body) > 500_000 and b"fonts.googleapis.com" not in body
    for path in ["/credentials.yml", "/../credentials.yml", "/node_modules/rasa-webchat/package.json"]:
        assert get(f"{server.url}{path}")[0] == 404
    head = raw(server.port, b"HEAD /tutor.js HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(head) == 200 and head.endswith(b"\r\n\r\n")  # headers, no body
    assert b"Content-Security-Policy:" in head


def test_config_tells_the_page_where_rasa_is_and_which_storage(server):
    assert get(f"{server.url}/config.js")[2].decode() == (
        f'window.ABM_TUTOR_CONFIG = {json.dumps({"rasaUrl": RASA_URL, "storage": "local"})};\n')
    session = PageServer("--storage", "session")
    from_env = PageServer(env={"WEB_STORAGE": "session"})
    try:
        assert b'"storage": "session"' in get(f"{session.url}/config.js")[2]
        assert b'"storage": "session"' in get(f"{from_env.url}/config.js")[2]
    finally:
        assert session.stop() == 0 and from_env.stop() == 0
    wrong = subprocess.run([sys.executable, str(SERVER), "--port", str(free_port())], cwd=ROOT,
                           env=dict(os.environ, WEB_STORAGE="cookies"), capture_output=True, text=True, timeout=30)
    assert wrong.returncode == 2 and "storage" in wrong.stderr


@pytest.mark.parametrize("request_bytes, expected", [
    (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", 405),
    (b"PUT /index.html HTTP/1.1\r\nHost: x\r\n\r\n", 405),
    (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 413),
    (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 413),
    (b"GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 20_000 + b"\r\n\r\n", 431),
    (b"GET / HTTP/1.1\r\n" + b"X-Many: headers\r\n" * 2000 + b"\r\n", 431),
    (b"GET / HTTP/1.1\r\n" + b"A: b\r\n" * 150 + b"\r\n", 431),
    (b"\r\n" * 10_000, 431),
    (b"GET /\r\n\r\n", 400),
    (b"GET / HTTP/2.0\r\n\r\n", 505),
    (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
])
def test_bodies_and_oversized_or_broken_requests_are_refused(server, request_bytes, expected):
    answer = raw(server.port, request_bytes)
    assert status_of(answer) == expected, answer[:200]
    assert b"X-Content-Type-Options: nosniff" in answer


def test_thousands_of_half_open_connections_do_not_stall_the_page(server):
    count = open_files_allowance(HALF_OPEN + 200)
    assert count >= 500, f"only {count} sockets allowed in this process"
    for path in ["/", "/webchat.js", "/config.js", "/tutor.js"]:  # warm: the bundle is cut once and cached
        assert get(f"{server.url}{path}")[0] == 200
    before = server.status()
    sockets = []
    try:
        for number in range(count):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            if number % 2:
                sock.sendall(b"GET / HTT")  # half a request line, never finished
            sockets.append(sock)
        time.sleep(1.0)  # the server has accepted them all
        held = server.status()
        latencies = [get(f"{server.url}/", timeout=5)[3] for _ in range(5)]
        status, _, body, bundle_seconds = get(f"{server.url}/webchat.js", timeout=5)
        assert status == 200 and len(body) > 500_000
        after = server.status()
    finally:
        for sock in sockets:
            sock.close()
    growth_mb = (after["rss_kb"] - before["rss_kb"]) / 1024
    print(f"\nhalf-open connections: {count}; GET / in {max(latencies) * 1000:.1f} ms (worst of 5), "
          f"/webchat.js in {bundle_seconds * 1000:.1f} ms; threads {before['threads']} → {after['threads']}; "
          f"RSS {before['rss_kb'] / 1024:.1f} → {after['rss_kb'] / 1024:.1f} MB; "
          f"server's open files {before['files']} → {held['files']}")
    assert max(latencies) < 1.0, latencies
    assert after["threads"] <= WORKERS + 4, after
    assert growth_mb < 40, (before, after)
    assert held["files"] <= 1024 + 64, held  # never more connections than --max-connections
    assert held["files"] >= min(count, 1024) - 50, held  # it did hold them, up to its cap


def test_a_burst_of_requests_uses_a_bounded_pool(server):
    with ThreadPoolExecutor(max_workers=64) as clients:
        results = list(clients.map(lambda _: get(f"{server.url}/tutor.js", timeout=30)[0], range(400)))
    assert set(results) <= {200, 503} and results.count(200) >= 300, results
    assert server.status()["threads"] <= WORKERS + 4


def test_when_full_the_longest_waiting_connection_makes_room():
    small = PageServer("--max-connections", "50")
    try:
        idle = [socket.create_connection(("127.0.0.1", small.port), timeout=5) for _ in range(120)]
        time.sleep(0.5)
        assert get(f"{small.url}/", timeout=5)[0] == 200
        assert small.status()["files"] <= 50 + 20
        idle[0].settimeout(5)
        assert idle[0].recv(100) == b""  # the oldest were closed to make room
        for sock in idle:
            sock.close()
    finally:
        assert small.stop() == 0


def test_slow_clients_are_dropped_at_the_header_deadline():
    slow = PageServer("--header-timeout", "1")
    try:
        silent = socket.create_connection(("127.0.0.1", slow.port), timeout=5)
        dribbling = socket.create_connection(("127.0.0.1", slow.port), timeout=5)
        started = time.monotonic()
        dribbling.sendall(b"GET / HTTP/1.1\r\n")
        dribbling.settimeout(0.2)
        answer = None
        while time.monotonic() - started < 5:  # one header byte every 0.2 s: never a whole request
            try:
                dribbling.sendall(b"X")
                answer = dribbling.recv(100)
                break
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                answer = b""
                break
        dribbled = time.monotonic() - started
        silent.settimeout(5)
        assert silent.recv(100) == b""
        assert answer == b"" and 0.9 < dribbled < 2.5, (answer, dribbled)
        assert get(f"{slow.url}/")[0] == 200
        silent.close()
        dribbling.close()
    finally:
        assert slow.stop() == 0


def test_clients_that_never_read_are_dropped_at_the_send_deadline(monkeypatch):
    """In this process, with a small kernel send buffer (on loopback the kernel would take the whole
    0.7 MB bundle at once): clients that ask for it and read nothing are dropped after --send-timeout."""
    from scripts import web_server

    connection_made = web_server.Connection.connection_made

    def small_send_buffer(connection, transport):
        transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        connection_made(connection, transport)

    monkeypatch.setattr(web_server.Connection, "connection_made", small_send_buffer)

    async def scenario() -> tuple[int, int, int]:
        server = web_server.PageServer(web_server.Pages(RASA_URL), send_timeout=1)
        stop = asyncio.Event()
        serving = asyncio.create_task(server.serve("127.0.0.1", 0, stop))
        await asyncio.sleep(0.1)
        readers = []
        for _ in range(10):
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(server.listener.getsockname())
            sock.sendall(b"GET /webchat.js HTTP/1.1\r\nHost: x\r\n\r\n")
            readers.append(sock)
        await asyncio.sleep(0.5)
        held = len(server.connections)
        await asyncio.sleep(1.0)
        left = len(server.connections)
        stop.set()
        await serving
        for sock in readers:
            sock.close()
        return held, left, server.dropped

    held, left, dropped = asyncio.run(scenario())
    assert (held, left, dropped) == (10, 0, 10)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_it_stops_cleanly_on_sigterm_and_ctrl_c(signum):
    page = PageServer()
    sockets = [socket.create_connection(("127.0.0.1", page.port), timeout=5) for _ in range(50)]
    started = time.monotonic()
    assert page.stop(signum) == 0
    assert time.monotonic() - started < 5
    assert "stopped" in page.process.stdout.read()
    for sock in sockets:
        sock.close()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", page.port), timeout=2)
