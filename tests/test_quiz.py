"""The quiz engine, answer matching and FSRS progress, without Rasa (fixed clock, no fuzzing)."""
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from bot import quiz, quiz_kinds, quiz_turns
from bot.reply import Context
from bot.match import match_option
from bot.progress import MASTERED_STABILITY_DAYS, Progress, ProgressSummary, ProgressUnavailable, retrievability

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 12, 1, 9, 30, tzinfo=timezone.utc)
MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)


@pytest.fixture(autouse=True)
def no_fuzz(monkeypatch):
    monkeypatch.setenv("ABM_FSRS_FUZZ", "0")

OPTIONS = ["Vladimir Lukin", "Alexander Yakovenko", "Igor Ivanov", "Vladimir Putin"]
QUOTE_KINDS = ["said", "outlet"]  # the tests here that plan over quotes; every kind: tests/test_quiz_kinds.py


@pytest.mark.parametrize("text, expected", [
    ("b", 1), ("B", 1), ("B)", 1), ("option b", 1), ("2", 1), ("number 2", 1), ("second", 1),
    ("Alexander Yakovenko", 1), ("yakovenko", 1), ("yakovenk", 1), ("I think Yakovenko", 1),
    ("the spokesman", 1), ("the russian foreign minister", 2), ("ivanov", 2), ("putin", 3),
    ("banana", None), ("", None), ("vladimir", None), ("5", None), ("e", None), ("<script>", None),
])
def test_answer_matching(store, text, expected):
    assert match_option(text, OPTIONS, store) == expected


def test_every_item_makes_a_fair_question(store):
    names = {p.name for p in store.people()}
    for item in quiz.all_items(store, QUOTE_KINDS):
        question = quiz.make_question(store, item, seed=7)
        assert len(set(question.options)) == len(question.options)
        if item.startswith("said:"):
            assert len(question.options) == 4 and set(question.options) <= names
            speaker = store.quote(item.split(":")[1]).speaker
            assert question.options.count(speaker) == 1 and question.options[question.answer] == speaker
        else:
            assert sorted(question.options) == ["CBS News (AP)", "CNN"]


def test_distractors_prefer_the_same_side(store):
    question = quiz.make_question(store, "said:lukin-position-flexible", seed=1)
    sides = [store.find_people(name)[0][0].side for name in question.options]
    assert sides.count("russia") == 4


def test_questions_are_deterministic_under_a_seed(store):
    assert quiz.make_question(store, "said:hadley-serious-questions", 3) == \
        quiz.make_question(store, "said:hadley-serious-questions", 3)
    assert quiz.plan(store, {}, 5, seed=9) == quiz.plan(store, {}, 5, seed=9)


def statement_of(store, item: str) -> str:
    return quiz_kinds.subject(store, item).statement_id


def person_of(store, item: str):
    return quiz_kinds.subject(store, item).person_id


def one_item_per_statement(store) -> list[str]:
    items, seen = [], set()
    for item in quiz.all_items(store, QUOTE_KINDS):
        if statement_of(store, item) not in seen:
            seen.add(statement_of(store, item))
            items.append(item)
    return items


def card(due: datetime, stability: float = 5.0, last_review: datetime = NOW - DAY) -> fsrs.Card:
    return fsrs.Card(card_id=0, state=fsrs.State.Review, stability=stability, difficulty=5.0, due=due,
                     last_review=last_review)


def test_plan_orders_due_then_new_then_lowest_retrievability(store):
    items = one_item_per_statement(store)
    # every other item of those statements is well known and not due, so none of them stands in for it
    cards = {item: card(NOW + 100 * DAY, stability=365, last_review=NOW) for item in quiz.all_items(store)
             if item not in items}
    due = {items[0]: card(NOW - 3 * DAY), items[1]: card(NOW - HOUR), items[2]: card(NOW)}  # most overdue first
    rest = {items[3]: card(NOW + DAY, stability=2, last_review=NOW - 20 * DAY),  # likeliest forgotten
            items[4]: card(NOW + DAY, stability=10, last_review=NOW - 5 * DAY),
            items[5]: card(NOW + 30 * DAY, stability=60, last_review=NOW - DAY)}
    cards.update({**due, **rest})
    assert [retrievability(rest[i], NOW) for i in items[3:6]] == sorted(retrievability(rest[i], NOW)
                                                                       for i in items[3:6])
    new = set(items[6:])
    for seed in range(5):
        planned = quiz.plan(store, cards, length=quiz.MAX_LENGTH, only=quiz.all_items(store, QUOTE_KINDS), seed=seed,
                            now=NOW)
        assert planned[:3] == items[:3]
        assert set(planned[3:3 + len(new)]) == new
        assert planned[3 + len(new):] == items[3:6]
        assert len(planned) == len(set(planned)) == len(items)
    # ties are shuffled under the seed, deterministically
    orders = {tuple(quiz.plan(store, cards, quiz.MAX_LENGTH, only=quiz.all_items(store, QUOTE_KINDS), seed=seed,
                              now=NOW)) for seed in range(5)}
    assert len(orders) > 1
    assert quiz.plan(store, cards, 5, seed=3, now=NOW) == quiz.plan(store, cards, 5, seed=3, now=NOW)


def test_a_retry_keeps_to_the_missed_ones_due_first(store):
    items = one_item_per_statement(store)[:3]
    cards = {items[0]: card(NOW + DAY), items[1]: card(NOW - DAY)}
    assert quiz.plan(store, cards, 5, only=items, seed=1, now=NOW) == [items[1], items[2], items[0]]


@pytest.mark.parametrize("seed", range(20))
def test_a_quiz_never_asks_about_the_same_statement_twice(store, seed):
    for length, person in ((5, None), (quiz.MAX_LENGTH, None), (5, "lukin"), (quiz.MAX_LENGTH, "ivanov")):
        planned = quiz.plan(store, {}, length, person_id=person, seed=seed)
        statements = [statement_of(store, item) for item in planned]
        available = {statement_of(store, item) for item in quiz.all_items(store)
                     if person is None or person_of(store, item) == person}
        assert len(set(statements)) == len(statements) == min(length, len(available))


def test_a_retry_of_both_wordings_asks_one(store):
    both = ["said:lukin-stand-flexible", "said:lukin-position-flexible"]
    assert store.quote("lukin-stand-flexible").statement_id == store.quote("lukin-position-flexible").statement_id
    assert len(quiz.plan(store, {}, 5, only=both)) == 1


def test_a_quiz_on_someone_with_few_statements_says_so_and_asks_fewer(store, tmp_path):
    from bot.progress import Progress
    from bot.quiz_turns import start

    person = next(p for p in store.people()
                  if 0 < len({statement_of(store, i) for i in quiz.all_items(store)
                              if person_of(store, i) == p.id}) < 5)
    count = len({statement_of(store, i) for i in quiz.all_items(store)
                 if person_of(store, i) == person.id})
    turn = start(store, Progress(tmp_path / "progress.db"), "few", seed=1, number="5", person=person.name)
    plural = "s" if count != 1 else ""
    assert turn.text.startswith(f"Quiz on {person.name}: {count} question{plural} — you asked for 5, "
                                f"but the articles give only {count} different statement{plural} on {person.name}.")
    assert len(turn.state["items"]) == count


def test_plan_focuses_on_a_person_or_side(store):
    assert {person_of(store, i) for i in quiz.plan(store, {}, 10, person_id="lukin")} == {"lukin"}
    assert all(store.person(person_of(store, i)).side == "russia"
               for i in quiz.plan(store, {}, 10, side="russia", only=quiz.all_items(store, QUOTE_KINDS)))
    # items about no one (a figure) pass plan's side test; the mix checks each item's side
    assert all(quiz_kinds.subject(store, i).side == "russia" for i in quiz.plan_mix(store, {}, 10, side="russia"))


def test_scoring_with_hints_skip_and_summary(store):
    state = quiz.start(store, ["said:grossman-protect-from-terrorism", "said:hadley-serious-questions",
                               "said:lukin-stand-flexible"], seed=2)
    assert "Question 1 of 3" in quiz.question_text(state)
    assert quiz.hint(store, state).startswith("Hint 1 (costs 0.5 point): the speaker is on the US side")
    assert "Undersecretary of State" in quiz.hint(store, state)
    outcome = quiz.answer(store, state, "grossman")
    assert outcome.correct and outcome.text.startswith("Right!") and state.points == 0
    quiz.advance(store, state)
    wrong = next(o for i, o in enumerate(state.options) if i != state.answer)
    outcome = quiz.answer(store, state, wrong)
    assert outcome.correct is False and outcome.text.startswith("Not quite — the answer is")
    quiz.advance(store, state)
    assert quiz.answer(store, state, "no idea at all").correct is None
    quiz.skip(state)
    end = quiz.advance(store, state)
    assert state.finished and end.startswith("Quiz over — you scored 0/3.")
    assert "Stephen Hadley" in end and "Vladimir Lukin" in end


def test_feedback_shows_both_wordings(store):
    state = quiz.start(store, ["said:lukin-stand-flexible"], seed=1)
    text = quiz.answer(store, state, "lukin").text
    assert 'CNN worded it: "Our position here should be flexible."' in text


def test_feedback_names_speaker_and_source_for_every_kind_of_question(store):
    for item in quiz.all_items(store, QUOTE_KINDS):  # every kind: tests/test_quiz_kinds.py
        state = quiz.start(store, [item], seed=5)
        wrong = next(o for i, o in enumerate(state.options) if i != state.answer)
        for reply, opening in [(state.options[state.answer], "Right!"), (wrong, "Not quite")]:
            state = quiz.start(store, [item], seed=5)
            text = quiz.answer(store, state, reply).text
            speaker = store.quote(item.split(":")[1]).speaker
            assert text.startswith(opening) and speaker in text and "Source: " in text, (item, text)


def test_state_round_trips_through_a_dict(store):
    state = quiz.start(store, quiz.plan(store, {}, 5, seed=4), seed=4)
    assert quiz.QuizState.from_dict(state.to_dict()) == state
    assert quiz.QuizState.from_dict({"nonsense": 1}) is None


def test_each_quiz_has_its_own_id_and_a_state_saved_without_one_still_loads(store):
    items = quiz.plan(store, {}, 5, seed=4)
    state = quiz.start(store, items, seed=4)
    assert state.quiz_id != quiz.start(store, items, seed=4).quiz_id
    assert state.answer_key == f"{state.quiz_id}:0"
    saved_before_ids = {key: value for key, value in state.to_dict().items() if key != "quiz_id"}
    loaded = quiz.QuizState.from_dict(saved_before_ids)
    assert loaded.quiz_id == quiz.QuizState.from_dict(saved_before_ids).quiz_id != state.quiz_id
    assert quiz.QuizState.from_dict({**saved_before_ids, "seed": 5}).quiz_id != loaded.quiz_id
    assert quiz.QuizState.from_dict({"seed": 4}) is None


def test_a_resent_quiz_answer_or_skip_is_recorded_once(tmp_path, store):
    progress = Progress(tmp_path / "progress.db")
    turn = quiz_turns.start(store, progress, "ann", seed=1, number="3")
    state = quiz.QuizState.from_dict(turn.state)
    for _ in range(2):
        after = quiz_turns.answer(store, progress, "ann", turn.state, state.options[state.answer], "quiz_answer", {},
                                  Context())
    assert set(progress.cards("ann")) == {state.item_id}
    second = quiz.QuizState.from_dict(after.state)
    for _ in range(2):
        quiz_turns.command(store, progress, "ann", after.state, "skip")
    cards = progress.cards("ann")
    assert set(cards) == {state.item_id, second.item_id}
    assert progress.record("ann", second.item_id, True, answer_key=second.answer_key) == cards[second.item_id]
    assert [(r.item_id, r.rating, r.given, r.hinted) for r in progress.history("ann")] == [
        (state.item_id, fsrs.Rating.Good, state.options[state.answer], False),
        (second.item_id, fsrs.Rating.Again, None, False)]


def test_a_quiz_records_hints_and_the_answer_given(tmp_path, store):
    progress = Progress(tmp_path / "progress.db")
    items = ["said:grossman-protect-from-terrorism", "said:hadley-serious-questions"]
    turn = quiz_turns.start(store, progress, "ann", seed=2, retry=items)
    turn = quiz_turns.command(store, progress, "ann", turn.state, "hint")
    state = quiz.QuizState.from_dict(turn.state)
    turn = quiz_turns.answer(store, progress, "ann", turn.state, state.options[state.answer], "quiz_answer", {},
                             Context())
    second = quiz.QuizState.from_dict(turn.state)
    wrong = next(o for i, o in enumerate(second.options) if i != second.answer)
    quiz_turns.answer(store, progress, "ann", turn.state, wrong, "quiz_answer", {}, Context())
    assert [(r.item_id, r.rating, r.correct, r.hinted, r.given) for r in progress.history("ann")] == [
        (state.item_id, fsrs.Rating.Hard, True, True, state.options[state.answer]),
        (second.item_id, fsrs.Rating.Again, False, False, wrong)]


def test_reset_can_be_undone_until_the_learner_answers_again(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    assert "no quiz progress to reset" in quiz_turns.reset_progress(progress, "ann")
    assert "no reset to undo" in quiz_turns.undo_reset(progress, "ann")
    progress.record("ann", "said:a", True)
    assert "“undo reset”" in quiz_turns.reset_progress(progress, "ann") and progress.cards("ann") == {}
    assert "is back" in quiz_turns.undo_reset(progress, "ann") and set(progress.cards("ann")) == {"said:a"}
    assert "no reset to undo" in quiz_turns.undo_reset(progress, "ann")
    quiz_turns.reset_progress(progress, "ann")
    progress.record("ann", "said:b", False)
    assert "answered quiz questions since" in quiz_turns.undo_reset(progress, "ann")
    assert set(progress.cards("ann")) == {"said:b"}


def test_fsrs_cards_and_summary(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    when = NOW
    while True:  # right answers, each when the item falls due, until it is mastered
        card = progress.record("ann", "said:a", True, now=when)
        if card.state == fsrs.State.Review and card.stability >= MASTERED_STABILITY_DAYS:
            break
        when = card.due
    missed = progress.record("ann", "said:b", False, now=when)
    learning = progress.record("ann", "said:c", True, now=when)
    assert progress.cards("bob") == {}
    summary = progress.summary("ann", ["said:a", "said:b", "said:c", "said:d"], now=when + 2 * MINUTE)
    assert summary == ProgressSummary(mastered=1, learning=2, unseen=1, due=1, next_due=learning.due)
    assert missed.due == when and missed.state == fsrs.State.Learning
    assert learning.state == fsrs.State.Review and when + DAY <= learning.due < card.due
    progress.reset("ann")
    assert progress.cards("ann") == {}
    assert Progress(tmp_path / "progress.db").cards("ann") == {}


@pytest.mark.parametrize("when, words", [
    (NOW - MINUTE, "now"), (NOW, "now"), (NOW + timedelta(seconds=20), "in 1 minute"),
    (NOW + 10 * MINUTE, "in 10 minutes"), (NOW + 59 * MINUTE, "in 59 minutes"), (NOW + HOUR, "in 1 hour"),
    (NOW + 3 * HOUR + 10 * MINUTE, "in 3 hours"), (NOW + 15 * HOUR, "tomorrow"), (NOW + DAY, "tomorrow"),
    (NOW + 2 * DAY, "in 2 days"), (NOW + 6 * DAY, "in 6 days"), (NOW + 13 * DAY, "on 14 December"),
    (NOW + 40 * DAY, "on 10 January 2026"),
])
def test_when_a_review_is_due_in_plain_words(when, words):
    assert quiz_turns.in_words(when, NOW) == words


def test_a_review_due_just_after_midnight_is_in_minutes():
    late = datetime(2025, 12, 1, 23, 50, tzinfo=timezone.utc)
    assert quiz_turns.in_words(late + 15 * MINUTE, late) == "in 15 minutes"
    assert quiz_turns.in_words(late + 2 * HOUR, late) == "tomorrow"


@pytest.mark.parametrize("due, next_due, sentence", [
    (3, NOW + DAY, " 3 due now; the next one after that is due tomorrow."),
    (1, NOW + 10 * MINUTE, " 1 due now; the next one after that is due in 10 minutes."),
    (0, NOW + 13 * DAY, " Nothing is due now; the next one is due on 14 December."),
    (2, None, " 2 due now."),
    (0, None, ""),
])
def test_the_progress_sentence(due, next_due, sentence):
    summary = ProgressSummary(mastered=4, learning=5, unseen=11, due=due, next_due=next_due)
    assert quiz_turns.progress_sentence(summary, NOW) == (
        "Your progress: 4 mastered, 5 learning, 11 not seen yet (of 20 quiz items)." + sentence)


def test_my_progress_on_a_fixed_clock(tmp_path, store):
    progress = Progress(tmp_path / "progress.db")
    total = len(quiz.all_items(store))
    assert quiz_turns.progress_report(store, progress, "ann", now=NOW) == (
        f"Your progress: 0 mastered, 0 learning, {total} not seen yet (of {total} quiz items). "
        "Say “quiz me” to practise.")
    items = quiz.all_items(store)
    progress.record("ann", items[0], False, now=NOW - 5 * MINUTE)
    progress.record("ann", items[1], True, now=NOW)
    report = quiz_turns.progress_report(store, progress, "ann", now=NOW)
    assert report.startswith(f"Your progress: 0 mastered, 2 learning, {total - 2} not seen yet")
    assert "1 due now; the next one after that is due in 2 days." in report
    turn = quiz_turns.start(store, progress, "ann", seed=5, now=NOW)
    assert turn.state["items"][0] == items[0]  # the missed one comes first


def test_a_corrupt_progress_file_is_reported_and_never_overwritten(tmp_path, store):
    path = tmp_path / "progress.db"
    path.write_bytes(b"not a database" * 100)
    before = path.read_bytes()
    progress = Progress(path)
    with pytest.raises(ProgressUnavailable):
        progress.record("ann", "said:a", True)

    turn = quiz_turns.start(store, progress, "ann", seed=1)
    assert "can't read your saved progress" in turn.text and "Question 1 of 5" in turn.text
    state = quiz.QuizState.from_dict(turn.state)
    turn = quiz_turns.answer(store, progress, "ann", turn.state, state.options[state.answer], "quiz_answer", {},
                             Context())
    assert turn.text.startswith("Right!") and quiz_turns.NOT_SAVED in turn.text and "Question 2 of 5" in turn.text
    assert "not lost" in quiz_turns.progress_report(store, progress, "ann")
    assert "nothing was deleted" in quiz_turns.reset_progress(progress, "ann")
    assert "nothing was changed" in quiz_turns.undo_reset(progress, "ann")
    assert path.read_bytes() == before


def test_progress_survives_a_kill_between_answers(tmp_path):
    """Each answer is committed before the reply is sent: a new process sees all of them."""
    path = tmp_path / "progress.db"
    script = ("import sys; from bot.progress import Progress; p = Progress(sys.argv[1]); "
              "p.record('ann', 'said:a', True); p.record('ann', 'said:b', False); import os; os._exit(9)")
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT)
    assert result.returncode == 9
    assert set(Progress(path).cards("ann")) == {"said:a", "said:b"}
