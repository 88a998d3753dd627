"""benchmarks/similarity.py: refusals of its options, and a run on a class of three (the run on 300
is measured, never asserted; docs/speed.md)."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "similarity.py"


@pytest.mark.parametrize("option", ["--students", "--repeat"])
def test_a_count_below_one_is_refused_naming_the_option(option):
    done = subprocess.run([sys.executable, str(SCRIPT), option, "0"], capture_output=True, text=True)
    assert done.returncode == 2 and f"{option} must be at least 1; received 0" in done.stderr, done.stderr


def test_a_small_class_is_compared_and_the_goal_stated():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--students", "3", "--repeat", "1"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 submissions compared:" in done.stdout and "goal: under 60 s on two cores:" in done.stdout, done.stdout
