"""Measured speed fixes for Rasa 3.6, applied in the Rasa server process.

Rasa checks every action-server response with `jsonschema.validate(result, schema)`, and that
function re-validates the (constant) schema against JSON Schema's meta-schema on every call. A
py-spy profile of the REST benchmark showed this check taking about 60 % of the Rasa server's
time on messages answered by a custom action. `cache_action_response_validator()` builds the
validator once and validates each response with it: the same check, the same errors.

The same profile, after that fix, showed a fifth of the time in the SQLite tracker store, much
of it waiting on commits. `use_wal_for_sqlite()` opens every SQLite connection of the server
in write-ahead-log mode with synchronous=NORMAL: a commit no longer waits for the disk, a
crash of the server loses nothing committed, and only a power cut can lose the last messages.
"""
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from sqlalchemy import event
from sqlalchemy.engine import Engine
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator = None


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result with a validator built once."""
    global _validator
    if _validator is None:
        schema = RemoteAction.action_response_format_spec()
        validator_class = validators.validator_for(schema)
        validator_class.check_schema(schema)
        _validator = validator_class(schema)
    try:
        _validator.validate(result)
        return True
    except ValidationError as error:
        error.message += (f". Failed to validate Action server response from API, make sure your response from "
                          f"the Action endpoint is valid. For more information about the format visit "
                          f"{DOCS_BASE_URL}/custom-actions")
        raise error


def cache_action_response_validator() -> None:
    """Make Rasa validate action-server responses with a cached validator."""
    RemoteAction._validate_action_result = _validate_action_result


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("pragma journal_mode=wal")
        cursor.execute("pragma synchronous=normal")
        cursor.close()


def use_wal_for_sqlite() -> None:
    """Open SQLite connections made through SQLAlchemy (the tracker store) in WAL mode."""
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
