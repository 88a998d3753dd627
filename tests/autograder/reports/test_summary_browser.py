"""summary.html in a real browser (headless Chromium): the students table sorts by a click on a
header, numbers as numbers, and its links reach the feedback pages batch writes; the tests are folded
under their function; an injected script stays text."""

import functools
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from initgrade_test_browser import Dom, chromium  # registered by tests/autograder/conftest.py

from autograder import batch
from autograder.reports.summary import write_class_summary
from autograder.results import GradingResults, TestResult

INJECTED = "<script>document.title='pwned'</script>"


def scored(student_id: str, points: float) -> GradingResults:
    """A student with ``points`` of 200 over two functions (9, 10 and 100.5 sort differently as text)."""
    return GradingResults(
        student_id,
        [
            TestResult("he_normal: variance", min(points, 100), 100, mistake="fans-swapped" if points < 100 else ""),
            TestResult("xavier_uniform: bound", max(points - 100, 0), 100, f"bound exceeded {INJECTED}"),
        ],
    )


CLASS = [
    scored("ann", 10),
    scored("bob", 100.5),
    scored("cy", 9),
    GradingResults("dee", [TestResult("he_normal: variance", 100, 100)], grader_error=f"worker died {INJECTED}"),
]
CLICK = "document.querySelector('#students th:nth-child({column}) button').click();"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """A batch's output folder: every student's reports as batch writes them, then the summary."""
    out = tmp_path_factory.mktemp("summary")
    for results in CLASS:
        batch._write_student(results, out / results.student_id, "digest", record=results)
    write_class_summary(CLASS, out)
    return out


@functools.cache
def after_clicks(out: Path, *columns: int) -> Dom:
    """The DOM Chromium shows after a click on each header ``columns`` (1 for the first), in order: the
    summary with a script at its end that clicks, in a page next to it."""
    page = (out / "summary.html").read_text(encoding="utf-8")
    clicks = "".join(CLICK.format(column=column) for column in columns)
    clicked = out / f"clicked-{'-'.join(map(str, columns)) or 'none'}.html"
    clicked.write_text(page.replace("</body>", f"<script>{clicks}</script></body>"), encoding="utf-8")
    return Dom(chromium("--dump-dom", clicked.as_uri(), profile=out / f"profile-{clicked.stem}").stdout)


def ids(dom: Dom) -> list[str]:
    return [row[0] for row in dom.tables["students"]]


@pytest.mark.parametrize(
    "columns, order",
    [
        ((), ["ann", "bob", "cy", "dee"]),
        ((2,), ["cy", "ann", "bob", "dee"]),  # by number: 9 < 10 < 100.5; no grade last
        ((2, 2), ["bob", "ann", "cy", "dee"]),  # a second click reverses; no grade still last
        ((1, 1), ["dee", "cy", "bob", "ann"]),
        ((4,), ["ann", "bob", "cy", "dee"]),  # by status: graded < grader-error, ties keep their order
    ],
    ids=["as-written-by-id", "score-ascending", "score-descending", "id-descending", "status"],
)
def test_a_click_on_a_header_sorts_the_students(out, columns, order):
    assert ids(after_clicks(out, *columns)) == order, (
        f"rows after clicks on {columns}: {after_clicks(out, *columns).tables}"
    )


def test_the_students_table_shows_score_status_and_what_lost_points(out):
    assert after_clicks(out).tables["students"] == [
        ["ann", "10", "200", "graded", "he_normal (10 / 100), xavier_uniform (0 / 100)"],
        ["bob", "100.5", "200", "graded", "xavier_uniform (0.5 / 100)"],
        ["cy", "9", "200", "graded", "he_normal (9 / 100), xavier_uniform (0 / 100)"],
        ["dee", "\u2014", "\u2014", "grader-error", ""],
    ]


def test_each_link_opens_that_students_feedback_page(out):
    page = (out / "summary.html").as_uri()
    links = re.findall(r'<a href="([^"]*)"', (out / "summary.html").read_text(encoding="utf-8"))
    assert len(links) == len(CLASS), links
    for results, link in zip(CLASS, links):
        target = urljoin(page, link)
        dom = Dom(chromium("--dump-dom", target, profile=out / f"profile-link-{results.student_id}").stdout)
        assert dom.title == f"Feedback for {results.student_id}", f"{link} opened {target}, titled {dom.title!r}"


def test_the_mistakes_and_the_tests_folded_under_their_function(out):
    dom = after_clicks(out)
    assert dom.tables["mistakes"] == [["fans-swapped", "he_normal", "2"]], dom.tables["mistakes"]
    shown = [(depth, is_open, summary.split(":")[0], tests) for depth, is_open, summary, tests in dom.details]
    assert shown == [
        (0, False, "xavier_uniform", ["xavier_uniform: bound"]),
        (0, False, "he_normal", ["he_normal: variance"]),
    ], shown


def test_an_injected_script_stays_text_and_only_the_sorting_script_is_there(out):
    dom = after_clicks(out)
    assert dom.title == "Class summary", f"the title became {dom.title!r}"
    assert dom.tags.count("script") == 2, "a script element besides the sorting one and the test's clicks"
    assert f"worker died {INJECTED}" in dom.text, dom.text[:800]
