"""Actions that answer questions about the articles; each is one call into `bot.answers`."""
from actions.common import AnswerAction
from bot import answers


class ActionWhoIs(AnswerAction):
    action_name = "action_who_is"

    def answer(self, store, text, tracker, context):
        return answers.who_is(store, text, self.entity(tracker, "person"), context)


class ActionWhatSaid(AnswerAction):
    action_name = "action_what_said"

    def answer(self, store, text, tracker, context):
        return answers.what_said(store, text, self.entity(tracker, "person"), context)


class ActionWhoSaid(AnswerAction):
    action_name = "action_who_said"

    def answer(self, store, text, tracker, context):
        return answers.who_said(store, text, context)


class ActionPosition(AnswerAction):
    action_name = "action_position"

    def answer(self, store, text, tracker, context):
        return answers.position(store, text, self.entity(tracker, "actor"), self.entity(tracker, "person"),
                                self.entity(tracker, "topic"), context)


class ActionFact(AnswerAction):
    action_name = "action_fact"

    def answer(self, store, text, tracker, context):
        return answers.fact(store, text, self.entity(tracker, "topic"), context)


class ActionCompare(AnswerAction):
    action_name = "action_compare"

    def answer(self, store, text, tracker, context):
        return answers.compare(store, text, self.entity(tracker, "person"), self.entity(tracker, "topic"), context)


class ActionFollowUp(AnswerAction):
    action_name = "action_follow_up"

    def answer(self, store, text, tracker, context):
        return answers.follow_up(store, text, self.entity(tracker, "person"), context)
