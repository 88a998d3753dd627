"""The GitHub Classroom template repository: ``initgrade classroom --out DIR``.

    render_template() -> {relative path: text or bytes}        make_template(folder, *, secret) -> [paths written]

The template is the student release (``autograder.release.render_release``: the stubs, helpers,
answer sheet, public tests, notebook and the checkpoint Part 4 loads) plus what runs the public tests on every push:
``requirements.txt`` (pinned), ``.github/workflows/classroom.yml`` (``workflow``),
``.github/classroom/grade.py`` (the scoring script, ``grade.py`` of this package, which needs only the
standard library and pytest) and ``.github/classroom/points.json`` (each public test's points, from
the hidden rubric: ``points``). ``.github/classroom/initgrade.json`` marks the folder as the kit's.

Nothing is written until the whole template has passed the leak check (no solution, no hidden test
source, not the course secret). A folder that is not empty is refused unless the kit made it (its
mark); then every file of the template is written again, each atomically, and other files (``.git``,
say) stay as they are.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from autograder import kit_version
from autograder.platforms.classroom.points import hidden_points, points_table, public_test_plan
from autograder.platforms.classroom.workflow import (
    GRADE_SCRIPT,
    POINTS_FILE,
    REQUIREMENTS,
    WORKFLOW_FILE,
    requirements_text,
    workflow_text,
)
from autograder.platforms.folders import made_by_kit
from autograder.release import render_release
from autograder.release.leaks import check_deliverable
from autograder.release.stubs import deliverable_folder, encoded
from autograder.reports.atomic import write_bytes_atomic

MARK = ".github/classroom/initgrade.json"
SCRIPT_SOURCE = Path(__file__).resolve().parent / "grade.py"


def render_template() -> dict[str, str | bytes]:
    """Every file of the template as ``{relative path: text}``, bytes for the checkpoint (see the module
    docstring)."""
    return dict(_rendered())


@functools.cache
def _rendered() -> tuple[tuple[str, str | bytes], ...]:
    release = render_release()
    table = points_table(hidden_points(), public_test_plan(release))
    files = {
        **release,
        REQUIREMENTS: requirements_text(),
        WORKFLOW_FILE: workflow_text(),
        GRADE_SCRIPT: SCRIPT_SOURCE.read_text(encoding="utf-8"),
        POINTS_FILE: json.dumps(table, indent=1) + "\n",
    }
    files[MARK] = json.dumps({"made_by": "initgrade classroom", "kit_version": kit_version()}, indent=1) + "\n"
    return tuple(sorted(files.items()))


def make_template(folder: Path, *, secret: str = "") -> list[Path]:
    """Write the template into ``folder`` and return the paths written, in name order.

    Raises ``ValueError`` for a folder that is a file, lies inside the kit's ``solutions/``, or is not
    empty and was not made by the kit, and ``LeakError`` (``autograder.release.leaks``, a ``ValueError``)
    when a file would give away a solution, hidden test source or ``secret``; nothing is written then."""
    folder = deliverable_folder(folder)
    made_by_kit(folder, MARK, what="a template made by initgrade classroom")
    files = render_template()
    check_deliverable(files, secret=secret)
    written = []
    for name, content in files.items():
        written.append(write_bytes_atomic(folder / name, encoded(content)))
    return written


def next_steps(folder: Path) -> str:
    """What the instructor does next: publish the template, make the assignment, grade the clones."""
    return f"""\
Next:
  cd {folder}
  git init -b main && git add . && git commit -m "Weight-initialization assignment"
  gh repo create ORG/initialization-template --private --source . --push
  gh repo edit ORG/initialization-template --template      # GitHub Classroom starts from template repositories
In GitHub Classroom: New assignment, starter code ORG/initialization-template, and no autograding tests of
its own (the template's .github/workflows/classroom.yml scores the public tests on every push).
After the deadline, grade the students' repositories with the hidden tests:
  gh classroom clone student-repos -a ASSIGNMENT_ID       # into ASSIGNMENT_SLUG-submissions/
  initgrade grade ASSIGNMENT_SLUG-submissions/* --out graded/"""
