"""The tutor's input channels: Rasa's REST and socket.io channels, closed by default and never silent.

Rasa logs a failed custom action (action server down, crashed or refusing) and carries on
without its reply, and it waits up to five minutes for a slow action server. These channels
wrap Rasa's REST and socket.io channels: when a message gets no reply at all, or none within
ABM_REPLY_TIMEOUT seconds (default 20), the learner is told the bot cannot look it up right
now. Messages over MAX_MESSAGE_CHARS are cut to that length before the NLU sees them (a 100 KB
paste would otherwise keep the server busy for a minute), and the learner is told.

Limits: request bodies and socket frames over MAX_BODY_BYTES are refused, metadata over
MAX_METADATA_BYTES is dropped (it would be stored with every event), REST sender ids must be
short and plain, and a learner sending faster than RateLimit allows is told "one moment".

Identity: socket.io session ids are issued and signed by the server and bound to the socket
(TutorSocketIOInput); the REST channel needs a bearer token when the servers are exposed.

The socket.io channel also fixes session persistence on Rasa 3.6: Rasa's `session_request`
handler calls `sio.enter_room(...)` without `await`; since python-socketio 5.10 that is a
coroutine, so the socket never joins its session's room (RasaHQ/rasa#13027). The handler here
awaits it.
"""
import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import time
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage as BadRequest  # 400 (Sanic 21.12)
from sanic.request import Request
from sanic.response import HTTPResponse

from components import secrets
from components.rasa_patches import cache_action_response_validator, use_wal_for_sqlite

logger = logging.getLogger(__name__)
# These channels load in every Rasa server the project runs, so the fixes are applied here.
cache_action_response_validator()
use_wal_for_sqlite()

NEW_SESSION = "A new session has started. Ask me about the 2001 missile-defence debate, or say “quiz me”."
MAX_MESSAGE_CHARS = 1000
TOO_LONG = f"(Your message was very long, so I read only its first {MAX_MESSAGE_CHARS:,} characters.)"
UNAVAILABLE = ("Sorry — I can't look that up right now: part of me is not answering. "
               "Please ask again in a moment.")
ONE_MOMENT = "One moment… I'm still answering your last messages. Please send that again in a few seconds."
NO_SESSION = "This chat has no session yet. Please reload the page."
MAX_BODY_BYTES = 1024 * 1024  # a 100 KB paste still gets its reply (cut to MAX_MESSAGE_CHARS); 100 MB does not
MAX_METADATA_BYTES = 2048
MAX_SENDER_CHARS = 128
VALID_SENDER = re.compile(rf"[A-Za-z0-9_.:@-]{{1,{MAX_SENDER_CHARS}}}")
SIGNATURE_CHARS = 32
DEFAULT_SESSION_DAYS = 30
RATE_BURST = 30  # messages a learner may send at once …
RATE_PER_SECOND = 3.0  # … and then per second; far above typing speed, far below a flood
MAX_IN_FLIGHT = 3  # messages of one learner being answered at the same time


def reply_timeout() -> float:
    """Return the seconds a learner waits at most before hearing that the bot is unavailable."""
    try:
        return max(1.0, float(os.environ.get("ABM_REPLY_TIMEOUT", "20")))
    except ValueError:
        return 20.0


class CountingOutput(OutputChannel):
    """Pass every bot message on to the real output channel, counting them."""

    def __init__(self, inner: OutputChannel):
        self.inner = inner
        self.sent = 0

    @classmethod
    def name(cls) -> Text:
        return "counting"

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


class RateLimit:
    """A token bucket per learner, and a cap on their messages being answered at once."""

    def __init__(self, burst: float = RATE_BURST, per_second: float = RATE_PER_SECOND,
                 in_flight: int = MAX_IN_FLIGHT):
        self.burst, self.per_second, self.max_in_flight = burst, per_second, in_flight
        self.buckets: dict[str, tuple[float, float]] = {}  # learner → (tokens, when)
        self.in_flight: dict[str, int] = {}

    def admit(self, learner: str) -> bool:
        """Take one message of a learner in, if they are within their limits."""
        now = time.monotonic()
        tokens, then = self.buckets.get(learner, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.per_second)
        if tokens < 1 or self.in_flight.get(learner, 0) >= self.max_in_flight:
            self.buckets[learner] = (tokens, now)
            return False
        self.buckets[learner] = (tokens - 1, now)
        self.in_flight[learner] = self.in_flight.get(learner, 0) + 1
        if len(self.buckets) > 10_000:  # forget learners whose bucket is full again
            for key in [k for k, (t, w) in self.buckets.items() if t + (now - w) * self.per_second >= self.burst]:
                del self.buckets[key]
        return True

    def done(self, learner: str) -> None:
        """Note that one message of a learner has been answered."""
        left = self.in_flight.get(learner, 1) - 1
        if left > 0:
            self.in_flight[learner] = left
        else:
            self.in_flight.pop(learner, None)


def never_silent(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    """Wrap Rasa's message handler so that every message gets at least one reply, and a learner
    sending faster than RateLimit allows is asked to wait instead of being queued."""
    limit = RateLimit(float(os.environ.get("ABM_RATE_BURST", RATE_BURST)),
                      float(os.environ.get("ABM_RATE_PER_SECOND", RATE_PER_SECOND)))

    async def handle(message: UserMessage) -> None:
        if not limit.admit(message.sender_id):
            await message.output_channel.send_text_message(message.sender_id, ONE_MOMENT)
            return
        try:
            await _answer(message)
        finally:
            limit.done(message.sender_id)

    async def _answer(message: UserMessage) -> None:
        output = CountingOutput(message.output_channel)
        message.output_channel = output
        too_long = len(message.text or "") > MAX_MESSAGE_CHARS
        if too_long:
            message.text = message.text[:MAX_MESSAGE_CHARS]
        try:
            await asyncio.wait_for(on_new_message(message), reply_timeout())
        except asyncio.TimeoutError:
            logger.warning("No reply to %s within %.0f s; telling the learner.", message.sender_id, reply_timeout())
        if output.sent == 0:
            # A typed `/session_start` runs Rasa's session start, which has nothing to say.
            session_start = (message.text or "").strip().startswith("/session_start")
            await output.inner.send_text_message(message.sender_id, NEW_SESSION if session_start else UNAVAILABLE)
        if too_long:
            await output.inner.send_text_message(message.sender_id, TOO_LONG)

    return handle


class TutorRestInput(RestInput):
    """Rasa's REST channel (/webhooks/rest/webhook) that always replies, with checked senders.

    On loopback it is open, for integrations and tests. When the servers are exposed (ABM_EXPOSED=1,
    set by EXPOSE=1) it needs `Authorization: Bearer $ABM_REST_TOKEN`, and is off without that token.
    """

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Any:
        webhook = super().blueprint(never_silent(on_new_message))
        limit_bodies(webhook)

        @webhook.middleware("request")
        async def require_token(request: Request) -> Optional[HTTPResponse]:
            refused = rest_refusal(request.path, request.headers.get("Authorization") or "")
            return response.json({"error": refused[1]}, status=refused[0]) if refused else None

        return webhook

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = (req.json or {}).get("sender") if isinstance(req.json, dict) else None
        if not isinstance(sender, str) or not VALID_SENDER.fullmatch(sender):
            raise BadRequest(f"'sender' must be 1–{MAX_SENDER_CHARS} letters, digits, '-', '_', '.', ':' or '@'")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = req.json.get("message") if isinstance(req.json, dict) else None
        return message if isinstance(message, str) else ""

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return capped_metadata(request.json.get("metadata") if isinstance(request.json, dict) else None)


class TutorSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel that always replies, with sessions the server issues.

    A session id is `<learner>.<issued>.<signature>`, signed with the deployment key. The socket that
    asks for a session gets its stored id back only when the signature holds and the id is younger
    than ABM_SESSION_DAYS; otherwise it gets a new one. The learner (Rasa's sender id) is bound to
    the socket, so a message's own `session_id` field is ignored: no client can post into, or read,
    a session it was not issued. The signature never reaches the trackers or the logs.
    """

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = never_silent(on_new_message)
        webhook = super().blueprint(handle)
        limit_bodies(webhook)
        sio = self.sio
        learners: dict[str, str] = {}  # socket id → the learner its session belongs to

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Dict]) -> None:
            session_id = (data or {}).get("session_id") if isinstance(data, dict) else None
            learner = learner_of(session_id)
            if learner is None:
                session_id = issue_session()
                learner = learner_of(session_id)
            for room in list(sio.rooms(sid, namespace=self.namespace)):
                if room != sid:
                    await sio.leave_room(sid, room, namespace=self.namespace)
            learners[sid] = learner
            await sio.enter_room(sid, learner, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Dict) -> None:
            learner = learners.get(sid)
            if learner is None:
                await sio.emit(self.bot_message_evt, {"text": NO_SESSION}, room=sid, namespace=self.namespace)
                return
            data = data if isinstance(data, dict) else {}
            metadata = data.get(self.metadata_key)
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            message = data.get("message")
            await handle(UserMessage(message if isinstance(message, str) else "",
                                     SocketIOOutput(sio, self.bot_message_evt), learner,
                                     input_channel=self.name(), metadata=capped_metadata(metadata)))

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            learners.pop(sid, None)

        return webhook


def rest_refusal(path: str, authorization: str) -> Optional[tuple[int, str]]:
    """Return (status, reason) when a REST webhook call must be refused, None when it may go on:
    open on loopback; on an exposed server only with `Bearer $ABM_REST_TOKEN`, and off without one."""
    if not path.endswith("/webhook") or not exposed():
        return None
    expected = os.environ.get("ABM_REST_TOKEN", "")
    if not expected:
        return 403, "the REST channel is off on an exposed server (set ABM_REST_TOKEN to turn it on)"
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secrets.same(given.strip(), expected):
        return 401, "unauthorized"
    return None


def exposed() -> bool:
    """Say whether the servers listen beyond loopback (EXPOSE=1 in the scripts)."""
    return os.environ.get("ABM_EXPOSED", "0") == "1"


def session_days() -> float:
    """Return how many days an issued session id stays valid."""
    try:
        return max(0.0, float(os.environ.get("ABM_SESSION_DAYS", DEFAULT_SESSION_DAYS)))
    except ValueError:
        return float(DEFAULT_SESSION_DAYS)


def _signature(learner: str, issued: str) -> str:
    return hmac.new(secrets.token("sessions").encode(), f"{learner}.{issued}".encode(),
                    hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def issue_session(now: Optional[float] = None) -> str:
    """Return a new signed session id for a new learner."""
    learner, issued = uuid.uuid4().hex, format(int(now if now is not None else time.time()), "x")
    return f"{learner}.{issued}.{_signature(learner, issued)}"


def learner_of(session_id: Any, now: Optional[float] = None) -> Optional[str]:
    """Return the learner of a session id this deployment issued and that has not expired, else None."""
    if not isinstance(session_id, str) or len(session_id) > MAX_SENDER_CHARS:
        return None
    parts = session_id.split(".")
    if len(parts) != 3 or not all(re.fullmatch(r"[0-9a-f]+", part) for part in parts):
        return None
    learner, issued, signature = parts
    if not secrets.same(signature, _signature(learner, issued)):
        return None
    age = (now if now is not None else time.time()) - int(issued, 16)
    return learner if 0 <= age <= session_days() * 86400 else None


def capped_metadata(metadata: Any) -> Optional[Dict[Text, Any]]:
    """Return a message's metadata when it is a small JSON object, else None (it is stored with
    every event of the conversation)."""
    if not isinstance(metadata, dict):
        return None
    try:
        size = len(json.dumps(metadata))
    except (TypeError, ValueError):
        return None
    if size > MAX_METADATA_BYTES:
        logger.info("Dropped %d bytes of message metadata (over %d).", size, MAX_METADATA_BYTES)
        return None
    return metadata


def limit_bodies(webhook: Blueprint) -> None:
    """Cap request bodies and socket frames on the Rasa server this channel runs in."""

    @webhook.listener("before_server_start")
    async def cap(app, _loop) -> None:
        app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_BODY_BYTES)
        app.config.WEBSOCKET_MAX_SIZE = min(app.config.WEBSOCKET_MAX_SIZE, MAX_BODY_BYTES)
