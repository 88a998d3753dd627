"""feedback.html in a real browser (headless Chromium): what the student sees, the tests in sections per
function that start open or folded, the written answers' points, and injected script staying text."""

import functools
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from autograder.reports.feedback_html import write_feedback_html
from autograder.results import GradingResults, ManualItem, TestResult

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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


class Dom(HTMLParser):
    """The dumped DOM: start tags, the title, all text (whitespace collapsed), and every ``<details>``
    element as ``[depth, open, summary text, test names in its tables]``, depth 0 for the outermost."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.chunks, self.title, self.in_title = [], [], "", False
        self.details, self.open_details, self.summary, self.column, self.in_name = [], [], None, 0, False
        self.feed(text)
        self.text = " ".join("".join(self.chunks).split())

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.in_title = tag == "title"
        if tag == "details":
            self.details.append([len(self.open_details), "open" in dict(attrs), "", []])
            self.open_details.append(self.details[-1])
        elif tag == "summary":
            self.summary = []
        elif tag == "tr":
            self.column = 0
        elif tag == "td":
            self.column += 1
            self.in_name = self.column == 1  # a row's first cell names the test

    def handle_endtag(self, tag):
        self.in_title = False
        if tag == "details" and self.open_details:
            self.open_details.pop()
        elif tag == "summary" and self.summary is not None:
            self.open_details[-1][2] = " ".join("".join(self.summary).split())
            self.summary = None
        elif tag == "td":
            self.in_name = False

    def handle_data(self, data):
        self.chunks.append(data)
        self.title += data if self.in_title else ""
        if self.summary is not None:
            self.summary.append(data)
        if self.in_name:
            for details in self.open_details:
                details[3].append(data)


def chromium(*arguments: str, profile: Path) -> subprocess.CompletedProcess:
    """Run headless Chromium with its own profile; fail (never skip) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: this test needs Chromium; install it with `apt-get install chromium`")
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *arguments], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"chromium exited with {done.returncode}: {done.stderr[-2000:]}"
    return done


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
