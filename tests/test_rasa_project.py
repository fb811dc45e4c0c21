"""Rasa's own checks on the project: data validation and dialogue test stories."""
import subprocess

from tests.servers import MODEL, RASA, ROOT, server_env


def run_rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=server_env(), capture_output=True, text=True, timeout=timeout)


def test_rasa_data_validate_passes():
    result = run_rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_dialogue_test_stories_pass(tmp_path):
    result = run_rasa("test", "core", "--model", str(MODEL), "--stories", "tests/test_stories.yml",
                      "--out", str(tmp_path), "--fail-on-prediction-errors")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()
