"""The refusals of the kit's nbgrader steps, each on its own: a grade cell worth other points than the
kit's tests, a grader failure, an assignment of several notebooks, a course secret that cannot be read."""

from __future__ import annotations

import nbformat
import pytest
from initgrade_test_course_workflow import initgrade, nbgrader
from nbgrader.api import Gradebook
from traitlets.config import Config

from autograder.platforms.nbgrader import steps
from autograder.platforms.nbgrader.autograde import read_course, submitted_notebooks
from autograder.platforms.nbgrader.cells import fill_cells
from autograder.results import GradingResults, TestResult

RESULTS = GradingResults("ann", [TestResult("he_normal: variance", 2.0, 2.0), TestResult("he_normal: mean", 0.0, 1.0)])


def grade_cell(grade_id: str, points: float):
    cell = nbformat.v4.new_code_cell("# hidden tests run here")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id, "points": points}
    return cell


def test_grade_cells_get_the_kit_points_and_an_unknown_one_an_error():
    notebook = nbformat.v4.new_notebook(cells=[grade_cell("he_normal", 3.0), grade_cell("bonus", 100.0)])
    fill_cells(notebook, RESULTS)
    graded, unknown = notebook.cells
    assert graded.outputs[-1].output_type == "execute_result" and graded.outputs[-1].data["text/plain"] == "2.0"
    assert "he_normal: mean" in graded.outputs[0].data["text/html"]
    assert [output.output_type for output in unknown.outputs] == ["error"], unknown.outputs


def test_a_grade_cell_worth_other_points_than_the_kit_tests_is_refused():
    notebook = nbformat.v4.new_notebook(cells=[grade_cell("he_normal", 5.0)])
    with pytest.raises(ValueError, match=r"grade cell 'he_normal' is worth 5 points in this course, but the kit's "):
        fill_cells(notebook, RESULTS)


def test_a_grader_failure_raises_so_that_nbgrader_records_nothing(tmp_path, monkeypatch):
    failed = GradingResults("ann", grader_error="the worker did not start")
    monkeypatch.setattr(steps, "grade_in_course", lambda *args, **kwargs: failed)
    config = Config()
    config.CourseDirectory.root = str(tmp_path)
    resources = {"nbgrader": {"student": "ann", "assignment": "a1", "notebook": "n1", "db_url": "sqlite://"}}
    with pytest.raises(steps.GraderFailed, match=r"failed on ann's notebook, which is not graded: the worker did not"):
        steps.GradeWithKit(config=config).preprocess(nbformat.v4.new_notebook(), resources)


def test_an_assignment_of_several_notebooks_and_an_unreadable_secret_are_refused(tmp_path):
    course = tmp_path / "c"
    initgrade("nbgrader", "init", course)
    nbgrader("generate_assignment", "initialization", cwd=course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        book.add_notebook("extra", "initialization")
    with pytest.raises(
        ValueError, match=r"has the notebooks \['extra', 'initialization'\]; the kit grades exactly one"
    ):
        submitted_notebooks(read_course(course), "initialization")
    (course / "initgrade_secret").unlink()
    with pytest.raises(ValueError, match=r"initgrade_secret cannot be read \(No such file or directory\); restore it"):
        read_course(course).settings.secret()
