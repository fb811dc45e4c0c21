"""Serve the tutor's web page: bot/web/ and the rasa-webchat bundle from its node_modules (no CDN).

The page reads its settings from /config.js, generated here, so ports and hosts are settings:
  python scripts/web_server.py --host 127.0.0.1 --port 8000 --rasa-url http://localhost:5005 --storage local
(defaults from WEB_HOST, WEB_PORT, RASA_URL and WEB_STORAGE). Only the files listed here are served.

`--storage session` keeps the widget's session and conversation in the tab's sessionStorage, so
closing the tab forgets them (shared computers); `local` (the default) keeps them across restarts.

Limits, so that a few misbehaving clients cannot take the page down: one event-loop thread holds
the connections (up to --max-connections; when full, the one that has waited longest for its
request is dropped), each gets --header-timeout seconds in all for its request line and headers
(slow-loris clients are dropped), --send-timeout seconds for its response, and at most
MAX_HEADER_BYTES of headers. Only GET and HEAD exist; a request with a body is refused. Responses
are built by a fixed pool of --workers threads with a bounded queue (503 when it is full).
Standard library only; SIGTERM and Ctrl-C stop it cleanly.
"""
import argparse
import asyncio
import json
import logging
import os
import re
import resource
import signal
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate
from http import HTTPStatus
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent.parent / "bot" / "web"
FILES = {  # URL path → (file, content type)
    "/": (WEB / "index.html", "text/html; charset=utf-8"),
    "/index.html": (WEB / "index.html", "text/html; charset=utf-8"),
    "/page.css": (WEB / "page.css", "text/css; charset=utf-8"),
    "/tutor.css": (WEB / "tutor.css", "text/css; charset=utf-8"),
    "/tutor.js": (WEB / "tutor.js", "text/javascript; charset=utf-8"),
    "/favicon.svg": (WEB / "favicon.svg", "image/svg+xml"),
}
WEBCHAT_BUNDLE = WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# The widget's stylesheets @import a web font from a CDN; the page works offline, so that goes.
FONT_IMPORT = re.compile(rb"@import url\(https://fonts\.googleapis\.com/[^)]*\);")
STORAGES = ("local", "session")  # where the widget keeps its session: localStorage or sessionStorage
SERVER_NAME = "abm-tutor-web"

HEADER_TIMEOUT = 10.0  # seconds, in all, for a request line and its headers
SEND_TIMEOUT = 60.0  # seconds to send a response (the widget's bundle is 0.7 MB)
MAX_HEADER_BYTES = 16 * 1024  # request line and headers together
MAX_HEADER_LINES = 100
MAX_CONNECTIONS = 1024  # open at once; browsers open about six each
WORKERS = 16  # threads that build responses …
QUEUE = 64  # … and requests that may wait for one of them
BACKLOG = 4096  # connections the kernel queues until they are accepted (Linux caps it at net.core.somaxconn)
ACCEPT_BATCH = 64  # connections accepted (and, when full, dropped to make room) in one turn of the loop
CHUNK = 64 * 1024  # a response is sent in pieces of this size, each once the client has taken the last

HEAD_END = re.compile(rb"\r?\n\r?\n")  # the blank line after the headers

log = logging.getLogger("web_server")


def webchat_script() -> bytes:
    """The rasa-webchat bundle from node_modules, without its web-font import."""
    return FONT_IMPORT.sub(b"", WEBCHAT_BUNDLE.read_bytes())


def config_script(rasa_url: str, storage: str = "local") -> bytes:
    """The page's settings as a script that sets window.ABM_TUTOR_CONFIG."""
    settings = json.dumps({"rasaUrl": rasa_url, "storage": storage}).replace("<", "\\u003c")
    return f"window.ABM_TUTOR_CONFIG = {settings};\n".encode()


def content_security_policy(rasa_url: str) -> str:
    """Scripts only from this server; the socket only to Rasa. Inline styles stay allowed: the widget
    injects its stylesheet as <style> elements at run time."""
    rasa = urlsplit(rasa_url)
    socket_scheme = "wss" if rasa.scheme == "https" else "ws"
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        f"connect-src 'self' {rasa.scheme}://{rasa.netloc} {socket_scheme}://{rasa.netloc}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'self'",
    ])


class RequestError(Exception):
    """A request this server refuses, with the status to answer."""

    def __init__(self, status: HTTPStatus, reason: str):
        super().__init__(reason)
        self.status = status


class Pages:
    """What the server answers: the listed files, /webchat.js and /config.js, with security headers."""

    def __init__(self, rasa_url: str, storage: str = "local"):
        self.rasa_url = rasa_url
        self.storage = storage
        self._bundle: tuple[Optional[tuple[int, int]], bytes] = (None, b"")

    def _webchat(self) -> bytes:
        """The bundle, cut once per version of the file (it is 0.7 MB)."""
        stat = WEBCHAT_BUNDLE.stat()
        key = (stat.st_mtime_ns, stat.st_size)
        cached_key, body = self._bundle
        if cached_key != key:
            body = webchat_script()
            self._bundle = (key, body)
        return body

    def headers(self, status: HTTPStatus, content_type: str, length: int, extra=()) -> bytes:
        lines = [f"HTTP/1.1 {status.value} {status.phrase}",
                 f"Server: {SERVER_NAME}",
                 f"Date: {formatdate(usegmt=True)}",
                 f"Content-Type: {content_type}",
                 f"Content-Length: {length}",
                 f"Content-Security-Policy: {content_security_policy(self.rasa_url)}",
                 "X-Content-Type-Options: nosniff",
                 "Referrer-Policy: no-referrer",
                 "Cache-Control: no-cache",
                 "Connection: close",
                 *extra]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def respond(self, method: str, target: str) -> tuple[HTTPStatus, bytes, bytes]:
        """Return (status, head, body) for a GET or HEAD of `target`; HEAD gets an empty body."""
        try:
            path = urlsplit(target).path
        except ValueError:  # e.g. "http://[" — no file has such a name
            path = ""
        status = HTTPStatus.OK
        if path == "/config.js":
            body, content_type = config_script(self.rasa_url, self.storage), "text/javascript; charset=utf-8"
        elif path == "/webchat.js":
            body, content_type = self._webchat(), "text/javascript; charset=utf-8"
        elif path in FILES and FILES[path][0].is_file():
            file, content_type = FILES[path]
            body = file.read_bytes()
        else:
            status, body, content_type = HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8"
        return status, self.headers(status, content_type, len(body)), body if method == "GET" else b""

    def error(self, status: HTTPStatus, reason: str) -> tuple[bytes, bytes]:
        body = f"{status.value} {status.phrase}: {reason}\n".encode()
        extra = ["Allow: GET, HEAD"] if status == HTTPStatus.METHOD_NOT_ALLOWED else []
        if status == HTTPStatus.SERVICE_UNAVAILABLE:
            extra.append("Retry-After: 1")
        return self.headers(status, "text/plain; charset=utf-8", len(body), extra), body


def parse_head(head: list[bytes]) -> tuple[str, str, str]:
    """Check a request's line and headers; return (method, target, request line) or raise RequestError."""
    request_line = head[0].decode("latin-1").rstrip("\r\n")
    parts = request_line.split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise RequestError(HTTPStatus.BAD_REQUEST, "bad request line")
    method, target, version = parts
    if version not in ("HTTP/1.0", "HTTP/1.1"):
        raise RequestError(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/1.0 and HTTP/1.1 only")
    if method not in ("GET", "HEAD"):
        raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD")
    for line in head[1:]:
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon or not name or name != name.strip():
            raise RequestError(HTTPStatus.BAD_REQUEST, "bad header line")
        name, value = name.lower(), value.strip()
        if name == "transfer-encoding" or (name == "content-length" and value != "0"):
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "no request body is accepted")
    return method, target, request_line


class Connection(asyncio.Protocol):
    """One client: its request line and headers within the deadline, one response, then close."""

    __slots__ = ("server", "transport", "buffer", "timer", "peer", "body", "sent", "can_write", "replying")

    def __init__(self, server: "PageServer"):
        self.server = server
        self.transport: Optional[asyncio.Transport] = None
        self.buffer = bytearray()
        self.timer: Optional[asyncio.TimerHandle] = None
        self.peer = "-"
        self.body = memoryview(b"")
        self.sent = 0
        self.can_write = True
        self.replying = False

    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        transport.set_write_buffer_limits(high=CHUNK)
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if peer else "-"
        self.timer = self.server.loop.call_later(self.server.header_timeout, self.too_slow)
        self.server.opened(self)

    def data_received(self, data: bytes) -> None:
        if self.replying:
            return
        self.buffer += data
        head = bytes(self.buffer).lstrip(b"\r\n")  # blank lines before a request are allowed (RFC 9112, 2.2)
        end = HEAD_END.search(head, 0, MAX_HEADER_BYTES + 4)
        if end is None:
            if len(self.buffer) > MAX_HEADER_BYTES:
                self.refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "?",
                            f"request line and headers over {MAX_HEADER_BYTES} bytes")
            return
        lines = [line.rstrip(b"\r") for line in head[:end.start()].split(b"\n")]
        request_line = lines[0].decode("latin-1")[:200]
        if end.end() > MAX_HEADER_BYTES or len(lines) > MAX_HEADER_LINES + 1:
            self.refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, request_line,
                        f"request line and headers over {MAX_HEADER_BYTES} bytes or {MAX_HEADER_LINES} lines")
            return
        try:
            method, target, request_line = parse_head(lines)
        except RequestError as error:
            self.refuse(error.status, request_line, str(error))
            return
        server = self.server
        if server.jobs >= server.max_jobs:
            self.refuse(HTTPStatus.SERVICE_UNAVAILABLE, request_line, "busy, try again")
            return
        self.start_reply()
        server.jobs += 1
        future = server.loop.run_in_executor(server.pool, server.pages.respond, method, target)
        future.add_done_callback(lambda done: self.built(done, request_line))

    def eof_received(self) -> bool:
        return self.replying  # a client that has said all it will may still get its answer

    def start_reply(self) -> None:
        """The request is in: from now on only the response's deadline counts."""
        self.replying = True
        self.buffer = bytearray()
        self.transport.pause_reading()
        self.timer.cancel()
        self.timer = self.server.loop.call_later(self.server.send_timeout, self.too_slow)
        self.server.answering(self)

    def refuse(self, status: HTTPStatus, request_line: str, reason: str) -> None:
        self.start_reply()
        head, body = self.server.pages.error(status, reason)
        self.server.log(self.peer, request_line, status, len(body))
        self.send(head, body)

    def built(self, future, request_line: str) -> None:
        self.server.jobs -= 1
        if future.cancelled():
            return
        if future.exception() is not None:
            log.error("cannot answer %r", request_line, exc_info=future.exception())
            head, body = self.server.pages.error(HTTPStatus.INTERNAL_SERVER_ERROR, "cannot read the page")
            status = HTTPStatus.INTERNAL_SERVER_ERROR
        else:
            status, head, body = future.result()
        self.server.log(self.peer, request_line, status, len(body))
        self.send(head, body)

    def send(self, head: bytes, body: bytes) -> None:
        """Send the response in pieces, each once the client has taken the last; then close."""
        if self.transport.is_closing():
            return
        self.transport.write(head)
        self.body, self.sent = memoryview(body), 0
        self.write_more()

    def write_more(self) -> None:
        while self.can_write and self.sent < len(self.body):
            self.transport.write(self.body[self.sent:self.sent + CHUNK])
            self.sent += CHUNK
        if self.sent >= len(self.body) and not self.transport.is_closing():
            self.transport.close()  # once the last piece has gone

    def pause_writing(self) -> None:
        self.can_write = False

    def resume_writing(self) -> None:
        self.can_write = True
        self.write_more()

    def too_slow(self) -> None:
        self.server.drop(self)

    def connection_lost(self, exc: Optional[Exception]) -> None:
        if self.timer:
            self.timer.cancel()
        self.body = memoryview(b"")
        self.server.closed(self)


class PageServer:
    """The page server: one event loop for all connections, a fixed pool of threads for the responses.

    Every open connection is a file; there are never more than `max_connections`. When they are all
    open, the connections that have waited longest for their request are dropped to make room;
    when all are busy being answered, new ones wait in the kernel's queue.
    """

    def __init__(self, pages: Pages, header_timeout: float = HEADER_TIMEOUT, send_timeout: float = SEND_TIMEOUT,
                 max_connections: int = MAX_CONNECTIONS, workers: int = WORKERS, queue: int = QUEUE,
                 backlog: int = BACKLOG):
        self.pages = pages
        self.header_timeout = header_timeout
        self.send_timeout = send_timeout
        self.max_connections = max_connections
        self.backlog = backlog
        self.max_jobs = workers + queue
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="page")
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.listener: Optional[socket.socket] = None
        self.listening = False
        self.stopping = False
        self.connections: dict[Connection, None] = {}  # every open one, oldest first
        self.waiting: dict[Connection, None] = {}  # those still sending their request, oldest first
        self.closing: dict[Connection, None] = {}  # dropped, their files not yet closed
        self.adopting = 0  # accepted, not yet set up
        self.jobs = 0  # requests in the pool, running or queued
        self.dropped = 0  # connections closed for being too slow, or to make room

    async def serve(self, host: str, port: int, stop: asyncio.Event, ready=None) -> None:
        self.loop = asyncio.get_running_loop()
        self.loop.set_default_executor(self.pool)  # no other threads, not even for name lookups
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.listener = socket.create_server((host, port), family=family, backlog=self.backlog)
        self.listener.setblocking(False)
        self.listen(True)
        if ready:
            ready()
        try:
            await stop.wait()
        finally:
            self.stopping = True
            self.listen(False)
            self.listener.close()
            for connection in list(self.connections):
                connection.transport.abort()
            await asyncio.sleep(0)  # their files close
            self.pool.shutdown(wait=False, cancel_futures=True)

    def listen(self, on: bool) -> None:
        """Accept connections, or stop accepting them for now (they wait in the kernel's queue)."""
        if on and not self.listening and not self.stopping:
            self.loop.add_reader(self.listener, self.accept)
        elif not on and self.listening:
            self.loop.remove_reader(self.listener)
        self.listening = on and not self.stopping

    def accept(self) -> None:
        for _ in range(ACCEPT_BATCH):
            if len(self.connections) + self.adopting >= self.max_connections + ACCEPT_BATCH:
                return  # the files of those dropped close before the next turn, then accepting goes on
            full = len(self.connections) + self.adopting - len(self.closing) >= self.max_connections
            if full and not self.waiting:
                self.listen(False)  # all busy answering: accept again once one closes
                return
            try:
                sock, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of files or memory: pause, the kernel keeps the queue
                log.warning("cannot accept connections for now: %s", error)
                self.listen(False)
                self.loop.call_later(0.5, self.listen, True)
                return
            sock.setblocking(False)
            self.adopting += 1
            self.loop.create_task(self.adopt(sock))
            if full:  # make room: the connection that has waited longest for its request goes
                self.drop(next(iter(self.waiting)))

    async def adopt(self, sock: socket.socket) -> None:
        connection = Connection(self)
        try:
            await self.loop.connect_accepted_socket(lambda: connection, sock)
        except OSError:
            sock.close()
        finally:
            if connection.transport is None:  # never set up (else opened() counted it)
                self.adopting -= 1
            if not self.listening:
                self.listen(True)  # it may now be dropped to make room for the next

    def drop(self, connection: Connection) -> None:
        self.waiting.pop(connection, None)
        self.closing[connection] = None
        self.dropped += 1
        connection.transport.abort()

    def opened(self, connection: Connection) -> None:
        self.adopting -= 1
        self.connections[connection] = None
        self.waiting[connection] = None

    def answering(self, connection: Connection) -> None:
        self.waiting.pop(connection, None)

    def closed(self, connection: Connection) -> None:
        self.connections.pop(connection, None)
        self.waiting.pop(connection, None)
        self.closing.pop(connection, None)
        if not self.listening:
            self.listen(True)

    @staticmethod
    def log(peer: str, request_line: str, status: HTTPStatus, size: int = 0) -> None:
        """One line per request, like http.server's, with the client's control characters escaped."""
        line = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in request_line)
        print(f'{peer} - - [{formatdate(localtime=True)}] "{line}" {status.value} {size}', file=sys.stderr, flush=True)


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's soft limit on open files towards `wanted`; return the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            soft = new
        except (ValueError, OSError):
            pass
    return soft


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8000")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    parser.add_argument("--storage", choices=STORAGES, default=os.environ.get("WEB_STORAGE") or "local",
                        help="where the widget keeps its session: local (default) or session (forgotten "
                             "when the tab closes)")
    parser.add_argument("--header-timeout", type=float, default=HEADER_TIMEOUT,
                        help=f"seconds a client has for its request line and headers (default {HEADER_TIMEOUT:g})")
    parser.add_argument("--send-timeout", type=float, default=SEND_TIMEOUT,
                        help=f"seconds a client has to take a response (default {SEND_TIMEOUT:g})")
    parser.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS,
                        help=f"connections open at once (default {MAX_CONNECTIONS})")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"response threads (default {WORKERS})")
    args = parser.parse_args()
    if args.storage not in STORAGES:
        parser.error(f"--storage (or WEB_STORAGE) must be one of {', '.join(STORAGES)}, not {args.storage!r}")
    if not WEBCHAT_BUNDLE.is_file():
        parser.error(f"{WEBCHAT_BUNDLE} is missing: `make web` installs it (npm ci in bot/web)")
    # Every open connection is a file (those in the kernel's queue are not yet); keep room for the
    # ones being dropped, the listening socket, the files served and the logs.
    limit = raise_open_files_limit(args.max_connections + ACCEPT_BATCH + 64)
    max_connections = max(16, min(args.max_connections, limit - ACCEPT_BATCH - 64))
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    rasa_url = args.rasa_url.rstrip("/")
    server = PageServer(Pages(rasa_url, args.storage), header_timeout=args.header_timeout,
                        send_timeout=args.send_timeout, max_connections=max_connections, workers=args.workers,
                        backlog=BACKLOG)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)

        def ready() -> None:
            print(f"Serving the tutor page on http://{args.host}:{args.port}/ (Rasa at {rasa_url}, "
                  f"{args.storage} storage; up to {max_connections} connections, {args.workers} workers)", flush=True)

        await server.serve(args.host, args.port, stop, ready)

    asyncio.run(run())
    print("The page server stopped.", flush=True)


if __name__ == "__main__":
    main()
