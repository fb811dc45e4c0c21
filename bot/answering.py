"""Turn a checked question into a reply: the answer with its sources, or "The articles don't say …"."""
from dataclasses import replace
from typing import Iterable, Optional

from knowledge.store import Citation, KnowledgeStore

from . import grounding, language, settings, understanding
from .grounding import Candidate, Check, Finding, Question
from .reply import Context, Message, Reply, answered, not_said, quoted


def said(candidate: Candidate, with_outlet: bool = False) -> str:
    """Return what the bot says for a candidate: a curated summary, or the sentence verbatim."""
    if candidate.curated:
        return candidate.text + (f" ({candidate.citations[0].outlet})" if with_outlet else "")
    if candidate.speaker_name and not candidate.lead_in:  # '"…," he said.': say who
        return f"{candidate.speaker_name}: {quoted(candidate.citations[0], with_outlet)}"
    return quoted(candidate.citations[0], with_outlet, candidate.lead_in)


def present(checks: list[Check]) -> tuple[str, list[Citation]]:
    """Return the text and citations of one answer, or of two outlets' answers side by side."""
    if len(checks) == 1:
        return said(checks[0].candidate), list(checks[0].candidate.citations)
    lines = [f"• {said(check.candidate, with_outlet=True)}" for check in checks]
    return "\n".join(lines) + "\n", [c for check in checks for c in check.candidate.citations]


def closest_text(finding: Finding) -> Optional[tuple[str, list[Citation]]]:
    """Return what the articles say nearest to an unanswered question, if anything is near."""
    if not finding.closest:
        return None
    return said(finding.closest.candidate), list(finding.closest.candidate.citations)


def after_context(context: Context, question: Question, intent: str, checks: Iterable[Check] = ()) -> dict:
    """Return the context changes after answering: what the conversation is now about.

    The person talked about is the one the question was about, else the one who says the answer
    (its speaker), else the first person the answer names: after "who said Russia should be
    flexible?", "he" is the lawmaker who said it.
    """
    checks = list(checks)
    topics = set(question.topics) or {t for c in checks for t in c.candidate.topics}
    # "why?", "when was that?" ask about the last answer: "and France?" after them repeats the question before
    changes = {} if question.anchor else {"question": intent, "asked": question.text}
    if question.focus:
        changes["person_id"] = question.focus
    elif len(question.people) == 1:
        changes["person_id"] = next(iter(question.people))
    else:  # the one who says the answer, else the first it names — in the best answer, else the other outlet's
        person = next((c.candidate.speakers[0] if len(c.candidate.speakers) == 1 else c.candidate.named_people[0]
                       for c in checks if len(c.candidate.speakers) == 1 or c.candidate.named_people), None)
        if person:
            changes["person_id"] = person
    if len(question.actors) == 1:
        changes["actor_id"] = next(iter(question.actors))
    if len(topics) == 1:
        changes["topic_id"] = next(iter(topics))
    return changes


def later(store: KnowledgeStore, question: Question, context: Context, intent: str) -> Reply:
    """Decline a question about what happened after the articles were written."""
    dates = ", ".join(dict.fromkeys(source.date_label for source in store.sources()))
    clause = language.embedded(question.text)
    what = f"say {clause}" if clause else "say what happened after them"
    return not_said(question.text, None, context, what=f"{what}: they report what happened up to {dates}, "
                                                       f"not what came after", question=intent, asked=question.text)


def respond(store: KnowledgeStore, question: Question, context: Context, intent: str,
            pool: Optional[list[Candidate]] = None, what: Optional[str] = None, anywhere: bool = False) -> Reply:
    """Answer a question from the candidates that pass every check, or say the articles don't say.

    :param pool: only these candidates (default: every curated row and sentence)
    :param what: the "don't …" clause to use when nothing passes ("report China's stance")
    :param anywhere: when nothing in the pool passes, answer from any candidate that does (the pool
        narrowed the search, it was not a condition of the answer)
    """
    if language.asks_after(question.text):
        return later(store, question, context, intent)
    if question.elsewhere:  # "what did Japan say?": the articles never mention Japan
        nearest = grounding.find(store, replace(question, elsewhere=(), terms=tuple(
            t for t in question.terms if t not in {w for place in question.elsewhere for w in language.stems(place)})), pool)
        places = " or ".join(question.elsewhere)
        return not_said(question.text, closest_text(nearest) if not nearest.answers else
                        present(grounding.best_pair(nearest)[:1]), context, what=f"mention {places}",
                        **after_context(context, question, intent))
    if question.unresolved:
        return Reply(f"Who do you mean by “{question.unresolved}”? Ask again with their name, please.")
    finding = grounding.find(store, question, pool)
    if not finding.answers and question.anchor and (question.people or question.topics or question.actors):
        finding = grounding.find(store, replace(question, anchor=()), pool)  # "when was that?" beyond the last answer
    elif not finding.answers and question.anchor and question.kinds[:1] == ("place",) and question.context_topic \
            and not question.terms:  # "where?" after "when did the talks start?": where the talks were (a time or a
        # number asked so is of the last answer's own event: another event's is not an answer)
        about_topic = grounding.find(store, replace(question, anchor=(), topics=frozenset({question.context_topic})), pool)
        finding = about_topic if about_topic.answers else finding
    setting = grounding.setting_of(store, question.anchor) if not finding.answers and question.kinds else None
    if setting and not (question.people or question.topics or question.actors or question.terms):
        people, noun = setting  # "when was that?" after "In his speech, Smith …": when that speech was
        finding = grounding.find(store, replace(question, anchor=(), people=people, terms=(noun,)), pool)
    if len(finding.answers) >= settings.TOO_MANY_ANSWERS and not question.anchor and not language.is_yes_no(question.text):
        return too_broad(question, context, intent, len(finding.answers))
    if not finding.answers and pool is not None and anywhere:  # the pool was the NLU's guess, not a condition
        elsewhere = grounding.find(store, question)
        finding = elsewhere if elsewhere.answers else finding
    chosen = grounding.best_pair(finding)
    if chosen:
        text, citations = present(chosen)
        return answered(text, citations, context, **after_context(context, question, intent, chosen))
    if finding.closest is None and pool is not None:  # nothing near in the pool: the nearest anywhere
        finding = grounding.find(store, question)
        finding = grounding.Finding([], finding.closest or (finding.answers[0] if finding.answers else None))
    return not_said(question.text, closest_text(finding), context, what=what,
                    **after_context(context, question, intent))


def too_broad(question: Question, context: Context, intent: str, fitting: int) -> Reply:
    """Decline a question so open that many things the articles say fit it equally ("what did they say?")."""
    return Reply(f"The articles don't give one answer to that: {fitting} of the things they say fit it. Ask about "
                 f"one person, country, time or topic, or ask “what do the articles cover?”.",
                 context=replace(context, evidence=(), choices=(), **after_context(context, question, intent)))


def unnamed_role(store: KnowledgeStore, message: Message, context: Context, phrase: str, intent: str) -> Reply:
    """Say the articles name nobody in a role ("the German foreign minister"), and what they say near it."""
    question = understanding.analyse(store, message, context)
    finding = grounding.find(store, replace(question, kinds=(), people=frozenset()))
    if not finding.answers and not finding.closest and question.actors:
        finding = grounding.find(store, Question(text=message.text, actors=question.actors))
    nearest = grounding.best_pair(finding)[:1]
    closest = (said(nearest[0].candidate), list(nearest[0].candidate.citations)) if nearest else closest_text(finding)
    role = language.as_typed(message.text, phrase.strip())
    return not_said(message.text, closest, context, what=f"name {role}", question=intent, asked=message.text)
