"""initgrade grade over a batch: every report, parallel judges, resuming, per-student seeds,
submissions as folders, zips and notebooks, argument errors, and a failure of the grader itself
reported as a grader error (never as a score) and graded again on the next run."""

import contextlib
import csv
import html
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from autograder import batch, cli
from autograder.checks import initializers as checks
from autograder.grading import written_questions
from autograder.grading.suite import suite_fingerprint
from autograder.reference import ASSIGNMENT_DIR, SOLUTIONS_DIR
from autograder.results import GradingResults, TestResult
from autograder.sandbox.launcher import ForkServer

GRADED = ("initializers.py", "training.py")


def run_cli(*arguments, env=None):
    return subprocess.run(
        [sys.executable, "-m", "autograder", "grade", *map(str, arguments)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        env=env,
    )


def make_class(root):
    """alice: the reference as a folder; bob: the stubs; carol: the reference as a zip wrapping
    a folder; dave: the reference as a notebook with %%writefile cells."""
    for name, source in [("alice", SOLUTIONS_DIR), ("bob", ASSIGNMENT_DIR)]:
        (root / name).mkdir(parents=True)
        for module in GRADED:
            shutil.copy(source / module, root / name / module)
    with zipfile.ZipFile(root / "carol.zip", "w") as archive:
        for module in GRADED:
            archive.write(SOLUTIONS_DIR / module, f"carol-work/{module}")
    cells = [
        {
            "cell_type": "code",
            "metadata": {},
            "source": f"%%writefile {module}\n" + (SOLUTIONS_DIR / module).read_text(),
        }
        for module in GRADED
    ]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    (root / "dave.ipynb").write_text(json.dumps(notebook))
    return [root / "alice", root / "bob", root / "carol.zip", root / "dave.ipynb"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    sources = make_class(root / "submissions")
    finished = run_cli(*sources, "--out", root / "out", "--seed", "4", "--workers", "2")
    return root, sources, finished


def test_grade_exits_0_and_prints_a_table(graded):
    _, _, finished = graded
    assert finished.returncode == 0, finished.stderr
    rows = {line.split()[0]: line.split() for line in finished.stdout.splitlines()[1:5]}
    assert set(rows) == {"alice", "bob", "carol", "dave"}, finished.stdout
    assert rows["bob"][1].startswith("0/") and all(rows[name][2] == "-" for name in ("alice", "carol", "dave"))
    assert "4/4 graded" in finished.stderr, finished.stderr


def test_an_output_folder_the_grader_makes_is_readable_by_its_user_alone(graded):
    root, _, _ = graded
    mode = (root / "out").stat().st_mode & 0o777
    assert mode == 0o700, f"the output folder has mode {mode:o}: workers of other user ids could read the reports"


def test_every_student_gets_results_json_and_feedback(graded):
    root, _, _ = graded
    for student in ("alice", "bob", "carol", "dave"):
        report = json.loads((root / "out" / student / "results.json").read_text())
        formats = {"output_format", "test_output_format", "test_name_format", "stdout_visibility"}
        assert set(report) == {"score", "execution_time", "output", "tests", "extra_data", *formats}, student
        assert set(report["extra_data"]) == {
            "isolation",
            "isolation_lacks",
            "kit_version",
            "grader_error",
            "status",
            "unloadable_reason",
        }, student
        entry = {"name", "score", "max_score", "status", "output", "visibility", "number"}
        assert all(set(t) == entry for t in report["tests"]), report["tests"][0]
        page = (root / "out" / student / "feedback.html").read_text()
        assert f"Feedback for {student}" in page and "(seed 4)" in report["output"], student
    alice = json.loads((root / "out" / "alice" / "results.json").read_text())
    bob = json.loads((root / "out" / "bob" / "results.json").read_text())
    assert alice["score"] == sum(t["max_score"] for t in alice["tests"]) > 100
    assert bob["score"] == 0 and all(t["status"] == "failed" for t in bob["tests"])


def test_class_reports_cover_every_student(graded):
    root, _, _ = graded
    rows = list(csv.DictReader((root / "out" / "grades.csv").read_text().splitlines()))
    assert [(r["student_id"], float(r["score"]), r["status"]) for r in rows] == [
        ("alice", 162.5, "graded"),
        ("bob", 0.0, "graded"),
        ("carol", 162.5, "graded"),
        ("dave", 162.5, "graded"),
    ]
    suites = ET.parse(root / "out" / "junit.xml").getroot().findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["alice", "bob", "carol", "dave"]
    rates = list(csv.reader((root / "out" / "pass_rates.csv").read_text().splitlines()))
    assert len(rates) > 100 and all(row[1:3] == ["3", "4"] for row in rates[1:]), rates[:3]
    assert (root / "out" / "score_histogram.png").read_bytes().startswith(b"\x89PNG")
    assert "score_histogram.png" in (root / "out" / "summary.html").read_text()


def test_the_summary_lists_every_student_and_names_mistakes_from_the_catalogue(graded, tmp_path, monkeypatch):
    root, sources, _ = graded
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    record = json.loads((out / "bob" / batch.RECORD).read_text())
    failed = next(test for test in record["results"]["tests"] if test["score"] < test["max_score"])
    failed["mistake"] = "stub-left"
    (out / "bob" / batch.RECORD).write_text(json.dumps(record))
    monkeypatch.setitem(batch.MISTAKES, "stub-left", "The stub was handed in unchanged.")
    kept = batch.grade_batch(sources, out, seed=4)  # every student kept from the record: nothing graded
    assert kept.skipped == ["alice", "bob", "carol", "dave"], kept.skipped
    summary = (out / "summary.html").read_text()
    for student in ("alice", "bob", "carol", "dave"):
        assert f'<a href="{student}/feedback.html">{student}</a>' in summary, f"no link to {student}'s feedback"
    mistake = f"<tr><td>The stub was handed in unchanged.</td><td>{failed['name'].split(':')[0]}</td>"
    assert mistake in summary, "the catalogue's sentence is not in the summary's mistakes"


def test_the_same_seed_reproduces_the_grade(graded, grader):
    root, sources, _ = graded
    results, _ = grader.grade(sources[0], seed=4)
    again = json.loads(json.dumps(results.to_gradescope()))
    first = json.loads((root / "out" / "alice" / "results.json").read_text())
    for report in (first, again):
        report.pop("execution_time")
    assert again == first


def test_a_second_run_keeps_earlier_grades_unless_forced(graded):
    root, sources, _ = graded
    before = {p: p.stat().st_mtime_ns for p in (root / "out").glob("*/results.json")}
    finished = run_cli(*sources, "--out", root / "out", "--seed", "4", "--workers", "2")
    assert finished.returncode == 0, finished.stderr
    assert "kept 4 earlier grades" in finished.stdout, finished.stdout
    assert {p: p.stat().st_mtime_ns for p in before} == before
    finished = run_cli(sources[1], "--out", root / "out", "--seed", "4", "--force")
    assert finished.returncode == 0 and "kept" not in finished.stdout, finished.stdout
    assert (root / "out" / "bob" / "results.json").stat().st_mtime_ns > before[root / "out" / "bob" / "results.json"]


def test_a_changed_submission_is_graded_again(graded, tmp_path):
    root, sources, _ = graded
    out, bob = tmp_path / "out", tmp_path / "bob"
    shutil.copytree(root / "out" / "bob", out / "bob")  # graded with seed 4 by the fixture
    shutil.copytree(sources[1], bob)
    with (bob / "initializers.py").open("a") as file:
        file.write("\n# changed after the first run\n")
    finished = run_cli(bob, "--out", out, "--seed", "4")
    assert finished.returncode == 0 and "kept" not in finished.stdout, finished.stdout


def test_explicit_student_ids_name_the_reports(graded, tmp_path):
    root, sources, _ = graded
    outcome = batch.grade_batch([(sources[3], "dora")], tmp_path / "out", seed=4, workers=1)
    assert [r.student_id for r in outcome.results] == ["dora"]
    assert (tmp_path / "out" / "dora" / "results.json").is_file()
    with pytest.raises(ValueError, match=r"received '\.\./x' \(from .*dave\.ipynb"):
        batch.plan_batch([(sources[3], "../x")], tmp_path / "other")


def test_a_different_seed_is_graded_again(graded, tmp_path):
    root, sources, _ = graded
    out = tmp_path / "out"
    shutil.copytree(root / "out" / "bob", out / "bob")
    finished = run_cli(sources[1], "--out", out, "--seed", "5")
    assert finished.returncode == 0 and "kept" not in finished.stdout, finished.stdout
    assert "(seed 5)" in json.loads((out / "bob" / "results.json").read_text())["output"]


@pytest.mark.parametrize("already_graded", [False, True], ids=["used", "unused"])
def test_a_fork_server_handed_to_the_batch_is_closed_used_or_not(graded, tmp_path, already_graded):
    root, sources, _ = graded
    out = tmp_path / "out"
    if already_graded:
        shutil.copytree(root / "out" / "bob", out / "bob")  # graded with seed 4 by the fixture
    server = ForkServer()
    outcome = batch.grade_batch([sources[1]], out, seed=4, server=server)
    assert outcome.skipped == (["bob"] if already_graded else []), outcome.skipped
    assert server._process.poll() is not None, "the fork server still runs after the batch"


def test_per_student_seeds_follow_from_the_secret_and_the_id(tmp_path):
    seeds = {(secret, sid): batch.student_seed(secret, sid) for secret in ("s1", "s2") for sid in ("ann", "ben")}
    assert len(set(seeds.values())) == 4, seeds
    assert all(0 <= seed < 2**31 for seed in seeds.values())
    assert batch.student_seed("s1", "ann") == seeds[("s1", "ann")]


def test_the_cli_grades_each_student_with_their_own_seed(tmp_path):
    bob = tmp_path / "bob"
    shutil.copytree(ASSIGNMENT_DIR, bob, ignore=shutil.ignore_patterns("tests", "*.md"))
    (tmp_path / "secret").write_text("course-secret\n")
    finished = run_cli(bob, "--out", tmp_path / "out", "--secret-file", tmp_path / "secret")
    assert finished.returncode == 0, finished.stderr
    seed = batch.student_seed("course-secret", "bob")
    assert f"(seed {seed})" in json.loads((tmp_path / "out" / "bob" / "results.json").read_text())["output"]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda root: [root / "missing"], "missing: no such file or folder"),
        (lambda root: [root / "a" / "same", root / "b" / "same"], r"must be unique; repeated: \['same'\]"),
        (lambda root: [], "no submissions given"),
        (lambda root: [root / "bad name"], "student id"),
    ],
    ids=["missing", "duplicate-ids", "none", "bad-id"],
)
def test_bad_submission_lists_are_refused(tmp_path, make, message):
    for folder in ("a/same", "b/same", "bad name"):
        (tmp_path / folder).mkdir(parents=True)
    with pytest.raises(ValueError, match=message):
        batch.plan_batch(make(tmp_path), tmp_path / "out")


def test_out_inside_a_submission_is_refused(tmp_path):
    (tmp_path / "carol").mkdir()
    with pytest.raises(ValueError, match="--out must not be inside a submission"):
        batch.plan_batch([tmp_path / "carol"], tmp_path / "carol" / "reports")


def test_the_cli_exits_2_on_a_missing_submission(tmp_path):
    finished = run_cli(tmp_path / "nobody", "--out", tmp_path / "out")
    assert finished.returncode == 2 and "nobody' (no such file or folder)" in finished.stderr, finished.stderr
    assert not (tmp_path / "out").exists()


UNLOADABLE = {  # student: (write the submission into the folder, status)
    "eve": (lambda root: (root / "eve.zip").write_bytes(b"not a zip") and root / "eve.zip", "not-a-zip"),
    "fay": (lambda root: (root / "fay.ipynb").write_text("{oops") and root / "fay.ipynb", "not-a-notebook"),
    "gus": (lambda root: (root / "gus").mkdir() or root / "gus", "empty"),
    "hal": (
        lambda root: (root / "hal").mkdir() or (root / "hal" / "notes.txt").write_text("hi") and root / "hal",
        "missing-files",
    ),
    "ida": (
        lambda root: (
            (root / "ida").mkdir() or (root / "ida" / "initializers.py").write_bytes(b"N = '\xe9'\n") and root / "ida"
        ),
        "not-utf8",
    ),
    "jon": (
        lambda root: make_zip(root / "jon.zip", {"../initializers.py": "x = 1\n"}),
        "unsafe-zip",
    ),
}


def make_zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.fixture(scope="module")
def unloadable_class(tmp_path_factory):
    """A class whose every submission cannot be loaded, one per status, graded by the CLI twice."""
    root = tmp_path_factory.mktemp("unloadable class")
    sources = [make(root) for make, _ in UNLOADABLE.values()]
    first = run_cli(*sources, "--out", root / "out", "--seed", "0", "--workers", "1")
    again = run_cli(*sources, "--out", root / "out", "--seed", "0", "--workers", "1")
    return root / "out", first, again


def test_unloadable_submissions_exit_0_and_are_listed_last_with_their_status(unloadable_class):
    _, first, _ = unloadable_class
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    heading = lines.index(
        f"initgrade grade: {len(UNLOADABLE)} submission(s) could not be loaded; none of their code ran and they "
        "score 0 (the student must hand in again):"
    )
    listed = lines[heading + 1 : heading + 1 + len(UNLOADABLE)]
    assert [line.split(":")[:2] for line in listed] == [
        [f"  {sid}", f" {status}"] for sid, (_, status) in UNLOADABLE.items()
    ]
    assert "Traceback" not in first.stderr
    for student, (_, status) in UNLOADABLE.items():
        assert f"not loaded ({status}): " in next(
            line for line in first.stdout.splitlines() if line.startswith(student)
        )


@pytest.mark.parametrize("student", UNLOADABLE, ids=UNLOADABLE)
def test_an_unloadable_submissions_reports_say_why_and_it_is_not_a_grade_of_its_code(unloadable_class, student):
    out, _, _ = unloadable_class
    status = UNLOADABLE[student][1]
    report = json.loads((out / student / "results.json").read_text())
    assert report["score"] == 0 and report["tests"] == [] and report["extra_data"]["status"] == status
    reason = report["extra_data"]["unloadable_reason"]
    assert reason and report["output"].startswith("Your submission could not be loaded"), report["output"]
    assert reason in report["output"] and "Hand in your initializers.py and training.py" in report["output"]
    feedback = (out / student / "feedback.html").read_text()
    assert "Your submission could not be loaded" in feedback and html.escape(reason) in feedback
    summary = (out / "summary.html").read_text()
    assert f"<td>{student}</td><td>{status}</td><td>{html.escape(reason)}</td>" in summary
    row = next(row for row in csv.reader((out / "grades.csv").read_text().splitlines()) if row[0] == student)
    assert row[1:4] == ["0", "162.5", status]


def test_unloadable_submissions_are_kept_on_the_next_run(unloadable_class):
    out, _, again = unloadable_class
    assert again.returncode == 0, again.stderr
    assert f"kept {len(UNLOADABLE)} earlier grades" in again.stdout, again.stdout
    for student, (_, status) in UNLOADABLE.items():
        record = GradingResults.from_record(json.loads((out / student / batch.RECORD).read_text())["results"])
        assert record.status == status and record.unloadable_reason


BROKEN = "the judge broke"
REASON = re.compile(r"^5 hidden tests failed inside the grader: RuntimeError: the judge broke$")


def broken_check(*args, **kwargs):
    raise RuntimeError(BROKEN)


@pytest.fixture(scope="module")
def grader_failed(tmp_path_factory):
    """alice (the reference) and bob (the stubs) graded by the CLI in this process while one check
    of the judge raises: alice's five orthogonal tests fail inside the grader; bob's stubs raise
    before the judge checks anything, so bob is graded (0 on those tests)."""
    root = tmp_path_factory.mktemp("grader-error")
    sources = make_class(root / "submissions")[:2]
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        patch.setattr(checks, "check_orthogonal", broken_check)
        status = cli.main(["grade", *map(str, sources), "--out", str(root / "out"), "--seed", "4", "--workers", "1"])
    return root, sources, status, stdout.getvalue(), stderr.getvalue()


def test_a_grader_failure_exits_1_and_names_the_student(grader_failed):
    _, _, status, stdout, stderr = grader_failed
    assert status == 1, f"exit status {status}; stderr: {stderr}"
    lines = stderr.splitlines()
    heading = lines.index(
        "initgrade grade: the grader failed on 1 submission(s); they were not graded and will be graded "
        "again on the next run:"
    )
    assert lines[heading + 1].startswith("  alice: ") and REASON.match(lines[heading + 1][9:]), lines[heading + 1]
    assert "internal error: alice: orthogonal: " in stderr.split(lines[heading + 1])[1], "no traceback after the list"
    rows = {line.split()[0]: line for line in stdout.splitlines()[1:3]}
    assert rows["alice"].split()[1:3] == ["GRADER", "ERROR"] and "RuntimeError: the judge broke" in rows["alice"]
    assert rows["bob"].split()[1].startswith("0/"), f"bob's row: {rows['bob']!r}"
    assert "last alice: grader error" in stderr, stderr


def test_a_grader_error_is_marked_in_every_report_and_never_scored(grader_failed):
    out = grader_failed[0] / "out"
    assert not (out / "alice" / batch.RECORD).exists(), "alice's grader error was kept to resume"
    assert (out / "bob" / batch.RECORD).exists(), "bob's grade was not kept"
    record = GradingResults.from_record(json.loads((out / "bob" / batch.RECORD).read_text())["results"])
    assert record.graded and record.isolation, f"bob's record: grader_error {record.grader_error!r}"
    rows = {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert (rows["alice"]["score"], rows["alice"]["status"]) == ("", "grader error"), rows["alice"]
    assert (rows["bob"]["score"], rows["bob"]["status"]) == ("0", "graded"), rows["bob"]
    report = json.loads((out / "alice" / "results.json").read_text())
    assert (report["score"], report["tests"]) == (0, []), f"alice's results.json: {report['score']}, {report['tests']}"
    assert report["output"].startswith("The autograder failed on this submission"), report["output"]
    assert REASON.match(report["extra_data"]["grader_error"]), report["extra_data"]
    assert "The grader failed on your submission" in (out / "alice" / "feedback.html").read_text()
    summary = (out / "summary.html").read_text()
    assert summary.index("Grader errors") < summary.index("alice") < summary.index("1 student(s) graded"), summary
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite[@name='alice']")
    assert (suite.get("errors"), suite.get("failures"), suite.find("testcase/error") is not None) == ("1", "0", True)


def test_a_rerun_grades_again_the_student_the_grader_failed_on(grader_failed, tmp_path):
    root, sources, *_ = grader_failed
    shutil.copytree(root / "out", tmp_path / "out")
    finished = run_cli(*sources, "--out", tmp_path / "out", "--seed", "4")
    assert finished.returncode == 0, finished.stderr
    assert "kept 1 earlier grades (--force grades them again): bob" in finished.stdout, finished.stdout
    assert (tmp_path / "out" / "alice" / batch.RECORD).exists(), "alice's new grade was not kept"
    alice = json.loads((tmp_path / "out" / "alice" / "results.json").read_text())
    assert alice["score"] == 162.5 and not alice["extra_data"]["grader_error"], alice["output"]


def test_a_record_of_a_grader_error_is_never_kept(tmp_path):
    results = GradingResults("ann", [TestResult("he: a", 1, 1)], seed=9, grader_error="worker did not start")
    record = tmp_path / batch.RECORD
    record.write_text(json.dumps({"suite": suite_fingerprint(), "source": "d1", "results": results.to_record()}))
    assert batch._earlier(record, 9, "d1") is None, "a grader error came back from an earlier run's record"
    results.grader_error = ""
    record.write_text(json.dumps({"suite": suite_fingerprint(), "source": "d1", "results": results.to_record()}))
    assert batch._earlier(record, 9, "d1") == results, "the same record without the grader error was not kept"
    assert batch._earlier(record, 9, "d2") is None, "a record of another version of the submission was kept"


def formatted(error: BaseException) -> str:
    try:
        raise error
    except BaseException as raised:
        return "".join(traceback.format_exception(raised))


def chained() -> str:
    try:
        try:
            {}["loss"]
        except KeyError as error:
            raise ValueError("no loss\n  second line of the message") from error
    except ValueError as error:
        return "".join(traceback.format_exception(error))


@pytest.mark.parametrize(
    "errors, reason",
    [
        (
            [f"he: variance: {formatted(OSError(5, 'I/O error'))}"],
            "1 hidden test failed inside the grader: OSError: [Errno 5] I/O error",
        ),
        ([f"train: loss: {chained()}", "b"], "2 hidden tests failed inside the grader: ValueError: no loss"),
        (["he: mean: KeyError: 'x'\n"], "1 hidden test failed inside the grader: he: mean: KeyError: 'x'"),
        (
            [f"he: a: {formatted(RuntimeError('x' * 400))}"],
            "1 hidden test failed inside the grader: RuntimeError: " + "x" * 286,
        ),
    ],
    ids=["one-test", "chained-multiline-last-exception", "no-traceback", "long-message-capped"],
)
def test_the_reason_counts_the_tests_and_names_the_first_ones_final_exception(errors, reason):
    assert batch.grader_error_reason(errors) == reason


def test_the_outcome_lists_the_grader_errors_by_student():
    outcome = batch.BatchOutcome(
        results=[
            GradingResults("zed", grader_error="z failed"),
            GradingResults("amy"),
            GradingResults("bo", grader_error="b"),
        ]
    )
    assert outcome.grader_errors == [("bo", "b"), ("zed", "z failed")], outcome.grader_errors


def fake_class(root, names):
    """Empty submission folders: the batch below never grades them for real."""
    for name in names:
        (root / name).mkdir(parents=True)
    return [root / name for name in names]


def fake_grade(grader_error=""):
    """A result like the grader's for a student (2 of 3 automatic points, written answers pending)."""

    def graded(sid):
        tests = [TestResult("he_normal: variance", 2, 2), TestResult("train: loss", 0, 1, "no loss")]
        return GradingResults(sid, tests, written_questions(), seed=4, grader_error=grader_error.get(sid, ""))

    grader_error = grader_error or {}
    graded_ids = []

    def grade_all(todo, seeds, private, workers, trusted, server):
        graded_ids.append([sid for _, sid in todo])
        for _, sid in todo:
            yield graded(sid), []

    return grade_all, graded_ids


def csv_rows(path):
    return {row["student_id"]: row for row in csv.DictReader(path.read_text().splitlines())}


def test_written_scores_reach_every_report_and_a_changed_file_updates_them_without_grading_again(tmp_path, monkeypatch):
    sources = fake_class(tmp_path / "submissions", ["alice", "bob", "carol"])
    grade_all, graded_ids = fake_grade()
    monkeypatch.setattr(batch, "_grade_all", grade_all)
    questions = {item.question_id: item for item in written_questions()}
    written, out = tmp_path / "written.csv", tmp_path / "out"
    written.write_text("student_id,q1_1,Q1.2\nalice,4,3.5\nbob,,1\n")
    batch.grade_batch(sources, out, seed=4, written_scores=written)

    assert graded_ids == [["alice", "bob", "carol"]], graded_ids
    record = GradingResults.from_record(json.loads((out / "alice" / batch.RECORD).read_text())["results"])
    assert not any(item.graded for item in record.manual), "the record kept written scores: they come from the file"
    rows = csv_rows(out / "grades.csv")
    written_possible = sum(item.max_score for item in questions.values())
    total = f"total (/{3 + written_possible:g})"
    assert total in rows["alice"], f"no total out of the automatic and written points: {list(rows['alice'])}"
    q1_1, q1_2, q2_1 = (f"{key} (/{questions[key].max_score:g})" for key in ("q1_1", "q1_2", "q2_1"))
    assert [rows["alice"][c] for c in (q1_1, q1_2, q2_1, total)] == ["4", "3.5", "pending", f"{2 + 4 + 3.5:g}"]
    assert [rows["carol"][c] for c in (q1_1, f"written (/{written_possible:g})", total)] == ["pending", "pending", "2"]
    alice = json.loads((out / "alice" / "results.json").read_text())
    assert alice["score"] == 2 + 4 + 3.5, alice["score"]
    assert [(t["name"], t["score"]) for t in alice["tests"][2:]] == [
        (questions["q1_1"].name, 4),
        (questions["q1_2"].name, 3.5),
    ]
    pending = written_possible - questions["q1_1"].max_score - questions["q1_2"].max_score
    assert f"pending ({pending:g} points): {questions['q1_3'].name}" in alice["output"], alice["output"]
    assert f"{questions['q1_2'].name} ({questions['q1_2'].max_score:g} points): 1 / " in (
        " ".join(re.sub("<[^>]+>", "", (out / "bob" / "feedback.html").read_text()).split())
    ), "bob's written score is not on his feedback page"

    unchanged = {p: p.stat().st_mtime_ns for name in ("alice", "carol") for p in (out / name).glob("*.*")}
    written.write_text("student_id,q1_1,q1_2\nalice,4,3.5\nbob,2,1\n")
    outcome = batch.grade_batch(sources, out, seed=4, written_scores=written)
    assert graded_ids[1:] == [[]] and outcome.skipped == ["alice", "bob", "carol"], (graded_ids, outcome.skipped)
    assert json.loads((out / "bob" / "results.json").read_text())["score"] == 2 + 2 + 1, "bob's new score not shown"
    assert csv_rows(out / "grades.csv")["bob"][q1_1] == "2", "grades.csv still shows bob's old written scores"
    assert {p: p.stat().st_mtime_ns for p in unchanged} == unchanged, "reports that did not change were rewritten"

    batch.grade_batch(sources, out, seed=4)
    assert json.loads((out / "alice" / "results.json").read_text())["score"] == 2, "a run without the file kept scores"
    assert csv_rows(out / "grades.csv")["alice"][q1_1] == "pending"


def test_a_grader_error_keeps_its_written_scores_but_gets_no_score_or_record(tmp_path, monkeypatch):
    sources = fake_class(tmp_path / "submissions", ["alice", "bob"])
    grade_all, _ = fake_grade({"alice": "worker did not start"})
    monkeypatch.setattr(batch, "_grade_all", grade_all)
    (tmp_path / "written.csv").write_text("student_id,q1_1\nalice,3\nbob,2\n")
    outcome = batch.grade_batch(sources, tmp_path / "out", seed=4, written_scores=tmp_path / "written.csv")
    assert outcome.grader_errors == [("alice", "worker did not start")], outcome.grader_errors
    assert not (tmp_path / "out" / "alice" / batch.RECORD).exists(), "a grader error was kept to resume"
    alice = csv_rows(tmp_path / "out" / "grades.csv")["alice"]
    total = next(column for column in alice if column.startswith("total"))
    assert (alice["status"], alice["score"], alice[total]) == ("grader error", "", ""), alice
    assert next(value for column, value in alice.items() if column.startswith("q1_1")) == "3", alice
    report = json.loads((tmp_path / "out" / "alice" / "results.json").read_text())
    assert (report["score"], report["tests"]) == (0, []), f"alice's results.json: {report['score']}, {report['tests']}"


def test_the_cli_merges_written_scores_into_grades_kept_from_an_earlier_run(graded, tmp_path):
    root, sources, _ = graded
    shutil.copytree(root / "out", tmp_path / "out")
    questions = written_questions()
    full = ",".join(f"{item.max_score:g}" for item in questions)
    header = ",".join(["student_id", *(item.name.split()[0] for item in questions)])  # the headings' own labels
    (tmp_path / "written.csv").write_text(f"{header}\nalice,{full}\nbob,{',' * (len(questions) - 1)}\n")
    finished = run_cli(*sources, "--out", tmp_path / "out", "--seed", "4", "--written-scores", tmp_path / "written.csv")
    assert finished.returncode == 0, finished.stderr
    assert "kept 4 earlier grades" in finished.stdout, finished.stdout
    rows = csv_rows(tmp_path / "out" / "grades.csv")
    possible = float(rows["alice"]["max_score"]) + sum(item.max_score for item in questions)
    total = f"total (/{possible:g})"
    assert [rows[name][total] for name in ("alice", "bob", "carol")] == [f"{possible:g}", "0", rows["carol"]["score"]]
    alice = json.loads((tmp_path / "out" / "alice" / "results.json").read_text())
    assert alice["score"] == possible and "pending" not in alice["output"], alice["output"]


def test_the_cli_refuses_written_scores_for_a_student_not_graded_and_writes_nothing(graded, tmp_path):
    _, sources, _ = graded
    (tmp_path / "written.csv").write_text("student_id,q1_1\nalice,1\nmallory,2\n")
    finished = run_cli(sources[0], "--out", tmp_path / "out", "--written-scores", tmp_path / "written.csv")
    expected = (
        f"initgrade grade: error: written scores {tmp_path / 'written.csv'}: row 3, column 'student_id': 'mallory' "
        "is not among the submissions graded; allowed: alice"
    )
    assert finished.returncode == 2 and expected in finished.stderr, finished.stderr
    assert not (tmp_path / "out").exists(), "something was written for a refused file"


# -- faults of the machine: a full disk, an output turned read-only, a judge killed -------------

SMALL_DISK = """
disk="$1"; logs="$2"; shift 2
mount -t tmpfs -o size=200k tmpfs "$disk" || exit 97
{ fault; } &
"$@" --out "$disk/out" >"$logs/first.out" 2>"$logs/first.err"; echo $? >"$logs/first.rc"
wait
cp -a "$disk/out" "$logs/after-first"
mount -o remount,rw,size=20m tmpfs "$disk"
"$@" --out "$disk/out" >"$logs/again.out" 2>"$logs/again.err"; echo $? >"$logs/again.rc"
cp -a "$disk/out" "$logs/after-again"
"""
FAULTS = {  # how the output's file system fails while four students are graded one after another
    "full-disk": ("fault() { :; }", "no space left on the device writing "),
    "turned-read-only": (
        'fault() { until [ -e "$disk/out/s1/grading.json" ]; do sleep 0.05; done; mount -o remount,ro "$disk"; }',
        "the file system became read-only writing ",
    ),
}


@pytest.fixture(scope="module", params=FAULTS, ids=FAULTS)
def faulty_output(request, tmp_path_factory):
    """Four submissions that cannot be loaded (graded fast, reports of ~90 kB each) graded by the
    CLI onto a 200 kB tmpfs of a private mount namespace that fills up, or is made read-only once
    the first student is written; then the file system is set right and the same command run
    again. Returns the log folder: first.* and again.* (rc, out, err), copies of the output."""
    fault, _ = FAULTS[request.param]
    root = tmp_path_factory.mktemp(f"faulty output {request.param}")
    disk, logs = root / "small disk", root / "logs"
    disk.mkdir()
    logs.mkdir()
    sources = []
    for index in range(1, 5):
        (root / f"s{index}").mkdir()
        sources.append(root / f"s{index}")
    command = [sys.executable, "-m", "autograder", "grade", *map(str, sources), "--seed", "0", "--workers", "1"]
    script = fault + "\n" + SMALL_DISK
    finished = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", str(disk), str(logs), *command],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return request.param, disk, logs


def test_a_failing_output_says_what_failed_who_is_kept_and_how_to_go_on(faulty_output):
    kind, disk, logs = faulty_output
    assert (logs / "first.rc").read_text().strip() == "1", (logs / "first.err").read_text()
    err = (logs / "first.err").read_text()
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("initgrade grade: ")]
    assert lines[0].startswith(f"initgrade grade: error: {FAULTS[kind][1]}{disk}/out/"), err
    complete = re.fullmatch(
        rf"initgrade grade: complete and kept in {re.escape(str(disk))}/out \((\d) of 4\): (.*)", lines[1]
    )
    assert complete and int(complete[1]) >= 1, lines[1]
    kept = complete[2].split(", ")
    assert kept == [f"s{i}" for i in range(1, len(kept) + 1)], lines[1]
    rest = [f"s{i}" for i in range(len(kept) + 1, 5)]
    assert lines[2] == f"initgrade grade: not written ({len(rest)}): {', '.join(rest)}", lines[2]
    assert "run the same command again: it keeps the complete students" in lines[3], lines[3]


def test_a_failing_output_leaves_every_file_whole(faulty_output):
    _, _, logs = faulty_output
    out = logs / "after-first"
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], "a temporary file was left"
    for path in out.rglob("*.json"):
        json.loads(path.read_text())  # whole, not cut short
    kept = (logs / "first.err").read_text().split("complete and kept in ")[1].split(": ", 1)[1].splitlines()[0]
    for student in ("s1", "s2", "s3", "s4"):
        has_record = (out / student / batch.RECORD).exists()
        assert has_record == (student in kept.split(", ")), f"{student}: record {has_record}; kept: {kept}"


def test_after_a_failing_output_the_same_command_resumes(faulty_output):
    _, _, logs = faulty_output
    assert (logs / "again.rc").read_text().strip() == "0", (logs / "again.err").read_text()
    kept = (logs / "first.err").read_text().split("complete and kept in ")[1].split(": ", 1)[1].splitlines()[0]
    assert f"kept {len(kept.split(', '))} earlier grades" in (logs / "again.out").read_text()
    for student in ("s1", "s2", "s3", "s4"):
        report = json.loads((logs / "after-again" / student / "results.json").read_text())
        assert report["extra_data"]["status"] == "empty", report["extra_data"]
    assert (logs / "after-again" / "summary.html").exists()


def _children():
    """``{pid: [child pids]}`` of every process now running."""
    children = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat_file.parent.name))
    return children


def _descendants(pid, children):
    below = list(children.get(pid, []))
    return below + [d for child in below for d in _descendants(child, children)]


def _is_judge(pid):
    """Whether ``pid`` is a judge process of the batch's pool (multiprocessing's spawn), not, say, the
    fork server the canary goes through."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_a_judge_killed_from_outside_is_a_grader_error_and_the_batch_goes_on(tmp_path):
    """slow's initializers.py sleeps on import, so its judge waits on a worker; that judge (the CLI's
    child with a worker below its fork server) is killed with SIGKILL, as the OOM killer kills."""
    root = tmp_path / "killed judge"
    (root / "slow").mkdir(parents=True)
    (root / "slow" / "initializers.py").write_text("import time\ntime.sleep(25)\n")
    (root / "slow" / "training.py").write_text("x = 1\n")
    quick = [root / f"q{index}" for index in range(1, 4)]
    for folder in quick:
        folder.mkdir()
    command = [sys.executable, "-m", "autograder", "grade", root / "slow", *quick, "--out", root / "out"]
    with subprocess.Popen(
        [*map(str, command), "--seed", "0", "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as cli_process:
        killed = None
        for _ in range(1200):
            children = _children()
            judges = [
                pid
                for pid in children.get(cli_process.pid, [])
                if _is_judge(pid) and len(_descendants(pid, children)) >= 2
            ]
            if judges:
                time.sleep(1)  # the worker has begun importing
                os.kill(judges[0], signal.SIGKILL)
                killed = judges[0]
                break
            time.sleep(0.1)
        stdout, stderr = cli_process.communicate(timeout=600)
    assert killed, f"no judge grading slow was seen; stderr: {stderr}"
    assert cli_process.returncode == 1 and "Traceback" not in stderr, stderr
    assert f"  slow: {batch.JUDGE_KILLED}" in stderr.splitlines(), stderr
    report = json.loads((root / "out" / "slow" / "results.json").read_text())
    assert report["extra_data"]["grader_error"] == batch.JUDGE_KILLED and report["tests"] == [], report
    assert not (root / "out" / "slow" / batch.RECORD).exists(), "a grader error was kept"
    for folder in quick:
        status = json.loads((root / "out" / folder.name / "results.json").read_text())["extra_data"]["status"]
        assert status in ("empty", "grader-error"), f"{folder.name}: {status}"
    assert (root / "out" / "summary.html").exists(), stdout


def test_judges_killed_before_grading_anything_end_the_batch_saying_so(tmp_path):
    """The first judge seen is killed while it starts (importing torch): the pool breaks before any
    student was begun, so grading again would only fail again; the batch stops, exit 1."""
    quick = [tmp_path / f"q{index}" for index in range(1, 3)]
    for folder in quick:
        folder.mkdir()
    command = [sys.executable, "-m", "autograder", "grade", *map(str, quick), "--out", str(tmp_path / "out")]
    with subprocess.Popen(
        [*command, "--seed", "0", "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as cli_process:
        for _ in range(1200):
            judges = [pid for pid in _children().get(cli_process.pid, []) if _is_judge(pid)]
            if judges:
                os.kill(judges[0], signal.SIGKILL)
                break
            time.sleep(0.02)
        _, stderr = cli_process.communicate(timeout=600)
    assert cli_process.returncode == 1 and "Traceback" not in stderr, stderr
    assert stderr.splitlines()[-1] == (
        "initgrade grade: error: the judge processes ended before grading anything (killed from outside, or out "
        "of memory); nothing more was graded; 2 submission(s) left"
    ), stderr
