"""Refuse to start the action server without a usable knowledge DB.

rasa_sdk imports every module of the `actions` package when the action server starts, so this
check runs then, before the server listens; a single action imported in a test does not run it.
A missing, corrupt or outdated DB stops the server with the way to rebuild it, instead of a
server that answers every question with an error.
"""
import sys

import bot

try:
    bot.store()
except bot.StoreUnavailable as error:
    sys.exit(f"The action server cannot start: {error}")
