"""feedback.html in a real browser (headless Chromium): what the student sees, the tests in sections per
function that start open or folded, the written answers' points, and injected script staying text."""

import functools
import struct
from pathlib import Path

import pytest
from initgrade_test_browser import Dom, chromium  # registered by tests/autograder/conftest.py

from autograder.reports.feedback_html import write_feedback_html
from autograder.results import GradingResults, ManualItem, TestResult

WINDOW = (1100, 2000)
INJECTED = "<script>document.title='pwned'</script>"
TESTS = [
    TestResult("he_normal: variance matches 2/fan_in", 2, 2),
    TestResult("xavier_uniform: bound", 0, 2, f'largest |w| 0.2449 exceeds the bound 0.1225\n{INJECTED} & "quotes"'),
    TestResult("train: loss history", 0.5, 1, "loss has 2 values; expected 3"),
    TestResult("train: epochs run", 1, 1),
]
RESULTS = GradingResults(
    "s1234567",
    TESTS,
    [ManualItem("Q1.1 Why zero weights fail", 4, 3), ManualItem("Q2.6 Orthogonal initialization", 2)],
    comparison={
        "he": {"loss": [2.05, 1.21, 0.74], "activation_stds": [0.81, 0.84, 0.8]},
        "zeros": {"loss": [2.3026, 2.3026, 2.3026], "activation_stds": [0.0, 0.0, 0.0]},
    },
    isolation={"level": "userns", "description": "a separate process in a user namespace", "lacks": []},
    printed=f"[training.py]\nepoch 1: loss 2.05\n{INJECTED}\n",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return write_feedback_html(RESULTS, tmp_path_factory.mktemp("browser") / "feedback.html")


@functools.cache
def dumped(page: Path) -> Dom:
    return Dom(chromium("--dump-dom", page.as_uri(), profile=page.parent / "profile-dom").stdout)


def test_the_student_sees_their_id_totals_and_written_answers_graded_or_pending(page):
    dom = dumped(page)
    for expected in (
        "Feedback for s1234567",
        "Automatically graded: 3.5 / 6 points",
        "With your written answers graded so far: 6.5 / 12 points",
        "Q1.1 Why zero weights fail (4 points): 3 / 4",
        "Q2.6 Orthogonal initialization (2 points): pending",
    ):
        assert expected in dom.text, f"{expected!r} not in what Chromium shows: {dom.text[:700]!r}"


def test_the_tests_are_in_sections_per_function_open_where_points_were_lost(page):
    shown = [(depth, is_open, summary, tests) for depth, is_open, summary, tests in dumped(page).details]
    assert shown == [
        (0, True, "xavier_uniform: 0 / 2 points, its test lost points", ["xavier_uniform: bound"]),
        (0, True, "train: 1.5 / 2 points, 1 of 2 tests lost points", ["train: loss history", "train: epochs run"]),
        (1, False, "1 passed test", ["train: epochs run"]),
        (0, False, "he_normal: 2 / 2 points, its test passed", ["he_normal: variance matches 2/fan_in"]),
    ], f"<details> in Chromium's DOM (depth, open, summary, tests): {shown}"


@pytest.mark.parametrize("test", TESTS, ids=["passed", "failed-with-injected-script", "partial", "passed-folded"])
def test_every_test_title_and_message_is_shown_as_text(page, test):
    dom = dumped(page)
    message = " ".join(test.output.split())
    assert test.name in dom.text and message in dom.text, f"{test.name!r} / {message!r} not in {dom.text[:800]!r}"


def test_what_the_students_code_printed_is_shown(page):
    dom = dumped(page)
    shown = "What your code printed Everything your code wrote"
    assert shown in dom.text and f"epoch 1: loss 2.05 {INJECTED}" in dom.text, f"not shown: {dom.text[-600:]!r}"


def test_an_injected_script_stays_text_and_never_runs(page):
    dom = dumped(page)
    assert "script" not in dom.tags, "a <script> element appeared in the DOM"
    assert dom.title == "Feedback for s1234567", f"the title became {dom.title!r}"


def test_both_comparison_plots_are_svg_elements(page):
    assert dumped(page).tags.count("svg") == 2, f"{dumped(page).tags.count('svg')} <svg> elements in the DOM"


def test_a_screenshot_of_the_page_is_a_non_trivial_png(page):
    shot = page.parent / "feedback.png"
    size = f"--window-size={WINDOW[0]},{WINDOW[1]}"
    chromium(size, "--hide-scrollbars", f"--screenshot={shot}", page.as_uri(), profile=page.parent / "profile-shot")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", f"the screenshot is not a PNG: {png[:8]!r}"
    assert struct.unpack(">II", png[16:24]) == WINDOW, f"screenshot size {struct.unpack('>II', png[16:24])}"
    assert len(png) > 30_000, f"the screenshot is only {len(png)} bytes: a blank page?"


def test_a_grader_error_page_shows_the_banner_and_no_tests(tmp_path):
    failed = GradingResults("s1234567", TESTS, grader_error=f"1 hidden test failed inside the grader: {INJECTED}")
    page = write_feedback_html(failed, tmp_path / "feedback.html")
    dom = Dom(chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile").stdout)
    for shown in ("The grader failed on your submission", "This is not a grade and not your mistake", INJECTED):
        assert shown in dom.text, f"{shown!r} not in what Chromium shows: {dom.text[-900:]!r}"
    assert "table" not in dom.tags and "script" not in dom.tags, f"a test table or a script in the DOM: {dom.tags}"
    assert "Automatically graded" not in dom.text, "a grader-error page shows points"
