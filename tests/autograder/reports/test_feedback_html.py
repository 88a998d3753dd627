"""feedback.html: what one student sees, tests grouped by function with what lost points first and
passed tests folded, written answers with their points or pending, hostile text neutralized, plots
of the student's own comparison."""

import pickle
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from autograder.reports.feedback_html import render_feedback, write_feedback_html
from autograder.results import GradingResults, ManualItem, TestResult

NAN, INF = float("nan"), float("inf")
COMPARISON = {
    "he": {"loss": [2.05, 1.21, 0.74], "activation_stds": [0.81, 0.84, 0.8], "test_accuracy": [0.91]},
    "small": {"loss": [2.3026, 2.3026, 2.3025], "activation_stds": [0.07, 2.3e-4, 1.5e-10], "test_accuracy": [0.1]},
}
ISOLATION = {
    "level": "landlock",
    "description": "a separate process as its own user, with Landlock rules and no network",
    "lacks": ["the worker shares the grader's PID namespace", "world-readable files under /usr can be read."],
}
HOSTILE = {
    "script": ("<script>document.title='pwned'</script>", "<script>document.title='pwned'</script>"),
    "cdata-end": ("a ]]> b", "a ]]> b"),
    "nul": ("before\x00after", "before\ufffdafter"),
    "ansi-colour": ("\x1b[31mred\x1b[0m text", "red text"),
    "quotes": ("\"double\" 'single' &amp;", "\"double\" 'single' &amp;"),
    "closing-tags": ("</pre></td></table><h1>fake</h1>", "</pre></td></table><h1>fake</h1>"),
}


class Page(HTMLParser):
    """The parsed page: start tags with attributes, all text, the text of each table row's cells, and
    every ``<details>`` element as a ``Section`` (in document order, nested ones included)."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.rows, self.cell = [], [], [], None
        self.sections, self.open_sections, self.summary = [], [], None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
            for section in self.open_sections:
                section.rows.append(self.rows[-1])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "details":
            attributes = dict(attrs)
            section = Section(attributes.get("class", ""), "open" in attributes)
            self.sections.append(section)
            self.open_sections.append(section)
        elif tag == "summary":
            self.summary = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        elif tag == "details":
            self.open_sections.pop()
        elif tag == "summary":
            self.open_sections[-1].summary = "".join(self.summary)
            self.summary = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)
        if self.summary is not None:
            self.summary.append(data)

    def count(self, tag):
        return sum(name == tag for name, _ in self.tags)


class Section:
    """One ``<details>`` element: its class, whether it starts open, its summary's text, and the rows
    of every table inside it (those of nested sections included)."""

    def __init__(self, kind, is_open):
        self.kind, self.open, self.summary, self.rows = kind, is_open, "", []

    def tests(self):
        """The names of the tests in this section's tables, header rows left out."""
        return [row[0] for row in self.rows if row[0] != "Test"]


def student(*, output="you used fan_in only", name="xavier_uniform: bound", comparison=COMPARISON, student_id="s1"):
    return GradingResults(
        student_id,
        [
            TestResult("he_normal: variance", 2, 2),
            TestResult(name, 0, 2, output),
            TestResult("train: loss", 0.5, 1, "x"),
        ],
        [ManualItem("Q1.1 Why zeros fail", 4), ManualItem("Q2.3 When LeCun", 3)],
        comparison=comparison,
        isolation=ISOLATION,
    )


HEADER = ["Test", "Points", "Status", "Message"]


def test_page_shows_points_every_test_the_pending_written_answers_and_the_isolation():
    page = Page(render_feedback(student()))
    text = " ".join("".join(page.text).split())
    assert page.rows == [
        HEADER,
        ["xavier_uniform: bound", "0 / 2", "failed", "you used fan_in only"],
        HEADER,
        ["train: loss", "0.5 / 1", "partial", "x"],
        HEADER,
        ["he_normal: variance", "2 / 2", "passed", ""],
    ], f"table rows: {page.rows}"
    for expected in (
        "Feedback for s1",
        "Automatically graded: 2.5 / 5 points",
        "Your written answers (7 points) are graded by hand; their points are pending and not included in the "
        "total above.",
        "Q1.1 Why zeros fail (4 points): pending",
        "Q2.3 When LeCun (3 points): pending",
        "Your code ran isolated (level landlock)",
    ):
        assert expected in text, f"{expected!r} missing from the page text: {text[:600]!r}"
    assert "graded so far" not in text, "a total with written answers when none has points"


def grouped():
    """Four functions in suite order: full marks, lost points (passed and failed tests mixed), full
    marks again, and lost points with every test failed or partly passed."""
    return GradingResults(
        "s2",
        [
            TestResult("compute_fans: dense", 1, 1),
            TestResult("he_normal: shape", 1, 1),
            TestResult("he_normal: variance", 0, 2, "ratio 4.0"),
            TestResult("he_normal: mean", 1, 1),
            TestResult("he_normal: bound", 0.5, 1, "partly"),
            TestResult("zeros: values", 1, 1),
            TestResult("train: loss", 0, 1, "no loss"),
            TestResult("train: history", 0.25, 1, "short"),
        ],
    )


def test_functions_that_lost_points_come_first_open_with_failed_tests_first_and_passed_ones_folded():
    page = Page(render_feedback(grouped()))
    functions = [section for section in page.sections if section.kind == "function"]
    shown = [(" ".join(section.summary.split()), section.open, section.tests()) for section in functions]
    assert shown == [
        (
            "he_normal: 2.5 / 5 points, 2 of 4 tests lost points",
            True,
            ["he_normal: variance", "he_normal: bound", "he_normal: shape", "he_normal: mean"],
        ),
        ("train: 0.25 / 2 points, 2 of 2 tests lost points", True, ["train: loss", "train: history"]),
        ("compute_fans: 1 / 1 points, its test passed", False, ["compute_fans: dense"]),
        ("zeros: 1 / 1 points, its test passed", False, ["zeros: values"]),
    ], f"sections (summary, open, tests): {shown}"
    folded = [
        (section.summary, section.open, section.tests()) for section in page.sections if section.kind != "function"
    ]
    assert folded == [("2 passed tests", False, ["he_normal: shape", "he_normal: mean"])], (
        f"passed tests of a function that lost points are not folded apart: {folded}"
    )


@pytest.mark.parametrize(
    "scores, shown, absent",
    [
        (
            (3.5, None),
            [
                "Automatically graded: 2.5 / 5 points",
                "With your written answers graded so far: 6 / 12 points",
                "Your written answers (7 points) are graded by hand: 3.5 / 4 points given so far (in the total "
                "above); 1 question still pending.",
                "Q1.1 Why zeros fail (4 points): 3.5 / 4",
                "Q2.3 When LeCun (3 points): pending",
            ],
            ["pending and not included"],
        ),
        (
            (4, 0),
            [
                "With your written answers graded so far: 6.5 / 12 points",
                "Your written answers (7 points) are graded by hand: 4 / 7 points given so far (in the total above).",
                "Q1.1 Why zeros fail (4 points): 4 / 4",
                "Q2.3 When LeCun (3 points): 0 / 3",
            ],
            ["pending"],
        ),
    ],
    ids=["one-graded-one-pending", "all-graded-one-zero"],
)
def test_written_answers_show_their_points_or_pending_and_count_in_the_total(scores, shown, absent):
    results = student().with_written_scores(dict(zip(("q1_1", "q2_3"), scores)))
    text = " ".join("".join(Page(render_feedback(results)).text).split())
    for expected in shown:
        assert expected in text, f"{expected!r} missing from the page text: {text[:900]!r}"
    for unexpected in absent:
        assert unexpected not in text, f"{unexpected!r} shown: {text[:900]!r}"


def test_a_grader_error_page_shows_written_points_given_but_no_total():
    results = student().with_written_scores({"q1_1": 3})
    results.grader_error = "worker did not start"
    text = " ".join("".join(Page(render_feedback(results)).text).split())
    for expected in (
        "The grader failed on your submission",
        "so no points are shown for your code",
        "Your written answers (7 points) are graded by hand: 3 / 4 points given so far; 1 question still pending.",
        "Q1.1 Why zeros fail (4 points): 3 / 4",
    ):
        assert expected in text, f"{expected!r} missing from the page text: {text[:900]!r}"
    for absent in ("Automatically graded", "graded so far:", "total above", "Tests by function"):
        assert absent not in text, f"{absent!r} shown on a grader-error page: {text[:900]!r}"


@pytest.mark.parametrize(
    "isolation, shown",
    [
        (
            ISOLATION,
            [
                "Your code ran isolated (level landlock): a separate process as its own user, with Landlock rules "
                "and no network.",
                "What this level does not protect:",
                "the worker shares the grader's PID namespace.",
                "world-readable files under /usr can be read.",
            ],
        ),
        (
            {"level": "namespaces", "description": "Own PID, mount and network namespaces.", "lacks": []},
            ["Your code ran isolated (level namespaces): Own PID, mount and network namespaces."],
        ),
        ({}, ["Your code never ran."]),
    ],
    ids=["with-lacks", "nothing-lacking", "code-never-ran"],
)
def test_the_footer_states_the_isolation_and_what_it_lacks(isolation, shown):
    results = student()
    results.isolation = isolation
    footer = re.search("<footer>(.*)</footer>", render_feedback(results), re.DOTALL).group(1)
    assert Page(footer).text == shown, f"footer text {Page(footer).text}; expected {shown}"


def test_a_grader_error_shows_a_banner_and_no_points_or_tests():
    results = student()
    results.grader_error = "3 hidden tests failed inside the grader: KeyError: '<b>loss</b>'"
    page = Page(render_feedback(results))
    chunks = [" ".join(chunk.split()) for chunk in page.text if chunk.strip()]
    body = chunks[chunks.index("The grader failed on your submission") - 1 :]
    assert body[0] == "Feedback for s1", f"the banner is not right under the heading: {body[:2]}"
    assert body[3:5] == ["What happened:", results.grader_error], f"the reason is not shown as text: {body[3:5]}"
    text = " ".join(body)
    for expected in (
        "This is not a grade and not your mistake",
        "Your submission will be graded again.",
        "Your written answers (7 points) are graded by hand; their points are pending.",
    ):
        assert expected in text, f"{expected!r} missing from the page text: {text[:800]!r}"
    for absent in ("Automatically graded", "total above", "Tests", "he_normal: variance", "2 / 2"):
        assert absent not in text, f"{absent!r} shown on a grader-error page: {text[:800]!r}"
    assert (page.count("table"), page.count("b")) == (0, 0), "a test table, or the reason as markup"


def test_what_the_code_printed_is_shown_when_there_is_any():
    results = student()
    results.printed = "[training.py]\nepoch 1 loss 2.3\nUserWarning: lr is large\n"
    text = "".join(Page(render_feedback(results)).text)
    assert "What your code printed" in text and results.printed in text, f"page text: {text[-800:]!r}"
    results.printed = " \n"
    assert "What your code printed" not in "".join(Page(render_feedback(results)).text), "an empty section is shown"


def test_page_is_self_contained_without_scripts():
    page = Page(render_feedback(student()))
    links = [value for _, attrs in page.tags for key, value in attrs.items() if key in ("src", "href", "xlink:href")]
    assert all(link.startswith("#") for link in links), f"external resources: {[x for x in links if x[0] != '#']}"
    assert page.count("script") == 0 and page.count("link") == 0, "a script or link element in the page"


@pytest.mark.parametrize("hostile, shown", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_shown_as_text_and_never_becomes_markup(hostile, shown):
    name = f"he_uniform {hostile}: bound"  # the function's name, before the colon, is hostile too
    results = student(output=f"got {hostile}", name=name, student_id=f"id {hostile}", comparison={})
    results.manual.append(ManualItem(f"Q3 {hostile}", 1))
    results.isolation = {
        "level": f"level {hostile}",
        "description": f"isolated {hostile}",
        "lacks": [f"lacks {hostile}"],
    }
    results.printed = f"[initializers.py]\nprinted {hostile}\n"
    html = render_feedback(results)
    page = Page(html)
    row = page.rows[1]
    assert row[0] == f"he_uniform {shown}: bound" and row[3] == f"got {shown}", f"row: {row}"
    assert page.sections[0].summary.startswith(f"he_uniform {shown}: 0 / 2 points"), page.sections[0].summary
    text = "".join(page.text)
    expected_texts = [f"Feedback for id {shown}", f"Q3 {shown}", f"printed {shown}"]
    for expected in [*expected_texts, f"(level level {shown}): isolated {shown}", f"lacks {shown}"]:
        assert expected in text, f"{expected!r} missing from the page text"
    assert (page.count("script"), page.count("h1"), page.count("table")) == (0, 1, 3), "hostile text became markup"
    assert "\x00" not in html and "\x1b" not in html, "a control character reached the page"


@pytest.mark.parametrize(
    "comparison, svgs, phrases",
    [
        (COMPARISON, 2, ["One line per initializer."]),
        (
            {"he": {"loss": [NAN, 2.0, INF, 1.0, 1e308], "activation_stds": [0.8, -INF, True, "x", 0.8]}},
            2,
            ["3 value(s) not drawn: not finite numbers", "3 value(s) not drawn"],
        ),
        ({"he": {"loss": [2.0, 1.0]}, "small": "not a dict"}, 1, ["No activation std to draw."]),
        (
            {"$\\frac{1}{0}$": {"loss": [1.0], "activation_stds": [1.0]}, '_x \U0001f600 "q"': {"loss": [2.0]}},
            2,
            ["$\\frac{1}{0}$", "_x \\U0001f600 'q'"],
        ),
        ({"he": {"loss": [0.0, -1e100, 1e-200], "activation_stds": [0.0, 0.0]}}, 2, ["1 value(s) not drawn"]),
        ({"he": {"loss": [1.0], "activation_stds": [-0.5, 0.8, 1e-100, 0.0]}}, 2, ["One line per initializer."]),
        ({"he": {"loss": [1e100, 1e-100], "activation_stds": [1e-100, 1e100]}}, 2, ["One line per initializer."]),
        ({f"init{i}": {"loss": [1.0, float(i)]} for i in range(15)}, 1, ["Only the first 12 initializers are drawn."]),
        ({"he": {"loss": [NAN], "activation_stds": [INF]}}, 0, ["comparison plots are unavailable"]),
        ({}, 0, ["The comparison plots are unavailable because compare_initializers did not return usable results"]),
    ],
    ids=[
        "typical",
        "nan-inf-huge-and-non-numbers-dropped",
        "missing-key-and-non-dict-entry",
        "mathtext-underscore-emoji-quote-names",
        "zeros-negative-and-tiny",
        "negative-zero-and-positive-stds",
        "largest-and-smallest-drawable",
        "too-many-initializers",
        "nothing-finite",
        "empty",
    ],
)
def test_comparison_plots_are_inline_svg_or_a_note_saying_why_not(comparison, svgs, phrases):
    page = Page(render_feedback(student(comparison=comparison)))
    text = " ".join("".join(page.text).split())
    assert page.count("svg") == svgs, f"{page.count('svg')} <svg> elements; expected {svgs}"
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} missing from the page text"


def test_activation_stds_get_a_log_axis_and_the_loss_a_linear_one():
    svgs = render_feedback(student()).split("<svg")[1:]
    decades = [bool(re.search("10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+<", svg)) for svg in svgs]
    assert decades == [False, True], "expected log ticks (10⁻¹, 10⁰, ...) in the activation plot only"


def test_svg_ids_are_unique_in_the_page():
    page = Page(render_feedback(student()))
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})[:5]}"


def test_same_results_give_byte_identical_html_in_this_process_and_in_a_fresh_one(tmp_path):
    results = student().with_written_scores({"q1_1": 2.5})
    first = write_feedback_html(results, tmp_path / "feedback.html").read_bytes()
    again = write_feedback_html(results, tmp_path / "feedback.html").read_bytes()
    code = (
        "import pickle, sys; from autograder.reports.feedback_html import render_feedback; "
        "sys.stdout.buffer.write(render_feedback(pickle.loads(sys.stdin.buffer.read())).encode('utf-8'))"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(results), capture_output=True, check=True, timeout=120
    ).stdout
    assert first == again == fresh, "renders of the same results differ"
    assert [p.name for p in tmp_path.iterdir()] == ["feedback.html"], "a temporary file was left behind"
