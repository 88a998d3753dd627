"""nbgrader's own workflow on a course the kit made: the gradebook holds exactly the points
``initgrade grade`` gives the same notebooks, written answers wait for a person, a manual score shows
in ``nbgrader export``, feedback shows the kit's messages, and no hostile notebook gains a point.
(The course and its submissions: conftest.py.)"""

from __future__ import annotations

import csv
import html
import json
import re

import pytest
from initgrade_test_browser import Dom, chromium
from initgrade_test_course_workflow import (
    ASSIGNMENT,
    COURSE_ID,
    MARK,
    STUDENTS,
    eve_targets,
    expected_by_function,
    nbgrader,
)
from nbgrader.api import Gradebook

from autograder.grading.suite import HIDDEN_DIR

GRADED = [*STUDENTS, "dan", "eve", "gina", "hank"]  # frank's notebook is not JSON: see its own test
COURSES = ["initgrade-autograde", "nbgrader-autograde"]


def course_of(workflow, which: str):
    return workflow.course if which == COURSES[0] else workflow.stock


def gradebook(course) -> Gradebook:
    return Gradebook(f"sqlite:///{course / 'gradebook.db'}")


WRITTEN = re.compile(r"q\d+_\d+")


def auto_points(course, student: str) -> dict[str, float]:
    """The autograded points per code grade cell (a graded function) of ``student``'s notebook."""
    with gradebook(course) as book:
        notebook = book.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {grade.name: grade.auto_score for grade in notebook.grades if not WRITTEN.fullmatch(grade.name)}


def test_initgrade_autograde_names_the_notebook_that_is_not_one_and_succeeds(workflow):
    done = workflow.autograde
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not notebooks, so 0 points in the gradebook as in the kit's reports: frank" in done.stdout, done.stdout
    assert "recorded in the gradebook by nbgrader autograde" in done.stdout, done.stdout


@pytest.mark.parametrize("which", COURSES)
@pytest.mark.parametrize("student", GRADED)
def test_the_gradebook_holds_initgrade_grades_points_per_function(workflow, which, student):
    recorded = auto_points(course_of(workflow, which), student)
    expected = expected_by_function(workflow, student)
    assert recorded == expected, f"{student}: gradebook {recorded} != initgrade grade {expected}"


def test_the_expected_scores_tell_the_submissions_apart(workflow):
    totals = {s: sum(expected_by_function(workflow, s).values()) for s in GRADED}
    assert totals["alice"] == totals["dan"] == totals["eve"] == totals["hank"] == 162.5, totals
    assert 0 < totals["bob"] < 162.5 and 0 < totals["carol"] < 162.5, totals
    assert totals["gina"] == 162.5 - 11, totals  # he_normal, turned into markdown, is not code


@pytest.mark.parametrize("which", COURSES)
def test_written_answers_wait_for_a_person(workflow, which):
    with gradebook(course_of(workflow, which)) as book:
        notebook = book.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "alice")
        written = {
            g.name: (g.auto_score, g.needs_manual_grade) for g in notebook.grades if re.fullmatch(r"q\d+_\d+", g.name)
        }
    assert written and all(value == (None, True) for value in written.values()), written


def test_no_added_grade_cell_or_forged_output_earns_a_point(workflow):
    for which in COURSES:
        recorded = auto_points(course_of(workflow, which), "dan")
        assert "bonus" not in recorded, recorded
        assert sum(recorded.values()) == 162.5, recorded  # dan's code is the reference: full marks, no more


def test_code_that_writes_the_course_at_import_changes_nothing(workflow):
    for path, before in workflow.snapshot.items():
        assert path.read_bytes() == before, f"{path} changed while the course was graded"
    for course in (workflow.course, workflow.stock):
        for path in eve_targets(course):
            assert MARK.encode() not in path.read_bytes(), f"eve's code wrote {path}"
        ungraded = [s for s in GRADED if None in auto_points(course, s).values()]
        assert not ungraded, f"students without a grade after eve's: {ungraded}"


def test_deleted_grade_cells_come_back_and_a_changed_cell_type_is_reported(workflow):
    log = workflow.stock_autograde.stdout + workflow.stock_autograde.stderr
    assert "grade cell compute_fans was missing from the submission: put back" in log, log[-3000:]
    assert "cell_type" in log and "answer_he_normal" in log, log[-3000:]
    assert expected_by_function(workflow, "gina")["he_normal"] == 0


@pytest.mark.parametrize("which", COURSES)
def test_a_notebook_that_is_not_json_scores_nothing(workflow, which):
    report = json.loads((workflow.expected / "frank" / "results.json").read_text())
    assert report["score"] == 0 and report["extra_data"]["status"] == "not-a-notebook", report["extra_data"]
    assert "not valid JSON" in report["output"] and "not a grade of your code" in report["output"], report["output"]
    with gradebook(course_of(workflow, which)) as book:
        assert book.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "frank").score == 0


def test_a_manual_score_shows_in_nbgrader_export_beside_the_autograded_points(workflow):
    with gradebook(workflow.course) as book:
        grade = book.find_grade("q1_1", ASSIGNMENT, ASSIGNMENT, "alice")
        grade.manual_score = 4.0
        book.db.commit()
    nbgrader("export", "--to", "export.csv", cwd=workflow.course)
    with (workflow.course / "export.csv").open() as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    assert float(rows["alice"]["raw_score"]) == 162.5 + 4.0, rows["alice"]
    for student in ("bob", "carol"):
        assert float(rows[student]["raw_score"]) == sum(expected_by_function(workflow, student).values()), rows[student]
    assert float(rows["alice"]["max_score"]) == 162.5 + 60.0, rows["alice"]


def test_feedback_shows_the_kit_messages_and_no_hidden_test_source(workflow):
    nbgrader("generate_feedback", ASSIGNMENT, cwd=workflow.course)
    page = (workflow.course / "feedback" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    report = json.loads((workflow.expected / "bob" / "results.json").read_text())
    failed = [test for test in report["tests"] if test["status"] == "failed"]
    assert failed, "bob's example lost no points"
    for test in failed:
        assert html.escape(test["name"], quote=False) in page, f"{test['name']!r} is not in bob's feedback"
    hidden = {
        line.strip()
        for path in HIDDEN_DIR.glob("*.py")
        for line in path.read_text().splitlines()
        if len(line.strip()) > 30 and not line.strip().startswith(("#", '"""', "@pytest"))
    }
    shown = [line for line in hidden if html.escape(line, quote=False) in page]
    assert not shown, f"hidden test source in the feedback: {shown[:3]}"


def test_nbgrader_feedback_renders_the_kit_sections_and_the_comparison_charts_in_a_browser(workflow):
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=workflow.course)
    page = workflow.course / "feedback" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    dom = Dom(chromium("--dump-dom", page.as_uri(), profile=workflow.course.parent / "profile").stdout)
    report = json.loads((workflow.expected / "bob" / "results.json").read_text())
    lost = {test["name"].split(":", 1)[0] for test in report["tests"] if test["status"] == "failed"}
    opened = {details[2].split(":", 1)[0] for details in dom.details if details[1] and details[0] == 0}
    assert lost <= opened, f"functions that lost points but are not open: {lost - opened}"
    first = next(test for test in report["tests"] if test["status"] == "failed")
    assert " ".join(first["output"].split()) in dom.text, f"{first['name']}'s message is not on the page"
    assert dom.tags.count("svg") >= 2, "the comparison charts are not on the page"


def test_students_fetch_the_feedback_nbgrader_released(workflow):
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=workflow.course)
    nbgrader("release_feedback", ASSIGNMENT, "--student", "bob", cwd=workflow.course)  # submitted through the exchange
    home, exchange = workflow.course.parent / "homes" / "bob", workflow.course.parent / "exchange"
    where = [f"--Exchange.root={exchange}", "--course", COURSE_ID, "--student", "bob"]
    nbgrader("fetch_feedback", ASSIGNMENT, *where, cwd=home)
    fetched = list((home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert len(fetched) == 1, f"bob fetched {fetched}"
    generated = workflow.course / "feedback" / "bob" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert fetched[0].read_bytes() == generated.read_bytes()
