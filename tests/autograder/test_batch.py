"""initgrade grade over a batch: reports for every student, exit status, argument errors."""

import csv
import json
import shutil
import subprocess
import sys

import pytest

from autograder import batch
from autograder.reference import ASSIGNMENT_DIR, SOLUTIONS_DIR


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    for name, source in [("alice", SOLUTIONS_DIR), ("bob", ASSIGNMENT_DIR)]:
        shutil.copytree(source, root / "submissions" / name, ignore=shutil.ignore_patterns("tests", "*.md"))
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(root / "submissions" / "alice"),
            str(root / "submissions" / "bob"),
            "--out",
            str(root / "out"),
            "--seed",
            "4",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return root, finished


def test_grade_exits_0_and_prints_a_table(graded):
    _, finished = graded
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert lines[1].split()[0] == "alice" and lines[1].split()[2] == "-"
    assert lines[2].split()[0] == "bob" and lines[2].split()[1].startswith("0/")


def test_grade_writes_results_json_per_student_and_grades_csv(graded):
    root, _ = graded
    alice = json.loads((root / "out" / "alice" / "results.json").read_text())
    bob = json.loads((root / "out" / "bob" / "results.json").read_text())
    assert alice["score"] == sum(t["max_score"] for t in alice["tests"]) > 100
    assert bob["score"] == 0 and all(t["status"] == "failed" for t in bob["tests"])
    assert all(set(t) == {"name", "score", "max_score", "status", "output", "visibility"} for t in alice["tests"])
    rows = list(csv.DictReader((root / "out" / "grades.csv").read_text().splitlines()))
    assert [(r["student_id"], float(r["score"])) for r in rows] == [("alice", alice["score"]), ("bob", 0.0)]


def test_the_same_seed_reproduces_the_grade(graded, tmp_path):
    root, _ = graded
    results, _ = batch.grade_submission(root / "submissions" / "alice", seed=4)
    again = results.to_gradescope()
    first = json.loads((root / "out" / "alice" / "results.json").read_text())
    for report in (first, again):
        report.pop("execution_time")
    assert json.loads(json.dumps(again)) == first


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda root: [root / "missing"], "not a folder"),
        (lambda root: [root / "a" / "same", root / "b" / "same"], r"must be unique; repeated: \['same'\]"),
        (lambda root: [], "no submissions given"),
    ],
    ids=["missing", "duplicate-ids", "none"],
)
def test_bad_submission_lists_are_refused(tmp_path, make, message):
    for folder in ("a/same", "b/same"):
        (tmp_path / folder).mkdir(parents=True)
    with pytest.raises(ValueError, match=message):
        batch.check_submissions(make(tmp_path), tmp_path / "out")


def test_out_inside_a_submission_is_refused(tmp_path):
    (tmp_path / "carol").mkdir()
    with pytest.raises(ValueError, match="--out must not be inside a submission"):
        batch.check_submissions([tmp_path / "carol"], tmp_path / "carol" / "reports")


def test_the_cli_exits_2_on_a_missing_submission(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(tmp_path / "nobody"), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert finished.returncode == 2 and "initgrade grade: error: a submission must be a folder" in finished.stderr
    assert not (tmp_path / "out").exists()
