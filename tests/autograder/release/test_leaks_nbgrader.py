"""The leak check on what nbgrader hands out: the release folder ``nbgrader generate_assignment`` makes
from the kit's course leaks nothing, and one made from a source notebook holding a solution region
left unmarked (the code without its BEGIN/END SOLUTION markers, in a cell of its own) is caught."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from autograder.platforms.nbgrader.course import ASSIGNMENT, SECRET, make_course
from autograder.release import PYTHON_MARKERS, leaks
from autograder.release.notebook import NOTEBOOK_NAME
from autograder.secret import SECRET_VARIABLE, read_secret_file

# nbgrader runs alembic, its database migrations, from PATH: the environment's bin folder goes first.
ENV = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
ENV.pop(SECRET_VARIABLE, None)
UNMARKED = "worked_example"


def generate_assignment(course: Path) -> Path:
    """Run ``nbgrader generate_assignment`` in ``course``; return the release folder it wrote."""
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT],
        cwd=course,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"generate_assignment exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr}"
    released = course / "release" / ASSIGNMENT
    assert (released / NOTEBOOK_NAME).is_file(), f"generate_assignment wrote no notebook in {released}"
    return released


def region_body(source: str) -> list[str]:
    lines = source.split("\n")
    begin, end = (next(i for i, line in enumerate(lines) if line.strip() == marker) for marker in PYTHON_MARKERS)
    return lines[begin + 1 : end]


def test_the_folder_nbgrader_releases_from_the_course_has_no_leak(tmp_path):
    course = tmp_path / "course"
    make_course(course)
    released = generate_assignment(course)
    leaks.check_folder(released, secret=read_secret_file(course / SECRET))
    # the same check on the source beside it, the instructor's, finds its solutions and model answers
    with pytest.raises(leaks.LeakError, match="must not be handed out") as raised:
        leaks.check_folder(course / "source" / ASSIGNMENT, secret=read_secret_file(course / SECRET))
    found = {(leak.file, leak.kind) for leak in raised.value.leaks}
    assert found == {(NOTEBOOK_NAME, leaks.SOLUTION), (NOTEBOOK_NAME, leaks.ANSWER)}, found


def test_a_solution_region_left_unmarked_in_the_source_notebook_is_caught(tmp_path):
    course = tmp_path / "course"
    make_course(course)
    path = course / "source" / ASSIGNMENT / NOTEBOOK_NAME
    notebook = nbformat.read(path, as_version=4)
    index = next(i for i, cell in enumerate(notebook.cells) if cell.id == "answer_train")
    body = textwrap.dedent("\n".join(region_body(notebook.cells[index].source))).split("\n")
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell("\n".join(body), id=UNMARKED))
    nbformat.write(notebook, path)
    released = generate_assignment(course)
    with pytest.raises(
        leaks.LeakError, match=f"(?s){NOTEBOOK_NAME} \\(cell {index + 1} '{UNMARKED}'\\) line"
    ) as raised:
        leaks.check_folder(released, secret=read_secret_file(course / SECRET))
    found = raised.value.leaks
    assert {(leak.file, leak.kind, leak.cell) for leak in found} == {
        (NOTEBOOK_NAME, leaks.SOLUTION, f"cell {index + 1} '{UNMARKED}'")
    }, "\n".join(map(str, found))
    assert len(found) >= len(body) / 2, f"{len(found)} of the region's {len(body)} lines were reported"
    longest = max(range(len(body)), key=lambda i: len(body[i])) + 1
    assert longest in {leak.line for leak in found}, f"line {longest} ({body[longest - 1]!r}) was not reported"
