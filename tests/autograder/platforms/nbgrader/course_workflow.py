"""One nbgrader course, made and run as an instructor and students would, for this folder's tests.

``build_workflow`` builds it: ``initgrade nbgrader init`` with an exchange in a temporary folder,
``nbgrader generate_assignment`` and ``release_assignment``; three students fetch the assignment,
fill in the notebook (alice: the reference, bob: examples' classic mistakes, carol: examples' partial
work) and ``submit``; ``nbgrader collect``. Four more submissions are put in ``submitted/`` as
``collect`` leaves them (hostile ones, described beside ``MARK``). The course is then copied: the
original is graded with ``initgrade nbgrader autograde --workers 2``, the copy with nbgrader's own
``nbgrader autograde``; and every submitted notebook is graded with ``initgrade grade`` under the
course secret, for the scores both must equal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from initgrade_test_notebooks import fill_notebook  # registered by tests/autograder/conftest.py

from autograder.reference import KIT_ROOT

ASSIGNMENT = "initialization"
COURSE_ID = "init-course"
BIN = Path(sys.executable).parent
# nbgrader runs alembic, its database migrations, from PATH: the environment's bin folder goes first.
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
ENV.pop("INITGRADE_SECRET", None)
STUDENTS = {
    "alice": KIT_ROOT / "solutions",
    "bob": KIT_ROOT / "examples" / "submissions" / "s002_classic_mistakes",
    "carol": KIT_ROOT / "examples" / "submissions" / "s003_partial",
}
# Hostile submissions, put in place as `collect` leaves them, and what each tries:
#   dan    forged outputs and metadata: grade-cell outputs, an added grade cell, an answer cell worth 500
#          points, a grade cell whose metadata is a string
#   eve    code at import writes gradebook.db, autograded/, the kit's records and the configuration
#   frank  a notebook that is not JSON
#   gina   grade cells deleted and an answer cell turned into markdown
# and one made another way: hank's notebook holds the reference as two %%writefile cells and none of
# the course's cells (nbformat 4.4, no cell ids).
MARK = "initgrade-hostile-was-here"


@dataclass(frozen=True)
class Workflow:
    course: Path  # graded with `initgrade nbgrader autograde`
    stock: Path  # a copy graded with `nbgrader autograde`
    expected: Path  # `initgrade grade` of the same notebooks: <student>/results.json
    autograde: subprocess.CompletedProcess
    stock_autograde: subprocess.CompletedProcess
    snapshot: dict  # path -> bytes of course files hostile code must not change, taken before grading


def run(command: list, cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=900, check=False
    )
    if check:
        assert done.returncode == 0, (
            f"{command} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done


def nbgrader(*arguments, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "nbgrader", *arguments], cwd, check=check)


def initgrade(*arguments, cwd: Path = KIT_ROOT, check: bool = True) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "autograder", *arguments], cwd, check=check)


def make_course(root: Path) -> tuple[Path, Path]:
    """A course made by the kit and released to its own exchange: (course, exchange)."""
    course, exchange = root / "course", root / "exchange"
    initgrade("nbgrader", "init", course, "--course-id", COURSE_ID, "--exchange", exchange)
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course)
    nbgrader("release_assignment", ASSIGNMENT, cwd=course)
    return course, exchange


def submit_as_student(student: str, folder: Path, home: Path, exchange: Path) -> None:
    """Fetch, fill in the notebook with ``folder``'s code, submit: what a student does."""
    home.mkdir(parents=True)
    where = [f"--Exchange.root={exchange}", "--course", COURSE_ID]
    nbgrader("fetch_assignment", ASSIGNMENT, *where, cwd=home)
    path = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nbformat.write(answer_written_questions(fill_notebook(folder, nbformat.read(path, as_version=4))), path)
    nbgrader("submit", ASSIGNMENT, *where, "--student", student, cwd=home)


def answer_written_questions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``notebook`` with an answer in each written question's cell (a manually graded markdown cell)."""
    for cell in notebook.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and grading.get("solution") and grading.get("grade"):
            cell.source = f"My answer to {grading['grade_id']}: the variance must stay the same from layer to layer."
    return notebook


def put_submitted(course: Path, student: str, text: str) -> None:
    """A submission as `collect` leaves it: the notebook and the submission's timestamp."""
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").write_text(text, encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-11-30 12:00:00.000000 UTC", encoding="utf-8")


def eve_targets(course: Path) -> list[Path]:
    """What eve's code tries to overwrite: the gradebook, another student's autograded notebook, record
    and submission, and the course's configuration."""
    return [
        course / "gradebook.db",
        course / "autograded" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        course / "initgrade" / ASSIGNMENT / "alice" / "grading.json",
        course / "submitted" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        course / "nbgrader_config.py",
    ]


def hostile_notebooks(course: Path, release: Path) -> dict[str, str]:
    """The text of each hostile submission (see above), built on the released notebook filled with the reference."""
    base = nbformat.read(release, as_version=4)

    def filled() -> nbformat.NotebookNode:
        return fill_notebook(STUDENTS["alice"], nbformat.reads(nbformat.writes(base), as_version=4))

    dan = filled()
    for cell in dan.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1000"}, execution_count=1)]
    bonus = nbformat.v4.new_code_cell("print(1000)")
    bonus.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": "bonus",
        "points": 100.0,
        "schema_version": 3,
    }
    bonus.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "100"}, execution_count=2)]
    dan.cells.append(bonus)
    for cell in dan.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "answer_he_normal":  # an answer cell that claims to be a grade cell worth 500 points
            cell.metadata["nbgrader"].update(grade=True, points=500.0)
        elif grade_id == "orthogonal":  # a grade cell whose metadata is no longer a dict
            cell.metadata["nbgrader"] = "full marks"

    eve = filled()
    targets = eve_targets(course)
    attack = nbformat.v4.new_code_cell(
        "import os\n"
        f"for _target in {[str(t) for t in targets]!r}:\n"
        "    try:\n"
        "        os.makedirs(os.path.dirname(_target), exist_ok=True)\n"
        f"        with open(_target, 'w') as _file:\n            _file.write({MARK!r})\n"
        "    except OSError as _error:\n"
        "        print('refused:', _target, _error)\n"
    )
    eve.cells.insert(2, attack)

    gina = filled()
    gina.cells = [cell for cell in gina.cells if not cell.metadata.get("nbgrader", {}).get("grade")]
    answer = next(c for c in gina.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_he_normal")
    answer.cell_type = "markdown"
    del answer["outputs"], answer["execution_count"]
    writefile = [
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": f"%%writefile {name}\n" + (STUDENTS["alice"] / name).read_text(),
        }
        for name in ("initializers.py", "training.py")
    ]
    return {
        "hank": json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": writefile}),
        "dan": nbformat.writes(dan),
        "eve": nbformat.writes(eve),
        "frank": '{"cells": [ this is not JSON',
        "gina": nbformat.writes(gina),
    }


def build_workflow(root: Path) -> Workflow:
    """The course of the module docstring, made and graded under ``root``."""
    course, exchange = make_course(root)
    for student, folder in STUDENTS.items():
        submit_as_student(student, folder, root / "homes" / student, exchange)
    nbgrader("collect", ASSIGNMENT, f"--Exchange.root={exchange}", cwd=course)
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student, text in hostile_notebooks(course, release).items():
        put_submitted(course, student, text)
    stock = root / "stock"
    shutil.copytree(course, stock)
    expected = root / "expected"
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for folder in sorted((course / "submitted").iterdir()):
        shutil.copy(folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", notebooks / f"{folder.name}.ipynb")
    initgrade("grade", *sorted(notebooks.iterdir()), "--out", expected, "--secret-file", course / "initgrade_secret")
    guarded = [course / "nbgrader_config.py", *course.glob("submitted/*/*/*.ipynb")]
    snapshot = {path: path.read_bytes() for path in guarded}
    autograde = initgrade("nbgrader", "autograde", ASSIGNMENT, "--course", course, "--workers", "2", check=False)
    stock_autograde = nbgrader("autograde", ASSIGNMENT, cwd=stock, check=False)
    return Workflow(course, stock, expected, autograde, stock_autograde, snapshot)


def expected_by_function(workflow: Workflow, student: str) -> dict[str, float]:
    """``initgrade grade``'s points per function for ``student``."""
    return points_by_function(workflow.expected / student / "results.json")


def points_by_function(results_json: Path) -> dict[str, float]:
    """The points of each function (the part of a test's name before its first colon) in a results.json."""
    report = json.loads(results_json.read_text())
    points: dict[str, float] = {}
    for test in report["tests"]:
        function = test["name"].split(":", 1)[0]
        points[function] = round(points.get(function, 0.0) + test["score"], 6)
    return points
