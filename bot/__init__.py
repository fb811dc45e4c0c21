"""The tutor in plain Python: answering questions (bot.questions), the quiz, learner progress.

Nothing here imports Rasa. `store()` is the one way in to the knowledge store for the actions.
"""
from knowledge.store import KnowledgeStore, StoreUnavailable, get_store

__all__ = ["store", "StoreUnavailable"]


def store() -> KnowledgeStore:
    """Return the process-wide knowledge store (opened on first use; StoreUnavailable if unusable)."""
    return get_store()
