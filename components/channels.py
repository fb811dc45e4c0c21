"""The tutor's input channels: Rasa's REST and socket.io channels that never leave a learner in silence.

Rasa logs a failed custom action (action server down, crashed or refusing) and carries on
without its reply, and it waits up to five minutes for a slow action server. These channels
wrap Rasa's REST and socket.io channels: when a message gets no reply at all, or none within
ABM_REPLY_TIMEOUT seconds (default 20), the learner is told the bot cannot look it up right
now. Messages over MAX_MESSAGE_CHARS are cut to that length before the NLU sees them (a 100 KB
paste would otherwise keep the server busy for a minute), and the learner is told. Nothing else
changes: same names, same webhook URLs, same settings in credentials.yml.

The socket.io channel also fixes session persistence on Rasa 3.6: Rasa's `session_request`
handler calls `sio.enter_room(...)` without `await`; since python-socketio 5.10 that is a
coroutine, so the socket never joins its session's room and, with `session_persistence: true`,
the bot's replies reach no one (RasaHQ/rasa#13027). TutorSocketIOInput registers the same
handler with the `await`.
"""
import asyncio
import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

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


def never_silent(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[None]]:
    """Wrap Rasa's message handler so that every message gets at least one reply."""

    async def handle(message: UserMessage) -> None:
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
    """Rasa's REST channel (/webhooks/rest/webhook) that always replies."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Any:
        return super().blueprint(never_silent(on_new_message))


class TutorSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel that always replies, with session persistence that works."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(never_silent(on_new_message))
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Dict]) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid)

        return webhook
