"""A course made, generated and autograded wherever graders run: as a container's root (no
CAP_SYS_ADMIN), as an ordinary user, and as one without user namespaces (benchmarks/environments.py).
The course belongs to that environment's user; nbgrader and the kit run as that user. The gradebook
must hold the kit's points, graded at the level the environment allows."""

from __future__ import annotations

import json
import os
import sys

import nbformat
import pytest
from initgrade_test_course_workflow import (
    ASSIGNMENT,
    STUDENTS,
    answer_written_questions,
    points_by_function,
    put_submitted,
)
from initgrade_test_notebooks import fill_notebook
from nbgrader.api import Gradebook

NAMES = ["container", "user", "user-no-userns"]
environments_module = sys.modules["initgrade_benchmark_environments"]  # loaded by tests/autograder/conftest.py


def as_user(environment, arguments, cwd):
    done = environment.run(arguments, timeout=900, cwd=cwd)
    assert done.returncode == 0, f"{arguments} in {environment.name}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def give(path, uid: int) -> None:
    """``path`` and everything under it to ``uid``, as if that user had written it."""
    for root, folders, files in os.walk(path):
        for name in [*folders, *files]:
            os.chown(os.path.join(root, name), uid, uid)
    os.chown(path, uid, uid)


@pytest.fixture(scope="module", params=NAMES)
def course_in(request, environments):
    environment = environments[request.param]
    course = environment.folder("course") / "course"
    as_user(environment, ["-m", "autograder", "nbgrader", "init", course], cwd=course.parent)
    as_user(environment, ["-m", "nbgrader", "generate_assignment", ASSIGNMENT], cwd=course)
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student in ("alice", "bob"):
        notebook = answer_written_questions(fill_notebook(STUDENTS[student], nbformat.read(released, as_version=4)))
        put_submitted(course, student, nbformat.writes(notebook))
    give(course / "submitted", environment.uid)
    done = as_user(environment, ["-m", "autograder", "nbgrader", "autograde", ASSIGNMENT, "--workers", "1"], cwd=course)
    return environment, done, course


def test_the_gradebook_holds_the_kit_points_graded_at_the_environment_level(course_in):
    environment, done, course = course_in
    assert "recorded in the gradebook by nbgrader autograde" in done.stdout, done.stdout
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as book:
        for student in ("alice", "bob"):
            results_json = course / "initgrade" / ASSIGNMENT / student / "results.json"
            report = json.loads(results_json.read_text())
            assert report["extra_data"]["isolation"] == environment.level, report["extra_data"]
            expected = points_by_function(results_json)
            notebook = book.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
            recorded = {grade.name: grade.auto_score for grade in notebook.grades if grade.name in expected}
            assert recorded == expected, f"{student} in {environment.name}: {recorded} != {expected}"
    assert sum(expected.values()) < 162.5, "bob's classic mistakes lost no points"


def test_the_course_files_belong_to_the_environment_user_and_the_secret_to_it_alone(course_in):
    environment, _, course = course_in
    assert (course / "gradebook.db").stat().st_uid == environment.uid
    secret = (course / "initgrade_secret").stat()
    assert secret.st_uid == environment.uid and secret.st_mode & 0o777 == 0o600
