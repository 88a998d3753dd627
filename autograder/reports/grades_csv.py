"""grades.csv: one row per student, the automatic score and the points of every graded function,
the points of every written question, and the total of both.

Columns: ``student_id, score, max_score, status``, where ``score`` / ``max_score`` are the
automatically graded points; one column per graded function, headed ``name (/points)``; one per
written question, headed ``q1_1 (/4)``, holding the points given by hand or ``pending``;
``written (/60)``, the written points given so far (``pending`` while none is); and
``total (/209.5)``, the automatic score plus the written points given so far (a pending question
adds nothing). Every maximum is derived from the results, never stated here.

A student whose submission could not be loaded has its status instead of ``graded`` (``not-a-zip``,
..., ``results.UNLOADABLE_STATUSES``), and 0 points.

A student on whom the grader failed has the status ``grader error`` and empty score, function and
total columns: they have no grade yet (a 0 there would read as one). Their written questions are
shown as given, since a person graded those and not the grader."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.results import GradingResults

GRADED, GRADER_ERROR = "graded", "grader error"
PENDING = "pending"


def grades_table(all_results: list[GradingResults]) -> list[list[str]]:
    """Header and rows, by student id (see the module docstring for the columns).

    Function columns come in the order the hidden suite grades them, question columns in the order
    of the written questions."""
    functions: dict[str, float] = {}
    questions: dict[str, float] = {}
    for results in all_results:
        for function, (_, possible) in results.by_function().items():
            functions.setdefault(function, possible)
        for item in results.manual:
            questions.setdefault(item.question_id, item.max_score)
    total_possible = round(sum(functions.values()) + sum(questions.values()), 6)
    header = [
        "student_id",
        "score",
        "max_score",
        "status",
        *(f"{name} (/{points:g})" for name, points in functions.items()),
        *(f"{name} (/{points:g})" for name, points in questions.items()),
        *([f"written (/{round(sum(questions.values()), 6):g})"] if questions else []),
        f"total (/{total_possible:g})",
    ]
    rows = [header]
    for results in sorted(all_results, key=lambda r: r.student_id):
        given = {item.question_id: item.score for item in results.manual}
        written = [PENDING if given.get(name) is None else f"{given[name]:g}" for name in questions]
        any_given = any(score is not None for score in given.values())
        if questions:
            written.append(f"{results.manual_score:g}" if any_given else PENDING)
        if not results.graded:
            rows.append([results.student_id, "", "", GRADER_ERROR] + [""] * len(functions) + written + [""])
            continue
        scores = results.by_function()
        rows.append(
            [results.student_id, f"{results.total:g}", f"{results.possible:g}", results.unloadable or GRADED]
            + [f"{scores[name][0]:g}" if name in scores else "" for name in functions]
            + written
            + [f"{results.total_with_written:g}"]
        )
    return rows


def write_grades_csv(all_results: list[GradingResults], path: Path) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grades_table(all_results))
    return write_text_atomic(path, buffer.getvalue())
