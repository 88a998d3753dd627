"""The release stage: from the reference in ``solutions/`` to what students get.

    render_release(source=None) -> {relative path: text}     write_release(files, out) -> [paths written]

It takes the reference folder (``source``, default ``solutions/``), whose solution code sits between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` and whose model answers sit between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``, and returns the student folder as data:
every file with its regions stubbed (``stubs``), plus ``initialization.ipynb``, the same assignment as
one Jupyter notebook (``notebook``). ``write_release`` puts that data on disk.
"""

from __future__ import annotations

from pathlib import Path

from autograder.release.notebook import NOTEBOOK_NAME, notebook_text, student_notebook
from autograder.release.stubs import (
    MARKDOWN_MARKERS,
    MARKDOWN_STUB,
    PYTHON_MARKERS,
    render_stubs,
    strip_markdown,
    strip_python,
    write_release,
)

__all__ = [
    "MARKDOWN_MARKERS",
    "MARKDOWN_STUB",
    "PYTHON_MARKERS",
    "render_release",
    "strip_markdown",
    "strip_python",
    "write_release",
]


def render_release(source: Path | None = None) -> dict[str, str]:
    """The student folder as ``{relative path: text}``: the stubbed files of ``source`` (default
    ``solutions/``) and the student notebook."""
    return {**render_stubs(source), NOTEBOOK_NAME: notebook_text(student_notebook(source))}
