"""Talk to the tutor in the terminal, over Rasa's REST channel (what `make chat` runs).

  python scripts/terminal_chat.py [--port 5005] [--history var/chat_history]

The bot's choices (quiz options, suggestions) are printed as lettered lines; typing just a letter
or a number of one of them sends that choice, exactly as a click in the web widget would. Anything
else is sent as typed. /stop or /quit, Ctrl-C, Ctrl-D, or closing the terminal leaves.
Standard library only (readline for line editing and history); it does not import Rasa.
"""
import argparse
import json
import os
import re
import shutil
import signal
import sys
import textwrap
import urllib.error
import urllib.request
import uuid
from pathlib import Path

try:
    import readline
except ImportError:  # not on every platform; typing still works without line editing
    readline = None

LETTERS = "abcdefghijklmnopqrstuvwxyz"
PROMPT = "> "
LEAVE = {"/stop", "/quit"}
GOODBYE = "Goodbye."
LEAVING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)  # SIGINT too: chat.sh starts us in the background
TIMEOUT = 60  # seconds; the channel itself answers within ABM_REPLY_TIMEOUT (20 s)
LIST_ITEM = re.compile(r"^(\s*(?:[•*-]|\d+[.)]|[A-Z]\))\s+)")  # "• ", "- ", "1. ", "A) "


def say(url: str, sender: str, text: str) -> list[dict]:
    """Send one message to the REST channel; return the bot's messages."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        messages = json.loads(response.read())
    if not isinstance(messages, list):
        raise ValueError("not a list of messages")
    return [m for m in messages if isinstance(m, dict)]


def problem(error: Exception, url: str) -> str:
    """Say in one line why a message could not be sent."""
    if isinstance(error, urllib.error.HTTPError):
        return f"(The tutor answered with an error, HTTP {error.code}. Try again, or /stop.)"
    reason = getattr(error, "reason", error)
    if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
        return f"(The tutor did not answer within {TIMEOUT} s. Try again, or /stop.)"
    if isinstance(error, ValueError):
        return "(The tutor's answer could not be read. Try again, or /stop.)"
    return f"(Cannot reach the tutor at {url}: {getattr(reason, 'strerror', None) or reason}. /stop leaves.)"


def wrap(text: str, width: int) -> str:
    """Wrap each line of a bot text to the width, keeping blank lines and list items' indents."""
    lines = []
    for line in text.splitlines():
        if not line.strip():
            lines.append("")
            continue
        marker = LIST_ITEM.match(line)
        indent = " " * len(marker.group(1)) if marker else ""
        lines.append(textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False) or line)
    return "\n".join(lines)


def show(messages: list[dict], width: int) -> list[str]:
    """Print the bot's messages; return the payloads of the choices printed (lettered A, B, …)."""
    choices = []
    for message in messages:
        buttons = [b for b in message.get("buttons") or [] if isinstance(b, dict) and b.get("payload")][:len(LETTERS)]
        titles = {str(b.get("title", "")).strip() for b in buttons}
        text = message.get("text") or ""
        # a quiz question lists its options in its text too: print them once, as the choices
        text = "\n".join(line for line in text.splitlines() if line.strip() not in titles).rstrip()
        if text:
            print(wrap(text, width))
        for button in buttons:
            key = LETTERS[len(choices)].upper()
            title = str(button.get("title") or button["payload"]).strip()
            if not title.startswith(f"{key}) "):
                title = f"{key}) {title}"
            print(textwrap.fill(title, width, initial_indent="  ", subsequent_indent="     "))
            choices.append(str(button["payload"]))
    print()
    return choices


def chosen(typed: str, choices: list[str]) -> str:
    """Return what to send: a choice's payload for its letter or number, else the text as typed."""
    word = typed.strip().lower()
    if len(word) == 1 and word in LETTERS and LETTERS.index(word) < len(choices):
        return choices[LETTERS.index(word)]
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    return typed


def open_history(path: Path) -> None:
    """Load the line-editing history, creating its file private to this user."""
    if readline is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    readline.set_history_length(1000)


def save_history(path: Path) -> None:
    if readline is not None:
        try:
            readline.write_history_file(path)
        except OSError:
            pass


def chat(url: str, sender: str) -> None:
    """Greet, then read a line, send it, print the reply, until the learner leaves."""
    width = max(20, shutil.get_terminal_size().columns - 1)
    choices: list[str] = []
    typed = "/greet"
    while True:
        try:
            choices = show(say(url, sender, chosen(typed, choices)), width)
        except (OSError, ValueError) as error:  # URLError, HTTPError and timeouts are OSErrors
            print(problem(error, url), end="\n\n")
        typed = ""
        while not typed.strip():
            typed = input(PROMPT)
        if typed.strip().lower() in LEAVE:
            return


def ignore_signals() -> None:
    """Ignore further leaving signals; one already on its way (Ctrl-C, then chat.sh's SIGTERM) is let go."""
    while True:
        try:
            for signum in LEAVING_SIGNALS:
                signal.signal(signum, signal.SIG_IGN)  # runs a pending handler first
            return
        except KeyboardInterrupt:
            continue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    parser.add_argument("--history", type=Path, default=Path(__file__).resolve().parent.parent / "var" / "chat_history")
    args = parser.parse_args()
    url = f"http://127.0.0.1:{args.port}/webhooks/rest/webhook"
    # Ctrl-C, SIGTERM and a closed terminal (SIGHUP) all raise KeyboardInterrupt: one way out, and one
    # that is safe inside readline (a handler of our own must not run while another signal's is raising).
    for signum in LEAVING_SIGNALS:
        signal.signal(signum, signal.default_int_handler)
    open_history(args.history)
    try:
        chat(url, f"terminal-{uuid.uuid4().hex}")
    except (KeyboardInterrupt, EOFError, OSError):  # a signal, Ctrl-D, or the terminal is gone
        ignore_signals()
        print()
    finally:
        save_history(args.history)
    print(GOODBYE)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, KeyboardInterrupt):  # the terminal went away while we wrote to it, or a second signal
        os._exit(0)
