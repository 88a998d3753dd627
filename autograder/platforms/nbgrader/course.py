"""Making an nbgrader course of the assignment: ``initgrade nbgrader init DIR``.

    make_course(folder, *, course_id, exchange, secret) -> [paths written]

The course is an ordinary nbgrader 0.9 course folder: ``nbgrader_config.py`` (its settings, each with
a comment; the kit's grading step in place of nbgrader's execution), ``source/initialization/`` (the
source notebook with its solutions; beside it the released helpers, public tests and stubs it uses),
and ``initgrade_secret``, the course secret from which every student's hidden seed derives, readable
by its owner alone. A folder
that is not empty is refused unless the kit made it (its ``.initgrade-course`` mark): then only the
source folder is written again, so a course follows a new release of the kit while its
configuration, gradebook and submissions stay as they are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from autograder import kit_version
from autograder.platforms.folders import made_by_kit
from autograder.release import render_release
from autograder.release.notebook import source_notebook
from autograder.release.stubs import encoded
from autograder.reports.atomic import write_bytes_atomic, write_text_atomic
from autograder.secret import new_secret, write_secret_file

ASSIGNMENT = "initialization"
CONFIG = "nbgrader_config.py"
SECRET = "initgrade_secret"
REPORTS = "initgrade"
MARK = ".initgrade-course"
#: Released files that stay out of the course: the .py route's instructions and answer sheet.
NOT_BESIDE_NOTEBOOK = ("README.md", "answers.md")
_COURSE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

CONFIG_TEXT = r'''\
"""nbgrader settings of the weight-initialization course, written by `initgrade nbgrader init`.

Run nbgrader's commands from this folder. Grading runs no student code in nbgrader: the kit's step
grades each submitted notebook in its sandbox and writes the points into the grade cells.
"""

import os

c = get_config()  # noqa: F821 - nbgrader defines get_config when it reads this file

# The course's id: the exchange and the gradebook keep courses apart by it.
c.CourseDirectory.course_id = {course_id!r}
# The course folder is the folder of this file, wherever the course is moved.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The gradebook, one SQLite file in the course folder.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
# Where release_assignment, fetch_assignment, submit and collect meet (nbgrader's default: /srv/nbgrader/exchange).
{exchange_line}

# Before grading, every cell's nbgrader metadata as the gradebook has it (a grade cell a student added
# is set aside, so it cannot carry points; metadata a student broke cannot stop nbgrader's steps);
# then nbgrader's own checks: duplicate ids, kernel, locked cells, metadata.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "autograder.platforms.nbgrader.RestoreCellMetadata",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Grading: the kit's step replaces nbgrader's Execute (and puts back any grade cell the student
# deleted); the rest is nbgrader's: SaveAutoGrades writes the points the kit put in each grade cell
# into the gradebook, and written answers wait for a person.
c.Autograde.autograde_preprocessors = [
    "autograder.platforms.nbgrader.GradeWithKit",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# nbgrader zip_collect: how the path of a file downloaded from the LMS names its student and its file.
# This reads Canvas's "<login>_[late_]<user id>_<submission id>_<file>[-<n>].ipynb"; for Moodle's
# "<name>_<id>_assignsubmission_file_<file>.ipynb" use
# r"^(?:.*/)?(?P<student_id>[^/_]+)_\d+_assignsubmission_file_(?P<file_id>[^/]+?)\.ipynb$".
c.FileNameCollectorPlugin.named_regexp = (
    r"^(?:.*/)?(?P<student_id>[A-Za-z0-9.@+-]+)_(?:late_)?\d+_\d+_(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"
)
# The course secret (relative to the course folder), from which each student's hidden seed derives;
# the INITGRADE_SECRET environment variable, when set, is used instead.
c.GradeWithKit.secret_file = {secret!r}
# The kit's own records and reports (grades.csv, summary.html, one feedback.html per student).
c.GradeWithKit.reports = {reports!r}
# Only where no isolation is available: run student code with resource limits alone.
c.GradeWithKit.trusted_code = False
'''


def make_course(
    folder: Path, *, course_id: str = "initialization-course", exchange: Path | None = None, secret: str = ""
) -> list[Path]:
    """Write the course into ``folder`` (see the module docstring) and return the paths written.

    ``secret`` is the course secret to keep (default: a new random one). Raises ``ValueError`` for a
    course id nbgrader cannot use, and for a non-empty folder the kit did not make; for a folder it
    made, options other than the defaults are refused, since its configuration is left as it is."""
    folder = Path(folder).resolve()
    if not _COURSE_ID.fullmatch(course_id):
        raise ValueError(
            "--course-id must start with a letter or digit and hold only letters, digits, '_', '.' and '-'; "
            f"received {course_id!r}"
        )
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"the course folder must be a folder; received {folder}, which is a file")
    made_before = made_by_kit(folder, MARK, what="a course made by initgrade")
    if made_before and (exchange is not None or secret or course_id != "initialization-course"):
        raise ValueError(
            f"{folder} is already a course; only its source folder is written again, so --course-id, "
            f"--exchange and --secret-file cannot be used: edit {folder / CONFIG} instead"
        )
    source = folder / "source" / ASSIGNMENT
    source.mkdir(parents=True, exist_ok=True)
    written = _write_source(source)
    if not made_before:
        exchange_line = (
            f"c.Exchange.root = {str(Path(exchange).resolve())!r}"
            if exchange
            else '# c.Exchange.root = "/srv/nbgrader/exchange"'
        )
        config = CONFIG_TEXT.format(course_id=course_id, exchange_line=exchange_line, secret=SECRET, reports=REPORTS)
        write_text_atomic(folder / CONFIG, config)
        write_secret_file(folder / SECRET, secret or new_secret())
        write_text_atomic(folder / MARK, json.dumps({"kit_version": kit_version()}) + "\n")
        written += [folder / CONFIG, folder / SECRET]
    return written


def _write_source(source: Path) -> list[Path]:
    """The source notebook and, beside it, what it imports and runs: the released helpers (data, plots,
    compare), the public tests and their runner, the stubbed modules the runner reads the function
    names from, and the checkpoint Part 4 loads (nbgrader's generate_assignment copies it into the
    student's release folder). Each file is replaced atomically."""
    notebook = source / f"{ASSIGNMENT}.ipynb"
    write_text_atomic(notebook, nbformat.writes(source_notebook()) + "\n")
    beside = {
        name: content
        for name, content in render_release().items()
        if name not in NOT_BESIDE_NOTEBOOK and name != notebook.name
    }
    for name, content in beside.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(source / name, encoded(content))
    return [notebook, *(source / name for name in beside)]


def next_steps(folder: Path) -> str:
    """What to run next, for the instructor, from the course folder."""
    return f"""\
Next, from {folder}:
  nbgrader generate_assignment {ASSIGNMENT}     # the student version, in release/
  nbgrader release_assignment {ASSIGNMENT}      # to the exchange (or hand out release/{ASSIGNMENT}/)
  # students: nbgrader fetch_assignment {ASSIGNMENT}, then nbgrader submit {ASSIGNMENT}
  nbgrader collect {ASSIGNMENT}                 # or nbgrader zip_collect {ASSIGNMENT}, for LMS downloads
  initgrade nbgrader autograde {ASSIGNMENT}     # every submission, in parallel (nbgrader autograde works too)
  nbgrader formgrader                           # the written answers, graded by hand
  nbgrader generate_feedback {ASSIGNMENT} && nbgrader release_feedback {ASSIGNMENT}
  nbgrader export                               # grades.csv with every score
The course secret is in {folder / SECRET} (readable by you alone); keep a copy elsewhere."""
