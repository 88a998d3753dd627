"""The written questions: their points, read from ``solutions/answers.md`` (``written_questions``),
and the scores given by hand, read from a CSV file (``read_written_scores``, for
``initgrade grade --written-scores``).

The format, one row per student::

    student_id,q1_1,q1_2,q1_3,q2_1,...
    alice,4,3.5,,6,...
    bob,2,4,5,,...

* The header holds ``student_id`` and one column per written question. A question's column is
  its id, derived from its heading in ``solutions/answers.md`` (``### Q1.1 <title> (4 points)``
  gives ``q1_1``: lower case, dots as underscores, the id an nbgrader notebook gives the
  question's grade cell); the heading's own label, ``Q1.1``, is accepted too. Columns may come in
  any order, and a question may have no column at all.
* A cell holds the points given, a number from 0 to the question's points (``3.5``), or nothing:
  that question is not graded yet and stays pending. A student with no row has every question
  pending.
* Rows are numbered as a spreadsheet shows them, the header being row 1. Rows whose every cell is
  empty are skipped. The file is UTF-8, with or without a byte-order mark.

The whole file is refused with a ``ValueError`` naming the file, the row and the column, what is
wrong and what is allowed, for: a student who is not among the submissions graded, a column that
is not a written question, no ``student_id`` column, a student or a question given twice, a row
with more or fewer cells than the header, and a score that is not a finite number or lies outside
0 to the question's points.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from pathlib import Path

from autograder.reference import solutions_dir
from autograder.results import ManualItem, question_id

STUDENT_COLUMN = "student_id"
LISTED = 8  # student ids named in a refusal before the rest are counted
# A written question's heading in answers.md: "### Q1.1 <dash> <title> (4 points)".
QUESTION_HEADING = re.compile(r"^###\s+(Q[\d.]+)\s+\S\s+(.+?)\s+\((\d+(?:\.\d+)?) points?\)\s*$", re.MULTILINE)


def written_questions() -> list[ManualItem]:
    """The written questions and their points, read from the headings of solutions/answers.md."""
    text = (solutions_dir() / "answers.md").read_text(encoding="utf-8")
    return [ManualItem(f"{number} {title}", float(points)) for number, title, points in QUESTION_HEADING.findall(text)]


def read_written_scores(
    path: Path, *, questions: list[ManualItem], students: Iterable[str]
) -> dict[str, dict[str, float | None]]:
    """``{student_id: {question id: points, or None while pending}}`` for every student with a row,
    read from the CSV file at ``path`` (see the module docstring); ``students`` are the ids being
    graded, ``questions`` the written questions (``grading.written_questions()``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"written scores {path}: not UTF-8 text (byte {error.start}); save it as UTF-8 CSV") from None
    except OSError as error:
        raise ValueError(f"written scores {path}: cannot be read: {error.strerror or error}") from None
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ValueError(f"written scores {path}: row {reader.line_num}: not valid CSV ({error})") from None
    rows = [(number, row) for number, row in enumerate(rows, 1) if any(cell.strip() for cell in row)]
    if not rows:
        raise ValueError(f"written scores {path}: the file is empty; {_expected_header(questions)}")
    header_number, header = rows[0]
    student_column, columns = _columns(f"written scores {path}: row {header_number}", header, questions)
    known = set(students)
    scores: dict[str, dict[str, float | None]] = {}
    first_row: dict[str, int] = {}
    for number, row in rows[1:]:
        where = f"written scores {path}: row {number}"
        if len(row) != len(header):
            raise ValueError(f"{where}: {len(row)} cells; every row must have one per header column ({len(header)})")
        student = row[student_column].strip()
        where += f", column {STUDENT_COLUMN!r}"
        if not student:
            raise ValueError(f"{where}: no student id; every row with scores must name its student")
        if student not in known:
            raise ValueError(f"{where}: {student!r} is not among the submissions graded; allowed: {_listed(known)}")
        if student in scores:
            raise ValueError(f"{where}: {student!r} has a row already (row {first_row[student]}); one row per student")
        first_row[student] = number
        scores[student] = {
            item.question_id: _score(row[index], item, f"written scores {path}: row {number}, column {header[index]!r}")
            for index, item in columns.items()
        }
    return scores


def _columns(row: str, header: list[str], questions: list[ManualItem]) -> tuple[int, dict[int, ManualItem]]:
    """The index of the student_id column and ``{index: question}`` for the question columns;
    ``row`` says where the header is, for the messages."""
    by_id = {item.question_id: item for item in questions}
    student_column, columns, seen = None, {}, {}
    for index, name in enumerate(header):
        where = f"{row}, column {index + 1} ({name!r})"
        key = question_id(name)
        if key == STUDENT_COLUMN:
            if student_column is not None:
                raise ValueError(f"{where}: a second {STUDENT_COLUMN} column; the header must name it once")
            student_column = index
        elif key in by_id:
            if key in seen:
                raise ValueError(f"{where}: question {key} has a column already ({seen[key]!r}); give it one column")
            seen[key] = name
            columns[index] = by_id[key]
        else:
            raise ValueError(f"{where}: not a written question; {_expected_header(questions)}")
    if student_column is None:
        raise ValueError(f"{row}: no {STUDENT_COLUMN} column; {_expected_header(questions)}")
    return student_column, columns


def _score(cell: str, item: ManualItem, where: str) -> float | None:
    """The points in one cell: ``None`` if it is empty (pending), else a number from 0 to the question's points."""
    text = cell.strip()
    if not text:
        return None
    allowed = f"allowed: a number from 0 to {item.max_score:g} ({item.name}), or an empty cell while it is pending"
    try:
        points = float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number; {allowed}") from None
    if not math.isfinite(points):
        raise ValueError(f"{where}: {text!r} is not a finite number; {allowed}")
    if not 0 <= points <= item.max_score:
        raise ValueError(f"{where}: {text} is outside 0 to {item.max_score:g}; {allowed}")
    return points + 0.0  # -0 read as 0, never shown as "-0"


def _expected_header(questions: list[ManualItem]) -> str:
    ids = ", ".join(item.question_id for item in questions)
    return f"the header must hold {STUDENT_COLUMN} and question columns among {ids} (or their labels, such as Q1.1)"


def _listed(students: set[str]) -> str:
    """The student ids being graded, the first ``LISTED`` by name, then how many more."""
    names = sorted(students)
    shown = ", ".join(names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "") if names else "no student"
