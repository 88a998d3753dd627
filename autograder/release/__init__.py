"""The release stage: from the reference in ``solutions/`` to what students get.

    render_release(source=None) -> {relative path: text or bytes}     write_release(files, out) -> [paths written]

It takes the reference folder (``source``, default ``solutions/``), whose solution code sits between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` and whose model answers sit between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``, and returns the student folder as data:
every file with its regions stubbed (``stubs``), plus ``initialization.ipynb``, the same assignment as
one Jupyter notebook (``notebook``); a binary file (the checkpoint Part 4 starts from, which
``pretrained`` trains and writes) travels as bytes, unchanged. ``write_release`` puts that data on
disk once ``leaks`` has found none of what students must not see in it: no solution line, model
answer, hidden test line or course secret. May import the grading stage (the hidden rubric's
points, the written questions' headings, the notebook tags a graded notebook is read by),
``results`` and the leaves.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.reference import ASSIGNMENT_DIR
from autograder.release.leaks import LeakError, check_deliverable
from autograder.release.notebook import NOTEBOOK_NAME, notebook_text, student_notebook
from autograder.release.stubs import (
    MARKDOWN_MARKERS,
    MARKDOWN_STUB,
    PYTHON_MARKERS,
    render_stubs,
    strip_markdown,
    strip_python,
    write_files,
)
from autograder.secret import SECRET_VARIABLE

__all__ = [
    "LeakError",
    "MARKDOWN_MARKERS",
    "MARKDOWN_STUB",
    "PYTHON_MARKERS",
    "render_release",
    "strip_markdown",
    "strip_python",
    "write_release",
]


def render_release(source: Path | None = None) -> dict[str, str | bytes]:
    """The student folder as ``{relative path: text}``, bytes for a binary file: the stubbed files of
    ``source`` (default ``solutions/``) and the student notebook."""
    return {**render_stubs(source), NOTEBOOK_NAME: notebook_text(student_notebook(source))}


def write_release(
    files: dict[str, str | bytes], out: Path = ASSIGNMENT_DIR, *, secret: str | None = None
) -> list[Path]:
    """Write ``files`` (from ``render_release``) under ``out`` (see ``stubs.write_files``) and return the
    paths written, unless they leak: then raise ``LeakError`` (a ``ValueError``) naming every leak, having
    written nothing. ``secret`` is the course secret to look for; None reads ``INITGRADE_SECRET``, if set."""
    check_deliverable(files, secret=os.environ.get(SECRET_VARIABLE, "") if secret is None else secret)
    return write_files(files, out)
