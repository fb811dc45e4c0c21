"""One conversation turn of the quiz: start, answer, commands, progress — glue between the
quiz engine, learner progress and the question types, still free of Rasa."""
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional

from knowledge.store import KnowledgeStore

from . import questions, quiz, quiz_kinds
from .reply import Button, Context, Message
from .match import letter
from .progress import Progress, ProgressSummary, ProgressUnavailable, utc

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20}
RESET_QUESTION = "This clears your whole quiz history (you can bring it back with “undo reset”). Are you sure?"
RESET_CANCELLED = "OK — your progress is kept."
NOT_SAVED = "(I couldn't save this answer to your progress just now; the quiz and its score go on.)"


@dataclass
class Turn:
    """The bot's reply in the quiz and the quiz state after it (None: no quiz running)."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    state: Optional[dict] = None
    context: Optional[Context] = None


def option_buttons(state: quiz.QuizState) -> list[Button]:
    """Buttons for the current options (none for a typed question); payloads work in the terminal chat
    and in a widget."""
    if quiz.typed(state):
        return []
    return [Button(f"{letter(i)}) {option}", f'/quiz_answer{{"option": "{letter(i).lower()}"}}')
            for i, option in enumerate(state.options)]


def _length(number: Optional[str]) -> int:
    if not number:
        return quiz.DEFAULT_LENGTH
    word = str(number).strip().lower()
    value = NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else quiz.DEFAULT_LENGTH)
    return max(1, min(value, quiz.MAX_LENGTH))


def start(store: KnowledgeStore, progress: Progress, sender: str, seed: int, number: Optional[str] = None,
          person: Optional[str] = None, actor: Optional[str] = None, retry: Optional[list[str]] = None,
          now: Optional[datetime] = None, kind: Optional[str] = None) -> Turn:
    """Start a quiz: length, focus (a person or a side), or a retry of missed items; due items
    first (`quiz.plan`, at `now`, the clock when None). `kind`: a kind of question or a learner's
    word for one ("numbers", "who said"; `quiz_kinds.find`) — only that kind; None: the mix."""
    person_id = side = None
    focus = ""
    if person:
        people = store.find_people(person)
        if people:
            person_id, focus = people[0][0].id, f" on {people[0][0].name}"
    elif actor:
        matches = store.match_name(actor, "actor")
        sides = {p.side for p in store.people()}
        if matches and matches[0].entity_id in sides:
            side, focus = matches[0].entity_id, f" on {store.name_of(matches[0].entity_id)}"
    try:
        cards, unread = progress.cards(sender), ""
    except ProgressUnavailable:
        cards, unread = {}, "\n(I can't read your saved progress just now, so this quiz does not use it.)"
    kinds = quiz_kinds.names_for(kind)
    items = quiz.plan_mix(store, cards, _length(number), person_id, side, kinds, only=retry, seed=seed, now=now)
    if not items:  # e.g. numbers and dates on a person: no item fits
        what = f"“{quiz_kinds.BY_NAME[kinds[0]].label}” questions" if kinds else "quiz questions"
        return Turn(f"The articles give no {what}{focus}. Say “quiz me” for a quiz on everything.",
                    [Button("Quiz me", "/start_quiz")])
    note = ""
    if len(items) < _length(number) and not retry:
        note = (f" — you asked for {_length(number)}, but the articles give only {len(items)} "
                f"different statement{'s' if len(items) != 1 else ''}{focus}")
    state = quiz.start(store, items, seed)
    label = f" ({quiz_kinds.BY_NAME[kinds[0]].label})" if kinds and not retry else ""
    intro = (f"Quiz{focus}{label}: {len(items)} question{'s' if len(items) != 1 else ''}{note}. "
             f"{quiz_kinds.how_to_answer(quiz.kinds_in(items))}; say “hint” (costs half a point), “skip”, "
             "“repeat”, “score” or “stop” at any time.")
    return Turn(f"{intro}{unread}\n\n{quiz.question_text(state)}", option_buttons(state), state.to_dict())


def _graded(store: KnowledgeStore, progress: Progress, sender: str, state: quiz.QuizState, text: str) -> Turn:
    outcome = quiz.answer(store, state, text)
    if outcome.correct is None:
        return Turn(outcome.text, option_buttons(state), state.to_dict())
    return _next(store, state, outcome.text + _record(progress, sender, state, outcome.correct, outcome.given))


def _record(progress: Progress, sender: str, state: quiz.QuizState, correct: bool, given: Optional[str]) -> str:
    """Record the answer to the current question (once, however often it is resent), with whether
    a hint was taken and the answer given (None: skipped); return a note for the learner when it
    could not be saved."""
    try:
        progress.record(sender, state.item_id, correct, answer_key=state.answer_key, hinted=state.hints > 0,
                        given=given)
        return ""
    except ProgressUnavailable:
        return "\n" + NOT_SAVED


def _next(store: KnowledgeStore, state: quiz.QuizState, before: str) -> Turn:
    following = quiz.advance(store, state)
    if state.finished:
        buttons = [Button("Retry the missed ones", '/start_quiz{"retry": "missed"}')] if state.missed else []
        buttons.append(Button("New quiz", "/start_quiz"))
        offer = "\nWant to try the ones you missed again?" if state.missed else "\nWell done! Another quiz?"
        return Turn(f"{before}\n\n{following}{offer}", buttons, state.to_dict())
    return Turn(f"{before}\n\n{following}", option_buttons(state), state.to_dict())


def answer(store: KnowledgeStore, progress: Progress, sender: str, state_data: Optional[dict], text: str,
           intent: Optional[str], entities: dict, context: Context, ranking: tuple[str, ...] = ()) -> Turn:
    """Grade an answer; a question asked mid-quiz is answered and the quiz waits."""
    state = quiz.QuizState.from_dict(state_data)
    if state is None or state.finished:
        found = tuple((name, str(value)) for name, value in entities.items() if value is not None)
        reply = questions.as_question(store, Message(text, intent or "", found, ranking), context)
        if reply:  # no quiz is running: "did the Americans answer them?" is a question
            return Turn(reply.text, reply.buttons, None, reply.context)
        return Turn("There's no quiz running — say “quiz me” to start one.", [Button("Quiz me", "/start_quiz")])
    option = entities.get("option")
    if option:
        return _graded(store, progress, sender, state, str(option))
    if intent == "who_is" and quiz.match_option(text, state.options, store) is None:  # a question, not an answer
        found = (("person", entities["person"]),) if entities.get("person") else ()
        reply = questions.answer("who_is", store, Message(text, intent, found), context)
        return Turn(paused(reply.text, state), reply.buttons, state.to_dict(), reply.context)
    return _graded(store, progress, sender, state, (None if quiz.typed(state) else entities.get("person")) or text)


def paused(text: str, state: quiz.QuizState) -> str:
    """Append the reminder that a quiz is waiting."""
    return f"{text}\n(Quiz paused at question {state.position + 1} — say “continue” to go back to it.)"


def command(store: KnowledgeStore, progress: Progress, sender: str, state_data: Optional[dict], name: str,
            message: Optional[Message] = None, context: Context = Context()) -> Turn:
    """Handle hint, skip, repeat, score, stop and continue.

    With no quiz running, a message that is likelier a question ("what were the questions?") is
    answered as one.
    """
    state = quiz.QuizState.from_dict(state_data)
    if state is None or state.finished:
        reply = questions.as_question(store, message, context) if message else None
        if reply:
            return Turn(reply.text, reply.buttons, None, reply.context)
        return Turn("There's no quiz running — say “quiz me” to start one.", [Button("Quiz me", "/start_quiz")])
    if name == "hint":
        return Turn(quiz.hint(store, state), option_buttons(state), state.to_dict())
    if name == "skip":
        quiz.skip(state)
        note = _record(progress, sender, state, False, None)
        return _next(store, state, f"Skipped — the answer was {quiz.right_answer(state)}.{note}")
    if name == "score":
        return Turn(f"Score so far: {quiz.score_so_far(state)}. {quiz.question_text(state)}", option_buttons(state),
                    state.to_dict())
    if name == "stop_quiz":
        state.finished = True
        done = state.position
        return Turn(f"Quiz stopped after {done} question{'s' if done != 1 else ''}: {quiz.points_text(state.points)} "
                    f"point{'s' if state.points != 1 else ''}. Say “quiz me” for a new one.", [], state.to_dict())
    return Turn(quiz.question_text(state), option_buttons(state), state.to_dict())


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def in_words(when: datetime, now: datetime) -> str:
    """Say when `when` is, seen from `now`, in plain words: "now", "in 10 minutes", "in 3 hours"
    (later today), "tomorrow", "in 4 days" (within a week), else "on 14 December" (with the year
    when it is not this year). Days are UTC days."""
    when, now = utc(when), utc(now)
    if when <= now:
        return "now"
    minutes = max(1, round((when - now) / timedelta(minutes=1)))
    if minutes < 60:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    days = (when.date() - now.date()).days
    if days == 0:
        hours = max(1, round((when - now) / timedelta(hours=1)))
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    if days == 1:
        return "tomorrow"
    if days < 7:
        return f"in {days} days"
    year = f" {when.year}" if when.year != now.year else ""
    return f"on {when.day} {MONTHS[when.month - 1]}{year}"


def progress_sentence(summary: ProgressSummary, now: datetime) -> str:
    """Say how many items are mastered, learning, due now and not seen yet, and when the next
    review after those due now is due."""
    total = summary.mastered + summary.learning + summary.unseen
    text = (f"Your progress: {summary.mastered} mastered, {summary.learning} learning, {summary.unseen} not seen "
            f"yet (of {total} quiz items).")
    if summary.due and summary.next_due:
        text += f" {summary.due} due now; the next one after that is due {in_words(summary.next_due, now)}."
    elif summary.due:
        text += f" {summary.due} due now."
    elif summary.next_due:
        text += f" Nothing is due now; the next one is due {in_words(summary.next_due, now)}."
    return text


def progress_report(store: KnowledgeStore, progress: Progress, sender: str, now: Optional[datetime] = None) -> str:
    """Say how many quiz items the learner has mastered, is learning, has due now and has not
    seen, and when the next review is due (`now`: the clock when None)."""
    now = utc(now)
    try:
        summary = progress.summary(sender, quiz.all_items(store), now)
    except ProgressUnavailable:
        return "I can't read your progress just now — it is not lost. Please ask again later."
    return f"{progress_sentence(summary, now)} Say “quiz me” to practise."


def reset_progress(progress: Progress, sender: str) -> str:
    """Set a learner's quiz history aside (after they confirmed); “undo reset” brings it back."""
    try:
        reset_id = progress.reset(sender)
    except ProgressUnavailable:
        return "I couldn't reset your progress just now; nothing was deleted. Please try again later."
    if reset_id is None:
        return "You have no quiz progress to reset yet. Say “quiz me” to start."
    return ("Done — your quiz progress is cleared and your history set aside. Changed your mind? Say “undo reset” "
            "to bring it back. Say “quiz me” to start fresh.")


def undo_reset(progress: Progress, sender: str) -> str:
    """Bring back the learner's quiz history from their last reset, or say why it cannot be."""
    try:
        if progress.undo_reset(sender):
            return "Done — your earlier quiz progress is back, just as it was before the reset."
        if progress.latest_reset(sender) is None:
            return "There is no reset to undo — your quiz progress is as it was."
    except ProgressUnavailable:
        return "I can't reach your saved progress just now; nothing was changed. Please try again later."
    return ("I can't undo the reset: you have answered quiz questions since, and I won't mix your old and new "
            "history. Your current progress is kept.")
