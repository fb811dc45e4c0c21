"""Plain-Python tutor logic (no Rasa imports): answers with citations, quiz, matching, progress.

Imports `knowledge`, never `actions`.
"""
