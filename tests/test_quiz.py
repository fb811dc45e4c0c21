"""The quiz engine, answer matching and Leitner progress, without Rasa."""
import subprocess
import sys
from pathlib import Path

import pytest

from bot import quiz, quiz_turns
from bot.reply import Context
from bot.match import match_option
from bot.progress import MASTERED_BOX, Progress, ProgressUnavailable

ROOT = Path(__file__).resolve().parent.parent

OPTIONS = ["Vladimir Lukin", "Alexander Yakovenko", "Igor Ivanov", "Vladimir Putin"]


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
    for item in quiz.all_items(store):
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
    quote = store.quote(item.split(":")[1])
    return quote.statement_id or quote.id


def one_item_per_statement(store) -> list[str]:
    items, seen = [], set()
    for item in quiz.all_items(store):
        if statement_of(store, item) not in seen:
            seen.add(statement_of(store, item))
            items.append(item)
    return items


def test_plan_orders_missed_then_unseen_then_learning_then_mastered(store):
    items = one_item_per_statement(store)
    # every other item of those statements is mastered too, so none of them stands in for it
    boxes = {item: MASTERED_BOX for item in quiz.all_items(store) if item not in items}
    boxes.update({items[0]: MASTERED_BOX, items[1]: 1, items[2]: 2})
    planned = quiz.plan(store, boxes, length=quiz.MAX_LENGTH, seed=0)
    assert planned[0] == items[1]
    assert planned[-1] == items[0] and planned[-2] == items[2]
    assert len(planned) == len(set(planned)) == len(items)


@pytest.mark.parametrize("seed", range(20))
def test_a_quiz_never_asks_about_the_same_statement_twice(store, seed):
    for length, person in ((5, None), (quiz.MAX_LENGTH, None), (5, "lukin"), (quiz.MAX_LENGTH, "ivanov")):
        planned = quiz.plan(store, {}, length, person_id=person, seed=seed)
        statements = [statement_of(store, item) for item in planned]
        available = {statement_of(store, item) for item in quiz.all_items(store)
                     if person is None or store.quote(item.split(":")[1]).person_id == person}
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
                              if store.quote(i.split(":")[1]).person_id == p.id}) < 5)
    count = len({statement_of(store, i) for i in quiz.all_items(store)
                 if store.quote(i.split(":")[1]).person_id == person.id})
    turn = start(store, Progress(tmp_path / "progress.db"), "few", seed=1, number="5", person=person.name)
    plural = "s" if count != 1 else ""
    assert turn.text.startswith(f"Quiz on {person.name}: {count} question{plural} — you asked for 5, "
                                f"but the articles give only {count} different statement{plural} on {person.name}.")
    assert len(turn.state["items"]) == count


def test_plan_focuses_on_a_person_or_side(store):
    assert {store.quote(i.split(":")[1]).person_id for i in quiz.plan(store, {}, 10, person_id="lukin")} == {"lukin"}
    assert all(store.person(store.quote(i.split(":")[1]).person_id).side == "russia"
               for i in quiz.plan(store, {}, 10, side="russia"))


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
    for item in quiz.all_items(store):
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
    assert progress.boxes("ann") == {state.item_id: 1}
    second = quiz.QuizState.from_dict(after.state)
    for _ in range(2):
        quiz_turns.command(store, progress, "ann", after.state, "skip")
    assert progress.boxes("ann") == {state.item_id: 1, second.item_id: 1}
    assert progress.record("ann", second.item_id, True, answer_key=second.answer_key) == 1


def test_reset_can_be_undone_until_the_learner_answers_again(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    assert "no quiz progress to reset" in quiz_turns.reset_progress(progress, "ann")
    assert "no reset to undo" in quiz_turns.undo_reset(progress, "ann")
    progress.record("ann", "said:a", True)
    assert "“undo reset”" in quiz_turns.reset_progress(progress, "ann") and progress.boxes("ann") == {}
    assert "is back" in quiz_turns.undo_reset(progress, "ann") and progress.boxes("ann") == {"said:a": 1}
    assert "no reset to undo" in quiz_turns.undo_reset(progress, "ann")
    quiz_turns.reset_progress(progress, "ann")
    progress.record("ann", "said:b", False)
    assert "answered quiz questions since" in quiz_turns.undo_reset(progress, "ann")
    assert progress.boxes("ann") == {"said:b": 1}


def test_leitner_boxes_and_summary(tmp_path):
    progress = Progress(tmp_path / "progress.db")
    assert progress.record("ann", "said:a", True) == 1
    assert progress.record("ann", "said:a", True) == 2
    assert progress.record("ann", "said:a", True) == MASTERED_BOX
    assert progress.record("ann", "said:b", False) == 1
    assert progress.boxes("bob") == {}
    summary = progress.summary("ann", ["said:a", "said:b", "said:c"])
    assert (summary.mastered, summary.learning, summary.unseen) == (1, 1, 1)
    progress.reset("ann")
    assert progress.boxes("ann") == {}
    assert Progress(tmp_path / "progress.db").boxes("ann") == {}


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
    assert Progress(path).boxes("ann") == {"said:a": 1, "said:b": 1}
