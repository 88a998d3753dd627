"""The kit's grade written into a notebook's cells, for nbgrader to record and show.

``fill_cells(nb, results)``: every code grade cell whose grade id names a graded function gets two
outputs, the kit's feedback on that function's tests (the section feedback.html shows for it: failed
tests first, passed ones folded) and its points as an ``execute_result``, which nbgrader's
``determine_grade`` reads as partial credit. Any other code grade cell gets an error output, which
nbgrader scores 0: a grade cell is worth only what the kit measured. The comparison cell (tag
``comparison``) gets the charts of the student's own ``compare_initializers`` run. Every piece of
text is escaped; no hidden test source is shown.
"""

from __future__ import annotations

import nbformat

from autograder.grading.load import COMPARISON_TAG
from autograder.reports.feedback_html import comparison_html, function_section
from autograder.results import FunctionGroup, GradingResults


def fill_cells(nb, results: GradingResults) -> None:
    """Write ``results`` into the grade cells and the comparison cell of ``nb`` (in place). ``ValueError``
    if a grade cell's points differ from what the kit's hidden tests of its function are worth: the
    course was made from another version of the kit."""
    groups = {group.function: group for group in results.groups()}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("grade"):
            cell.outputs = _grade_outputs(grading.get("grade_id"), float(grading.get("points", 0)), groups)
        elif COMPARISON_TAG in cell.metadata.get("tags", []):
            cell.outputs = [
                _display(
                    comparison_html(results.comparison),
                    "Charts of your own compare_initializers run (not used for points).",
                )
            ]


def _grade_outputs(grade_id, points: float, groups: dict[str, FunctionGroup]) -> list:
    if grade_id not in groups:
        message = f"{grade_id!r} is not a function the kit grades, so this cell is worth no points."
        return [nbformat.v4.new_output("error", ename="NotGraded", evalue=message, traceback=[message])]
    group = groups[grade_id]
    if points != group.possible:
        raise ValueError(
            f"grade cell {grade_id!r} is worth {points:g} points in this course, but the kit's hidden tests of "
            f"{grade_id} are worth {group.possible:g}: the course was made by another version of the kit; run "
            "`initgrade nbgrader init` on it again, then `nbgrader generate_assignment --force`"
        )
    return [
        _display(function_section(group), _plain(group)),
        nbformat.v4.new_output("execute_result", data={"text/plain": repr(group.score)}, execution_count=None),
    ]


def _display(markup: str, text: str):
    return nbformat.v4.new_output("display_data", data={"text/html": markup, "text/plain": text})


def _plain(group: FunctionGroup) -> str:
    """The function's section as plain text, for a notebook viewer that shows no HTML."""
    lines = [f"{group.function}: {group.score:g} / {group.possible:g} points"]
    for test in group.tests:
        lines.append(
            f"  {'passed' if test.passed else 'LOST POINTS'}: {test.name} ({test.score:g} / {test.max_score:g})"
        )
        lines += [f"      {line}" for line in test.output.splitlines()]
    return "\n".join(lines)
