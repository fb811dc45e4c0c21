"""Every threshold and scoring constant of the answering, in one place."""

# Matching a question to what the articles say (bot.grounding)
MIN_COVERAGE = 0.5  # share of a question's content words (weighted by rarity) a candidate must hold
SYNONYM_WEIGHT = 0.6  # a word held only as a lexicon synonym counts this much
COVERAGE_WEIGHT = 2.0  # ranking: the words held count most …
LITERAL_SUBJECT_BONUS = 0.4  # … then the subject's own words written in the candidate ("shield", "stockpile")
TYPO_SIMILARITY = 85  # rapidfuzz ratio for an unknown word to count as a typo of an article word
UNKNOWN_WORD_WEIGHT = 3.0  # weight of a word the articles never use
FOREIGN_WORD_LITERALS = 2  # one unknown lowercase word is let through when this many others are in the answer …
FOREIGN_WORD_COVERAGE = 0.75  # … and they hold this share of the rest
NAMED_SUBJECT_BONUS = 0.3  # per question subject the candidate names itself (not inherited)
CURATED_BONUS = 0.25  # curated rows before sentences when both answer
NEAR_BONUS = 0.15
AGENT_BONUS = 0.75  # the actor asked about as the doer speaks or is the subject (less when another is)
SAYING_BONUS = 0.3  # "what did they say …?": a candidate reporting someone's words before one that does not
UNIT_BONUS = 0.5  # "how many nuclear weapons": a number of nuclear weapons before a bare number  # a sentence already in the conversation, for follow-ups
TOO_MANY_ANSWERS = 20  # when this many candidates pass, the question does not pin one down: ask for more
SECOND_ANSWER_RATIO = 0.85  # a second answer from the other outlet is shown when this close to the best
SUBJECT_WORDS = 7  # an actor named within a clause's first words (not after a preposition) is its subject
NEAR_WORDS = 8  # an answer (a time, place, number, name) stands within this many words of the words asked about
CLOSEST_MIN_SCORE = 0.3  # below this, "what they do say" is left out of a "don't say" reply

# Quotes and people (bot.questions)
QUOTES_PER_REPLY = 2
STANCES_PER_REPLY = 3  # "what is Russia's position?": its main stances
WHO_SAID_MIN_SCORE = 70  # fragment match score (0–100) for "who said …" to name a speaker
