"""benchmarks/goals.py: refusals of its options and the verdict of each line (its runs take minutes
and are measured, never asserted, see benchmarks/README.md)."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "goals.py"
sys.path.insert(0, str(SCRIPT.parent))

import goals  # noqa: E402


@pytest.mark.parametrize("option", ["--repeat", "--batch", "--validity-right"])
def test_a_count_below_one_is_refused_naming_the_option(option):
    done = subprocess.run([sys.executable, str(SCRIPT), option, "0"], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert f"{option} must be at least 1; received 0" in done.stderr, done.stderr


@pytest.mark.parametrize("met, said", [(True, "met"), (False, "MISSED")])
def test_each_line_ends_with_its_verdict(met, said):
    text = goals.line("one submission cold <= 1.5x the floor", "2.00 s = 1.30x", met)
    assert text.split()[-1] == said and "2.00 s = 1.30x" in text, text
