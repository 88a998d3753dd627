"""A cell of the release notebook with its nbgrader metadata: the one place the notebook's cells are made.

    cell(kind, grade_id, text, nbgrader, **metadata) -> NotebookNode    any cell, with the nbgrader flags given
    read_only(kind, grade_id, text, **metadata) -> NotebookNode         a locked cell, neither answer nor grade

``kind`` is ``"code"`` or ``"markdown"``; the cell's id is its ``grade_id``, its metadata
``{"nbgrader": {...flags, "grade_id": grade_id, "schema_version": 3}, **metadata}`` (such as ``tags``).
Which flags each kind of cell carries is listed in ``autograder.release.notebook``'s docstring.
"""

from __future__ import annotations

import nbformat


def cell(kind: str, grade_id: str, text: str, nbgrader: dict, **metadata) -> nbformat.NotebookNode:
    """A ``kind`` cell holding ``text`` without its leading and trailing blank lines, named ``grade_id``,
    with the nbgrader flags ``nbgrader`` and the other ``metadata``."""
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    made = make(
        text.strip("\n"), metadata={"nbgrader": {**nbgrader, "grade_id": grade_id, "schema_version": 3}, **metadata}
    )
    made.id = grade_id
    return made


def read_only(kind: str, grade_id: str, text: str, **metadata) -> nbformat.NotebookNode:
    """``cell`` with the flags of a read-only cell: no solution, no grade, locked."""
    return cell(kind, grade_id, text, {"solution": False, "grade": False, "locked": True}, **metadata)
