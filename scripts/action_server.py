"""Run the action server (rasa_sdk, the `actions` package) for Rasa only: on loopback, behind a token.

  python scripts/action_server.py --port 5055

Every call to /webhook or /actions must carry `Authorization: Bearer <token>`, the token Rasa
sends from endpoints.yml; anything else gets 401 and runs nothing. The token is $ABM_ACTIONS_TOKEN,
else the one derived from var/secret.key (components/secrets.py). /health stays open: it says
only "ok". No CORS: no web page may call it. Request bodies are capped at MAX_BODY_BYTES.
"""
import argparse
import logging
import os

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import response

from components import secrets

HOST = "127.0.0.1"  # never exposed: only the Rasa servers on this machine call it
MAX_BODY_BYTES = 8 * 1024 * 1024  # a tracker with a long conversation, with room to spare
OPEN_PATHS = ("/health",)


def actions_token() -> str:
    """Return the token Rasa must present."""
    return os.environ.get("ABM_ACTIONS_TOKEN") or secrets.token("actions")


def make_app(token: str):
    """Return the rasa_sdk Sanic app with the token check in front of it."""
    app = create_app("actions", cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

    @app.middleware("request")
    async def require_token(request):
        if request.path in OPEN_PATHS:
            return None
        scheme, _, given = (request.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.same(given.strip(), token):
            return response.json({"error": "unauthorized"}, status=401)
        return None

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    args = parser.parse_args()
    utils.configure_colored_logging(logging.INFO)
    app = make_app(actions_token())
    logging.getLogger(__name__).info("Action server on http://%s:%s (Rasa only: token required)", HOST, args.port)
    app.run(HOST, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
