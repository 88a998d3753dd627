"""grades.csv: one row per student, the total and the points of every graded function.

A student on whom the grader failed has the status ``grader error`` and empty score and function
columns: they have no grade yet (a 0 there would read as one)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.results import GradingResults

WRITTEN_COLUMN = "written answers (graded by hand)"
GRADED, GRADER_ERROR = "graded", "grader error"


def grades_table(all_results: list[GradingResults]) -> list[list[str]]:
    """Header and rows: student_id, score, max_score, status, one column per function, written answers.

    Function columns are headed ``name (/points)``, in the order the hidden suite grades them.
    The status is ``graded`` or ``grader error``; a grader-error row leaves the points empty."""
    functions: dict[str, float] = {}
    for results in all_results:
        for function, (_, possible) in results.by_function().items():
            functions.setdefault(function, possible)
    header = [
        "student_id",
        "score",
        "max_score",
        "status",
        *(f"{name} (/{points:g})" for name, points in functions.items()),
    ]
    rows = [header + [WRITTEN_COLUMN]]
    for results in sorted(all_results, key=lambda r: r.student_id):
        written = f"pending (/{results.manual_possible:g})"
        if not results.graded:
            rows.append([results.student_id, "", "", GRADER_ERROR] + [""] * len(functions) + [written])
            continue
        scores = results.by_function()
        rows.append(
            [results.student_id, f"{results.total:g}", f"{results.possible:g}", GRADED]
            + [f"{scores[name][0]:g}" if name in scores else "" for name in functions]
            + [written]
        )
    return rows


def write_grades_csv(all_results: list[GradingResults], path: Path) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grades_table(all_results))
    return write_text_atomic(path, buffer.getvalue())
