"""A class of thirty at once over REST: no errors, and no state crossing between learners."""
import pytest

from tests.learners import simulate_class

pytestmark = pytest.mark.servers


def test_thirty_learners_at_once_each_get_the_score_their_own_answers_earned(servers):
    runs, _ = simulate_class(servers, learners=30, questions=3)
    assert [error for run in runs for error in run.errors] == []
    assert [(run.sender, run.earned, run.reported) for run in runs if not run.score_matches] == []
    assert len({run.sender for run in runs}) == 30
