"""The class summary for instructors: the score histogram, the students, how the class did on each
function, the mistakes most students made, which tests it passed.

``write_class_summary`` writes ``summary.html``, ``pass_rates.csv`` (in suite order) and
``score_histogram.png``. The page shows the class size and mean, the histogram, then one row per
student (id linked to their feedback page, score, status, the functions they lost points in; the
table sorts by a click on a column's header, with a few lines of plain script in the page), then one
row per graded function (points possible, mean points, share of students with full marks, fewest
full marks first), then the catalogued mistakes by how many students made them (the catalogue,
``mistakes.MISTAKES``, is passed in, so a page can be rendered for any catalogue), then the tests
folded under their function (pass rate, lowest first), so the ideas the class missed come first.
The page is rendered by the Jinja2 template ``summary.html``, which escapes every piece of text.
The same results give byte-identical files.

Students on whom the grader failed have no grade: the page lists them first, in a section of their
own with the reason, and every number (pass rates, means, the histogram) leaves them out. Students
whose submission could not be loaded are listed next, with their status and reason; they count as 0.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from autograder.reports.atomic import write_bytes_atomic, write_text_atomic
from autograder.reports.png_histogram import histogram_png
from autograder.reports.templates import environment
from autograder.results import GradingResults

HISTOGRAM = "score_histogram.png"
FEEDBACK = "feedback.html"
"""A student's page, in the folder named by their id next to summary.html, as ``batch`` lays them out."""


def feedback_link(student_id: str) -> str:
    """The relative address of a student's feedback page from summary.html: ``"s001/feedback.html"``
    for ``"s001"``, the id percent-encoded (an ``@`` is ``%40``) so that it stays one path segment."""
    return f"{quote(student_id, safe='')}/{FEEDBACK}"


def student_rows(all_results: list[GradingResults]) -> list[dict]:
    """One row per student, by id: ``id``, ``link`` (``feedback_link``), ``status``, and for a student
    who has a grade ``score`` and ``possible`` (else ``None``) and ``lost``, ``(function, score,
    possible)`` for each function that lost points, those first in ``GradingResults.groups()``."""
    rows = []
    for results in sorted(all_results, key=lambda r: r.student_id):
        graded = results.graded
        rows.append(
            {
                "id": results.student_id,
                "link": feedback_link(results.student_id),
                "status": results.status,
                "score": results.total if graded else None,
                "possible": results.possible if graded else None,
                "lost": [(g.function, g.score, g.possible) for g in results.groups() if g.lost] if graded else [],
            }
        )
    return rows


def common_mistakes(
    all_results: list[GradingResults], *, catalogue: Mapping[str, str] = {}
) -> list[tuple[str, str, list[str], int]]:
    """``(mistake id, its sentence, the functions whose tests named it, students who made it)`` per
    catalogued mistake a failed test named (``TestResult.mistake``), most students first, ties by id.
    A student is counted once per mistake however many tests name it; students with a grader error
    are not counted. The sentence is the ``catalogue``'s (mistake id -> sentence, as
    ``mistakes.MISTAKES``), or the id itself when the catalogue lacks it.
    The functions are in the order the tests ran."""
    students: dict[str, int] = {}
    functions: dict[str, list[str]] = {}
    for results in sorted(_graded(all_results), key=lambda r: r.student_id):
        made = set()
        for test in results.tests:
            if test.mistake and not test.passed:
                made.add(test.mistake)
                named = functions.setdefault(test.mistake, [])
                if test.function not in named:
                    named.append(test.function)
        for mistake in made:
            students[mistake] = students.get(mistake, 0) + 1
    ranked = sorted(students, key=lambda mistake: (-students[mistake], mistake))
    return [(mistake, catalogue.get(mistake, mistake), functions[mistake], students[mistake]) for mistake in ranked]


def pass_rates(all_results: list[GradingResults]) -> list[tuple[str, int, int, float]]:
    """``(test name, students who passed, students graded on it, passed / graded)`` per test, in suite
    order; students with a grader error are not graded on any test."""
    counts: dict[str, list[int]] = {}
    for results in _graded(all_results):
        for test in results.tests:
            passed_graded = counts.setdefault(test.name, [0, 0])
            passed_graded[0] += test.passed
            passed_graded[1] += 1
    return [(name, passed, graded, passed / graded) for name, (passed, graded) in counts.items()]


def function_scores(all_results: list[GradingResults]) -> list[tuple[str, float, float, float, int]]:
    """``(function, points possible, mean points, share of students with full marks, students graded
    on it)`` per graded function, in suite order; students with a grader error are graded on none."""
    scores: dict[str, list[float]] = {}
    points: dict[str, float] = {}
    full: dict[str, int] = {}
    for results in _graded(all_results):
        for function, (score, possible) in results.by_function().items():
            scores.setdefault(function, []).append(score)
            points[function] = max(points.get(function, 0.0), possible)
            full[function] = full.get(function, 0) + (score >= possible)
    return [
        (name, points[name], statistics.mean(values), full[name] / len(values), len(values))
        for name, values in scores.items()
    ]


def render_summary_html(
    all_results: list[GradingResults], histogram_png_name: str, *, mistakes: Mapping[str, str] = {}
) -> str:
    """The summary page: grader errors first, then class size and totals, the histogram of totals,
    the students, points per function (fewest full marks first), the most common mistakes, and the
    pass rate per test (lowest first) folded under its function in the order of the function table;
    every number is over the students who were graded. ``mistakes`` is the catalogue of mistakes
    (see ``common_mistakes``)."""
    graded = _graded(all_results)
    totals = [results.total for results in graded]
    failed = sorted((results for results in all_results if not results.graded), key=lambda r: r.student_id)
    functions = sorted(function_scores(graded), key=lambda row: row[3])  # stable: ties stay in suite order
    tests = sorted(pass_rates(graded), key=lambda row: row[3])  # stable: ties stay in suite order
    folded = [(function, [row for row in tests if row[0].split(":", 1)[0] == function[0]]) for function in functions]
    return (
        environment()
        .get_template("summary.html")
        .render(
            students=len(all_results),
            failed=[[results.student_id, results.grader_error] for results in failed],
            unloadable=[[r.student_id, r.unloadable, r.unloadable_reason] for r in all_results if r.unloadable],
            graded=len(graded),
            possible=_possible(graded),
            mean=statistics.mean(totals) if totals else None,
            median=statistics.median(totals) if totals else None,
            histogram=histogram_png_name,
            students_rows=student_rows(all_results),
            functions=functions,
            mistakes=common_mistakes(graded, catalogue=mistakes),
            folded=folded,
        )
    )


def write_class_summary(all_results: list[GradingResults], out_dir: Path, *, mistakes: Mapping[str, str] = {}) -> Path:
    """Write ``summary.html`` (``mistakes``: the catalogue of mistakes, see ``common_mistakes``),
    ``pass_rates.csv`` and ``score_histogram.png`` into ``out_dir``; return it."""
    out_dir = Path(out_dir)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["test", "passed", "graded", "pass_rate"])
    writer.writerows([name, passed, graded, f"{rate:.4f}"] for name, passed, graded, rate in pass_rates(all_results))
    write_text_atomic(out_dir / "pass_rates.csv", buffer.getvalue())
    write_bytes_atomic(out_dir / HISTOGRAM, _histogram_png(all_results))
    write_text_atomic(out_dir / "summary.html", render_summary_html(all_results, HISTOGRAM, mistakes=mistakes))
    return out_dir


def _graded(all_results: list[GradingResults]) -> list[GradingResults]:
    """The students who have a grade: all but those on whom the grader failed."""
    return [results for results in all_results if results.graded]


def _possible(all_results: list[GradingResults]) -> float:
    return max((results.possible for results in all_results), default=0.0)


def _histogram_png(all_results: list[GradingResults]) -> bytes:
    """A histogram of the graded students' totals over [0, possible]: one bar per point (totals
    rounded to the nearest point) up to 30 points, else 30 equal bins."""
    all_results = _graded(all_results)
    possible = _possible(all_results) or 1.0
    per_point = possible == int(possible) and possible <= 30
    edges = [i - 0.5 for i in range(int(possible) + 2)] if per_point else [possible * i / 30 for i in range(31)]
    return histogram_png(
        [results.total for results in all_results],
        edges=edges,
        title=f"Automatically graded totals ({len(all_results)} student(s))",
        xlabel=f"total points (out of {possible:g})",
        ylabel="students",
    )
