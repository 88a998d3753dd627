"""The kit's two steps inside ``nbgrader autograde``, named in the course's ``nbgrader_config.py``.

``RestoreCellMetadata`` (sanitizing, before nbgrader's ``DeduplicateIds`` and ``OverwriteCells``): a
cell whose ``grade_id`` the gradebook does not know (a grade cell the student added or renamed) loses
its nbgrader metadata, so nothing downstream takes it for a grade cell, and nbgrader's log names it; a
known cell's flags and points are the gradebook's again, so no metadata a student wrote can break
nbgrader's checks.

``GradeWithKit`` (in place of nbgrader's ``Execute``): no cell is run. The notebook the student
submitted (``submitted/<student>/<assignment>/<notebook>.ipynb``, as submitted, exactly what
``initgrade grade`` would grade) is graded by the kit's ``Grader`` with the student's hidden seed,
or the grade recorded for those same bytes, seed and hidden suite is taken from the kit's records
(``initgrade nbgrader autograde`` grades every submission in parallel first). Each grade cell then
gets the kit's feedback and its function's points as nbgrader's partial credit (``cells``), and
nbgrader's ``SaveAutoGrades`` records them. When the grader itself fails on a notebook, the step
raises: nbgrader records no grade for it rather than a zero.
"""

from __future__ import annotations

import atexit
import os
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from autograder.platforms.nbgrader.cells import fill_cells
from autograder.platforms.nbgrader.course import REPORTS, SECRET
from autograder.secret import SECRET_VARIABLE, read_secret_file


class GraderFailed(RuntimeError):
    """The kit's grader failed on a notebook: it is not graded (no score is recorded)."""


class RestoreCellMetadata(NbGraderPreprocessor):
    """Each cell's nbgrader metadata as the gradebook has it: a cell whose grade id the gradebook does
    not know (a grade cell the student added or renamed, or metadata that is not even a dict) loses
    it; a known cell gets the gradebook's flags and points back, whatever the student wrote there."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            canonical = {cell.name: {"locked": cell.locked} for cell in notebook.source_cells}
            for cell in notebook.grade_cells:
                canonical[cell.name].update(grade=True, points=cell.max_score)
            for cell in notebook.solution_cells:
                canonical[cell.name].update(solution=True)
            for cell in notebook.task_cells:
                canonical[cell.name].update(task=True, points=cell.max_score)
        for index, cell in enumerate(nb.cells):
            if "nbgrader" not in cell.metadata:
                continue
            grading = cell.metadata["nbgrader"]
            grade_id = grading.get("grade_id") if isinstance(grading, dict) else None
            if grade_id not in canonical:
                self.log.warning("cell %d has grade id %r, which is not in the gradebook: set aside", index, grade_id)
                del cell.metadata["nbgrader"]
                continue
            restored = {"grade": False, "solution": False, "grade_id": grade_id, "schema_version": 3}
            cell.metadata["nbgrader"] = {**restored, **canonical[grade_id]}
        return nb, resources


class GradeWithKit(NbGraderPreprocessor):
    """Grades the submitted notebook with the kit and writes the points into its grade cells."""

    secret_file = Unicode(SECRET, help="file holding the course secret, relative to the course folder").tag(config=True)
    reports = Unicode(REPORTS, help="folder of the kit's records and reports, relative to the course folder").tag(
        config=True
    )
    trusted_code = Bool(False, help="where no isolation is available, run student code with limits alone").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        coursedir = CourseDirectory(config=self.config)
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"]))
        settings = self.settings(coursedir)
        results = grade_in_course(
            submitted / f"{info['notebook']}.ipynb",
            student=info["student"],
            assignment=info["assignment"],
            settings=settings,
        )
        if not results.graded:
            raise GraderFailed(
                f"the kit's grader failed on {info['student']}'s notebook, which is not graded: {results.grader_error}"
            )
        self._restore_missing_grade_cells(nb, info)
        fill_cells(nb, results)
        return nb, resources

    def _restore_missing_grade_cells(self, nb, info: dict) -> None:
        """Put back, after its function's public tests or answer cell (else at the end), each code grade cell of the
        source notebook that the submission lacks, so every function's points are recorded.
        (nbgrader's own ``add_missing_cells`` needs the cell before a grade cell to be a graded or
        solution cell; here a public-test cell is.)"""
        with Gradebook(info["db_url"]) as gradebook:
            source = gradebook.find_notebook(info["notebook"], info["assignment"])
            points = {cell.name: cell.max_score for cell in source.grade_cells}
            code = [cell for cell in source.source_cells if cell.name in points and cell.cell_type == "code"]
            wanted = [(cell.name, cell.source, cell.checksum, points[cell.name]) for cell in code]
        present = {cell.metadata.get("nbgrader", {}).get("grade_id"): i for i, cell in enumerate(nb.cells)}
        for grade_id, text, checksum, max_score in wanted:
            if grade_id in present:
                continue
            self.log.warning("grade cell %s was missing from the submission: put back", grade_id)
            cell = nbformat.v4.new_code_cell(text)
            cell.metadata["nbgrader"] = {
                "grade": True,
                "solution": False,
                "locked": True,
                "grade_id": grade_id,
                "points": max_score,
                "checksum": checksum,
                "schema_version": 3,
            }
            after = present.get(f"public_tests_{grade_id}", present.get(f"answer_{grade_id}"))
            nb.cells.insert(len(nb.cells) if after is None else after + 1, cell)
            present = {c.metadata.get("nbgrader", {}).get("grade_id"): i for i, c in enumerate(nb.cells)}

    def settings(self, coursedir: CourseDirectory) -> CourseSettings:
        """This step's settings, with paths made absolute against the course folder."""
        root = Path(coursedir.root).resolve()
        return CourseSettings(root, root / self.secret_file, root / self.reports, self.trusted_code)


@dataclass(frozen=True)
class CourseSettings:
    """Where a course keeps its secret and the kit's reports, and whether its student code is trusted."""

    root: Path
    secret_file: Path
    reports: Path
    trusted: bool = False

    def folder(self, assignment: str) -> Path:
        """The kit's records and reports of one assignment."""
        return self.reports / assignment

    def secret(self) -> str:
        """``INITGRADE_SECRET`` if set, else the secret file's text; ``ValueError`` if there is neither."""
        if os.environ.get(SECRET_VARIABLE):
            return os.environ[SECRET_VARIABLE]
        try:
            return read_secret_file(self.secret_file)
        except OSError as error:
            raise ValueError(
                f"the course secret {self.secret_file} cannot be read ({error.strerror}); "
                f"restore it, or set {SECRET_VARIABLE}"
            ) from None
        except ValueError as error:
            raise ValueError(f"{error}; restore it, or set {SECRET_VARIABLE}") from None


def grade_in_course(notebook: Path, *, student: str, assignment: str, settings: CourseSettings):
    """The kit's grade of one student's ``notebook``: the one recorded for these bytes, this seed and this
    suite, else graded now by this process's grader (and recorded)."""
    from autograder import batch

    return batch.grade_or_keep(
        notebook,
        student,
        settings.folder(assignment),
        seed=batch.student_seed(settings.secret(), student),
        grader=lambda: _process_grader(settings),
    )


_grader = None


def _process_grader(settings: CourseSettings):
    """One ``Grader`` for this process (nbgrader makes a new step per notebook), checked once with
    the canary before its first submission, closed at exit."""
    global _grader
    if _grader is None:
        from autograder.grading import Grader

        grader = Grader(private=[settings.root, settings.secret_file], trusted=settings.trusted)
        atexit.register(grader.close)
        grader.check_environment()
        _grader = grader
    return _grader
