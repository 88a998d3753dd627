"""The canary: the reference through a worker before anyone is graded."""

import shutil

import pytest

from autograder.reference import SOLUTIONS_DIR
from autograder.sandbox import canary
from autograder.sandbox.confine import EnvironmentProblem


def test_a_sound_machine_passes_and_reports_its_isolation(grader):
    isolation = grader.check_environment()
    assert isolation["level"] == "namespaces" and isolation["description"], isolation


def test_a_reference_that_answers_wrongly_in_its_worker_stops_the_grader(grader, tmp_path, monkeypatch):
    """What the canary's worker returns is checked, not only that it returned."""
    broken = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS_DIR, broken)
    with (broken / "initializers.py").open("a") as stream:
        stream.write("\n\ndef compute_fans(shape):\n    return (1, 1)\n")
    monkeypatch.setattr(canary, "solutions_dir", lambda: broken)
    with pytest.raises(EnvironmentProblem, match=r"nothing was graded: the reference answered wrongly .*\[1, 1\]"):
        grader.check_environment()
