"""feedback.html: one student's grade as a self-contained page (no external resources, no JavaScript).

It shows the points, every test with its feedback message, the written answers still to be graded
by hand, and the student's own ``compare_initializers`` results drawn as inline SVG. Every piece of
text is HTML-escaped; the same results give a byte-identical page.
"""

from __future__ import annotations

import html
import io
import math
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.reports.text import printable
from autograder.results import GradingResults, TestResult

MAX_LINES = 12  # initializers drawn per plot; a longer comparison is cut, with a note
DRAWABLE = (1e-100, 1e100)  # sizes of nonzero values matplotlib's scales draw without overflowing
VANISHING = "Measured at initialization: a line falling towards 0 layer after layer is a signal that vanishes."
PLOTS = (  # key in the comparison, title, x label, y label, log scale, caption
    ("loss", "Training loss per epoch", "epoch", "training loss", False, "One line per initializer."),
    ("activation_stds", "Activation std per hidden layer", "hidden layer", "activation std", True, VANISHING),
)
UNAVAILABLE = (
    "<p>The comparison plots are unavailable because compare_initializers did not return usable results "
    "(no finite loss or activation std values to draw).</p>"
)
STYLES = ("o-", "s--", "^:", "D-.")  # marker and dash per line, so that overlapping lines stay visible
STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#1f2328;line-height:1.45}h1{margin-bottom:.2rem}.total{font-size:1.25rem;margin-top:0}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.45rem .6rem;text-align:left;
vertical-align:top}th{background:#f6f8fa}td.points{white-space:nowrap;text-align:right}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:.85rem}.status{font-weight:600}
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
        f'<p class="total">Automatically graded: <strong>{results.total:g} / {results.possible:g}</strong> points</p>',
    ]
    if results.manual:
        parts.append(
            f'<div class="note"><p>Your written answers ({results.manual_possible:g} points) are graded by hand; '
            "their points are pending and not included in the total above.</p><ul>"
            + "".join(f"<li>{_text(item.name)} ({item.max_score:g} points)</li>" for item in results.manual)
            + "</ul></div>"
        )
    parts += ["<h2>Tests</h2>", "<table><thead><tr><th>Test</th><th>Points</th><th>Status</th><th>Message</th></tr>"]
    parts += ["</thead><tbody>", *(_row(test) for test in results.tests), "</tbody></table>"]
    parts += ["<h2>Your training comparison</h2>", *_plots(results.comparison)]
    parts.append(f"<footer><p>{_text(results.isolation)}</p></footer></body></html>\n")
    return "\n".join(parts)


def write_feedback_html(results: GradingResults, path: Path) -> Path:
    """Write ``render_feedback(results)`` to ``path`` atomically."""
    return write_text_atomic(path, render_feedback(results))


def _text(text: str) -> str:
    return html.escape(printable(str(text)))


def _row(test: TestResult) -> str:
    status = "passed" if test.passed else "partial" if test.score > 0 else "failed"
    message = f"<pre>{_text(test.output)}</pre>" if test.output.strip() else ""
    return (
        f'<tr><td>{_text(test.name)}</td><td class="points">{test.score:g} / {test.max_score:g}</td>'
        f'<td class="status {status}">{status}</td><td>{message}</td></tr>'
    )


def _plots(comparison: dict) -> list[str]:
    entries = {name: entry for name, entry in (comparison or {}).items() if isinstance(entry, dict)}
    drawn = [(plot, *_series(entries, plot[0])) for plot in PLOTS]
    if not any(lines for _, lines, _ in drawn):
        return [UNAVAILABLE]
    parts = ["<p>Your own <code>compare_initializers</code> run, shown for learning; it is not used for points.</p>"]
    for (key, title, xlabel, ylabel, log, caption), lines, dropped in drawn:
        if dropped:
            caption += f" {dropped} value(s) not drawn: not finite numbers, or sized outside {DRAWABLE[0]:g}"
            caption += f" to {DRAWABLE[1]:g}."
        if len(entries) > MAX_LINES:
            caption += f" Only the first {MAX_LINES} initializers are drawn."
        figure = _svg(lines, title, xlabel, ylabel, log=log, salt=key) if lines else f"<p>No {ylabel} to draw.</p>"
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
    """A legend label matplotlib draws as plain text: printable ASCII, no mathtext ``$``, no hiding ``_``,
    no ``"`` (which matplotlib leaves unescaped in SVG text, where ``_svg`` rewrites ids)."""
    label = printable(str(name)).encode("ascii", "backslashreplace").decode("ascii").replace('"', "'")
    return " " * label.startswith("_") + label[:40].replace("$", r"\$")


def _svg(lines: dict, title: str, xlabel: str, ylabel: str, *, log: bool, salt: str) -> str:
    """One line plot as an inline ``<svg>`` element; with ``log``, a logarithmic y axis (``_log_scale``)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    values = [y for points in lines.values() for _, y in points]
    with matplotlib.rc_context({"svg.hashsalt": f"initgrade-{salt}", "svg.fonttype": "none"}):
        figure = Figure(figsize=(8, 3.6), layout="constrained")
        axes = figure.add_subplot()
        for number, (label, points) in enumerate(lines.items()):
            axes.plot(*zip(*points), STYLES[number % len(STYLES)], label=label)
        if log and max(values) > 0:
            _log_scale(axes, values)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set(title=title, xlabel=xlabel, ylabel=ylabel)
        axes.grid(alpha=0.3)
        axes.legend(title="initializer", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # ids and references get a per-plot prefix: ids are unique in the page
    return (
        svg.replace(' id="', f' id="{salt}-')
        .replace('href="#', f'href="#{salt}-')
        .replace('="url(#', f'="url(#{salt}-')
    )


def _log_scale(axes, values: list[float]) -> None:
    """Logarithmic y axis from the decade below the smallest positive value to the decade above the largest;
    symmetric-logarithmic (linear below that smallest decade) when some values are 0 or negative, as the
    activation stds of all-zero weights are."""
    positive = [y for y in values if y > 0]
    low, high = (
        10.0 ** math.floor(math.log10(min(positive)) - 0.05),
        10.0 ** math.ceil(math.log10(max(positive)) + 0.05),
    )
    if min(values) > 0:
        axes.set_yscale("log")
        axes.set_ylim(low, high)
    else:
        axes.set_yscale("symlog", linthresh=low)
        axes.set_ylim(-(10.0 ** math.ceil(math.log10(-min(values)) + 0.05)) if min(values) < 0 else -low / 2, high)
