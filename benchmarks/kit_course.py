"""The kit's own nbgrader course, for timing ``initgrade nbgrader autograde`` beside stock nbgrader.

``build_course`` runs what an instructor runs: ``initgrade nbgrader init`` (with the course secret the
benchmark gives, so the course grades each student with the seed ``initgrade grade --secret-file``
gives the same student) and ``nbgrader generate_assignment``. ``submit`` puts a student's notebook in
``submitted/<student>/initialization/`` as ``nbgrader collect`` leaves it: the released notebook, filled
with the code of the student's .py folder by ``fill_notebook`` of ``tests/autograder/notebooks.py`` (the
kit's tests turn folders into notebooks with it too), and a ``timestamp.txt``. ``scores`` reads the
automatically graded points back from the course's gradebook.
"""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "initialization"
COURSE_ID = "initgrade-benchmark-kit"
#: What `nbgrader collect` writes beside a submission; one fixed time, so every run submits the same files.
TIMESTAMP = "2026-11-30 12:00:00.000000 UTC"


def _fill_notebook():
    """``fill_notebook`` of tests/autograder/notebooks.py, loaded by path as the kit's tests load it."""
    name = "initgrade_test_notebooks"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / "autograder" / "notebooks.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name].fill_notebook


def build_course(root: Path, secret_file: Path, initgrade: list[str], nbgrader: list[str], env: dict):
    """Make the course in ``root`` (new or empty) and generate the release; return the released notebook.
    ``env`` must put the venv's bin folder on PATH: nbgrader runs ``alembic`` from PATH to create its database."""
    make = [*initgrade, "nbgrader", "init", str(root), "--course-id", COURSE_ID, "--secret-file", str(secret_file)]
    for command, cwd in ((make, None), ([*nbgrader, "generate_assignment", ASSIGNMENT, "--force"], root)):
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command[:4])} ... exited with status {done.returncode}:\n{done.stdout}{done.stderr}")
    return nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def submit(root: Path, release: nbformat.NotebookNode, student: str, folder: Path) -> None:
    """``student``'s submission: a copy of the release filled with ``folder``'s code, and its timestamp."""
    notebook = _fill_notebook()(folder, copy.deepcopy(release))
    target = root / "submitted" / student / ASSIGNMENT
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target / f"{ASSIGNMENT}.ipynb")
    (target / "timestamp.txt").write_text(TIMESTAMP)


def scores(root: Path) -> dict[str, tuple[float, float]]:
    """Each student's automatically graded (score, max score) in the gradebook: its code cells' points, as
    ``initgrade grade``'s grades.csv counts them (the written answers wait for a person)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gradebook:
        return {
            s.student.id: (round(s.code_score, 6), round(s.max_code_score, 6))
            for s in gradebook.assignment_submissions(ASSIGNMENT)
        }
