"""Actions about the conversation itself: lists, sources, evidence, and low-confidence help."""
from actions.common import AnswerAction
from bot import answers


class ActionListPeople(AnswerAction):
    action_name = "action_list_people"

    def answer(self, store, text, tracker, context):
        return answers.list_people(store, context)


class ActionListCountries(AnswerAction):
    action_name = "action_list_countries"

    def answer(self, store, text, tracker, context):
        return answers.list_countries(store, context, text)


class ActionListTopics(AnswerAction):
    action_name = "action_list_topics"

    def answer(self, store, text, tracker, context):
        return answers.list_topics(store, context)


class ActionSources(AnswerAction):
    action_name = "action_sources"

    def answer(self, store, text, tracker, context):
        return answers.sources(store, context)


class ActionEvidence(AnswerAction):
    action_name = "action_evidence"

    def answer(self, store, text, tracker, context):
        return answers.evidence(context)


class ActionSuggestQuestions(AnswerAction):
    """Low NLU confidence: say so and offer the likeliest questions as buttons."""

    action_name = "action_suggest_questions"

    def answer(self, store, text, tracker, context):
        ranking = tracker.latest_message.get("intent_ranking") or []
        return answers.suggestions([item.get("name") for item in ranking if item.get("name")])
