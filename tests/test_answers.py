"""bot.answers without Rasa: each question type, follow-ups, ambiguity and refusals."""
import pytest

from bot import answers
from bot.answers import Context


def test_who_is_gives_roles_an_event_and_sources(store):
    reply = answers.who_is(store, "who is Lukin?", "Lukin")
    assert reply.text.startswith("Vladimir Lukin — Russian parliamentarian, deputy speaker of parliament")
    assert reply.text.endswith("Sources: CNN, May 11, 2001; CBS News (AP), May 11, 2001.")
    assert reply.context.person_id == "lukin" and reply.context.question == "who_is"
    assert all(line.split(": ", 1)[1] in store.conn.execute("select group_concat(text) from sentences").fetchone()[0]
               for line in reply.context.evidence)


def test_ambiguous_name_asks_back_with_buttons(store):
    reply = answers.who_is(store, "who is the deputy secretary", "the deputy secretary")
    assert reply.text == "Did you mean Richard Armitage or Paul Wolfowitz?"
    assert [b.payload for b in reply.buttons] == ["who is Richard Armitage", "who is Paul Wolfowitz"]
    assert reply.context is None


def test_unknown_name_never_echoes_markup(store):
    reply = answers.who_is(store, "who is <img src=x onerror=alert(1)>?", "<img src=x onerror=alert(1)>")
    assert "<" not in reply.text and ">" not in reply.text and "don't find" in reply.text


def test_what_said_pages_through_quotes_and_pairs_wordings(store):
    first = answers.what_said(store, "what did Yakovenko say", "Yakovenko")
    assert "CNN: \"The United States has been unable" in first.text and "CBS News (AP): \"The American side" in first.text
    second = answers.what_said(store, "what else did he say?", None, first.context)
    assert "discussions will continue" in second.text and "more questions" not in second.text
    third = answers.what_said(store, "what else did he say?", None, second.context)
    assert third.text.startswith("That's everything the articles quote from Alexander Yakovenko")


def test_follow_up_repeats_the_last_question_type(store):
    context = answers.what_said(store, "what did Lukin say", "Lukin").context
    assert answers.follow_up(store, "and Hadley?", "Hadley", context).text.startswith("Stephen Hadley said:")
    context = answers.who_is(store, "who is Lukin", "Lukin").context
    assert answers.follow_up(store, "what about Ivanov?", "Ivanov", context).text.startswith("Igor Ivanov — ")


@pytest.mark.parametrize("question, speaker", [
    ("who said discussions will continue?", "Alexander Yakovenko"),
    ("who said 'our stand should be flexible'", "Vladimir Lukin"),
    ("whose words are: we began to give them some answers", "Stephen Hadley"),
])
def test_who_said(store, question, speaker):
    assert answers.who_said(store, question).text.startswith(speaker)


def test_who_said_unknown_words(store):
    assert "don't find those words" in answers.who_said(store, "who said the moon is cheese").text


def test_position_fact_and_evidence(store):
    reply = answers.position(store, "how did Germany react?", "Germany", None, None)
    assert reply.text.startswith("Germany refused to give a view on NMD")
    assert answers.evidence(reply.context).text == (
        "That answer rests on:\n• CNN, May 11, 2001: Germany refused to give a view on NMD while key questions "
        "remained unanswered.")
    assert "$60 billion" in answers.fact(store, "how much does nmd cost", "nmd").text


def test_no_stance_reported_is_said_plainly(store):
    reply = answers.position(store, "what is China's position", "China", None, None)
    assert "don't report China's stance" in reply.text and "not article text" in reply.text


def test_evidence_before_any_answer(store):
    assert answers.evidence(Context()).text.startswith("Ask me something first")


def test_suggestions_offer_likely_questions():
    reply = answers.suggestions(["ask_fact", "nlu_fallback", "who_is"])
    assert [b.title for b in reply.buttons] == ["What does the ABM treaty ban?", "Who is Lukin?",
                                                "What did Yakovenko say?"]


def test_where_a_person_went_comes_from_the_events_they_led(store):
    reply = answers.fact(store, "where did wolfowitz travel", None)
    assert reply.text.startswith("Paul Wolfowitz led the American delegation") and "Moscow" in reply.text
    assert "Yakovenko" not in reply.text  # an event he only took part in is not a trip of his
    assert "(in Moscow)" in answers.fact(store, "where did hadley go", None).text
    follow = answers.follow_up(store, "and grossman?", "grossman", reply.context)
    assert "Ankara" in follow.text and follow.text.endswith("CBS News (AP), May 11, 2001.")


def test_who_went_where_lists_every_place_once_with_sources(store):
    reply = answers.fact(store, "who went where", None)
    for place in ("Moscow", "Finland", "Washington", "New Delhi", "Ankara"):
        assert place in reply.text
    assert reply.text.count("•") == 5 and "\nSources: " in reply.text


def test_a_person_the_articles_do_not_place_is_not_given_someone_elses_trip(store):
    reply = answers.fact(store, "did putin travel anywhere", None)
    assert reply.text.startswith("The articles don't say where Vladimir Putin went")
    assert "Armitage" not in reply.text


def test_place_questions_without_travel_still_come_from_the_facts(store):
    assert answers.fact(store, "where were the talks held", None).text.startswith(
        "The talks were held at the Foreign Ministry in Moscow")


def test_which_countries_did_they_visit_is_answered_with_who_went_where(store):
    assert "Ankara" in answers.list_countries(store, Context(), "which countries did the envoys visit").text
    assert answers.list_countries(store, Context(), "which countries are involved").text.startswith(
        "Countries whose stance the articles report")
