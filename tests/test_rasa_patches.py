"""The Rasa speed fixes: the cached action-response validator accepts and rejects exactly what
Rasa's own check does; SQLite connections are opened in WAL mode."""
import jsonschema
import pytest
import sqlalchemy
from rasa.core.actions.action import RemoteAction

from components.rasa_patches import _validate_action_result, use_wal_for_sqlite

GOOD = [{"events": [{"event": "slot", "name": "person_id", "value": "lukin"}], "responses": [{"text": "hi"}]},
        {"events": [], "responses": []}, {}]
BAD = [{"events": "not a list"}, {"events": [{"no_event_key": 1}]}, {"responses": "text"}]


@pytest.mark.parametrize("result", GOOD)
def test_valid_responses_pass_both_checks(result):
    jsonschema.validate(result, RemoteAction.action_response_format_spec())
    assert _validate_action_result(None, result) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_responses_fail_both_checks(result):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        _validate_action_result(None, result)


def test_sqlite_connections_through_sqlalchemy_use_wal(tmp_path):
    use_wal_for_sqlite()
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'trackers.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("pragma synchronous").scalar() == 1  # NORMAL
