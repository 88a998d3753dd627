"""The grading-speed benchmark runs end to end on a few submissions and its scores make sense.

A correctness test only: nothing here asserts a time (timings are measured and reported by
benchmarks/grading_speed.py itself, see benchmarks/README.md)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "grading_speed.py"
ROWS = [
    "| date (`date -u`) |",
    "| machine |",
    "| otherwise idle? |",
    "| one submission, cold: `initgrade grade s001 --seed 0` |",
    "| 3 submissions: `initgrade grade --workers 2 --seed 0` |",
    "| 3 notebooks: `nbgrader autograde initialization --force` |",
    "| ratio nbgrader / initgrade (batch), per submission |",
    "| full marks | 1: 1 full, 0 zero, 0 partial | 1: 1 full, 0 zero, 0 partial |",
    "| zero (stubs) | 1: 0 full, 1 zero, 0 partial | 1: 0 full, 1 zero, 0 partial |",
    "| less (mistakes) | 1: 0 full, 0 zero, 1 partial | 1: 0 full, 0 zero, 1 partial |",
]


@pytest.fixture(scope="module")
def benchmark(tmp_path_factory):
    """One small run: the reference-like sample, the blank stubs and the classic mistakes."""
    work = tmp_path_factory.mktemp("grading-speed")
    command = [sys.executable, str(SCRIPT), "--submissions", "3", "--repeat", "1", "--workers", "2"]
    run = subprocess.run([*command, "--out", str(work)], capture_output=True, text=True, timeout=600)
    return run, work


def test_the_script_exits_0_and_prints_every_row(benchmark):
    run, _ = benchmark
    assert run.returncode == 0, run.stderr[-3000:]
    for row in ROWS:
        assert row in run.stdout, f"{row!r} missing from:\n{run.stdout}"


@pytest.mark.parametrize("grader", ["initgrade", "nbgrader"])
def test_scores_are_sane(benchmark, grader):
    """The sample written correctly scores full marks, the stubs 0 and the mistakes in between."""
    run, work = benchmark
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads((work / "summary.json").read_text())
    origins = {entry["student"]: entry["origin"] for entry in summary["manifest"]}
    assert origins == {
        "s001": "examples/s001_correct",
        "s002": "assignment (stubs)",
        "s003": "examples/s002_classic_mistakes",
    }
    scores = summary[grader]["scores"]
    assert scores["s001"][0] == scores["s001"][1] > 0
    assert scores["s002"][0] == 0
    assert 0 < scores["s003"][0] < scores["s003"][1]


def test_every_submission_was_graded_by_both(benchmark):
    _, work = benchmark
    assert sorted(path.name for path in (work / "submissions").iterdir()) == ["s001", "s002", "s003"]
    assert sorted(path.name for path in (work / "nbgrader" / "autograded").iterdir()) == ["s001", "s002", "s003"]
    assert (work / "batch" / "run1" / "out" / "grades.csv").is_file()
