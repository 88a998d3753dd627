"""The Jinja2 templates of the HTML reports, and the one environment that renders them.

``feedback.html`` is a student's page and ``feedback_sections.html`` the parts of it the nbgrader
course also shows on their own (``feedback_html``); ``summary.html`` is the class page (``summary``);
``similarity.html`` the code-similarity report (``autograder.review.similarity_report``).

The environment autoescapes, so escaping is not left to each place that shows a value: every
``{{ expression }}`` passes through ``_as_text`` (Jinja2's ``finalize``). A value the kit marked as
markup passes unchanged: a macro's output, and the SVG charts, which ``feedback_html`` marks where it
draws them. Anything else (student ids, test names and messages, what the student's code printed,
numbers) is made printable (``text.printable``) and escaped by ``html.escape``: the same five
characters Jinja2 would escape, with the entities the kit's pages have always used (``&quot;`` and
``&#x27;``), so the same results give the same bytes as before the templates. An undefined name or
attribute raises (``StrictUndefined``) instead of rendering blank.
"""

from __future__ import annotations

import functools
import html

import jinja2
from markupsafe import Markup

from autograder.text import printable


@functools.cache
def environment() -> jinja2.Environment:
    """The environment, built once per process; templates are compiled on first use and kept."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("autograder.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_as_text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    return env


def _number(value: float, spec: str = "g") -> str:
    """The ``number`` filter: ``{{ score|number }}`` is ``f"{score:g}"``, ``{{ rate|number(".0%") }}``
    is ``f"{rate:.0%}"``."""
    return format(value, spec)


def _as_text(value) -> Markup:
    """``value`` as it goes into a page: markup the kit made as it is, anything else as escaped text."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(printable(str(value))))
