"""The kinds of quiz question (bot/quiz_kinds): generation from the store, wrong options checked
against the store, grading, hints, feedback shape and sources, the registry and the mix."""
import re
from collections import Counter

import pytest

from bot import quiz, quiz_kinds, quiz_turns
from bot.progress import Progress
from bot.quiz_kinds import missing_word, number, stance
from bot.quiz_kinds.base import BLANK, Question
from bot.reply import Context
from knowledge.text import normalise

SEEDS = range(6)
KIND_NAMES = [kind.name for kind in quiz_kinds.KINDS]


def key(item: str) -> str:
    return item.split(":", 1)[1]


def items_of(store, name: str) -> list[str]:
    return quiz.all_items(store, [name])


def every_question(store):
    for item in quiz.all_items(store):
        for seed in SEEDS:
            yield item, seed, quiz.make_question(store, item, seed)


def citations_of(store, item: str):
    """The citation(s) an item rests on, straight from the store."""
    kind, k = item.split(":", 1)
    if kind in ("said", "outlet", "missing_word"):
        return [store.quote(k).citation]
    if kind == "stance":
        return [stance.position(store, k).citation]
    return [number.figures(store)[k].citation]


# -- the registry ---------------------------------------------------------------------------------

def test_kind_names_and_words_are_unique_and_every_kind_has_its_functions():
    assert KIND_NAMES == ["said", "outlet", "stance", "number", "missing_word"]
    assert len(set(KIND_NAMES)) == len(KIND_NAMES)
    words = [w for kind in quiz_kinds.KINDS for w in {quiz_kinds._normal(w) for w in (kind.name, *kind.words)}]
    assert len(words) == len(set(words)), [w for w, n in Counter(words).items() if n > 1]
    for kind in quiz_kinds.KINDS:
        assert kind.label and kind.answers and callable(kind.question) and callable(kind.could_be_right)
        assert quiz_kinds.find(kind.name) is kind and quiz_kinds.find(kind.label) in (kind, None)


@pytest.mark.parametrize("word, name", [
    ("numbers", "number"), ("dates", "number"), ("Figures", "number"), ("number questions", "number"),
    ("nubmers", "number"), ("positions", "stance"), ("stances", "stance"), ("stance", "stance"),
    ("quotes", "said"), ("who said", "said"), ("who said what", "said"), ("outlets", "outlet"),
    ("which outlet", "outlet"), ("missing word", "missing_word"), ("fill in the blanks", "missing_word"),
    ("missing_word", "missing_word"), ("gaps", "missing_word"), ("the numbers quiz", "number"),
])
def test_learner_words_name_a_kind(word, name):
    assert quiz_kinds.find(word).name == name
    assert quiz_kinds.names_for(word) == [name]


@pytest.mark.parametrize("word", [None, "", "banana", "Lukin", "<script>", "x" * 500])
def test_other_words_name_no_kind(word):
    assert quiz_kinds.find(word) is None and quiz_kinds.names_for(word) is None


def test_item_ids_name_their_kind_and_unknown_kinds_are_refused(store):
    for item in quiz.all_items(store):
        assert quiz_kinds.kind_of(item).name == item.split(":", 1)[0]
    with pytest.raises(LookupError):
        quiz_kinds.kind_of("riddle:x")


def test_all_items_lists_the_kinds_asked_for(store):
    everything = quiz.all_items(store)
    assert len(everything) == len(set(everything))
    assert everything == [i for name in KIND_NAMES for i in items_of(store, name)]
    assert quiz.all_items(store, ["number", "stance"]) == items_of(store, "stance") + items_of(store, "number")
    assert quiz.all_items(store, []) == []
    for name in KIND_NAMES:
        assert items_of(store, name), name


@pytest.mark.parametrize("length", [1, 2, 3, 4, 5, 7, 10, 20])
def test_the_mix_gives_said_half_rounded_up_and_shares_the_rest(length):
    for seed in range(5):
        places = quiz_kinds.quotas(length, KIND_NAMES, seed)
        assert sum(places.values()) == length
        assert places["said"] == -(-length // 2)
        others = [places[name] for name in KIND_NAMES if name != "said"]
        assert max(others) - min(others) <= 1
        assert places["said"] >= max(others)
    assert quiz_kinds.quotas(5, ["number"], 0) == {"number": 5}


@pytest.mark.parametrize("seed", range(10))
def test_a_default_quiz_is_about_half_said_and_mixes_the_kinds(store, tmp_path, seed):
    for length in (5, 10, 20):
        planned = quiz.plan_mix(store, {}, length, seed=seed)
        kinds = Counter(quiz_kinds.kind_of(item).name for item in planned)
        assert len(planned) == length
        assert kinds["said"] == -(-length // 2), (length, kinds)
        assert len(kinds) >= min(3, length - kinds["said"] + 1)
        statements = [quiz_kinds.subject(store, i).statement_id for i in planned]
        assert len(statements) == len(set(statements))


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_quiz_of_one_kind_asks_only_that_kind(store, tmp_path, name):
    progress = Progress(tmp_path / "progress.db")
    label = quiz_kinds.BY_NAME[name].label
    for word in (name, *quiz_kinds.BY_NAME[name].words[:3]):
        turn = quiz_turns.start(store, progress, "ann", seed=3, number="20", kind=word)
        assert {item.split(":")[0] for item in turn.state["items"]} == {name}, word
        assert turn.text.startswith(f"Quiz ({label}): ")
    if quiz_kinds.BY_NAME[name].typed:
        assert "Type the missing word;" in turn.text and turn.buttons == []
    else:
        assert "Answer with a button, a letter, " in turn.text and turn.buttons


def test_the_default_intro_says_how_to_answer_every_kind_in_the_quiz(store, tmp_path):
    progress = Progress(tmp_path / "progress.db")
    everything = quiz_kinds.how_to_answer(quiz_kinds.KINDS)
    assert everything == ("Answer with a button, a letter, a name, an outlet, a country, or a figure — or type the "
                          "missing word where there is a gap")
    for seed in range(5):
        turn = quiz_turns.start(store, progress, "ann", seed=seed, number="20")
        kinds = quiz.kinds_in(turn.state["items"])
        assert turn.text.startswith(f"Quiz: 20 questions. {quiz_kinds.how_to_answer(kinds)}; say “hint”")
        assert ("type the missing word" in turn.text) == (quiz_kinds.BY_NAME["missing_word"] in kinds)
    said_only = quiz_turns.start(store, progress, "ann", seed=1, retry=items_of(store, "said")[:2])
    assert "Answer with a button, a letter, or a name; say “hint”" in said_only.text


def test_a_kind_with_nothing_on_the_focus_says_so(store, tmp_path):
    turn = quiz_turns.start(store, Progress(tmp_path / "progress.db"), "ann", seed=1, person="Lukin", kind="numbers")
    assert turn.state is None and turn.text.startswith("The articles give no “numbers and dates” questions on "
                                                       "Vladimir Lukin.")


def test_a_focused_mix_keeps_to_the_person_or_side(store):
    for seed in range(5):
        assert all(quiz_kinds.subject(store, i).person_id == "lukin"
                   for i in quiz.plan_mix(store, {}, 10, person_id="lukin", seed=seed))
        planned = quiz.plan_mix(store, {}, 10, side="europe", seed=seed)
        assert planned and all(quiz_kinds.subject(store, i).side == "europe" for i in planned)


# -- every kind: generation, wrong options, grading, feedback ---------------------------------------

def test_every_item_of_every_kind_makes_a_question_under_every_seed(store):
    for item, seed, question in every_question(store):
        kind = quiz_kinds.kind_of(item)
        assert question.item_id == item and question.prompt
        assert question == quiz.make_question(store, item, seed)  # deterministic
        assert len(set(question.options)) == len(question.options)
        if kind.typed:
            assert len(question.options) == 1 and question.answer == 0
        else:
            assert 3 <= len(question.options) <= 4 or kind.name == "outlet" and len(question.options) == 2
            assert 0 <= question.answer < len(question.options)


def test_the_right_answer_is_right_by_the_store_and_every_wrong_option_is_wrong(store):
    for item, seed, question in every_question(store):
        kind = quiz_kinds.kind_of(item)
        assert kind.could_be_right(store, key(item), question.expected), (item, seed)
        for index, option in enumerate(question.options):
            if index != question.answer:
                assert not kind.could_be_right(store, key(item), option), (item, seed, option)


def test_said_wrong_options_never_said_it(store):
    for item, seed, question in every_question(store):
        if item.startswith("said:"):
            quote = store.quote(key(item))
            wordings = store.wordings(quote.statement_id) if quote.statement_id else [quote]
            texts = {normalise(q.text) for q in wordings}
            for index, name in enumerate(question.options):
                person = next(p for p in store.people() if p.name == name)
                theirs = {normalise(q.text) for q in store.quotes_by(person.id)}
                assert bool(theirs & texts) == (index == question.answer), (item, name)


def test_outlet_wrong_option_did_not_carry_that_wording(store):
    for item, seed, question in every_question(store):
        if item.startswith("outlet:"):
            quote = store.quote(key(item))
            carried = {q.citation.outlet for q in store.wordings(quote.statement_id) if q.text == quote.text}
            assert carried == {question.expected}


def holders_by_store(store, name: str) -> set[str]:
    """The ids of the positions held by the actor or person with this display name."""
    person = next((p for p in store.people() if p.name == name), None)
    actor = next((a for a, n in store.actor_names(stance.ACTOR_KINDS) if n == name), None)
    return {p.id for p in stance.positions(store) if (person and p.person_id == person.id)
            or (actor and p.actor_id == actor)}


def test_stance_wrong_options_hold_neither_that_stance_nor_an_equivalent_one(store):
    positions = {p.id: p for p in stance.positions(store)}
    for item, seed, question in every_question(store):
        if not item.startswith("stance:"):
            continue
        asked = positions[key(item)]
        assert asked.id in holders_by_store(store, question.expected)
        for index, name in enumerate(question.options):
            if index == question.answer:
                continue
            assert holders_by_store(store, name), (item, name)  # a holder of some other position
            for held in holders_by_store(store, name):
                other = positions[held]
                assert (other.topic_id, other.stance) != (asked.topic_id, asked.stance), (item, name, held)
                assert other.citation.sentence_id != asked.citation.sentence_id, (item, name, held)
            person = next((p for p in store.people() if p.name == name), None)
            actor = next((a for a, n in store.actor_names(stance.ACTOR_KINDS) if n == name), None)
            groups = {a for a, _ in store.actor_names(("group",))}
            if person and not asked.person_id:  # a country's own stance: none of its people is offered
                assert person.side != store.actor_side(asked.actor_id), (item, name)
            if actor and (actor in groups or asked.actor_id in groups):  # nor a group with its members
                assert store.actor_side(actor) != store.actor_side(asked.actor_id), (item, name)
            assert name not in question.prompt


def test_stance_prompts_blank_the_holder(store):
    for item in items_of(store, "stance"):
        question = quiz.make_question(store, item, 0)
        right = question.expected
        assert right not in question.prompt and right.removeprefix("the ") not in question.prompt, question.prompt
        person = next((p for p in store.people() if p.name == right), None)
        if person:
            assert person.surname not in question.prompt, question.prompt


def test_number_items_are_the_distinct_figures_the_articles_state(store):
    figures = number.figures(store)
    values = [f.value for f in figures.values()]
    assert len(values) == len(set(values)) >= 4
    stated = {v for s in store.sentences() for v in number.values_in(s.text)}
    assert set(values) == stated
    for k, figure in figures.items():
        assert figure.text in figure.citation.sentence or figure.source == "fact", k
        assert figure.text in figure.clause


def test_number_wrong_options_are_other_figures_never_stated_with_the_right_one(store):
    figures = number.figures(store)
    by_text = {f.text: f for f in figures.values()}
    for item, seed, question in every_question(store):
        if not item.startswith("number:"):
            continue
        right = figures[key(item)]
        assert question.expected == right.text and BLANK in question.prompt and right.text not in question.prompt
        for index, option in enumerate(question.options):
            if index == question.answer:
                continue
            wrong = by_text[option]
            assert wrong.value != right.value
            assert not any(right.value in number.values_in(s.text) and wrong.value in number.values_in(s.text)
                           for s in store.sentences()), (item, option)


def test_missing_word_blanks_a_content_word_of_the_quote(store):
    names = {w.lower() for p in store.people() for w in p.name.split()}
    chosen = Counter()
    for item, seed, question in every_question(store):
        if not item.startswith("missing_word:"):
            continue
        quote = store.quote(key(item))
        word = question.expected
        assert question.prompt.count(BLANK) == 1
        gap = re.search(r"“(.*)”", question.prompt).group(1)
        assert gap.replace(BLANK, word) == quote.text
        assert len(word) >= 4 and word.lower() not in missing_word.FUNCTION_WORDS and word.lower() not in names
        assert len(re.findall(rf"\b{re.escape(word)}\b", quote.text, re.I)) == 1
        chosen[item, word] += 1
    several = [item for item in items_of(store, "missing_word")
               if len({w for (i, w) in chosen if i == item}) > 1]
    assert several  # the blank moves with the seed


def test_the_right_answer_as_shown_is_graded_right_under_every_seed(store):
    for item, seed, question in every_question(store):
        graded = quiz_kinds.kind_of(item).grade(store, question, question.expected)
        assert graded is not None and graded.correct, (item, seed, question.expected)


def test_every_word_that_may_be_blanked_is_graded_right_typed_alone_or_hedged(store):
    for item in items_of(store, "missing_word"):
        for word in missing_word.blanks(store, store.quote(key(item)).text):
            question = Question(item, "", [word.group(0)], 0)
            for typed in (word.group(0), f"maybe {word.group(0)}", f"I think it's {word.group(0)}"):
                graded = missing_word.grade(store, question, typed)
                assert graded is not None and graded.correct, (item, typed)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_grading_right_wrong_and_junk(store, name):
    kind = quiz_kinds.BY_NAME[name]
    for item in items_of(store, name):
        question = quiz.make_question(store, item, 2)
        right = kind.grade(store, question, question.expected)
        assert right.correct and right.given == question.expected
        for junk in ("", "   ", "<script>alert(1)</script>", "?!", "x" * 300):
            assert kind.grade(store, question, junk) is None, (item, junk)
        if kind.typed:
            assert kind.grade(store, question, "banana").correct is False
            assert kind.grade(store, question, "a") is None
        else:
            wrong = next(i for i in range(len(question.options)) if i != question.answer)
            graded = kind.grade(store, question, "abcd"[wrong])
            assert graded.correct is False and graded.given == question.options[wrong]
            assert kind.grade(store, question, question.options[wrong]).correct is False
            assert kind.grade(store, question, "abcd"[question.answer]).correct


def test_missing_word_forgives_case_and_small_typos(store):
    question = next(q for q in (quiz.make_question(store, i, s) for i in items_of(store, "missing_word")
                                for s in SEEDS) if len(q.expected) >= 7)
    word = question.expected
    grade = missing_word.grade
    for typed in (word.upper(), word.capitalize(), word[:-1], word[1] + word[0] + word[2:], word + "x",
                  f"I think it's {word}", f" {word}. "):
        assert grade(None, question, typed).correct, typed
    assert grade(None, question, word[:3]).correct is False
    assert grade(None, question, "zzzzzzzzzz").correct is False


def test_figures_and_countries_typed_another_way(store):
    question = next(quiz.make_question(store, i, 0) for i in items_of(store, "number")
                    if "," in number.figures(store)[key(i)].text)
    assert number.grade(store, question, question.expected.replace(",", "")).correct
    question = next(q for q in (quiz.make_question(store, i, 0) for i in items_of(store, "stance"))
                    if q.expected == store.name_of("russia"))
    russia = [alias for actor_id, alias, _ in store.aliases("actor") if actor_id == "russia"]
    assert any(stance.grade(store, question, alias).correct for alias in russia if alias != "Russia")


def test_feedback_has_one_shape_for_every_kind(store):
    for item in quiz.all_items(store):
        kind = quiz_kinds.kind_of(item)
        question = quiz.make_question(store, item, 4)
        [citation] = citations_of(store, item)
        for correct in (True, False):
            text = kind.feedback(store, question, correct, question.expected)
            lines = text.split("\n")
            if correct:
                assert lines[0] == "Right!", (item, text)
            else:
                expected = (f"“{question.expected}”" if kind.typed
                            else f"{'ABCD'[question.answer]}) {question.expected}")
                assert lines[0] == f"Not quite — the answer is {expected}.", (item, text)
            assert lines[1].endswith(f" Source: {citation.short()}.") or \
                f" Source: {citation.short()}." in lines[1], (item, lines[1])
            if kind.name in ("stance",) or kind.name == "number" and "“" in lines[1][:2]:
                assert lines[1].startswith(f"“{citation.sentence.strip()}”"), (item, lines[1])
            if kind.name in ("said", "outlet", "missing_word"):
                quote = store.quote(key(item))
                assert f"“{quote.text}”" in lines[1] and quote.speaker in lines[1]


def test_a_typo_right_answer_says_how_it_is_spelled(store):
    question = quiz.make_question(store, items_of(store, "missing_word")[0], 0)
    word = question.expected
    text = missing_word.feedback(store, question, True, word[:-1])
    assert text.startswith(f"Right! (It is spelled “{word}”.)")
    assert missing_word.feedback(store, question, True, word).startswith("Right!\n")


def test_number_feedback_says_what_the_other_figures_count(store):
    for item in items_of(store, "number"):
        question = quiz.make_question(store, item, 1)
        text = number.feedback(store, question, False, "")
        by_text = {f.text: f for f in number.figures(store).values()}
        for option in question.options:
            if option != question.expected:
                figure = by_text[option]
                assert f"{option}: {figure.shown(figure.clause)}" in text
                if figure.verbatim:  # quotation marks only around the article's own words
                    assert figure.clause.strip("…") in figure.citation.sentence, figure
                else:
                    assert f"“{figure.clause}”" not in text


# -- every kind through the quiz: hints, skip, repeat, score, stop, summary -------------------------

@pytest.mark.parametrize("name", KIND_NAMES)
def test_hints_skip_repeat_score_and_stop_work_for_every_kind(store, tmp_path, name):
    progress = Progress(tmp_path / "progress.db")
    kind = quiz_kinds.BY_NAME[name]
    items = items_of(store, name)[:3]
    turn = quiz_turns.start(store, progress, "ann", seed=4, retry=items)
    state = quiz.QuizState.from_dict(turn.state)
    assert (turn.buttons == []) == kind.typed
    if kind.typed:
        assert not re.search(r"^A\) ", turn.text, re.M)
    hints = kind.hints(store, quiz.make_question(store, state.item_id, state.seed))
    first = quiz_turns.command(store, progress, "ann", turn.state, "hint")
    assert first.text.startswith("Hint 1 (costs 0.5 point): ") and (first.buttons == []) == kind.typed
    turn = first
    for _ in range(len(hints) - 1):
        turn = quiz_turns.command(store, progress, "ann", turn.state, "hint")
    more = quiz_turns.command(store, progress, "ann", turn.state, "hint")
    assert more.text.startswith("No more hints for this question — ")
    assert ("type the missing word" in more.text) == kind.typed
    repeat = quiz_turns.command(store, progress, "ann", more.state, "repeat")
    assert repeat.text.startswith("Question 1 of ")
    assert quiz_turns.command(store, progress, "ann", more.state, "score").text.startswith("Score so far: 0/0.")
    right = quiz.QuizState.from_dict(more.state)
    answered = quiz_turns.answer(store, progress, "ann", more.state, right.options[right.answer], "quiz_answer", {},
                                 Context())
    assert answered.text.startswith("Right!") and "Source: " in answered.text
    assert quiz.QuizState.from_dict(answered.state).points == 1 - 0.5 * min(quiz.MAX_HINTS, len(hints))
    skipped = quiz_turns.command(store, progress, "ann", answered.state, "skip")
    expected = quiz.right_answer(quiz.QuizState.from_dict(answered.state))
    assert skipped.text.startswith(f"Skipped — the answer was {expected}.")
    stopped = quiz_turns.command(store, progress, "ann", skipped.state, "stop_quiz")
    assert stopped.text.startswith("Quiz stopped after 2 questions")
    assert quiz.QuizState.from_dict(stopped.state).finished


@pytest.mark.parametrize("name", KIND_NAMES)
def test_a_whole_quiz_of_each_kind_with_wrong_and_junk_answers(store, tmp_path, name):
    progress = Progress(tmp_path / "progress.db")
    turn = quiz_turns.start(store, progress, "bob", seed=8, number="3", kind=name)
    kind = quiz_kinds.BY_NAME[name]
    junk = quiz_turns.answer(store, progress, "bob", turn.state, "<>", "quiz_answer", {}, Context())
    assert junk.text.startswith("I did not catch that — ") and junk.state["position"] == 0
    for position in range(len(turn.state["items"])):
        state = quiz.QuizState.from_dict(turn.state)
        wrong = "zzzzzz" if kind.typed else next(o for i, o in enumerate(state.options) if i != state.answer)
        turn = quiz_turns.answer(store, progress, "bob", turn.state, wrong, "quiz_answer", {}, Context())
        assert turn.text.startswith("Not quite — the answer is "), turn.text
    assert "Quiz over — you scored 0/" in turn.text and "You missed:" in turn.text
    for item in quiz.QuizState.from_dict(turn.state).missed:
        text, citation = kind.recap(store, key(item))
        assert f"({citation.short()})" in turn.text
    recorded = [r.given for r in progress.history("bob")]
    assert recorded and all(g for g in recorded)


def test_a_typed_answer_is_graded_as_typed_not_as_a_person_entity(store, tmp_path):
    progress = Progress(tmp_path / "progress.db")
    item = items_of(store, "missing_word")[0]
    turn = quiz_turns.start(store, progress, "cy", seed=0, retry=[item])
    word = turn.state["options"][0]
    turn = quiz_turns.answer(store, progress, "cy", turn.state, word, "quiz_answer", {"person": "Lukin"}, Context())
    assert turn.text.startswith("Right!")


def test_a_state_saved_with_the_old_item_ids_still_runs(store):
    state = quiz.start(store, ["said:lukin-stand-flexible", "outlet:lukin-stand-flexible"], seed=1)
    restored = quiz.QuizState.from_dict(state.to_dict())
    assert quiz.answer(store, restored, "lukin").correct
    quiz.advance(store, restored)
    assert sorted(restored.options) == ["CBS News (AP)", "CNN"]
