"""The tutor on its web page (bot/web/), in real headless Chromium, against the real servers.

RasaStack(web_page=True) starts the action server, Rasa (REST and socket.io, CORS for the page's
origin) and scripts/web_server.py on free ports; Playwright drives Debian's chromium ($CHROMIUM).
"""
import json
import os
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.servers import ROOT, RasaStack

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the browser fixture fails each browser test with the reason
    expect = sync_playwright = None

pytestmark = pytest.mark.servers

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT = ROOT / "results" / "web-widget.png"
REPLY_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium under Playwright; a missing one fails the test, never skips it."""
    if sync_playwright is None:
        pytest.fail("Playwright for Python is missing: `make test` installs it from requirements.lock")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = RasaStack(tmp_path_factory.mktemp("web"), web_page=True).start()
    yield stack
    stack.stop()


class TutorPage:
    """The tutor's page in a fresh browser profile, recording script errors and foreign requests."""

    def __init__(self, browser, stack: RasaStack):
        self.context = browser.new_context(viewport={"width": 1100, "height": 800})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        allowed = {urlsplit(stack.page_origin).netloc, urlsplit(stack.url).netloc}
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("request", lambda request: urlsplit(request.url).netloc in allowed
                     or self.foreign_requests.append(request.url))
        self.page.goto(f"{stack.page_origin}/")

    def ask(self, text: str) -> None:
        """Type a message into the widget and send it with Enter."""
        self.page.fill(".rw-new-message", text)
        self.page.press(".rw-new-message", "Enter")

    def reply(self, text: str):
        """Wait for the bot's message that contains `text`; return it."""
        message = self.page.locator(".rw-response").filter(has_text=text).last
        expect(message).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        return message

    def check_option_buttons(self, question) -> None:
        """The question shows its options on lines of their own, and the same options as buttons."""
        options = [line for line in question.inner_text().splitlines() if re.match(r"[A-D]\) ", line)]
        assert len(options) >= 2, question.inner_text()
        expect(self.page.locator(".rw-reply")).to_have_text(options, timeout=REPLY_TIMEOUT_MS)

    def session_id(self) -> str:
        """The widget's session id (the Rasa sender id), from its local storage."""
        return self.page.evaluate("JSON.parse(localStorage.getItem('chat_session')).session_id")

    def check_clean(self) -> None:
        """No script errors on the page, and nothing loaded from anywhere but the page and Rasa."""
        assert self.errors == []
        assert self.foreign_requests == []


@pytest.fixture
def tutor(browser, stack):
    tutor = TutorPage(browser, stack)
    yield tutor
    tutor.context.close()


def test_greeting_then_who_is_lukin(tutor):
    greeting = tutor.reply("Hello! I'm a tutor").inner_text()
    assert '"quiz me"' in greeting and '"help"' in greeting and "don't say" in greeting
    tutor.ask("who is Lukin?")
    answer = tutor.reply("Vladimir Lukin — Russian parliamentarian").inner_text()
    assert "CNN, May 11, 2001" in answer
    tutor.check_clean()


def test_quiz_answer_by_clicking_a_button(tutor):
    tutor.reply("Hello! I'm a tutor")
    tutor.ask("quiz me")
    tutor.check_option_buttons(tutor.reply("Question 1 of 5"))
    button = tutor.page.locator(".rw-reply").first
    choice = button.inner_text()
    button.click()
    expect(tutor.page.locator(".rw-client").filter(has_text=choice)).to_be_visible()
    responses = tutor.page.locator(".rw-response")
    feedback = responses.filter(has_text="Right!").or_(responses.filter(has_text="Not quite — the answer is"))
    expect(feedback.first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    tutor.check_option_buttons(tutor.reply("Question 2 of 5"))
    SCREENSHOT.parent.mkdir(exist_ok=True)
    tutor.page.screenshot(path=str(SCREENSHOT))
    tutor.check_clean()


def test_reload_keeps_the_conversation_and_continues_it(tutor, stack):
    tutor.reply("Hello! I'm a tutor")
    tutor.ask("who is Lukin?")
    tutor.reply("Vladimir Lukin — Russian parliamentarian")
    session_id = tutor.session_id()
    tutor.page.reload()
    expect(tutor.page.locator(".rw-client").filter(has_text="who is Lukin?")).to_be_visible()
    tutor.reply("Vladimir Lukin — Russian parliamentarian")
    tutor.ask("what did he say?")
    tutor.reply("Vladimir Lukin said")  # "he" is Lukin: the same conversation goes on
    assert tutor.session_id() == session_id
    expect(tutor.page.locator(".rw-response").filter(has_text="Hello! I'm a tutor")).to_have_count(1)
    tracker = stack.tracker(session_id)
    said = [event["text"] for event in tracker["events"] if event["event"] == "user"]
    assert said == ["/greet", "who is Lukin?", "what did he say?"]
    assert tracker["latest_input_channel"] == "socketio"
    tutor.check_clean()


@pytest.mark.parametrize("hostile", ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>"])
def test_html_in_a_message_is_shown_as_text(tutor, hostile):
    tutor.reply("Hello! I'm a tutor")
    tutor.ask(hostile)
    expect(tutor.page.locator(".rw-client").filter(has_text=hostile)).to_have_text(hostile)
    tutor.page.locator(".rw-response .rw-markdown").nth(1).wait_for(timeout=REPLY_TIMEOUT_MS)  # and the bot's answer
    messages = tutor.page.locator("#rw-messages")
    assert messages.locator("img").count() == 0
    assert messages.locator("script").count() == 0
    assert tutor.page.evaluate("typeof window.__xss") == "undefined"
    tutor.check_clean()


def test_page_headers_and_no_cdn(stack):
    with urllib.request.urlopen(f"{stack.page_origin}/", timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    script_sources = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert script_sources == "script-src 'self'"
    assert f"connect-src 'self' {stack.url} ws://127.0.0.1:{stack.rasa_port}" in policy
    with urllib.request.urlopen(f"{stack.page_origin}/webchat.js", timeout=10) as response:
        assert b"fonts.googleapis.com" not in response.read()
    with urllib.request.urlopen(f"{stack.page_origin}/config.js", timeout=10) as response:
        assert json.dumps(stack.url) in response.read().decode()
    for path in ["/credentials.yml", "/../credentials.yml", "/node_modules/rasa-webchat/package.json", "/channel.py"]:
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(f"{stack.page_origin}{path}", timeout=10)


def test_cors_allows_the_page_origin_only(stack):
    def allowed_origin(origin: str):
        request = urllib.request.Request(f"{stack.url}/socket.io/?EIO=4&transport=polling", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("Access-Control-Allow-Origin")

    assert allowed_origin(stack.page_origin) == stack.page_origin
    assert allowed_origin("http://elsewhere.example") is None


@pytest.mark.parametrize("token, expected", [("", []), ("s3cret", ["--enable-api", "--auth-token", "s3cret"])])
def test_serve_turns_the_http_api_on_only_with_a_token(token, expected):
    script = 'source scripts/lib.sh; rasa_api_args; printf "%s\\n" "${RASA_API_ARGS[@]}"'
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, env=dict(os.environ, RASA_API_TOKEN=token),
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == expected

