"""Quiz conversations over REST against the real servers, including a restart mid-quiz (and mid-conversation)."""
import sqlite3

import pytest


pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def stack(servers):
    return servers


def quiz_state(stack, sender):
    return stack.tracker(sender)["slots"]["quiz"]


def right_and_wrong(stack, sender):
    state = quiz_state(stack, sender)
    right = state["options"][state["answer"]]
    wrong = next(o for i, o in enumerate(state["options"]) if i != state["answer"])
    return right, wrong, state


def test_a_full_quiz(stack):
    sender = "quiz-full"
    [start] = stack.say(sender, "quiz me on who said what with 4 questions")
    assert start["text"].startswith("Quiz (who said it): 4 questions.") and "Question 1 of 4" in start["text"]
    assert len(start["buttons"]) >= 2 and start["buttons"][0]["payload"].startswith("/quiz_answer")

    right, wrong, state = right_and_wrong(stack, sender)
    button = next(b for b in start["buttons"] if b["title"].endswith(right))
    reply = stack.text(sender, button["payload"])  # click the right button
    assert reply.startswith("Right!") and "Question 2 of 4" in reply and "Source:" in reply

    right, wrong, state = right_and_wrong(stack, sender)
    reply = stack.text(sender, wrong)  # a wrong answer typed as a full name
    assert reply.startswith("Not quite — the answer is") and right in reply and "Question 3 of 4" in reply

    assert stack.text(sender, "banana split").startswith("I did not catch that — pick one of")
    assert quiz_state(stack, sender)["position"] == 2  # not marked wrong

    right, wrong, state = right_and_wrong(stack, sender)
    assert stack.text(sender, "hint").startswith("Hint")
    outlet_question = sorted(state["options"]) == ["CBS News (AP)", "CNN"]
    typo = right if outlet_question else right.split()[-1][:-1]  # the surname without its last letter
    reply = stack.text(sender, typo)
    assert reply.startswith("Right!"), (typo, reply)

    reply = stack.text(sender, "skip")
    assert reply.startswith("Skipped — the answer was") and "Quiz over — you scored" in reply
    assert "You missed:" in reply
    assert stack.tracker(sender)["slots"]["quiz_active"] is False
    missed = quiz_state(stack, sender)["missed"]

    [end] = stack.say(sender, "skip")  # no quiz running any more
    assert end["text"].startswith("There's no quiz running")
    retry = stack.say(sender, '/start_quiz{"retry": "missed"}')[0]  # the "Retry the missed ones" button
    assert retry["text"].startswith(f"Quiz: {len(missed)} questions.")
    assert sorted(quiz_state(stack, sender)["items"]) == sorted(missed)


def test_the_last_answer_ends_the_quiz_and_stays_ended(stack):
    sender = "quiz-last"
    stack.say(sender, "quiz me on who said what with 2 questions")
    for _ in range(2):
        right, _, _ = right_and_wrong(stack, sender)
        reply = stack.text(sender, right)  # typed, as a learner would
    assert reply.startswith("Right!") and "Quiz over — you scored 2/2." in reply
    assert "Sorry" not in reply
    assert stack.tracker(sender)["slots"]["quiz_active"] is False
    assert quiz_state(stack, sender)["finished"] is True
    assert stack.text(sender, "who is Hadley?").startswith("Stephen Hadley — ")


def test_side_question_then_continue(stack):
    sender = "quiz-side"
    stack.say(sender, "quiz me on who said what")
    before = quiz_state(stack, sender)["position"]
    reply = stack.text(sender, "who is Lukin?")
    assert reply.startswith("Vladimir Lukin — ") and "Quiz paused at question 1" in reply
    reply = stack.text(sender, "what does the ABM treaty ban?")
    assert "bans testing" in reply and "Quiz paused" in reply
    reply = stack.text(sender, "continue")
    assert reply.startswith(f"Question {before + 1} of 5")
    assert stack.text(sender, "stop the quiz").startswith("Quiz stopped after 0 questions")


def test_a_conversation_and_a_quiz_survive_a_restart_of_both_servers(stack):
    """One restart for both (each restart costs half a minute): a conversation resumes from the
    SQLite tracker store in the same session, and a quiz at the same question with its score."""
    talker, sender = "rest-survives-restart", "quiz-restart"
    stack.text(talker, "who is Hadley?")
    stack.say(sender, "quiz me on quotes")  # lettered questions: right_and_wrong needs a wrong option
    right, _, _ = right_and_wrong(stack, sender)
    stack.text(sender, right)
    state = quiz_state(stack, sender)
    stack.stop()
    stack.start()
    assert "ABM treaty" in stack.text(talker, "hello")
    with sqlite3.connect(stack.tracker_db) as db:
        rows = db.execute("select type_name, action_name from events where sender_id = ?", (talker,)).fetchall()
    # One session, resumed from the SQLite tracker store: a lost tracker would start a second one.
    assert rows.count(("action", "action_session_start")) == 1, "\n".join(map(str, rows))
    assert [t for t, _ in rows].count("user") == 2
    assert ("slot", "person_id") in rows
    reply = stack.text(sender, "repeat")
    assert reply.startswith("Question 2 of 5") and state["prompt"] in reply
    assert stack.text(sender, "score").startswith("Score so far: 1/1")


def test_progress_is_kept_across_quizzes_and_can_be_reset(stack):
    sender = "quiz-progress"
    stack.say(sender, "quiz me on who said what with 2 questions")
    _, wrong, first = right_and_wrong(stack, sender)
    missed_item = first["items"][0]
    stack.text(sender, wrong)
    stack.text(sender, "skip")
    assert "0 mastered, 2 learning" in stack.text(sender, "my progress")
    stack.say(sender, "quiz me on who said what with 3 questions")
    second = quiz_state(stack, sender)["items"]
    assert set(second[:2]) == set(first["items"]) and missed_item in second  # missed items come back first
    stack.text(sender, "stop")
    assert "Are you sure" in stack.text(sender, "reset my progress")
    assert "cleared" in stack.text(sender, "yes")
    assert "0 mastered, 0 learning" in stack.text(sender, "my progress")
