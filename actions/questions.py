"""One action per question type, made from the registry in bot.questions: `action_<type>` reads the
message and the context, calls the type's module, sends the reply and updates the slots."""
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import bot
from bot import questions, quiz_turns
from actions.common import context_events, context_of, message_of, utter


class AnswerAction(Action, ABC):
    """Answer the latest message with one question type; while a quiz waits, say so."""

    @property
    @abstractmethod
    def question_type(self) -> str:
        """The registry name of the type this action answers."""

    def name(self) -> str:
        return questions.TYPES[self.question_type].action

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        context = context_of(tracker)
        from actions.quiz import ActionQuizAnswer, is_option, waiting_quiz

        state = waiting_quiz(tracker)
        if is_option(tracker, state):
            return ActionQuizAnswer().run(dispatcher, tracker, domain)
        reply = questions.answer(self.question_type, bot.store(), message_of(tracker), context)
        utter(dispatcher, quiz_turns.paused(reply.text, state) if state else reply.text, reply.buttons)
        return context_events(context, reply.context)


for _type in questions.TYPES.values():
    _class = type(f"Action{''.join(part.title() for part in _type.name.split('_'))}", (AnswerAction,),
                  {"question_type": _type.name, "__doc__": f"Answer `{_type.name}` questions.", "__module__": __name__})
    globals()[_class.__name__] = _class
