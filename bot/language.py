"""Words of questions and sentences: tokens, stems, the lexicon, and what kind of answer is asked for.

General English only (bot/lexicon.yml); nothing here knows the articles.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import pycountry
from rapidfuzz.distance import OSA
import snowballstemmer
import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")
THESAURUS_PATH = Path(__file__).with_name("thesaurus.yml")  # learners' words for the articles' words (general English)
_TOKEN = re.compile(r"\$?\d[\d,.]*\d|\$?\d|[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_ABBREVIATION = re.compile(r"\b([A-Za-z])\.([A-Za-z])\.(?:([A-Za-z])\.)?")
# Words a question uses for the thing a topic is ("the plan", "the idea"), whatever the topic.
TOPIC_HEADS = ("idea", "ideas", "plan", "plans", "proposal", "proposals", "concept", "scheme", "project", "thing", "issue",
               "stuff", "pitch", "initiative")
STOPWORDS = frozenset(
    "a an and are as at be been being by did do does doing done for from had has have having he her hers "
    "him his how i if in into is it its me my of on or our ours she so than that the their theirs them they "
    "this those these to us was we were what whats which who whom whose why when where will with would you "
    "your yours not dont doesnt didnt isnt wasnt werent arent wont cant shouldnt wouldnt couldnt hasnt havent hadnt "
    "there their about any some all each every other such only same very too also just more most over under "
    "again both between during before after above below up down out off once further then here am been "
    "s t d ll re ve".split()
)
PRONOUNS = {
    "person": frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself", "that guy", "this guy",
                         "that person", "this person", "the same person", "that man", "the man", "that official"}),
    "topic": frozenset({"it", "its", "this treaty", "that treaty", "the treaty", "this plan", "that plan",
                        "this system", "that system", "this programme", "this program", "that committee",
                        "this committee"}),
    "answer": frozenset({"that", "this", "then", "there"}),
}


@dataclass(frozen=True)
class Lexicon:
    """The lexicon as stems: chatter, synonym groups, question words, kind words, markers."""

    chatter: frozenset
    synonyms: dict  # stem → frozenset of stems with the same meaning
    question_words: tuple  # (phrase, kind), longest phrase first
    kind_words: dict  # kind → frozenset of stems
    later: tuple  # phrases
    plans: tuple  # phrases
    phrases: tuple  # (multi-word phrase, the one word it means)
    opposites: dict = field(default_factory=dict)  # stem → stems of its opposites and their synonyms
    before_a_verb: dict = field(default_factory=dict)  # word → the word it means when a verb follows it
    occasions: frozenset = frozenset()  # stems of occasions a time may belong to ("talks", "visit")


_stemmer = snowballstemmer.stemmer("english")


_PAST_TO_BASE = {"met": "meet", "went": "go", "said": "say", "told": "tell", "gave": "give", "took": "take",
                 "made": "make", "came": "come", "got": "get", "saw": "see", "led": "lead", "began": "begin",
                 "thought": "think", "built": "build", "left": "leave", "fought": "fight", "knew": "know",
                 "sought": "seek", "held": "hold", "sent": "send", "spent": "spend", "won": "win", "found": "find",
                 "withdrew": "withdraw", "flew": "fly", "spoke": "speak", "wrote": "write", "brought": "bring",
                 "felt": "feel", "meant": "mean", "kept": "keep", "stood": "stand", "lost": "lose", "paid": "pay",
                 "sold": "sell", "gone": "go", "done": "do", "taken": "take", "given": "give", "known": "know",
                 "seen": "see", "spoken": "speak", "written": "write", "chosen": "choose", "chose": "choose"}


# British spellings as American ones, so "programme" and "program", "defence" and "defense" are one word
_BRITISH = {"programme": "program", "programmes": "programs", "defence": "defense", "defences": "defenses",
            "offence": "offense", "licence": "license", "centre": "center", "favour": "favor", "honour": "honor",
            "honoured": "honored", "labour": "labor", "behaviour": "behavior", "organisation": "organization",
            "organisations": "organizations"}
_BRITISH_ISE = re.compile(r"^(critic|organ|emphas|minim|recogn|real|summar|character|stabil|destabil|jeopard|"
                          r"apolog|modern|normal|legal|author|mobil|special|central|util)is(e|es|ed|ing|ation|ations)$")


_NOT_ADVERBS = frozenset(("family", "homily", "lily"))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Return the snowball stem of one lower-case word (irregular past forms as their base: "met" → "meet";
    British spellings as American: "defence" → "defense"; a noun in "-ency" as its adjective)."""
    word = _BRITISH.get(word) or _BRITISH_ISE.sub(r"\1iz\2", word)
    if word.endswith("ily") and len(word) >= 6 and word not in _NOT_ADVERBS:
        word = word[:-3] + "y"  # "angrily" as "angry", "easily" as "easy"
    stemmed = _stemmer.stemWord(_PAST_TO_BASE.get(word, word))
    return stemmed[:-3] + "ent" if stemmed.endswith("enc") else stemmed  # "urgency" as "urgent"


def unified(text: str) -> str:
    """Return text with curly quotes made straight and "U.S." written "US" (case kept)."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return _ABBREVIATION.sub(lambda m: "".join(g for g in m.groups() if g), text)


def plain(text: str) -> str:
    """Return text lower-cased with curly quotes unified and "U.S." written "us"."""
    return unified(text).lower()


@lru_cache(maxsize=1)
def _before_a_verb() -> re.Pattern:
    """The lexicon's words read as another when a verb ("giving", "to give") follows them."""
    words = "|".join(map(re.escape, sorted(lexicon().before_a_verb, key=len, reverse=True))) or "(?!)"
    return re.compile(rf"\b({words})\b(?=\s+(?:to\s+[a-z]+|[a-z]{{3,}}ing)\b)")


def tokens(text: str) -> list[str]:
    """Return the words and numbers of a text, lower-case, possessive 's dropped ("7,200" stays whole)."""
    words = []
    low = plain(text)
    for phrase, word in lexicon().phrases:  # "give up" → "abandon"
        if phrase in low:
            low = re.sub(rf"\b{re.escape(phrase)}\b", word, low)
    if lexicon().before_a_verb:  # "start giving" is "begin giving"
        low = _before_a_verb().sub(lambda m: lexicon().before_a_verb[m.group(1)], low)
    for token in _TOKEN.findall(low):
        if token.endswith("'s"):
            token = token[:-2]
        token = re.sub(r"'(d|ll|re|ve|m)$|n't$", "", token)  # "he'd" is "he", "didn't" is "did"
        words.append(token.replace("'", ""))
    return words


def stems(text: str) -> list[str]:
    """Return the stems of a text's words, in order."""
    return [stem(word) for word in tokens(text)]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load bot/lexicon.yml once."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    thesaurus = yaml.safe_load(THESAURUS_PATH.read_text(encoding="utf-8")) if THESAURUS_PATH.exists() else {}
    synonyms: dict[str, set] = {}
    phrases = {str(p).lower(): str(w).lower() for p, w in data["phrases"].items()}
    for group in thesaurus.get("synonyms") or ():  # a phrase of several words stands for the group's first word
        words = [str(entry).lower() for entry in group]
        single = next((w for w in words if " " not in w and "-" not in w), None)
        for entry in words:
            if " " in entry and single and entry not in phrases:
                phrases[entry] = single
    # a hyphenated entry ("low-key") is left out: its parts ("low", "key") are not synonyms of the group
    for group in [[w for w in g if " " not in str(w) and "-" not in str(w)]
                  for g in list(data["synonyms"]) + list(thesaurus.get("synonyms") or ())]:
        group_stems = {stem(w) for phrase in group for w in _TOKEN.findall(str(phrase).lower())}
        for word in group_stems:
            synonyms.setdefault(word, set()).update(group_stems)
    for general, particular in (thesaurus.get("broader") or {}).items():  # one way: the general word covers them
        synonyms.setdefault(stem(str(general).lower()), {stem(str(general).lower())}).update(
            stem(str(w).lower()) for w in particular)
    opposites: dict[str, set] = {}
    for word, others in (thesaurus.get("opposites") or {}).items():  # both ways: "bad" is the opposite of "good"
        for one, other in [(str(word), str(o)) for o in others] + [(str(o), str(word)) for o in others]:
            opposites.setdefault(stem(one.lower()), set()).update(synonyms.get(stem(other.lower()), {stem(other.lower())}))
    words = sorted(((str(p), k) for p, k in data["question_words"]), key=lambda pk: -len(pk[0]))
    return Lexicon(frozenset(stem(w) for w in data["chatter"]),
                   {w: frozenset(group) for w, group in synonyms.items()}, tuple(words),
                   {kind: frozenset(stem(w) for w in ws) for kind, ws in data["kind_words"].items()},
                   tuple(data["later"]), tuple(data["plans"]),
                   tuple(sorted(phrases.items(), key=lambda pw: -len(pw[0]))),  # the longest phrase first
                   {w: frozenset(o) for w, o in opposites.items()},
                   {str(w).lower(): str(m).lower() for w, m in (data.get("before_a_verb") or {}).items()},
                   frozenset(stem(str(w).lower()) for w in data.get("occasions") or ()))


@lru_cache(maxsize=1)
def all_kind_words() -> frozenset:
    """Return the stems of every kind's words ("day", "country", "cost", …)."""
    return frozenset().union(*lexicon().kind_words.values())


@lru_cache(maxsize=1)
def world_places() -> dict[str, str]:
    """Return {lower-case country name or demonym: country name} for the world's countries."""
    places: dict[str, str] = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", None)} - {None}:
            short = name.split(",")[0].strip()
            places[short.lower()] = short
    for demonym, country in yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))["demonyms"].items():
        places[str(demonym).lower()] = str(country)
    return places


@lru_cache(maxsize=1)
def _place_keys() -> tuple[tuple[str, str], ...]:
    """Return (" words of a place name ", country) for the world's countries, longest names first."""
    keys = ((f" {' '.join(tokens(name))} ", country) for name, country in
            sorted(world_places().items(), key=lambda item: len(item[0]), reverse=True))
    return tuple((key, country) for key, country in keys if len(key) > 3)


def places_named(text: str) -> list[str]:
    """Return the countries of the world a text names (by name or demonym), longest names first."""
    padded = f" {' '.join(tokens(text))} "
    found = []
    for key, country in _place_keys():
        if key in padded:
            found.append(country)
            padded = padded.replace(key, " # ")
    return list(dict.fromkeys(found))


def as_typed(text: str, phrase: str) -> str:
    """Return a phrase found by its tokens as the learner wrote it ("the German foreign minister"),
    else the phrase itself."""
    words = [re.escape(word) for word in phrase.split()]
    found = re.search(r"\b" + r"\W+".join(words) + r"\b", unified(text), re.IGNORECASE) if words else None
    return found.group(0) if found else phrase


def has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Say whether any of the phrases occurs in text as whole words."""
    padded = f" {' '.join(tokens(text))} "
    return any(f" {' '.join(tokens(phrase))} " in padded for phrase in phrases)


def asked_kinds(text: str) -> tuple[str, ...]:
    """Return the kinds of answer a question asks for, most specific first ((): any answer)."""
    return question_words(text)[0]


WH_WORDS = frozenset(("what", "whats", "wat", "wht", "which", "who", "whom", "whose", "whos", "where", "wheres", "when",
                      "why", "how", "hows"))


SUBORDINATING = frozenset(("when", "where", "why"))  # question words that also open a clause inside a question


ANSWER_NOUNS = {"number": "number", "figure": "number", "total": "number", "date": "day"}
# a follow-up that is only a noun phrase ending in one ("and the other side's figure?")
ELLIPTIC_NOUN = re.compile(r"^(?:(?:and|so|ok|okay|but|what about|how about)\s+)*(?:the\s+|their\s+|its\s+)?"
                           r"(?:[\w'’-]+\s+){0,2}(" + "|".join(ANSWER_NOUNS) + r")$")


def question_words(text: str) -> tuple[tuple[str, ...], frozenset]:
    """Return the kinds of answer a question asks for and the stems of the question words that say so."""
    words_of = tokens(text)
    if is_yes_no(text):  # "did the president say how much he'd cut?" asks yes or no; "how much" is inside it
        return (), frozenset()
    padded = f" {' '.join(words_of)} "
    found: list[tuple[int, str, str]] = []  # (where, phrase, kind)
    for phrase, kind in lexicon().question_words:
        at = padded.find(f" {phrase} ")
        if at >= 0 and padded[:at].endswith(" what happened"):
            continue  # "what happened when he got there?" asks what happened, not when
        if at >= 0:
            found.append((padded[:at].count(" "), phrase, kind))
            padded = padded.replace(f" {phrase} ", " " + " ".join("#" * len(w) for w in phrase.split()) + " ")
    found.sort()
    elliptic = ELLIPTIC_NOUN.match(" ".join(words_of))
    if not found and elliptic:  # "and Jonesland's number?" asks a number as "what number?" does
        return (ANSWER_NOUNS[elliptic.group(1)],), frozenset({stem(elliptic.group(1))})
    opening = next((i for i, w in enumerate(words_of) if w in WH_WORDS), None)
    if found and opening is not None and found[0][1] in SUBORDINATING and found[0][0] > opening:
        return (), frozenset()  # "what was the mood when the talks were held?": "when" is inside the question
    # the question word that opens the question counts, and those joined to it ("when and where");
    # a later one belongs to a clause of its own ("where was he when he said that")
    kept = found[:1]
    for where, phrase, kind in found[1:]:
        previous = kept[-1]
        gap = words_of[previous[0] + len(previous[1].split()):where]
        if gap and all(w in ("and", "or") for w in gap):
            kept.append((where, phrase, kind))
    kinds = tuple(dict.fromkeys(one for _, _, kind in kept for one in kind.split("+")))  # "year+duration": either
    return kinds, frozenset(stem(w) for _, phrase, _ in kept for w in phrase.split())


def is_yes_no(text: str) -> bool:
    """Say whether a question expects yes or no ("did Germany …", "is it …")."""
    first = (tokens(text) or [""])[0]
    return first in {"did", "does", "do", "is", "are", "was", "were", "has", "have", "had", "can", "could",
                     "will", "would", "should", "was", "am"}


def asks_after(text: str) -> bool:
    """Say whether a question is about what happened after the articles ("in the end", "later on")."""
    return has_phrase(text, lexicon().later)


# "before the minister makes his first visit": a present tense after "before" tells of what is still to come
BEFORE_IT_HAPPENS = re.compile(r"\bbefore\b[^.;]{0,60}?\b(?:makes|visits|meets|arrives|travels|goes|begins|starts|"
                               r"holds|opens|leaves|comes|flies|heads)\b", re.IGNORECASE)


# "committed the United States to building a shield": what is to be built is pledged, not done
PLEDGED_ACT = re.compile(r"\b(?:committed|commits|pledged|pledges|promised|promises|vowed|vows)\b(?:\s+[\w.'-]+){0,4}?"
                         r"\s+(?P<act>to\s+[a-z]+ing\b)", re.IGNORECASE)


def is_plan(text: str) -> bool:
    """Say whether a text states a plan or intention rather than something done."""
    return bool(planned_words(text))


def planned_words(text: str) -> frozenset:
    """Return the stems of the words a text tells as planned or still to come: those after its first plan
    cue ("plans *to scrap the treaty*", "committed the US *to building a shield*"); empty when it has none."""
    words = tokens(text)
    starts = []
    for phrase in lexicon().plans:
        cue = tokens(phrase)
        starts += [i + len(cue) for i in range(len(words) - len(cue) + 1) if words[i:i + len(cue)] == cue]
    same = unified(text)
    for pattern, group in ((BEFORE_IT_HAPPENS, 0), (PLEDGED_ACT, "act")):
        match = pattern.search(same)
        if match:
            starts.append(len(tokens(same[:match.start(group)])))
    return frozenset(stem(w) for w in words[min(starts):]) if starts else frozenset()


SAYING = frozenset(("say", "said", "tell", "told", "announce", "announced", "mention", "mentioned", "outline",
                    "outlined", "speak", "spoke", "ask", "asked", "answer", "answered", "promise", "promised"))


def is_past_question(text: str) -> bool:
    """Say whether a question asks whether something was done ("did they build …?", "has the US cut …?"),
    which a plan or an intention does not answer. "Did he say how far he'd cut?" asks about the saying."""
    words = tokens(text)
    if set(words) & SAYING:
        return False
    return bool(words) and words[0] in {"did", "has", "have", "had"} or \
        bool(re.search(r"\bdid\b.*\b(actually|really|in fact|ever)\b", plain(text))) or \
        bool(re.search(r"^\W*(?:was|were)\b.*\b(?:ever|actually|really|finally|in the end)\b", plain(text))) or \
        bool(re.search(r"\bwhat (?:happened|came of|came out of|comes? out of|resulted|was the (?:result|outcome) of)\b|^\W*how did\b.*\bgo\W*$", plain(text)))


def content_stems(text: str, drop: Iterable[str] = ()) -> list[str]:
    """Return the stems of a text's content words: no stopwords, chatter or the given stems."""
    dropped = set(drop) | lexicon().chatter
    found = []
    for word in tokens(text):
        if word in STOPWORDS or len(word) < 2 and not word.isdigit():
            continue
        word_stem = stem(word)
        if word_stem not in dropped and word_stem not in found:
            found.append(word_stem)
    return found


def related(word_stem: str) -> frozenset:
    """Return the stems that count as the same word: itself and its lexicon synonyms."""
    return lexicon().synonyms.get(word_stem, frozenset()) | {word_stem}


@lru_cache(maxsize=1)
def _thesaurus_groups() -> dict:
    thesaurus = yaml.safe_load(THESAURUS_PATH.read_text(encoding="utf-8")) if THESAURUS_PATH.exists() else {}
    groups: dict[str, set] = {}
    for group in thesaurus.get("synonyms") or ():
        group_stems = {stem(str(w).lower()) for w in group if " " not in str(w) and "-" not in str(w)}
        for word in group_stems:
            groups.setdefault(word, set()).update(group_stems)
    return {w: frozenset(g) for w, g in groups.items()}


def close(word_stem: str) -> frozenset:
    """Return a word's stem and its synonyms of one thesaurus group: the same act in other words ("led" for
    "headed"), narrower than `related`, whose lexicon groups join words by topic."""
    return _thesaurus_groups().get(word_stem, frozenset()) | {word_stem}


def swapped(word: str, other: str) -> bool:
    """Say whether a word is another with two neighbouring letters swapped ("frnace" for "france")."""
    return len(word) == len(other) and sorted(word) == sorted(other) and OSA.distance(word, other) == 1


VOWELS = frozenset("aeiouy")


def vowel_off(word: str, other: str) -> bool:
    """Say whether a word is another with one vowel written as another ("speach" for "speech")."""
    if len(word) != len(other):
        return False
    differing = [(a, b) for a, b in zip(word, other) if a != b]
    return len(differing) == 1 and set(differing[0]) <= VOWELS


def opposite(word_stem: str) -> frozenset:
    """Return the stems of a word's opposites (and their synonyms): "bad" → "good", "well", …"""
    found = set(lexicon().opposites.get(word_stem, ()))
    for synonym in lexicon().synonyms.get(word_stem, ()):
        found |= lexicon().opposites.get(synonym, frozenset())
    return frozenset(found)


@lru_cache(maxsize=256)
def asks_either_way(text: str) -> bool:
    """Say whether a question is answered by a word or its opposite: yes/no ("did it go badly?") or
    either/or ("bigger or smaller cuts?")."""
    return is_yes_no(text) or bool(re.search(r"\b\w+\s+or\s+(?:a\s+|an\s+|the\s+)?\w+", plain(text)))


def embedded(question: str) -> Optional[str]:
    """Turn a question into the clause "The articles don't say …" needs, or None when that is not plain.

    "when will the next round of talks be?" → "when the next round of talks will be";
    "did Japan support the plan?" → "whether Japan supported the plan".
    """
    words = re.sub(r"[?!.]+$", "", re.sub(r"\s+", " ", question or "").strip())
    words = re.sub(r"\s+(?:exactly|again|actually|then|tho|though|please|pls)$", "", words, flags=re.I)
    words = re.sub(r"^((so|and|ok|okay|hey|hi|please|pls|but|also|well|um|hmm)[, ]+)+", "", words, flags=re.I)
    words = re.sub(r"(?i)\b(what|who|where|when|how)(?:'s|s)\b(?= )", r"\1 is", words)
    aux = "did|does|do|is|are|was|were|will|would|can|could|has|have|had"
    match = re.match(rf"(?i)^(since when|how (?:many|much)(?: [\w'-]+?)*?|how long|how old|how far|how|when|where|why|who|"
                     rf"whom|what(?: [\w'-]+?)*?|which(?: [\w'-]+?)*?)\s+({aux})\s+(.+)$", words)
    if match:
        wh, verb, rest = match.groups()
        if wh.lower() in ("who", "what") and verb.lower() in ("is", "are", "was", "were") and \
                re.match(r"(?:[a-z]{2,}ing|in|on|at|behind|responsible|against|for)\b", rest):
            # "who was heading the committee", "who is in charge of it": the wh-word is the subject
            return f"{wh.lower()} {verb.lower()} {rest}"
        if " " in wh and verb.lower() in ("is", "are", "was", "were") and \
                re.match(rf"(?:[a-z]{{2,}}(?:ed|en)|{'|'.join(sorted(_PARTICIPLES))}|in|on|at|by|from)\b", rest):
            # "how many diplomats were expelled", "how many people were at the talks": the wh-phrase is the subject
            return f"{wh[0].lower()}{wh[1:]} {verb.lower()} {rest}"
        statement = _statement(verb, rest)
        return f"{wh[0].lower()}{wh[1:]} {statement}" if statement else None
    match = re.match(rf"(?i)^({aux})\s+(.+)$", words)
    if match:
        statement = _statement(*match.groups())
        return f"whether {statement}" if statement else None
    match = re.match(r"(?i)^(who|what|which)\s+(\w+s|\w+ed)\b(?!.*,).*$", words)
    return words[0].lower() + words[1:] if match else None


_IRREGULAR = {"meet": "met", "go": "went", "say": "said", "tell": "told", "give": "gave", "take": "took",
              "make": "made", "come": "came", "get": "got", "see": "saw", "lead": "led", "begin": "began",
              "think": "thought", "build": "built", "leave": "left", "fight": "fought", "know": "knew",
              "have": "had", "do": "did", "be": "was", "seek": "sought", "hold": "held", "send": "sent",
              "spend": "spent", "win": "won", "find": "found", "put": "put", "cut": "cut", "set": "set",
              "withdraw": "withdrew", "fly": "flew", "speak": "spoke", "write": "wrote", "run": "ran",
              "understand": "understood", "bring": "brought", "buy": "bought", "teach": "taught", "feel": "felt",
              "mean": "meant", "keep": "kept", "stand": "stood", "lose": "lost", "pay": "paid", "sell": "sold",
              "sit": "sat", "hear": "heard", "read": "read", "grow": "grew", "throw": "threw", "choose": "chose",
              "rise": "rose", "fall": "fell", "catch": "caught", "draw": "drew", "drive": "drove", "eat": "ate",
              "become": "became", "break": "broke", "forget": "forgot", "strike": "struck", "stick": "stuck",
              "hang": "hung", "lend": "lent", "feed": "fed", "flee": "fled", "swear": "swore", "wake": "woke",
              "shake": "shook", "steal": "stole", "hide": "hid", "bear": "bore", "tear": "tore", "beat": "beat"}
_PARTICIPLES = {"held", "built", "made", "taken", "given", "seen", "known", "done", "said", "told", "sent", "led",
                "met", "kept", "put", "set", "cut", "won", "shown", "begun", "spent", "found", "brought", "thought"}
_PREPOSITIONS = {"from", "about", "for", "to", "with", "in", "of", "on", "at", "by", "into", "over"}
_GROUP_NOUNS = {"team", "side", "delegation", "government", "administration", "ministry", "military", "army", "public",
                "president", "envoy", "official", "reps", "leadership", "parliament", "press", "media"}
_VERBS_IN_S = {"has", "was", "is", "does", "focus", "discuss", "press", "pass", "stress", "address", "express"}
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "this", "that", "these", "those", "all", "any",
                "some", "each", "every", "many", "more", "most", "other", "such", "both"}


def is_verb(word: str) -> bool:
    """Say whether a word is a common verb form ("tell", "told", "says"): where a noun phrase ends."""
    word = word.lower()
    base = word[:-1] if word.endswith("s") else word
    return word in _IRREGULAR or word in _IRREGULAR.values() or base in _IRREGULAR or \
        word in ("think", "thinks", "want", "wants", "wanted", "react", "reacted", "respond", "responded")


def _plain_subject(parts: list[str]) -> Optional[int]:
    """Return where the subject ends when it is plainly a pronoun, or one word followed by a preposition."""
    if parts[0].lower() in ("he", "she", "it", "they", "we", "i", "you"):
        return 1
    if len(parts) > 1 and parts[1].lower() in _PREPOSITIONS | {"currently", "still", "really", "already"}:
        return 1  # "armitage in new delhi": the name, then where
    if len(parts) > 2 and parts[0].lower() == "the" and parts[1][:1].isupper():
        return 2  # "the US worried …"
    return None


def _verb_index(parts: list[str]) -> Optional[int]:
    """Return where the verb is when the subject is plainly one name ("Smith", "the US"), else None."""
    subject_end = 2 if parts and parts[0].lower() in _DETERMINERS else 1
    if subject_end == 2 and len(parts) > 2 and parts[1].lower() in ("us", "uk", "eu", "un", "usa"):
        parts[1] = parts[1].upper()
    while subject_end < len(parts) - 1 and parts[subject_end - 1][:1].isupper() and parts[subject_end][:1].isupper():
        subject_end += 1  # "Anna Smith", "the Foreign Ministry"
    while subject_end < len(parts) - 1 and (parts[subject_end].lower() in _GROUP_NOUNS or
                                            re.fullmatch(r"[a-z]+[^s\W]s", parts[subject_end]) and
                                            parts[subject_end] not in _VERBS_IN_S):
        subject_end += 1  # "the US team", "us envoys": a verb after "did …" does not end in -s
    if subject_end >= len(parts):
        return None
    if subject_end == 2 and parts[0].lower() in _DETERMINERS and not parts[1][:1].isupper():
        return None  # "the first session finish": where the subject ends is not plain
    if not is_verb(parts[subject_end]) and subject_end + 1 < len(parts) and parts[subject_end + 1].islower() and \
            is_verb(parts[subject_end + 1]):
        subject_end += 1  # "vladimir lukin tell": a name typed in lower case, then the verb
    verb = parts[subject_end]
    if parts[subject_end - 1].endswith(("'s", "s'")):
        return None  # "ivanov's trip to washington go"
    if verb.isalpha() and verb.islower() and not verb.endswith("ly") and verb not in _DETERMINERS:
        return subject_end
    return None


def _statement(aux: str, rest: str) -> Optional[str]:
    """Put a question's auxiliary back into statement order, or None when that is not plain."""
    aux = aux.lower()
    parts = rest.split()
    if "," in rest or len(parts) < 1:
        return None
    if aux in ("did", "does", "do"):
        index = _verb_index(parts)
        if index is None:
            return None
        verb = parts[index]
        if verb.lower() in ("not", "never"):  # "does Russia not want …": "Russia does not want …"
            return " ".join(parts[:index] + [aux] + parts[index:])
        if aux == "did" and verb.lower() == "used":  # "what did he used to have?" is already past
            pass
        elif aux == "did":
            parts[index] = _IRREGULAR.get(verb) or (verb + "d" if verb.endswith("e") else
                                                    verb + verb[-1] + "ed" if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb)
                                                    else verb + "ed")  # one syllable: "scrap" → "scrapped"
        elif aux == "does":
            parts[index] = "has" if verb == "have" else verb + ("es" if verb.endswith(("s", "sh", "ch", "o")) else "s")
        return " ".join(parts)
    if aux in ("is", "are", "was", "were"):
        second = next((i for i in range(1, min(4, len(parts) - 1)) if parts[i].lower() in ("the", "a", "an")), None)
        if second and all(w.lower() not in _PREPOSITIONS | {"against", "for"} for w in parts[:second]):
            # "hadley the president", "the treaty a cornerstone": the subject, then what it is asked to be
            return " ".join(parts[:second] + [aux] + parts[second:])
        relative = next((i for i, w in enumerate(parts) if w.lower() in ("that", "who", "which")), len(parts))
        for index in range(1, relative):  # "was the shield ever built": "the shield was ever built"
            if parts[index].lower() in ("ever", "actually", "really", "still", "already", "finally", "never", "not"):
                return " ".join(parts[:index] + [aux] + parts[index:])
        for index in range(1, relative):
            word = parts[index]
            last_or_before_preposition = index == len(parts) - 1 or \
                parts[index + 1].lower() in _PREPOSITIONS | {"after", "before", "next", "now", "then", "there"}
            noun_after = parts[index - 1].lower().endswith(("'s", "s'")) or parts[index - 1].lower() in _DETERMINERS
            if word.islower() and last_or_before_preposition and not noun_after and \
                    (word.endswith(("ing", "ed", "ic", "ive", "ful", "ous", "able", "ible", "ent", "ant")) or
                     word in _PARTICIPLES):
                return " ".join(parts[:index] + [aux] + parts[index:])
        for index in range(1, len(parts)):
            if parts[index].lower() in ("when", "where", "because", "while", "if", "after", "before", "that", "who"):
                return " ".join(parts[:index] + [aux] + parts[index:])
        if len(parts) > 1 and parts[-1].lower() in _PREPOSITIONS:
            return " ".join(parts[:-1] + [aux, parts[-1]])
        subject_end = _plain_subject(parts)
        if subject_end and subject_end < len(parts) and (subject_end < len(parts) - 1 or parts[0].lower() in
                                                         ("he", "she", "it", "they", "we", "i", "you")):
            # "he ambassador somewhere", "Smith in Delhi this week", "he born"
            return " ".join(parts[:subject_end] + [aux] + parts[subject_end:])
        if len(parts) > 2 and parts[0].lower() not in _DETERMINERS and not parts[0].endswith(("'s", "s'")):
            return " ".join(parts[:1] + [aux] + parts[1:])  # "was germany happy about it": one word, then the rest
        return f"{rest} {aux}"
    if "be" in parts[1:]:
        index = parts.index("be", 1)
        return " ".join(parts[:index] + [aux] + parts[index:])
    index = _verb_index(parts)
    return " ".join(parts[:index] + [aux] + parts[index:]) if index else None
