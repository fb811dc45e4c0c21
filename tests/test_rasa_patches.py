"""The cached action-response validator accepts and rejects exactly what Rasa's own check does."""
import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from components.rasa_patches import _validate_action_result

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
