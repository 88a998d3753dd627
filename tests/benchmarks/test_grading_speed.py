"""The grading-speed benchmark runs end to end on a few submissions, its scores make sense, and the
kit's own nbgrader course records in its gradebook the scores ``initgrade grade`` gives the same students.

A correctness test only: nothing here asserts a time (timings are measured and reported by
benchmarks/grading_speed.py itself, see benchmarks/README.md)."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "grading_speed.py"
ONE_FULL = "1: 1 full, 0 zero, 0 partial"
ONE_ZERO = "1: 0 full, 1 zero, 0 partial"
ONE_PARTIAL = "1: 0 full, 0 zero, 1 partial"
ROWS = [
    "| date (`date -u`) |",
    "| machine |",
    "| otherwise idle? |",
    "| one submission, cold: `initgrade grade s001 --seed 0` |",
    "| 3 submissions: `initgrade grade --workers 2 --secret-file course_secret` |",
    "| 3 notebooks, stock in-kernel course: `nbgrader autograde initialization --force` |",
    "| ratio stock nbgrader / initgrade (batch), per submission |",
    "| 3 notebooks, the kit's course: `initgrade nbgrader autograde initialization --workers 2 --force` |",
    "| ratio stock nbgrader / the kit's course, per submission |",
    "| the kit's course scores equal to the batch's, student by student | | | 3 of 3 | | all |",
    "| submissions expected to score | initgrade | stock nbgrader | the kit's course |",
    f"| full marks | {ONE_FULL} | {ONE_FULL} | {ONE_FULL} |",
    f"| zero (stubs) | {ONE_ZERO} | {ONE_ZERO} | {ONE_ZERO} |",
    f"| less (mistakes) | {ONE_PARTIAL} | {ONE_PARTIAL} | {ONE_PARTIAL} |",
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


def test_the_goal_against_stock_nbgrader_is_judged_met_or_missed(benchmark):
    run, _ = benchmark
    assert run.returncode == 0, run.stderr[-3000:]
    ratio = next(line for line in run.stdout.splitlines() if line.startswith("| ratio stock nbgrader / the kit's"))
    assert ratio.endswith((">= 10x with 2 workers: met |", ">= 10x with 2 workers: missed |")), ratio


@pytest.mark.parametrize("grader", ["initgrade", "nbgrader", "kit_course"])
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


def test_the_kit_course_records_the_scores_initgrade_gives_the_same_students(benchmark):
    """Same course secret, same seeds: the gradebook's points equal the batch's, student by student."""
    run, work = benchmark
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads((work / "summary.json").read_text())
    assert summary["kit_course"]["scores"] == summary["initgrade"]["scores"]
    assert summary["kit_course_differs"] == []


def test_every_submission_was_graded_by_every_route(benchmark):
    _, work = benchmark
    students = ["s001", "s002", "s003"]
    assert sorted(path.name for path in (work / "submissions").iterdir()) == students
    assert sorted(path.name for path in (work / "nbgrader" / "autograded").iterdir()) == students
    assert sorted(path.name for path in (work / "kit-course" / "autograded").iterdir()) == students
    assert (work / "batch" / "run1" / "out" / "grades.csv").is_file()


def test_a_score_that_differs_is_named_with_both_scores(monkeypatch):
    """The comparison itself: a point more in the gradebook, or no grade there, is a difference."""
    monkeypatch.syspath_prepend(str(SCRIPT.parent))
    grading_speed = importlib.import_module("grading_speed")
    expected = {"s001": (149.5, 149.5), "s002": (0.0, 149.5)}
    assert grading_speed.differing(expected, dict(expected)) == []
    assert grading_speed.differing(expected, {"s001": (149.5, 149.5), "s002": (1.0, 149.5)}) == [
        "s002: (1.0, 149.5) in the kit's course, (0.0, 149.5) from initgrade grade"
    ]
    assert grading_speed.differing(expected, {"s001": (149.5, 149.5)}) == [
        "s002: no grade in the kit's course, (0.0, 149.5) from initgrade grade"
    ]
