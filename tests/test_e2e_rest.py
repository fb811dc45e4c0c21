"""End to end over REST against the real Rasa server and action server."""
import pytest

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def stack(servers):
    return servers


def test_who_is_lukin_answers_with_role_and_citation(stack):
    reply = stack.text("e2e-lukin", "who is Lukin?")
    assert reply.startswith("Vladimir Lukin — Russian parliamentarian")
    assert "former Russian ambassador to Washington" in reply
    assert "CNN, May 11, 2001" in reply and "CBS News (AP), May 11, 2001" in reply


def test_who_is_by_typo_and_role_phrase(stack):
    assert stack.text("e2e-typo", "who is wolfowits?").startswith("Paul Wolfowitz — US Deputy Defense Secretary")
    assert stack.text("e2e-role", "who is the russian foreign minister?").startswith("Igor Ivanov")


def test_ambiguous_name_offers_buttons(stack):
    [message] = stack.say("e2e-ambiguous", "who is Vladimir?")
    assert message["text"] == "Did you mean Vladimir Lukin or Vladimir Putin?"
    assert [b["title"] for b in message["buttons"]] == ["Vladimir Lukin", "Vladimir Putin"]
    assert stack.text("e2e-ambiguous", message["buttons"][1]["payload"]).startswith("Vladimir Putin — President of Russia")


def test_unknown_person_is_said_plainly(stack):
    reply = stack.text("e2e-unknown", "who is Gandalf?")
    assert reply.startswith("The articles don't mention “Gandalf”.") and "Lukin" in reply


def test_greet_help_goodbye(stack):
    assert "ABM treaty" in stack.text("e2e-chat", "hello")
    assert "“Who is Lukin?”" in stack.text("e2e-chat", "what can you do?")  # an example made from the store
    assert "Goodbye" in stack.text("e2e-chat", "bye")
