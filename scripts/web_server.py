"""Serve the tutor's web page: bot/web/ and the rasa-webchat bundle from its node_modules (no CDN).

The page reads the Rasa URL from /config.js, generated here, so ports and hosts are settings:
  python scripts/web_server.py --host 127.0.0.1 --port 8000 --rasa-url http://localhost:5005
(defaults from WEB_HOST, WEB_PORT and RASA_URL). Only the files listed here are served.
"""
import argparse
import json
import os
import re
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
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


def webchat_script() -> bytes:
    """The rasa-webchat bundle from node_modules, without its web-font import."""
    return FONT_IMPORT.sub(b"", WEBCHAT_BUNDLE.read_bytes())


def config_script(rasa_url: str) -> bytes:
    """The page's settings as a script that sets window.ABM_TUTOR_CONFIG."""
    settings = json.dumps({"rasaUrl": rasa_url}).replace("<", "\\u003c")
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


class PageHandler(BaseHTTPRequestHandler):
    """GET/HEAD for the listed files and /config.js, with security headers; 404 for anything else."""

    def __init__(self, *args, rasa_url: str, **kwargs):
        self.rasa_url = rasa_url
        super().__init__(*args, **kwargs)

    def version_string(self) -> str:
        return "abm-tutor-web"

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        path = urlsplit(self.path).path
        status = HTTPStatus.OK
        if path == "/config.js":
            body, content_type = config_script(self.rasa_url), "text/javascript; charset=utf-8"
        elif path == "/webchat.js":
            body, content_type = webchat_script(), "text/javascript; charset=utf-8"
        elif path in FILES and FILES[path][0].is_file():
            file, content_type = FILES[path]
            body = file.read_bytes()
        else:
            status, body, content_type = HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if with_body:
            self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8000")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"))
    args = parser.parse_args()
    if not WEBCHAT_BUNDLE.is_file():
        parser.error(f"{WEBCHAT_BUNDLE} is missing: `make web` installs it (npm ci in bot/web)")
    server = ThreadingHTTPServer((args.host, args.port), partial(PageHandler, rasa_url=args.rasa_url.rstrip("/")))
    print(f"Serving the tutor page on http://{args.host}:{args.port}/ (Rasa at {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
