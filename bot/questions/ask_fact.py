"""ask_fact: any fact the articles state — what, when, where, who, how many, why."""
import re
from dataclasses import replace
from typing import Optional

from knowledge.store import KnowledgeStore

from .. import answering, grounding, understanding
from ..language import STOPWORDS, all_kind_words, asked_kinds, is_yes_no, plain, related, stem, stems, tokens
from ..people import LED_BY, resolve
from ..reply import Context, Message, Reply, answered, ask_which, describe, not_said

NAME = "ask_fact"
# the words an answer to "who led/headed/chaired …?" must use for the same act
LEADING_VERBS = {**dict.fromkeys(("led", "leads", "lead"), r"\b(?:led|lead\w*)\b"),
                 **dict.fromkeys(("headed", "heads", "head"), r"\bhead(?:ed|s|ing)?\b"),
                 **dict.fromkeys(("chaired", "chairs"), r"\bchair\w*")}
LEADING = r"(?:led|leads?|leading|headed|heads?|heading|chaired|chairs?|chairing|in charge of)"
WHO_LED = re.compile(rf"^\W*(?:(?:and|so|but|ok|okay)\W+)?who(?:'s| is| was| were)?\s+(?:\w+\s+)?(?:{LEADING}|running|ran|"
                     r"runs?)\s+(?:the|a|an|that|this)\s+(?P<thing>[a-z' -]+?)(?:\s+(?:in|at|to|from|on|during|when)\b.*)?"
                     r"\s*[?.!]*\s*$", re.IGNORECASE)
WHO_LED_IT = re.compile(rf"^\W*(?:(?:and|so|but|ok|okay)\W+)?who(?:'s| is| was)?\s+(?:{LEADING}|running|ran|runs?)\s+"
                        r"(?:it|them|that)\s*[?.!]*\s*$", re.IGNORECASE)
LEADING_STEMS = frozenset(stem(w) for w in ("led", "lead", "leading", "head", "headed", "heading", "chair", "chaired",
                                            "charge", "run", "running", "ran"))
EARLIER_STEMS = frozenset(stem(w) for w in ("used", "use", "former", "formerly", "previous", "previously", "before",
                                            "old", "earlier", "prior"))
NAME_NOUN = re.compile(r"\b(?:his|her|their|the|whose|\w+'s)\s+(?:\w+\s+)?name\b", re.IGNORECASE)
NAME_PARTS = frozenset(stem(w) for w in ("first", "full", "last", "family", "given", "real", "whole"))
WHO_IS = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?who(?:'s| is| was)\s+(?:the\s+)?(?P<rest>.+)$", re.IGNORECASE)
TITLE_WORDS = frozenset(stem(w) for w in ("headline", "title", "titled", "called", "named", "name"))
NOUN_PHRASE_WORDS = 4  # "what is/were X?" with X this short asks what the articles say about X
JOB_WORDS = frozenset(stem(w) for w in ("job", "role", "title", "post", "position", "work", "do", "occupation"))
BARE_NOUN_PHRASE = re.compile(r"^\s*(?:and |so |ok |but )?(?:what|which)\s+(?P<thing>(?:the |those |these )?[a-z' -]+?)"
                              r"(?:\s+(?:tho|though|exactly|then))?\s*\?*\s*$", re.IGNORECASE)  # "what key questions?"
ACRONYM = re.compile(r"\bwhat (?:(?:does|do|did) )?(?:the )?(?P<thing>[\w .-]+?) (?:stands? for|means?|short for)\b|"
                     r"\bwhat is (?P<thing2>[\w.-]+) short for\b", re.IGNORECASE)
WHAT_NOUN = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:what|which)\s+(?P<thing>[a-z]+(?:\s+[a-z]+)?)\s+"
                       r"(?:did|does|do|had|has|have|will|would|could)\b", re.IGNORECASE)
EXACT_NOUN = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:what|which)\s+(?:exactly\s+)?(?:were|are|was|is)\s+(?:the\s+)?"
                        r"(?:exact|specific|precise|actual)\s+(?P<thing>[a-z]+)\b", re.IGNORECASE)  # "what were the exact questions …"
LISTING = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?what\s+(?:were|are)\s+(?:the|those|these|they)\b(?!.*\babout\W*$)",
                     re.IGNORECASE)
DEFINITION = re.compile(r"^\s*(?:so |and |ok |but )?(?:what|wat|wht)(?: exactly)?(?:'s| is| are| was| were|s)\s+"
                        r"(?:exactly\s+)?(?:a |an |the )?"
                        r"(?P<thing>.+?)(?:\s+(?:exactly|again|actually|in (?:these|the) articles?|about))?\s*[?.!]*\s*$",
                        re.IGNORECASE)

IDENTIFYING = re.compile(r"\s*(?::|,?\s+(?:such as|including|like|namely|about|over|on|of|concerning|regarding|that|"
                         r"which|who|to|for|against|with|from|in)\b)")  # words after a noun that tell which ones


def answer(store: KnowledgeStore, message: Message, context: Context) -> Reply:
    """Answer from the curated facts and the article sentences, checked against the question."""
    resolution = resolve(store, message, context)
    if len(resolution.people) > 1:
        return ask_which(resolution.people, NAME, message.text, context)
    if resolution.role and not resolution.people:
        return _role_not_held(store, message, context, resolution)
    question = understanding.analyse(store, message, context, resolution)
    if resolution.role and len(resolution.people) == 1 and resolution.people[0].id not in question.people:
        holder = _holder_met(store, question, resolution.people[0].id, context)
        if holder:
            return holder
    holder = _role_asked(store, message, resolution)
    if holder and holder.id in question.people:  # "who was the American president proposing the shield?": him
        if not question.terms:
            from .who_is import about

            return about(store, holder, context)
        pool = [c for c in grounding.candidates(store) if holder.id in c.people]
        reply = answering.respond(store, replace(question, kinds=()), context, NAME, pool=pool)
        return reply if reply.declines else replace(reply, text=f"{describe(store, holder)}.\n{reply.text}")
    if question.sources and question.terms and set(question.terms) <= TITLE_WORDS and \
            not (question.topics or question.people or question.actors):
        from . import ask_sources  # "what was that outlet's story called?": its headline

        return ask_sources.answer(store, message, context)
    asks_name = question.kinds[:1] in ((), ("person",)) and set(question.terms) - {stem("name")} <= NAME_PARTS and \
        bool(NAME_NOUN.search(message.text))  # "what was his (first) name?", not "which nations did he name?"
    if len(question.people) == 1 and (asks_name and not is_yes_no(message.text) or  # "what was his name?"
                                      question.terms and set(question.terms) - EARLIER_STEMS <= JOB_WORDS and
                                      not question.kinds):
        from .who_is import EARLIER, about, earlier  # "what is his job?": who the person is; "what job did he used
        person = store.person(next(iter(question.people)))  # to have?": what he was before
        return earlier(store, person, message, context) if EARLIER.search(message.text) else about(store, person, context)
    if not question.people and not question.actors and len(question.topics) == 1:
        topic_id = next(iter(question.topics))
        defined = spelled_out(store, message.text, topic_id, context) or \
            (definition(store, message.text, topic_id, context) if not question.terms else None)
        if defined:
            return defined
    thing = _described(message.text)
    if thing and not _possessed_by(store, thing, question.people):  # "what were the disputes over Iraq about?": the articles must say more than the words asked
        listing = bool(LISTING.match(message.text))  # "what were the questions?" asks which ones they were
        pool = [c for c in grounding.candidates(store) if says_about(c, thing, identifying=listing)
                and not set(c.sentence_ids) <= set(context.evidence)]  # nor only repeat the last answer
        return answering.respond(store, question, context, NAME, pool=pool)
    led_it = WHO_LED_IT.search(message.text)
    if led_it and context.evidence:  # "who led it?" after "the delegation, led by Smith, arrived …": the leader there
        pool = [c for c in grounding.candidates(store) if set(c.sentence_ids) & set(context.evidence)
                and re.search(rf"\b{LEADING}\s+by\b", c.text, re.IGNORECASE)]
        question = replace(question, terms=tuple(t for t in question.terms if t not in LEADING_STEMS), anchor=())
        return answering.respond(store, question, context, NAME, pool=pool)
    led = WHO_LED.search(message.text)
    if led:  # "who was heading the committee?": not answered by who led the delegation
        pool = _leading(store, led)
        if resolution.role:  # "who led the delegation to India?": the one the role fits is the answer, not its subject
            question = replace(question, people=question.people - {p.id for p in resolution.people}, focus=None)
        # the pool holds only the leading of the thing asked: its leader need not stand by the question's verb
        question = replace(question, terms=tuple(t for t in question.terms if t not in LEADING_STEMS))
        return answering.respond(store, question, context, NAME, pool=pool)
    noun = what_noun(message.text)
    if noun:  # "what questions did Russia raise?": not answered by "the talks raised more questions"
        pool = [c for c in grounding.candidates(store) if describes(c, noun)]
        return answering.respond(store, question, context, NAME, pool=pool)
    return answering.respond(store, question, context, NAME)


def _role_not_held(store: KnowledgeStore, message: Message, context: Context, resolution) -> Reply:
    """Answer a question naming a role nobody in the articles holds exactly: "the articles don't name …",
    unless the role is not what is asked — "who led the team?" is answered by "led by …", "who did the
    envoy meet?" by whom the envoy met, "did anyone meet the envoy?" by a meeting — and a sentence says it."""
    led = LED_BY.search(message.text)
    acting = re.search(rf"\b(?:who|whom)\s+(?:did|does|do|will|would|has|have|had)\s+{re.escape(resolution.phrase)}\b",
                       plain(message.text))
    asks_whether = is_yes_no(message.text)  # "did anyone meet Turkey's prime minister?": the role is not asked for
    if led or acting or asks_whether:
        who_led = WHO_LED.search(message.text)  # "who led the Russian delegation?": only who leads that one
        pool = _leading(store, who_led) if who_led else None
        reply = answering.respond(store, understanding.analyse(store, message, context, resolution), context, NAME, pool)
        same_act = not led or re.search(LEADING_VERBS[led.group(1).lower()], reply.text, re.IGNORECASE)
        if reply.context is not None and reply.context.evidence and not reply.declines \
                and same_act:
            return reply
    return answering.unnamed_role(store, message, context, resolution.phrase, NAME)


def _role_asked(store: KnowledgeStore, message: Message, resolution):
    """Return the one person a "who is/was <role phrase> …?" question asks for by their role, else None."""
    match = WHO_IS.match(plain(message.text))
    if not match or len(resolution.people) != 1 or resolution.pronoun:
        return None
    rest = re.sub(r"^the\s+", "", match.group("rest"))
    roles = [re.sub(r"^the\s+", "", plain(p)) for p in resolution.phrases]
    person = resolution.people[0]
    names = {plain(alias) for entity_id, alias, kind in store.aliases("person") if entity_id == person.id and kind == "name"}
    return person if any(r and r not in names and (rest + " ").startswith(r + " ") for r in roles) else None


def _holder_met(store: KnowledgeStore, question, holder: str, context: Context) -> Optional[Reply]:
    """Answer "which Indian minister did Smith meet?" with the one holder of the role, from a sentence
    that names them with the others asked about; None when there is none."""
    pool = [c for c in grounding.candidates(store) if holder in c.people and question.people <= c.people]
    if not pool or not question.people:
        return None
    return answering.respond(store, replace(question, kinds=(), terms=()), context, NAME, pool)


def spelled_out(store: KnowledgeStore, text: str, topic_id: str, context: Context) -> Optional[Reply]:
    """Answer "what does NMD stand for?" with the topic's full name, from a sentence that spells it out."""
    match = ACRONYM.search(text or "")
    if not match:
        return None
    full = re.sub(r"\s*\([^)]*\)", "", store.name_of(topic_id) or "").strip()
    full = re.sub(r"^the ", "", full)
    for sentence in store.sentences():
        if full and full.lower() in sentence.text.lower():
            short = (match.group("thing") or match.group("thing2") or "").strip()
            short = short.upper() if short.isalpha() and len(short) <= 6 else short  # "nmd" → "NMD"
            return answered(f"{short} stands for {full}: “{sentence.text}”", [sentence.citation], context,
                            topic_id=topic_id, question=NAME, asked=text)
    return None


def _described(text: str) -> Optional[str]:
    """Return X of "what is / what were X (about)?" when the question is only that noun phrase."""
    match = DEFINITION.match(text or "") or _bare_noun_phrase(text)
    if match and asked_kinds(text):
        return None  # "what is the cost of it?" asks an amount, not what the articles say about its cost
    if not match or re.search(r"\b(do|does|did|can|could|will|would|say|said|think|want|ban|mean)\b", match.group("thing")):
        return None
    thing = re.split(r"\s+(?:they|that|which|who|you|mentioned|in the|the cnn|the ap|the article|from the)\b",
                     match.group("thing"))[0]
    words = tokens(thing)
    if words[-1:] in (["like"], ["for"]) or re.search(r"\b(?:supposed|meant|going|used|trying|designed|set up) to\b", thing):
        return None  # "what was it like?", "what is it for?", "what is the treaty supposed to prevent?": not a name
    if words[:1] and words[0] in ("point", "purpose", "reason", "aim", "goal", "idea", "cause"):
        return None  # "what's the point of the talks?" asks why
    if words[:1] and words[0] in ("it", "he", "she", "they", "this", "that", "his", "her", "there"):
        return None  # "what is it trying to sell?" is not a noun phrase to describe
    if any(len(w) > 4 and w.endswith("ing") for w in words):
        return None  # "what were Smith and the Indians discussing?" asks about an action
    if len([w for w in words if w not in STOPWORDS]) > NOUN_PHRASE_WORDS:
        return None  # a long phrase is a question of its own ("the hope of the US undersecretary for …")
    return thing


def _possessed_by(store: KnowledgeStore, thing: str, people: frozenset) -> bool:
    """Say whether a noun phrase is a person's ("Smith's response to Jones"): it asks what theirs was."""
    first = tokens(thing)[0] if tokens(thing) else ""  # a possessive's 's is dropped, its apostrophe restored before
    return any(entity_id in people and first in tokens(alias) for entity_id, alias, _ in store.aliases("person"))


def what_noun(text: str) -> Optional[str]:
    """Return X of "what X did/does … ?" ("what questions did Russia raise?"), unless X is a kind of
    answer ("what day did …", "what country …"): a reply must say what the X were, not only that there were some."""
    match = WHAT_NOUN.match(text or "") or EXACT_NOUN.match(text or "")
    if not match or asked_kinds(text):  # "which Indian minister did he meet?" asks for a person
        return None
    typed = tokens(match.group("thing"))
    if typed[:1] and typed[0] in STOPWORDS:
        return None  # "what does Iraq have to do with this?": no noun is asked for
    words = [stem(w) for w in typed]
    return None if not words or set(words) & (all_kind_words() | STOPWORDS) else match.group("thing")


def _bare_noun_phrase(text: str):
    """Match "what key questions?": a question word and a short noun phrase, with no verb."""
    match = BARE_NOUN_PHRASE.match(text or "")
    if not match:
        return None
    words = tokens(match.group("thing"))
    verbs = {"is", "are", "was", "were", "has", "have", "had", "will", "do", "does", "did", "can", "could", "would"}
    if not words or len(words) > 4 or set(words) & verbs or any(len(w) > 3 and w.endswith(("ed", "ing")) for w in words):
        return None
    return match


def _leading(store: KnowledgeStore, who_led: re.Match) -> list[grounding.Candidate]:
    """Return the candidates that tell who leads the thing a "who led …?" question names."""
    return [c for c in grounding.candidates(store) if leads(c, who_led.group("thing"))]


def leads(candidate: grounding.Candidate, thing: str) -> bool:
    """Say whether a candidate tells who leads the thing asked about: its head noun stands next to the
    leading verb ("the delegation, led by …", "… headed a delegation"), not elsewhere in the sentence."""
    words = [w for w in tokens(thing) if w not in STOPWORDS]
    if not words:
        return False
    heads = related(stem(words[-1]))
    qualifiers = [related(stem(w)) for w in words[:-1]]  # "the *Russian* delegation" is not "the American delegation"
    text = plain(candidate.text)
    for match in re.finditer(r"[a-z'-]+", text):
        if stem(match.group(0)) not in heads:
            continue
        after, before = text[match.end():match.end() + 20], text[max(0, match.start() - 40):match.start()]
        near = {stem(w) for w in re.findall(r"[a-z'-]+", before)[-3:]}
        if any(not words & near for words in qualifiers):
            continue
        if re.match(rf",?\s+{LEADING}\s+by\b", after) or \
                re.search(rf"\b{LEADING}\s+(?:the|a|an)\s+(?:[a-z.'-]+\s+){{0,3}}$", before):
            return True
    return False


def describes(candidate: grounding.Candidate, thing: str) -> bool:
    """Say whether a candidate that names a thing says something about it (`says_about`); one that
    does not name it may still answer in other words ("urged … to be flexible" for "what advice …")."""
    words = [stem(w) for w in tokens(thing) if w not in STOPWORDS]
    if words and not set(words) <= set(candidate.stems):
        return True
    return says_about(candidate, thing, identifying=True)


def says_about(candidate: grounding.Candidate, thing: str, identifying: bool = False) -> bool:
    """Say whether a candidate says something about a thing beyond naming it: words that describe it
    follow it ("a charm offensive *to sell* …", "a committee *created to* …", "START II*, the* …").

    :param identifying: only words that tell which ones they are ("questions *about* …", "nations *such
        as* …"), not what became of them ("key questions *remained unanswered*")
    """
    words = [stem(w) for w in tokens(thing) if w not in STOPWORDS and w not in ("exactly", "about", "again")]
    if not words:
        return True
    text = plain(candidate.text)
    found = list(re.finditer(r"[a-z0-9'-]+", text))
    for index, match in enumerate(found):
        if [stem(m.group(0)) for m in found[index:index + len(words)]] != words:
            continue
        after = text[found[index + len(words) - 1].end():found[index + len(words) - 1].end() + 40]
        if identifying and _named_kind(candidate.text, found[index].group(0)):
            return True  # "Scud missiles" tells which missiles
        if re.match(r"\s*(?:[\"”]|\.|$)", after):
            continue  # the thing ends the sentence or a quotation: nothing is said about it
        if re.match(r"\s*(?:,\s*\"|,\s*(?:the|a|an|he|she|it|they|we|i)\b|and\b|or\b|than\b)", after):
            continue  # a new clause or a list, not words about it
        if identifying and not IDENTIFYING.match(after):
            continue
        return True
    return False


def _named_kind(text: str, word: str) -> bool:
    """Say whether a name before a word tells which ones: "*Scud* missiles", "*NATO* members"."""
    return any(m.group(1).lower() not in STOPWORDS and m.start() > 0
               for m in re.finditer(rf"\b([A-Z][\w-]*)\s+(?i:{re.escape(word)})\b", text))


def definition(store: KnowledgeStore, text: str, topic_id: str, context: Context) -> Optional[Reply]:
    """Answer "what is X?" for a topic with the curated fact that defines it, if one names X.

    A word that only points to a topic ("Scud" for the threat the US cites) is not defined by it:
    the articles don't say what a Scud missile is.
    """
    thing = _described(text)
    if not thing:
        return None
    asked = set(stems(thing))
    facts = store.facts_about(topic_id)
    named = asked <= set(stems(store.name_of(topic_id) or ""))
    for fact in facts:
        if named or asked <= set(stems(f"{fact.summary} {fact.evidence}")):
            return answered(fact.summary, [fact.citation], context, topic_id=topic_id, question=NAME, asked=text)
    return None


def example(store: KnowledgeStore) -> str:
    """An example question: what a topic with curated facts is."""
    topics = [topic_id for topic_id, _ in store.topic_names() if store.facts_about(topic_id)]
    return f"What is {store.name_of(topics[0])}?" if topics else "What do the articles report?"
