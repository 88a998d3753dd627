"""``initgrade nbgrader autograde ASSIGNMENT``: every submitted notebook graded in parallel, then recorded
by nbgrader's own autograde.

    read_course(folder) -> Course    autograde_course(course, assignment, *, workers, force, progress)

1. The submitted notebooks (``submitted/<student>/<assignment>/<notebook>.ipynb``, for the notebooks the
   gradebook knows) are graded by ``batch.grade_batch`` with N judges and one fork server each, into the
   kit's folder of the assignment (``initgrade/<assignment>/``: a record, results.json and feedback.html
   per student; grades.csv, junit.xml and summary.html for the class). A notebook already graded as it
   is now, with the same seed and hidden suite, is kept.
2. ``nbgrader autograde ASSIGNMENT`` then runs in the course folder, in one process (the only one that
   writes gradebook.db): its ``GradeWithKit`` step finds each grade recorded in step 1, so it grades
   nothing again; autograded/, the gradebook and formgrader are what nbgrader's own command leaves.
   Its log is kept in the kit's folder.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

from autograder.platforms.nbgrader.course import CONFIG
from autograder.platforms.nbgrader.steps import CourseSettings, GradeWithKit

NBGRADER_LOG = "nbgrader-autograde.log"


@dataclass(frozen=True)
class Course:
    """An nbgrader course folder as its configuration describes it."""

    coursedir: CourseDirectory
    settings: CourseSettings


_NBGRADER_FAILED = re.compile(r"error processing assignment '[^']*' for student '([^']+)'")


@dataclass
class CourseOutcome:
    """What one ``autograde_course`` did."""

    batch: object  # batch.BatchOutcome of step 1
    nbgrader_status: int  # exit status of ``nbgrader autograde``
    log: Path  # its output
    nbgrader_failed: list[str]  # students whose notebook nbgrader's autograde did not process

    @property
    def unreadable(self) -> list[str]:
        """Of ``nbgrader_failed``, those whose submission the kit could not load either (not a notebook):
        nbgrader gives them 0 points, as the kit does; their failure is the submission's, not the grader's."""
        unloadable = {r.student_id for r in self.batch.results if r.unloadable}
        return [student for student in self.nbgrader_failed if student in unloadable]

    @property
    def failed(self) -> bool:
        """Whether the grader or nbgrader failed on a notebook that was not the student's fault."""
        broken = set(self.nbgrader_failed) - set(self.unreadable)
        return bool(self.batch.grader_errors or self.batch.internal_errors or broken) or (
            self.nbgrader_status != 0 and not self.nbgrader_failed
        )


def read_course(folder: Path) -> Course:
    """The course in ``folder``, from its ``nbgrader_config.py``; ``ValueError`` if there is none."""
    folder = Path(folder).resolve()
    try:
        config = PyFileConfigLoader(CONFIG, path=str(folder)).load_config()
    except ConfigFileNotFound:
        raise ValueError(
            f"{folder} holds no {CONFIG}; give the folder of a course made by `initgrade nbgrader init`"
        ) from None
    if "root" not in config.CourseDirectory:
        config.CourseDirectory.root = str(folder)
    coursedir = CourseDirectory(config=config)
    return Course(coursedir, GradeWithKit(config=config).settings(coursedir))


def submitted_notebooks(course: Course, assignment: str) -> list[tuple[Path, str]]:
    """``(notebook, student id)`` per submission of ``assignment``, in student order. ``ValueError`` if the
    gradebook does not know the assignment, or it has other than one notebook (the kit grades one)."""
    with Gradebook(course.coursedir.db_url) as gradebook:
        try:
            names = [notebook.name for notebook in gradebook.find_assignment(assignment).notebooks]
        except MissingEntry:
            raise ValueError(
                f"the gradebook has no assignment {assignment!r}; run `nbgrader generate_assignment {assignment}` first"
            ) from None
    if len(names) != 1:
        raise ValueError(f"assignment {assignment!r} has the notebooks {names}; the kit grades exactly one")
    pattern = course.coursedir.format_path(course.coursedir.submitted_directory, "*", assignment)
    notebooks = sorted(Path(path) for path in glob.glob(os.path.join(pattern, f"{names[0]}.ipynb")))
    return [(path, path.parent.parent.name) for path in notebooks]


def autograde_course(course: Course, assignment: str, *, workers=None, force=False, progress=None) -> CourseOutcome:
    """Steps 1 and 2 of the module docstring; ``ValueError`` when there is nothing to grade."""
    from autograder import batch

    submissions = submitted_notebooks(course, assignment)
    if not submissions:
        folder = course.coursedir.format_path(course.coursedir.submitted_directory, "*", assignment)
        raise ValueError(f"no submitted notebooks in {folder}; run `nbgrader collect {assignment}` first")
    settings = course.settings
    outcome = batch.grade_batch(
        submissions,
        settings.folder(assignment),
        secret=settings.secret(),
        workers=workers,
        force=force,
        trusted=settings.trusted,
        private=[settings.root, settings.secret_file],
        progress=progress,
    )
    log = settings.folder(assignment) / NBGRADER_LOG
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, *(["--force"] if force else [])]
    with log.open("w", encoding="utf-8") as output:
        finished = subprocess.run(
            command, cwd=settings.root, env=_with_this_python(), stdout=output, stderr=subprocess.STDOUT, check=False
        )
    failed = sorted(set(_NBGRADER_FAILED.findall(log.read_text(encoding="utf-8", errors="replace"))))
    return CourseOutcome(outcome, finished.returncode, log, failed)


def _with_this_python() -> dict:
    """The environment, with this Python's bin folder first on PATH: nbgrader runs ``alembic`` (its
    database migrations) from PATH, and it is installed beside this Python."""
    return {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
