"""The Classroom template these tests share, written once, and a runner of its grading step.

``grade_in(folder)`` runs the template's grading step the way the workflow does
(``python .github/classroom/grade.py`` in the repository, with ``GITHUB_OUTPUT`` naming a file) and
returns what the reporter would read: the decoded result, with what the step printed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.platforms.classroom.template import make_template
from autograder.platforms.classroom.workflow import GRADE_SCRIPT, POINTS_FILE


@dataclass
class Graded:
    """One run of the grading step: its exit status, what it printed, the lines it appended to
    ``$GITHUB_OUTPUT`` and the result they carry (decoded from base64 JSON)."""

    returncode: int
    stdout: str
    output_lines: list[str]
    result: dict

    def scores(self) -> dict[str, float]:
        return {test["name"]: test["score"] for test in self.result["tests"]}


def grade_in(folder: Path, *arguments: str, timeout: float = 300) -> Graded:
    """Run the grading step in ``folder`` as the workflow does and decode its result."""
    output = folder.parent / f"{folder.name}.github_output"
    output.write_text("", encoding="utf-8")
    environment = {**os.environ, "GITHUB_OUTPUT": str(output), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, GRADE_SCRIPT, *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("result="), (
        f"the step appended {lines!r} to GITHUB_OUTPUT, not one result= line; stderr:\n{done.stderr}"
    )
    result = json.loads(base64.b64decode(lines[0].removeprefix("result="), validate=True))
    return Graded(done.returncode, done.stdout, lines, result)


@pytest.fixture(scope="package")
def template(tmp_path_factory) -> Path:
    """The template as ``initgrade classroom`` writes it (read only: copy it to change it)."""
    folder = tmp_path_factory.mktemp("classroom") / "template"
    make_template(folder)
    return folder


@pytest.fixture
def repository(template, tmp_path):
    """``repository(files)``: a copy of the template with ``files`` (``{name: path or text}``) put over it,
    as a student's repository after a push."""

    def make(files: dict[str, Path | str] | None = None) -> Path:
        folder = tmp_path / "repository"
        shutil.copytree(template, folder)
        for name, content in (files or {}).items():
            text = content.read_text(encoding="utf-8") if isinstance(content, Path) else content
            (folder / name).write_text(text, encoding="utf-8")
        return folder

    return make


@pytest.fixture(scope="package")
def points(template) -> dict:
    """The template's points table."""
    return json.loads((template / POINTS_FILE).read_text(encoding="utf-8"))


@pytest.fixture
def grade():
    """``grade(folder, *arguments)``: run the grading step there (``grade_in``)."""
    return grade_in
