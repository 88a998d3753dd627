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
be graded again. Every piece of text is HTML-escaped; the same results give a byte-identical page.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.reports.svg_chart import line_chart
from autograder.results import FunctionGroup, GradingResults, TestResult
from autograder.text import printable, sentence

MAX_LINES = 12  # initializers drawn per plot; a longer comparison is cut, with a note
DRAWABLE = (1e-100, 1e100)  # sizes of nonzero values drawn; beyond them a scale says nothing a student can read
VANISHING = "Measured at initialization: a line falling towards 0 layer after layer is a signal that vanishes."
PLOTS = (  # key in the comparison, title, x label, y label, log scale, caption
    ("loss", "Training loss per epoch", "epoch", "training loss", False, "One line per initializer."),
    ("activation_stds", "Activation std per hidden layer", "hidden layer", "activation std", True, VANISHING),
)
UNAVAILABLE = (
    "<p>The comparison plots are unavailable because compare_initializers did not return usable results "
    "(no finite loss or activation std values to draw).</p>"
)
STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#1f2328;line-height:1.45}h1{margin-bottom:.2rem}.total{font-size:1.25rem;margin-top:0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.45rem .6rem;text-align:left;
vertical-align:top}th{background:#f6f8fa}td.points{white-space:nowrap;text-align:right}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:.85rem}
pre.printed{background:#f6f8fa;padding:.6rem .9rem;border-radius:6px;max-height:30rem;overflow:auto}
details.function{border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0;padding:.3rem .7rem}
details.function>summary{cursor:pointer;padding:.2rem 0}details.passed-tests{margin:.4rem 0}
details.passed-tests>summary{cursor:pointer;color:#59636e}details table{table-layout:fixed}
details th:nth-child(1){width:32%}details th:nth-child(2){width:11%}details th:nth-child(3){width:10%}
.status{font-weight:600}
.grader-error{background:#ffebe9;border:1px solid #cf222e;padding:.6rem .9rem;border-radius:6px}
.passed{color:#1a7f37}.partial{color:#9a6700}.failed{color:#cf222e}.note{background:#fff8c5;padding:.6rem .9rem;
border-radius:6px}figure{margin:1.2rem 0}figure svg{width:100%;height:auto}figcaption{color:#59636e}
footer{margin-top:2rem;border-top:1px solid #d0d7de;padding-top:.5rem;color:#59636e;font-size:.8rem}"""


def render_feedback(results: GradingResults) -> str:
    """The feedback page for one student, as HTML text."""
    student = _text(results.student_id)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>Feedback for {student}</title>',
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Feedback for {student}</h1>",
    ]
    if results.graded:
        parts += [*_total(results), *_written(results, total_shown=True), *_tests(results.groups())]
    else:
        parts += [_grader_error_banner(results.grader_error), *_written(results, total_shown=False)]
    parts += ["<h2>Your training comparison</h2>", *comparison_plots(results.comparison)]
    if results.printed.strip():
        parts += [
            "<h2>What your code printed</h2>",
            "<p>Everything your code wrote on standard output and standard error while it was graded, "
            "under the name of the file whose process wrote it.</p>",
            f'<pre class="printed">{_text(results.printed)}</pre>',
        ]
    parts.append(f"<footer>{_isolation(results.isolation)}</footer></body></html>\n")
    return "\n".join(parts)


def write_feedback_html(results: GradingResults, path: Path) -> Path:
    """Write ``render_feedback(results)`` to ``path`` atomically."""
    return write_text_atomic(path, render_feedback(results))


def _text(text: str) -> str:
    return html.escape(printable(str(text)))


def _total(results: GradingResults) -> list[str]:
    """The automatic points; and, once a written answer has points, the total with them."""
    points = f"{results.total:g} / {results.possible:g}"
    lines = [f'<p class="total">Automatically graded: <strong>{points}</strong> points</p>']
    if len(results.pending) < len(results.manual):
        points = f"{results.total_with_written:g} / {results.possible_with_written:g}"
        lines.append(f'<p class="total">With your written answers graded so far: <strong>{points}</strong> points</p>')
    return lines


def _written(results: GradingResults, *, total_shown: bool) -> list[str]:
    """The written answers, graded by hand: each with its points given, or pending; none if there are none."""
    if not results.manual:
        return []
    pending = results.pending
    intro = f"Your written answers ({results.manual_possible:g} points) are graded by hand"
    if len(pending) == len(results.manual):
        intro += "; their points are " + ("pending and not included in the total above." if total_shown else "pending.")
    else:
        graded_points = round(results.manual_possible - results.pending_possible, 6)
        intro += f": {results.manual_score:g} / {graded_points:g} points given so far"
        intro += " (in the total above)" if total_shown else ""
        intro += f"; {_count(len(pending), 'question')} still pending." if pending else "."
    items = "".join(
        f"<li>{_text(item.name)} ({item.max_score:g} points): "
        + (f"<strong>{item.score:g} / {item.max_score:g}</strong>" if item.graded else "pending")
        + "</li>"
        for item in results.manual
    )
    return [f'<div class="note"><p>{intro}</p><ul>{items}</ul></div>']


def _tests(groups: list[FunctionGroup]) -> list[str]:
    """The tests by function, those that lost points first (see the module docstring)."""
    return [
        "<h2>Tests by function</h2>",
        "<p>Functions that lost points come first, open; passed tests are folded: click a heading to open it.</p>",
        *(function_section(group) for group in groups),
    ]


def function_section(group: FunctionGroup) -> str:
    """One function's section: open with its failed tests shown if it lost points, else folded. It needs
    no style sheet (the nbgrader course shows it in a grade cell's output)."""
    status = "passed" if not group.lost else "partial" if group.score > 0 else "failed"
    if len(group.tests) == 1:
        said = "its test lost points" if group.lost else "its test passed"
    else:
        said = f"{len(group.failed)} of {len(group.tests)} tests lost points" if group.lost else "all tests passed"
    summary = (
        f"<summary><strong>{_text(group.function)}</strong>: "
        f'<span class="status {status}">{group.score:g} / {group.possible:g} points</span>, {said}</summary>'
    )
    if not group.lost:
        return f'<details class="function">{summary}{_table(group.tests)}</details>'
    body = _table(group.failed)
    if group.passed:
        folded = f"<summary>{_count(len(group.passed), 'passed test')}</summary>{_table(group.passed)}"
        body += f'<details class="passed-tests">{folded}</details>'
    return f'<details class="function" open>{summary}{body}</details>'


def _table(tests: tuple[TestResult, ...]) -> str:
    head = "<thead><tr><th>Test</th><th>Points</th><th>Status</th><th>Message</th></tr></thead>"
    return f"<table>{head}<tbody>{''.join(_row(test) for test in tests)}</tbody></table>"


def _count(number: int, noun: str) -> str:
    """``"1 test"``, ``"3 tests"``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _grader_error_banner(reason: str) -> str:
    """The top of the page when the grader failed: no points, no tests, and why."""
    return (
        '<div class="grader-error"><h2>The grader failed on your submission</h2>'
        "<p>This is not a grade and not your mistake: the autograder's own machinery failed while it "
        "graded your code, so no points are shown for your code. Your submission will be graded again.</p>"
        f"<p>What happened:</p><pre>{_text(reason)}</pre></div>"
    )


def _isolation(isolation: dict) -> str:
    """The footer: how the student's code was isolated and what that level does not protect, or
    that the code never ran."""
    if not isolation:
        return "<p>Your code never ran.</p>"
    description = sentence(str(isolation.get("description", "")))
    parts = [f"<p>Your code ran isolated (level {_text(isolation.get('level', ''))}): {_text(description)}</p>"]
    lacks = [str(lack) for lack in isolation.get("lacks", []) if str(lack).strip()]
    if lacks:
        parts.append("<p>What this level does not protect:</p><ul>")
        parts += [f"<li>{_text(sentence(lack))}</li>" for lack in lacks]
        parts.append("</ul>")
    return "".join(parts)


def _row(test: TestResult) -> str:
    status = "passed" if test.passed else "partial" if test.score > 0 else "failed"
    message = f"<pre>{_text(test.output)}</pre>" if test.output.strip() else ""
    return (
        f'<tr><td>{_text(test.name)}</td><td class="points">{test.score:g} / {test.max_score:g}</td>'
        f'<td class="status {status}">{status}</td><td>{message}</td></tr>'
    )


def comparison_plots(comparison: dict) -> list[str]:
    """The student's own ``compare_initializers`` run drawn as two inline SVG charts, with captions; or a
    paragraph saying why they are unavailable."""
    entries = {name: entry for name, entry in (comparison or {}).items() if isinstance(entry, dict)}
    drawn = [(plot, *_series(entries, plot[0])) for plot in PLOTS]
    if not any(lines for _, lines, _ in drawn):
        return [UNAVAILABLE]
    parts = ["<p>Your own <code>compare_initializers</code> run, shown for learning; it is not used for points.</p>"]
    for (_, title, xlabel, ylabel, log, caption), lines, dropped in drawn:
        if dropped:
            caption += f" {dropped} value(s) not drawn: not finite numbers, or sized outside {DRAWABLE[0]:g}"
            caption += f" to {DRAWABLE[1]:g}."
        if len(entries) > MAX_LINES:
            caption += f" Only the first {MAX_LINES} initializers are drawn."
        figure = (
            line_chart(lines, title=title, xlabel=xlabel, ylabel=ylabel, log=log)
            if lines
            else f"<p>No {ylabel} to draw.</p>"
        )
        parts.append(f"<figure>{figure}<figcaption>{caption}</figcaption></figure>")
    return parts


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
