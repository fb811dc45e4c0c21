"""The deployment's secrets: one random key, made on first use in var/secret.key (mode 600), from
which each internal service gets its own token.

  action server: Rasa sends `Authorization: Bearer <actions token>` (endpoints.yml); the action
                 server (scripts/action_server.py) refuses any call without it.
  sessions:      socket.io session ids are signed with the session key (components/channels.py),
                 so a client can only resume a session it was issued.
  cluster-*:     the passwords of `make serve-cluster`'s PostgreSQL roles and Redis.

Run `python -m components.secrets actions` to print the action-server token (the scripts export it
as ABM_ACTIONS_TOKEN for endpoints.yml). ABM_SECRET_FILE moves the key file (tests use their own).
"""
import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

KEY_BYTES = 32
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "var" / "secret.key"
PURPOSES = ("actions", "sessions", "cluster-db-admin", "cluster-db", "cluster-redis")


def secret_file() -> Path:
    """Return where the key lives: $ABM_SECRET_FILE, else var/secret.key."""
    return Path(os.environ.get("ABM_SECRET_FILE") or DEFAULT_FILE)


def master_key() -> bytes:
    """Return the deployment key, creating it (private to this user) on first use."""
    path = secret_file()
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(KEY_BYTES)
    try:  # O_EXCL: two processes starting at once agree on the first key written
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(descriptor, "w") as file:
        file.write(key.hex())
    return key


def token(purpose: str) -> str:
    """Return the token of one internal service, derived from the deployment key."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown secret purpose {purpose!r}; one of {PURPOSES}")
    return hmac.new(master_key(), purpose.encode(), hashlib.sha256).hexdigest()


def same(given: str, expected: str) -> bool:
    """Compare a presented token with the expected one in constant time."""
    return hmac.compare_digest((given or "").encode(), expected.encode())


if __name__ == "__main__":
    print(token(sys.argv[1] if len(sys.argv) > 1 else "actions"))
