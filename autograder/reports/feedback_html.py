"""feedback.html: one student's grade as a self-contained page (no external resources, no JavaScript).

It shows the points, the written answers with the points given by hand or "pending", the tests
grouped by the function they grade, the student's own ``compare_initializers`` results drawn as
inline SVG, what the student's code printed, and in the footer how it was isolated and what that
isolation lacks.

The tests come in ``GradingResults.groups()`` order: the functions that lost points first, each an
open ``<details>`` section headed by the function's points, its failed tests listed and its passed
ones folded into a closed ``<details>``; then the functions with full marks, folded. Folding needs
no script: a reader opens a section by clicking its heading.

When the grader failed on the submission, a banner at the top says so instead of the points and
the tests: that this is not a grade and not the student's mistake, what happened, and that it will
be graded again. The page is rendered by the Jinja2 templates ``feedback.html`` and
``feedback_sections.html``, which escape every piece of text; the same results give a byte-identical
page.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from autograder import mistakes
from autograder.reports.atomic import write_text_atomic
from autograder.reports.svg_chart import line_chart
from autograder.reports.templates import environment
from autograder.results import FunctionGroup, GradingResults
from autograder.text import HAND_IN, printable, sentence

MAX_LINES = 12  # initializers drawn per plot; a longer comparison is cut, with a note
DRAWABLE = (1e-100, 1e100)  # sizes of nonzero values drawn; beyond them a scale says nothing a student can read
VANISHING = "Measured at initialization: a line falling towards 0 layer after layer is a signal that vanishes."
PLOTS = (  # key in the comparison, title, x label, y label, log scale, caption
    ("loss", "Training loss per epoch", "epoch", "training loss", False, "One line per initializer."),
    ("activation_stds", "Activation std per hidden layer", "hidden layer", "activation std", True, VANISHING),
)


NOT_WRITTEN_LINE = mistakes.MISTAKES[mistakes.NOT_WRITTEN]


class Plot(NamedTuple):
    """One comparison plot as the templates draw it: its chart (``None`` if it has nothing to draw)."""

    chart: Markup | None
    ylabel: str
    caption: str


def render_feedback(results: GradingResults) -> str:
    """The feedback page for one student, as HTML text."""
    return (
        environment()
        .get_template("feedback.html")
        .render(
            results=results,
            written_given=round(results.manual_possible - results.pending_possible, 6),
            plots=_plots(results.comparison),
            isolation=_isolation(results.isolation),
            messages=messages(results),
            not_written=NOT_WRITTEN_LINE,
            hand_in=HAND_IN,
        )
    )


def messages(results: GradingResults) -> dict[str, str]:
    """The message each failed test shows, by test name, in page order (``groups()``, failed tests
    first): its output, except that a catalogued mistake's sentence is shown only at the first test
    that names it; a later one shows what it measured and points back to that first test. The tests
    of a function not written yet show none (its section is one line)."""
    shown: dict[str, str] = {}  # mistake id -> the test that shows its sentence
    texts: dict[str, str] = {}
    for group in results.groups():
        if group.not_written:
            continue
        for test in group.failed:
            first = shown.get(test.mistake) if test.mistake else None
            if first is None:
                texts[test.name] = test.output
                if test.mistake:
                    shown[test.mistake] = test.name
            else:
                texts[test.name] = f'{mistakes.facts(test.output, test.mistake)} (The same mistake as in "{first}".)'
    return texts


def write_feedback_html(results: GradingResults, path: Path) -> Path:
    """Write ``render_feedback(results)`` to ``path`` atomically."""
    return write_text_atomic(path, render_feedback(results))


def function_section(group: FunctionGroup) -> str:
    """One function's section: open with its failed tests shown if it lost points, else folded; a
    function not written yet in one line. It needs no style sheet (the nbgrader course shows it in a
    grade cell's output)."""
    return str(_sections().function_section(group, {}, NOT_WRITTEN_LINE))


def comparison_html(comparison: dict) -> str:
    """The student's own ``compare_initializers`` run drawn as two inline SVG charts, with captions; or a
    paragraph saying why they are unavailable: the page's comparison section without its heading."""
    return str(_sections().comparison(_plots(comparison)))


def _sections():
    """The macros of ``feedback_sections.html``, the parts of the page shown also on their own (Jinja2
    builds the template's module once and keeps it)."""
    return environment().get_template("feedback_sections.html").module


def _isolation(isolation: dict) -> dict | None:
    """For the footer: the isolation level, its description and what it lacks as sentences; ``None`` if
    the student's code never ran."""
    if not isolation:
        return None
    return {
        "level": isolation.get("level", ""),
        "description": sentence(str(isolation.get("description", ""))),
        "lacks": [sentence(str(lack)) for lack in isolation.get("lacks", []) if str(lack).strip()],
    }


def _plots(comparison: dict) -> list[Plot]:
    """The two plots of the comparison, each with its chart or none and its caption; no plots if
    neither has a value to draw."""
    entries = {name: entry for name, entry in (comparison or {}).items() if isinstance(entry, dict)}
    drawn = [(plot, *_series(entries, plot[0])) for plot in PLOTS]
    if not any(lines for _, lines, _ in drawn):
        return []
    plots = []
    for (_, title, xlabel, ylabel, log, caption), lines, dropped in drawn:
        if dropped:
            caption += f" {dropped} value(s) not drawn: not finite numbers, or sized outside {DRAWABLE[0]:g}"
            caption += f" to {DRAWABLE[1]:g}."
        if len(entries) > MAX_LINES:
            caption += f" Only the first {MAX_LINES} initializers are drawn."
        # Markup: the kit's own SVG, in which line_chart escapes every label (the initializers' names).
        chart = Markup(line_chart(lines, title=title, xlabel=xlabel, ylabel=ylabel, log=log)) if lines else None
        plots.append(Plot(chart, ylabel, caption))
    return plots


def _series(entries: dict, key: str) -> tuple[dict[str, list[tuple[int, float]]], int]:
    """Per initializer label, the drawable ``(1-based index, value)`` points of ``entries[name][key]``; and
    how many values were left out because they were not finite numbers or too large or small to draw."""
    lines, dropped = {}, 0
    for name, entry in list(entries.items())[:MAX_LINES]:
        values = entry.get(key, [])
        values = values if isinstance(values, list) else [values]
        points = [(i, float(v)) for i, v in enumerate(values, 1) if _drawable(v)]
        dropped += len(values) - len(points)
        if points:
            lines[_label(name)] = points
    return lines, dropped


def _drawable(value) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return False
    return value == 0 or DRAWABLE[0] <= abs(value) <= DRAWABLE[1]


def _label(name) -> str:
    """A legend label: printable ASCII (other characters as Python escapes), no double quotes, at most 40."""
    return printable(str(name)).encode("ascii", "backslashreplace").decode("ascii").replace('"', "'")[:40]
