"""LogisticRegressionClassifier that survives messages with no tokens.

Rasa 3.6's LogisticRegressionClassifier raises on an empty or whitespace-only message (its
feature matrix comes out a few columns short), and the REST channel then answers nothing.
Here such messages get no intent with confidence 0, so the FallbackClassifier marks them
`nlu_fallback` and the learner gets the usual "not sure what you mean" reply with suggestions.
"""
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafeLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Classify intents; a message without words gets no intent instead of an exception."""

    def process(self, messages: List[Message]) -> List[Message]:
        wordless = [m for m in messages if not (m.get(TEXT) or "").strip()]
        for message in wordless:
            message.set("intent", {"name": None, "confidence": 0.0}, add_to_output=True)
            message.set("intent_ranking", [], add_to_output=True)
        rest = [m for m in messages if m not in wordless]
        if rest:
            super().process(rest)
        return messages
