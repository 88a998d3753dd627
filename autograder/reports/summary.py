"""The class summary for instructors: the score histogram, how the class did on each function, which
tests it passed.

``write_class_summary`` writes ``summary.html``, ``pass_rates.csv`` (in suite order) and
``score_histogram.png``. The page shows the class size and mean, the histogram, then one row per
graded function (points possible, mean points, share of students with full marks, fewest full
marks first), then one row per test (pass rate, lowest first), so the ideas the class missed come
first. The page is rendered by the Jinja2 template ``summary.html``, which escapes every piece of
text. The same results give byte-identical files.

Students on whom the grader failed have no grade: the page lists them first, in a section of their
own with the reason, and every number (pass rates, means, the histogram) leaves them out. Students
whose submission could not be loaded are listed next, with their status and reason; they count as 0.
"""

from __future__ import annotations

import csv
import io
import statistics
from pathlib import Path

from autograder.reports.atomic import write_bytes_atomic, write_text_atomic
from autograder.reports.png_histogram import histogram_png
from autograder.reports.templates import environment
from autograder.results import GradingResults

HISTOGRAM = "score_histogram.png"


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


def render_summary_html(all_results: list[GradingResults], histogram_png_name: str) -> str:
    """The summary page: grader errors first, then class size and totals, the histogram of totals,
    points per function (fewest full marks first), pass rate per test (lowest first), all over the
    students who were graded."""
    graded = _graded(all_results)
    totals = [results.total for results in graded]
    failed = sorted((results for results in all_results if not results.graded), key=lambda r: r.student_id)
    functions = sorted(function_scores(graded), key=lambda row: row[3])  # stable: ties stay in suite order
    tests = sorted(pass_rates(graded), key=lambda row: row[3])  # stable: ties stay in suite order
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
            functions=functions,
            tests=tests,
        )
    )


def write_class_summary(all_results: list[GradingResults], out_dir: Path) -> Path:
    """Write ``summary.html``, ``pass_rates.csv`` and ``score_histogram.png`` into ``out_dir``; return it."""
    out_dir = Path(out_dir)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["test", "passed", "graded", "pass_rate"])
    writer.writerows([name, passed, graded, f"{rate:.4f}"] for name, passed, graded, rate in pass_rates(all_results))
    write_text_atomic(out_dir / "pass_rates.csv", buffer.getvalue())
    write_bytes_atomic(out_dir / HISTOGRAM, _histogram_png(all_results))
    write_text_atomic(out_dir / "summary.html", render_summary_html(all_results, HISTOGRAM))
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
