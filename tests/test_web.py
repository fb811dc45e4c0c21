"""The tutor on its web page (bot/web/), in real headless Chromium, against the real servers.

RasaStack(web_page=True) starts the action server, Rasa (REST and socket.io, CORS for the page's
origin) and scripts/web_server.py on free ports; Playwright drives Debian's chromium ($CHROMIUM).
The socket.io channel issues signed session ids `<learner>.<issued>.<signature>`; the learner part
is the sender id in Rasa's tracker store.
"""
import json
import os
import re
import subprocess
import time
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
# axe-core, pinned in bot/web/package.json (a devDependency, installed by `npm ci`); the page server
# does not serve it, and nothing comes from a CDN: the test reads the file and runs it in the page.
AXE = ROOT / "bot" / "web" / "node_modules" / "axe-core" / "axe.min.js"


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
def stack(servers):
    return servers


class TutorPage:
    """The tutor's page in a fresh browser profile, recording script errors and foreign requests."""

    def __init__(self, browser, stack: RasaStack, init_script: str = ""):
        self.context = browser.new_context(viewport={"width": 1100, "height": 800})
        if init_script:
            self.context.add_init_script(init_script)
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

    def session_id(self, storage: str = "localStorage") -> str:
        """The widget's session id, from its local (or session) storage."""
        return self.page.evaluate(f"JSON.parse({storage}.getItem('chat_session')).session_id")

    def learner(self, storage: str = "localStorage") -> str:
        """The learner of the widget's session: the Rasa sender id."""
        return self.session_id(storage).split(".")[0]

    def said(self, stack: RasaStack, learner: str) -> list[str]:
        """What a learner has said, from their tracker."""
        return [event["text"] for event in stack.tracker(learner)["events"] if event["event"] == "user"]

    def press_until_focused(self, key: str, selector: str, presses: int = 20):
        """Press `key` (Tab, Shift+Tab) until the focus is on an element matching `selector`; return it."""
        for _ in range(presses):
            self.page.keyboard.press(key)
            if self.page.evaluate("selector => document.activeElement.matches(selector)", selector):
                return self.page.locator(f"{selector}:focus")
        focused = self.page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        pytest.fail(f"{presses} × {key} never reached {selector}; the focus is on {focused}")

    def check_accessible(self, when: str) -> None:
        """axe-core finds no serious or critical WCAG violation on the page as it is now."""
        # The page's CSP lets scripts come only from the page server, which does not serve axe, and
        # allows no inline script (add_script_tag would be refused). page.evaluate runs the file's text
        # through the DevTools protocol, which the CSP does not govern, so the page stays as served.
        if not AXE.exists():
            pytest.fail(f"{AXE} is missing: `make test` installs it (cd bot/web && npm ci)")
        self.page.evaluate(AXE.read_text())
        violations = self.page.evaluate("""async () => (await axe.run(document)).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target)}))""")
        assert violations == [], f"axe-core {self.page.evaluate('axe.version')}, {when}:\n" + "\n".join(
            f"  {v['id']} ({v['impact']}): {v['help']}; {v['targets']}" for v in violations)

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
    tutor.ask("quiz me on quotes")  # lettered questions with buttons only
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


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS colours as getComputedStyle gives them ("rgb(r, g, b)")."""
    def luminance(colour: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    lighter, darker = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_no_serious_accessibility_violations(tutor):
    page = tutor.page
    tutor.reply("Hello! I'm a tutor")
    tutor.ask("who is Lukin?")
    tutor.reply("Vladimir Lukin — Russian parliamentarian")
    tutor.check_accessible('after "who is Lukin?"')
    tutor.ask("quiz me on quotes")  # lettered questions with buttons only
    tutor.check_option_buttons(tutor.reply("Question 1 of 5"))
    tutor.check_accessible("with a quiz question and its answer buttons")
    messages = page.get_by_role("log", name="Conversation with the tutor")
    expect(messages).to_have_attribute("aria-live", "polite")
    expect(messages).to_have_attribute("tabindex", "0")  # it scrolls: keyboards reach it
    expect(page.get_by_role("textbox", name="Your message to the tutor")).to_be_visible()
    expect(page.get_by_role("button", name="Send", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=NEW_LEARNER)).to_be_visible()
    choices = page.locator(".rw-reply")
    expect(page.get_by_role("button", name=re.compile(r"^[A-D]\) "))).to_have_count(choices.count())
    expect(choices.first).to_have_attribute("tabindex", "0")
    # axe does not check placeholder text: the input's hint is text too, at 4.5:1 at least.
    placeholder, background = page.evaluate("""() => {
        const input = document.querySelector(".rw-new-message");
        return [getComputedStyle(input, "::placeholder").color, getComputedStyle(input).backgroundColor]; }""")
    assert contrast(placeholder, background) >= 4.5, (placeholder, background)
    tutor.check_clean()


def test_quiz_by_keyboard_only(tutor):
    page = tutor.page
    tutor.reply("Hello! I'm a tutor")
    message_input = page.locator(".rw-new-message")
    tutor.press_until_focused("Tab", ".rw-new-message")  # from the top of the page
    page.keyboard.type("quiz me on quotes")  # lettered questions with buttons only
    page.keyboard.press("Enter")
    tutor.check_option_buttons(tutor.reply("Question 1 of 5"))
    responses = page.locator(".rw-response")
    feedback = responses.filter(has_text="Right!").or_(responses.filter(has_text="Not quite — the answer is"))
    chosen: list[str] = []
    for answered, (key, question) in enumerate([("Enter", "Question 2 of 5"), ("Space", "Question 3 of 5")], 1):
        # back from the input into the message list: the last answer button comes first
        choice = tutor.press_until_focused("Shift+Tab", ".rw-reply")
        expect(choice).to_have_attribute("role", "button")
        text = choice.inner_text()
        page.keyboard.press(key)
        expect(message_input).to_be_focused()
        # the choice is sent as the learner's message (the same text may have been chosen before)
        expect(page.locator(".rw-client").filter(has_text=text)).to_have_count(
            sum(t == text for t in chosen) + 1)
        chosen.append(text)
        expect(feedback).to_have_count(answered, timeout=REPLY_TIMEOUT_MS)
        tutor.check_option_buttons(tutor.reply(question))
    expect(message_input).to_be_focused()
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
    tracker = stack.tracker(tutor.learner())
    said = [event["text"] for event in tracker["events"] if event["event"] == "user"]
    assert said == ["/greet", "who is Lukin?", "what did he say?"]
    assert tracker["latest_input_channel"] == "socketio"
    tutor.check_clean()


NEW_LEARNER = "New learner — clear this chat"


def test_new_learner_clears_the_chat_and_starts_a_new_session(tutor, stack):
    page = tutor.page
    tutor.reply("Hello! I'm a tutor")
    tutor.ask("who is Lukin?")
    tutor.reply("Vladimir Lukin — Russian parliamentarian")
    before = tutor.session_id()
    button = page.get_by_role("button", name=NEW_LEARNER)
    expect(button).to_have_accessible_description(re.compile("the next learner starts a new conversation"))
    assert "cannot see this one" in button.get_attribute("title")
    yes = page.get_by_role("button", name="Yes, clear it")
    button.focus()  # all by keyboard: Enter opens the confirmation, Escape closes it, Enter confirms
    page.keyboard.press("Enter")
    expect(yes).to_be_focused()
    page.keyboard.press("Escape")
    expect(yes).to_be_hidden()
    expect(button).to_be_focused()
    assert tutor.session_id() == before  # cancelled: nothing forgotten
    page.keyboard.press("Enter")
    expect(yes).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tutor.reply("Hello! I'm a tutor")
    expect(page.locator(".rw-client")).to_have_count(0)
    expect(page.locator(".rw-response").filter(has_text="Lukin")).to_have_count(0)
    after = tutor.session_id()
    assert after.split(".")[0] != before.split(".")[0]
    tutor.ask("what did he say?")  # a new conversation: "he" is nobody yet
    page.locator(".rw-response").nth(1).wait_for(timeout=REPLY_TIMEOUT_MS)
    tutor.ask("who is Lukin?")
    tutor.reply("Vladimir Lukin — Russian parliamentarian")
    assert tutor.said(stack, tutor.learner()) == ["/greet", "what did he say?", "who is Lukin?"]
    assert tutor.said(stack, before.split(".")[0]) == ["/greet", "who is Lukin?"]
    tutor.check_clean()


@pytest.fixture
def session_storage(stack):
    """The stack's page server restarted with WEB_STORAGE=session, and afterwards as it was."""
    stack.stop("web")
    stack.env["WEB_STORAGE"] = "session"
    try:
        stack.start()
        yield
    finally:
        stack.stop("web")
        del stack.env["WEB_STORAGE"]
        stack.start()


def test_session_storage_keeps_the_chat_in_its_tab_only(browser, stack, session_storage):
    with urllib.request.urlopen(f"{stack.page_origin}/config.js", timeout=10) as response:
        assert '"storage": "session"' in response.read().decode()
    tutor = TutorPage(browser, stack)
    try:
        tutor.reply("Hello! I'm a tutor")
        tutor.ask("who is Lukin?")
        tutor.reply("Vladimir Lukin — Russian parliamentarian")
        session_id = tutor.session_id("sessionStorage")
        assert tutor.page.evaluate("localStorage.getItem('chat_session')") is None
        assert tutor.said(stack, tutor.learner("sessionStorage")) == ["/greet", "who is Lukin?"]
        tutor.page.reload()  # the same tab keeps it …
        expect(tutor.page.locator(".rw-client").filter(has_text="who is Lukin?")).to_be_visible()
        assert tutor.session_id("sessionStorage") == session_id
        tutor.page.close()  # … a closed one does not: the next tab starts afresh
        tutor.page = tutor.context.new_page()
        tutor.page.goto(f"{stack.page_origin}/")
        tutor.reply("Hello! I'm a tutor")
        expect(tutor.page.locator(".rw-client")).to_have_count(0)
        assert tutor.learner("sessionStorage") != session_id.split(".")[0]
        assert tutor.page.evaluate("localStorage.getItem('chat_session')") is None
        tutor.check_clean()
    finally:
        tutor.context.close()


def seeded_storage(seed: dict) -> str:
    """A script for the first page load only: the widget's storage already holds `seed`."""
    return ("var loads = Number(sessionStorage.getItem('test-loads') || 0) + 1;"
            "sessionStorage.setItem('test-loads', String(loads));"
            f"if (loads === 1) {{ localStorage.setItem('chat_session', {json.dumps(json.dumps(seed))}); }}")


def test_a_forged_or_foreign_session_id_gets_a_new_session(browser, stack, tutor):
    tutor.reply("Hello! I'm a tutor")
    tutor.ask("who is Lukin?")
    tutor.reply("Vladimir Lukin — Russian parliamentarian")
    stored = json.loads(tutor.page.evaluate("localStorage.getItem('chat_session')"))
    learner, issued, signature = stored["session_id"].split(".")
    tampered = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    forgeries = {  # what learner B's browser holds before the widget starts
        "A's storage, signature tampered": {**stored, "session_id": f"{learner}.{issued}.{tampered}"},
        "A's storage, no signature": {**stored, "session_id": f"{learner}.{issued}"},
        "A's learner, a fake signature": {"session_id": f"{learner}.{int(time.time()):x}.{'0' * 32}",
                                          "version": "1.0.1"},
        "A's learner alone": {"session_id": learner, "version": "1.0.1"},
    }
    for label, seed in forgeries.items():
        other = TutorPage(browser, stack, init_script=seeded_storage(seed))
        try:
            # The server confirms a new session; the page drops what it showed and starts afresh, once.
            other.page.wait_for_function("() => Number(sessionStorage.getItem('test-loads')) === 2",
                                         timeout=REPLY_TIMEOUT_MS)
            other.reply("Hello! I'm a tutor")
            expect(other.page.locator(".rw-client")).to_have_count(0)
            expect(other.page.locator(".rw-response").filter(has_text="Lukin")).to_have_count(0)
            assert other.learner() != learner, label
            other.ask("what did he say?")
            other.page.locator(".rw-response").nth(1).wait_for(timeout=REPLY_TIMEOUT_MS)
            assert other.said(stack, other.learner()) == ["/greet", "what did he say?"], label
            assert other.page.evaluate("sessionStorage.getItem('test-loads')") == "2", label
            other.check_clean()
        finally:
            other.context.close()
    assert tutor.said(stack, learner) == ["/greet", "who is Lukin?"]  # nothing of B's reached A's session


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

