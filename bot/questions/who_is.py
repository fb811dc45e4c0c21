"""who_is: who a person is — by name, surname, typo or a role phrase."""
import re

from knowledge.store import KnowledgeStore

from .. import answering, grounding, understanding
from ..language import asked_kinds, is_yes_no
from ..people import fits, name_after_who_is, resolve, role_phrase
from ..reply import Context, Message, Reply, answered, ask_which, describe, not_said, safe_echo

NAME = "who_is"
# "was he an ambassador too?", "is Smith the deputy speaker?": whether a person holds a role
IS_A = re.compile(r"^\W*(?:is|was|are|were)\s+(?:he|she|they|\w+(?:\s\w+)?)\s+(?P<role>(?:an?|the)\s+.+)$", re.IGNORECASE)
# what someone was before: "what did he do before becoming adviser?", "what did he used to be?"
EARLIER = re.compile(r"\bbefore (?:becoming|he became|she became|he was|she was|taking)\b|\bpreviously\b|\bbefore that\b|"
                     r"\bused to\b|\b(?:earlier|old|previous|prior) (?:career|jobs?|roles?|posts?|positions?)\b|\bformerly\b|"
                     r"\bbefore\W*$", re.IGNORECASE)
# a question about several unnamed people is a question of fact ("the names of the Russian officials")
GROUP = re.compile(r"\b(officials|members|names|people|ministers|diplomats|envoys|participants)\b", re.IGNORECASE)


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer with the person's roles and what they did, or say the articles name nobody so.

    A question that asks for something else about a person ("since when is …", "in which years …")
    is answered as a fact about them.
    """
    from . import ask_fact

    if set(asked_kinds(message.text)) - {"person", "actor"} or GROUP.search(message.text):
        return ask_fact.answer(store, message, context)
    resolution = resolve(store, message, context)
    if len(resolution.people) == 1 and EARLIER.search(message.text or ""):
        return earlier(store, resolution.people[0], message, context)
    question = understanding.analyse(store, message, context, resolution)
    unknown_name = all(grounding.known_word(store, t) is None for t in question.terms)  # "who is Gandalf?"
    if question.terms and not unknown_name and len(resolution.people) <= 1 and not resolution.role or \
            len(resolution.people) == 1 and resolution.others and not resolution.role and \
            "person" not in asked_kinds(message.text) and not is_yes_no(message.text):
        # "who does the president think is the main threat?", "what does he think of Jones?"
        return ask_fact.answer(store, message, context)
    if len(resolution.people) == 1 and question.sources:
        return _in_source(store, resolution.people[0], question.sources, message, context)
    if len(resolution.people) > 1:
        return ask_which(resolution.people, NAME, message.text, context)
    predicate = IS_A.match(message.text or "")
    if len(resolution.people) == 1 and predicate and role_phrase(predicate.group("role")):
        return _is_it(store, resolution.people[0], role_phrase(predicate.group("role")), message, context)
    if not resolution.people:
        if resolution.role:
            return answering.unnamed_role(store, message, context, resolution.phrase, NAME)
        asked = safe_echo(resolution.phrase or name_after_who_is(message.text))
        if not asked and context.person_id and store.person(context.person_id):
            return about(store, store.person(context.person_id), context)  # "then who is?" after "No. … is …"
        named = f"“{asked}”" if asked else "that person"
        known = ", ".join(p.surname for p in store.people())
        return Reply(f"The articles don't mention {named}. The people they name are: {known}.")
    return about(store, resolution.people[0], context)


def _in_source(store: KnowledgeStore, person, sources, message: Message, context: Context) -> Reply:
    """Answer "does the <outlet> article mention him?": the person's roles in those outlets, or say not."""
    roles = [role for role in person.roles if role.citation.source_id in sources]
    outlets = " or ".join(s.publisher_label for s in store.sources() if s.id in sources)
    if not roles:
        return not_said(message.text, None, context, what=f"mention {person.name} in {outlets}", person_id=person.id,
                        question=NAME, asked=message.text)
    titles = ", ".join(dict.fromkeys(role.title for role in roles))
    return answered(f"{outlets} names {person.name}: {titles}.", [r.citation for r in roles], context,
                    person_id=person.id, question=NAME, asked=message.text)


def earlier(store: KnowledgeStore, person, message: Message, context: Context) -> Reply:
    """Answer "what did he do before?" with the roles the articles call former, or say they give none."""
    former = [role for role in person.roles if re.match(r"(?i)(?:former|ex-|one-time)\b", role.title)]
    if not former:
        return not_said(message.text, (f"{describe(store, person)}.", [r.citation for r in person.roles]), context,
                        what=f"say what {person.name} did before", person_id=person.id, question=NAME,
                        asked=message.text)
    titles = ", ".join(dict.fromkeys(role.title for role in former))
    return answered(f"{person.name} is a {titles}.", [r.citation for r in former], context, person_id=person.id,
                    question=NAME, asked=message.text)


def _is_it(store: KnowledgeStore, person, role: str, message: Message, context: Context) -> Reply:
    """Answer "was he an ambassador too?": the person's roles if the role is one of them, else say not."""
    if fits(store, person, role, past=True):
        return about(store, person, context)
    holders = [other for other in store.people() if other.id != person.id and fits(store, other, role, past=True)]
    if len(holders) == 1:  # "is Smith the spokesman?": no — the articles name another as that
        other = holders[0]
        return answered(f"No. {describe(store, person)}. {role[0].upper()}{role[1:]} the articles name is "
                        f"{describe(store, other)}.",
                        [r.citation for r in person.roles] + [r.citation for r in other.roles], context,
                        person_id=other.id, question=NAME, asked=message.text)
    return not_said(message.text, (f"{describe(store, person)}.", [r.citation for r in person.roles]), context,
                    what=f"say that {person.name} is or was {_indefinite(role)}", person_id=person.id,
                    question=NAME, asked=message.text)


def _indefinite(role: str) -> str:
    """Return "the ambassador" as "an ambassador"."""
    words = role.split()[1:] if role.startswith("the ") else role.split()
    return ("an " if words and words[0][:1] in "aeiou" else "a ") + " ".join(words)


def about(store: KnowledgeStore, person, context: Context) -> Reply:
    """Describe one person: roles, side, the first thing they did, with the sources."""
    citations = [role.citation for role in person.roles]
    parts = [describe(store, person) + "."]
    events = store.events_of(person.id)
    if events:
        parts.append(events[0].summary)
        citations.append(events[0].citation)
    return answered(" ".join(parts), citations, context, person_id=person.id, question=NAME,
                    asked=f"who is {person.name}", shown_quotes=())


def example(store: KnowledgeStore) -> str:
    """An example question: the person with the most roles in the articles."""
    people = sorted(store.people(), key=lambda p: -len(p.roles))
    return f"Who is {people[0].surname}?"
