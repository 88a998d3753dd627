"""Line charts as inline SVG, written directly: the two plots of feedback.html cost microseconds
here, where a plotting library costs 0.7 s to import and 0.3 s a figure (a batch renders one page
per student).

``line_chart(lines, title=..., xlabel=..., ylabel=..., log=...)`` draws one polyline per entry of
``lines`` (label -> [(x, y), ...], x integer), with markers and a dash pattern per line so that
overlapping lines stay visible, and a legend. With ``log``, the y axis is logarithmic in decades
(labelled 10⁻³ ...); values <= 0 are drawn on a bottom row labelled 0. Labels are escaped.
"""

from __future__ import annotations

import html
import math

WIDTH, HEIGHT = 760, 330
LEFT, TOP, RIGHT, BOTTOM = 74, 34, 560, 280  # the plotting area
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
DASHES = ("", "7 4", "2 3", "9 3 2 3")
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def line_chart(lines: dict[str, list[tuple[int, float]]], *, title: str, xlabel: str, ylabel: str, log: bool) -> str:
    """The chart as an ``<svg>`` element (see the module docstring); ``lines`` must hold a point."""
    xs = [x for points in lines.values() for x, _ in points]
    ys = [y for points in lines.values() for _, y in points]
    to_x, x_ticks = _x_axis(min(xs), max(xs))
    to_y, y_ticks = _log_axis(ys) if log and max(ys) > 0 else _linear_axis(min(ys), max(ys))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{_escape(title)}" font-family="sans-serif" font-size="12">',
        f'<text x="{(LEFT + RIGHT) / 2}" y="20" text-anchor="middle" font-size="14">{_escape(title)}</text>',
        f'<rect x="{LEFT}" y="{TOP}" width="{RIGHT - LEFT}" height="{BOTTOM - TOP}" fill="none" stroke="#444"/>',
    ]
    for value, label in x_ticks:
        x = to_x(value)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{BOTTOM}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{BOTTOM + 16}" text-anchor="middle">{label}</text>')
    for value, label in y_ticks:
        y = to_y(value)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    parts.append(f'<text x="{(LEFT + RIGHT) / 2}" y="{HEIGHT - 14}" text-anchor="middle">{_escape(xlabel)}</text>')
    middle = (TOP + BOTTOM) / 2
    parts.append(
        f'<text x="16" y="{middle}" text-anchor="middle" transform="rotate(-90 16 {middle})">{_escape(ylabel)}</text>'
    )
    for number, (label, points) in enumerate(lines.items()):
        parts += _line(number, label, [(to_x(x), to_y(y)) for x, y in points])
    parts.append("</svg>")
    return "".join(parts)


def _line(number: int, label: str, points: list[tuple[float, float]]) -> list[str]:
    color, dash = COLORS[number % len(COLORS)], DASHES[number % len(DASHES)]
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    legend_y = TOP + 10 + 20 * number
    return [
        f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dashed}/>',
        *(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>' for x, y in points),
        f'<line x1="{RIGHT + 14}" y1="{legend_y}" x2="{RIGHT + 42}" y2="{legend_y}" stroke="{color}" '
        f'stroke-width="2"{dashed}/>',
        f'<text x="{RIGHT + 48}" y="{legend_y + 4}">{_escape(label)}</text>',
    ]


def _x_axis(low: int, high: int):
    if low == high:
        low, high = low - 1, high + 1
    step = max(1, math.ceil((high - low) / 10))
    ticks = [(value, str(value)) for value in range(low, high + 1, step)]
    return (lambda x: LEFT + (x - low) / (high - low) * (RIGHT - LEFT)), ticks


def _linear_axis(low: float, high: float):
    if low == high:
        low, high = low - max(1.0, abs(low)), high + max(1.0, abs(high))
    step = _nice((high - low) / 5)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    count = round((high - low) / step)
    ticks = [(low + k * step, f"{low + k * step:.4g}") for k in range(count + 1)]
    return (lambda y: BOTTOM - (y - low) / (high - low) * (BOTTOM - TOP)), ticks


def _nice(raw: float) -> float:
    """The step of 1, 2 or 5 times a power of ten nearest above ``raw``."""
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _log_axis(ys: list[float]):
    positive = [y for y in ys if y > 0]
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    high += high == low
    zero_row = any(y <= 0 for y in ys)
    low -= zero_row  # one decade below the smallest positive value holds the values <= 0
    step = max(1, math.ceil((high - low) / 8))

    def to_y(y: float) -> float:
        decade = math.log10(y) if y > 0 else low
        return BOTTOM - (decade - low) / (high - low) * (BOTTOM - TOP)

    ticks = [(10.0**k, "10" + str(k).translate(SUPERSCRIPT)) for k in range(low + zero_row, high + 1, step)]
    if zero_row:
        ticks.insert(0, (0.0, "0"))
    return to_y, ticks


def _escape(text: str) -> str:
    return html.escape(str(text))
