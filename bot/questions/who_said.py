"""who_said: who said a quoted or paraphrased fragment, or "who said that?" about the last answer."""
import re
from dataclasses import replace

from knowledge.store import KnowledgeStore

from .. import answering, grounding, settings, understanding
from ..language import PRONOUNS, asked_kinds, content_stems, stems, tokens
from ..reply import Context, Message, Reply, answered, describe

NAME = "who_said"
SCAFFOLD = re.compile(
    r"^\s*(whose (words|quote) (are|were|is|was)( these)?|which (person|official|one|russian|american|us)( official)?|"
    r"who was it that|who (talked|spoke) about|who (mentioned|used the words|told \w+)|who\b)\s*(said|says|say)?\s*"
    r"(that|the words)?\s*[:,]?\s*", re.IGNORECASE)  # the longest opening first: "who told us" before "who"
# words that leave nothing asked but the last answer: "who said so?", "who told us that?", "who told reporters?"
REFERS_BACK = PRONOUNS["answer"] | PRONOUNS["topic"] | {"so", "them", "us", "me", "you", "reporters"}


def fragment_of(text: str) -> str:
    """Return the words a learner asks about in "who said '…'?"."""
    quoted = re.search(r"[\"“”'‘’](.{3,}?)[\"“”'‘’](?:\s*\??\s*)$", text or "")
    if quoted:
        return quoted.group(1)
    return SCAFFOLD.sub("", text or "").strip(" ?!.")


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Name the speaker of a quotation, with its wordings; else find who said it in the sentences."""
    if "person" not in asked_kinds(message.text):
        from . import ask_fact

        return ask_fact.answer(store, message, context)  # "what were the serious questions …" asks for something else
    fragment = fragment_of(message.text)
    refers_back = set(tokens(fragment)) <= REFERS_BACK
    question = replace(understanding.analyse(store, message, context), kinds=("person", "actor"))
    if refers_back:
        return answering.respond(store, replace(question, anchor=context.evidence, terms=()), context, NAME)
    matches = store.who_said(fragment)
    quote = matches[0].quote if matches and matches[0].score >= settings.WHO_SAID_MIN_SCORE else None
    if quote and set(content_stems(fragment)) <= set(stems(quote.text)):
        return _speaker(store, quote, context)  # the learner's words are all in one quotation
    found = grounding.best_pair(grounding.find(store, question))
    if found:  # the words are in a sentence that says who said them ("the Kremlin should be flexible")
        text, citations = answering.present(found)
        return answered(text, citations, context, **answering.after_context(context, question, NAME, found))
    if quote and _shares_a_word(store, fragment, quote.text):  # a misspelt quotation ("flexable")
        return _speaker(store, quote, context)
    return answering.respond(store, question, context, NAME)


def _shares_a_word(store: KnowledgeStore, fragment: str, said: str) -> bool:
    """Say whether a quotation holds one of the fragment's content words, as typed or as the typo it is."""
    words = set(stems(said))
    return any(w in words or grounding.typo_of(store, w) in words for w in content_stems(fragment))


def _speaker(store: KnowledgeStore, quote, context: Context) -> Reply:
    person = store.person(quote.person_id)
    wordings = store.wordings(quote.statement_id) if quote.statement_id else [quote]
    lines = [f"{describe(store, person)}, said:", f'"{quote.text}" — {quote.citation.outlet}']
    for other in wordings:
        if other.id != quote.id:
            lines.append(f'{other.citation.outlet} translated it as: "{other.text}"')
    return answered("\n".join(lines) + "\n", [q.citation for q in wordings], context, person_id=person.id,
                    question="what_said", asked=f"what did {person.name} say", shown_quotes=tuple(q.id for q in wordings))


def example(store: KnowledgeStore) -> str:
    """An example question: a few words of the shortest quote."""
    quotes = sorted(store.all_quotes(), key=lambda q: len(q.text))
    words = quotes[0].text.strip(" .").split() if quotes else []
    return f"Who said '{' '.join(words[-4:])}'?" if words else "Who said it?"
