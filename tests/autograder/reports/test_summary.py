"""The class summary: the histogram of totals, the students with links to their feedback, points per
function, the most common mistakes, pass rates per test folded under their function, written
atomically; students on whom the grader failed listed first and left out of every number."""

import csv
import struct
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from autograder import batch
from autograder.reports.summary import (
    common_mistakes,
    function_scores,
    pass_rates,
    render_summary_html,
    write_class_summary,
)
from autograder.results import GradingResults, TestResult

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
REASON = "2 hidden tests failed inside the grader: <script>alert(1)</script>\x00"


def class_of_three():
    he, xavier, train = "he_normal: variance", "xavier_uniform: bound", "train: history"
    return [
        GradingResults("ann", [TestResult(he, 2, 2), TestResult(xavier, 0, 2, "bound"), TestResult(train, 1, 1)]),
        GradingResults("bob", [TestResult(he, 2, 2), TestResult(xavier, 2, 2), TestResult(train, 0.5, 1, "short")]),
        GradingResults("cy", [TestResult(he, 0, 2, "variance"), TestResult(xavier, 0, 2, "bound")]),  # train not run
    ]


class Tables(HTMLParser):
    """Text of every table cell, row by row, table by table; the page's text; its start tags; the
    tables by their id (``named``); every ``<details>`` as ``(summary text, its table)`` (``folded``)."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tables, self.text, self.tags, self.in_cell = [], [], [], False
        self.named, self.folded, self.summary, self.in_details, self.shown = {}, [], None, False, ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "details":
            self.in_details = True
        elif tag == "summary":
            self.summary = []
        elif tag == "table":
            self.tables.append([])
            if "id" in dict(attrs):
                self.named[dict(attrs)["id"]] = self.tables[-1]
            if self.in_details:
                self.folded.append((self.shown, self.tables[-1]))
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("")
            self.in_cell = True

    def handle_endtag(self, tag):
        self.in_cell = self.in_cell and tag not in ("td", "th")
        self.in_details = self.in_details and tag != "details"
        if tag == "summary":
            self.shown, self.summary = " ".join("".join(self.summary).split()), None

    def handle_data(self, data):
        self.text.append(data)
        if self.summary is not None:
            self.summary.append(data)
        if self.in_cell:
            self.tables[-1][-1][-1] += data


def test_pass_rates_count_passed_and_graded_students_per_test_in_suite_order():
    assert pass_rates(class_of_three()) == [
        ("he_normal: variance", 2, 3, pytest.approx(2 / 3)),
        ("xavier_uniform: bound", 1, 3, pytest.approx(1 / 3)),
        ("train: history", 1, 2, 0.5),  # partial credit is not a pass; cy was not graded on it
    ]


FUNCTION_HEADER = ["Function (fewest full marks first)", "Points possible", "Mean points", "With full marks", "Graded"]
RATE_HEADER = ["Test (lowest pass rate first)", "Passed", "Graded", "Pass rate"]


def test_summary_shows_the_histogram_students_points_per_function_then_tests_folded_lowest_first():
    html = render_summary_html(class_of_three(), "hist.png")
    page = Tables(html)
    # By hand from class_of_three: he_normal 2, 2, 0 of 2 (2 with full marks); xavier_uniform 0, 2, 0
    # of 2 (1); train 1, 0.5 of 1, cy not graded on it (1 of 2). Fewest full marks first.
    assert page.named["functions"] == [
        FUNCTION_HEADER,
        ["xavier_uniform", "2", f"{2 / 3:.3g}", "33%", "3"],
        ["train", "1", "0.75", "50%", "2"],
        ["he_normal", "2", f"{4 / 3:.3g}", "67%", "3"],
    ], f"per-function table: {page.named['functions']}"
    assert page.folded == [
        (
            "xavier_uniform: mean 0.667 / 2 points, 33% with full marks, 1 test(s)",
            [RATE_HEADER, ["xavier_uniform: bound", "1", "3", "33%"]],
        ),
        (
            "train: mean 0.75 / 1 points, 50% with full marks, 1 test(s)",
            [RATE_HEADER, ["train: history", "1", "2", "50%"]],
        ),
        (
            "he_normal: mean 1.33 / 2 points, 67% with full marks, 1 test(s)",
            [RATE_HEADER, ["he_normal: variance", "2", "3", "67%"]],
        ),
    ], f"tests folded under their function: {page.folded}"
    text = " ".join("".join(page.text).split())
    assert "3 student(s) graded. Automatically graded total out of 5: mean 2.5, median 3." in text, text
    assert "No failed test named a catalogued mistake." in text, text
    assert ("img", {"src": "hist.png", "alt": "Histogram of the students' totals"}) in page.tags, page.tags
    markers = (
        "student(s) graded",
        "<img",
        "<h2>Students",
        "<h2>By function",
        "<h2>Most common mistakes",
        "<h2>By test",
    )
    order = [html.index(marker) for marker in markers]
    assert order == sorted(order), f"the page is not in the order {markers}: {order}"


def two_tests_a_function():
    """dan and eve: he_normal has two tests, so partial credit on one costs dan the full marks."""
    he, mean, fans = "he_normal: variance", "he_normal: mean", "compute_fans: dense"
    return [
        GradingResults("dan", [TestResult(he, 2, 2), TestResult(mean, 0.5, 1, "off"), TestResult(fans, 1, 1)]),
        GradingResults("eve", [TestResult(he, 2, 2), TestResult(mean, 1, 1), TestResult(fans, 0, 1, "wrong")]),
        GradingResults("fay", [TestResult(he, 1, 2, "ratio"), TestResult(mean, 1, 1), TestResult(fans, 1, 1)]),
    ]


def test_function_scores_sum_each_students_tests_and_count_full_marks_per_function():
    # By hand: he_normal out of 3: dan 2.5, eve 3, fay 2 (1 of 3 full); compute_fans out of 1: 1, 0, 1 (2 of 3).
    assert function_scores(two_tests_a_function()) == [
        ("he_normal", 3.0, pytest.approx(7.5 / 3), pytest.approx(1 / 3), 3),
        ("compute_fans", 1.0, pytest.approx(2 / 3), pytest.approx(2 / 3), 3),
    ]
    functions = Tables(render_summary_html(two_tests_a_function(), "h.png")).named["functions"]
    assert functions[1:] == [["he_normal", "3", "2.5", "33%", "3"], ["compute_fans", "1", "0.667", "67%", "3"]], (
        f"per-function table: {functions}"
    )


def failed_on(student_id, reason=REASON):
    """A student on whom the grader failed, with scores it must not count (all tests passed)."""
    return GradingResults(student_id, [TestResult("he_normal: variance", 2, 2)], grader_error=reason)


def test_students_with_a_grader_error_come_first_and_are_left_out_of_every_number():
    page = Tables(
        render_summary_html([*class_of_three(), failed_on("dee"), failed_on("al", "worker did not start")], "h.png")
    )
    errors = page.named["grader-errors"]
    assert errors == [
        ["Student", "What failed"],
        ["al", "worker did not start"],
        ["dee", "2 hidden tests failed inside the grader: <script>alert(1)</script>\ufffd"],
    ], f"grader-error table: {errors}"
    text = " ".join("".join(page.text).split())
    assert text.index("Grader errors") < text.index("3 student(s) graded"), "grader errors are not listed first"
    assert "The grader itself failed on 2 submission(s). They are not graded" in text, text
    assert "3 student(s) graded. Automatically graded total out of 5: mean 2.5, median 3." in text, text
    without = Tables(render_summary_html(class_of_three(), "h.png"))
    assert [page.named["functions"], page.folded] == [without.named["functions"], without.folded], (
        f"per function: {page.named['functions']}; tests: {page.folded}"
    )
    assert function_scores([*class_of_three(), failed_on("dee")]) == function_scores(class_of_three())
    assert [tag for tag, _ in page.tags].count("script") == 1, "a grader error's reason became a script element"


@pytest.mark.parametrize("name", ["pass_rates.csv", "score_histogram.png"], ids=["pass-rates", "histogram"])
def test_pass_rates_and_histogram_leave_out_students_with_a_grader_error(tmp_path, name):
    with_errors = write_class_summary([*class_of_three(), failed_on("dee")], tmp_path / "with") / name
    without = write_class_summary(class_of_three(), tmp_path / "without") / name
    assert with_errors.read_bytes() == without.read_bytes(), f"a student with a grader error changed {name}"


def test_a_class_where_every_submission_hit_a_grader_error_says_so(tmp_path):
    out = write_class_summary([failed_on("al"), failed_on("bo")], tmp_path)
    page = Tables((out / "summary.html").read_text(encoding="utf-8"))
    text = " ".join("".join(page.text).split())
    assert "No submission was graded: the grader failed on every one of the 2." in text, text
    assert list(page.named) == ["grader-errors", "students"], f"tables shown for no grades: {list(page.named)}"
    assert "img" not in [tag for tag, _ in page.tags], "a histogram shown for no grades"
    assert [row[0] for row in page.named["students"][1:]] == ["al", "bo"], "the students, with their links, not listed"
    assert list(csv.reader((out / "pass_rates.csv").read_text().splitlines())) == [
        ["test", "passed", "graded", "pass_rate"]
    ]


def test_hostile_test_names_stay_text():
    hostile = GradingResults("x", [TestResult("he: <script>alert(1)</script>\x00", 0, 1)])
    page = Tables(render_summary_html([hostile], "h.png"))
    assert page.folded[0][1][1][0] == "he: <script>alert(1)</script>\ufffd", page.folded
    assert [tag for tag, _ in page.tags].count("script") == 1, "a test name became a script element"


@pytest.mark.parametrize(
    "all_results, phrase, csv_rows",
    [
        ([], "No submissions were graded.", [["test", "passed", "graded", "pass_rate"]]),
        (
            class_of_three()[:1],
            "1 student(s) graded. Automatically graded total out of 5: mean 3, median 3.",
            [
                ["test", "passed", "graded", "pass_rate"],
                ["he_normal: variance", "1", "1", "1.0000"],
                ["xavier_uniform: bound", "0", "1", "0.0000"],
                ["train: history", "1", "1", "1.0000"],
            ],
        ),
        (
            class_of_three(),
            "3 student(s) graded.",
            [
                ["test", "passed", "graded", "pass_rate"],
                ["he_normal: variance", "2", "3", "0.6667"],
                ["xavier_uniform: bound", "1", "3", "0.3333"],
                ["train: history", "1", "2", "0.5000"],
            ],
        ),
    ],
    ids=["empty-class", "one-student", "class-of-three"],
)
def test_class_summary_writes_page_csv_and_png_atomically_and_identically(tmp_path, all_results, phrase, csv_rows):
    out = write_class_summary(all_results, tmp_path / "summary")
    assert sorted(p.name for p in out.iterdir()) == ["pass_rates.csv", "score_histogram.png", "summary.html"], (
        f"files written: {sorted(p.name for p in out.iterdir())} (a temporary file left behind?)"
    )
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert phrase in " ".join("".join(Tables(page).text).split()), f"{phrase!r} missing from {page[:800]}"
    assert list(csv.reader((out / "pass_rates.csv").read_text().splitlines())) == csv_rows
    png = (out / "score_histogram.png").read_bytes()
    assert png[:8] == PNG_MAGIC and png[12:16] == b"IHDR", f"not a PNG: {png[:16]!r}"
    assert struct.unpack(">II", png[16:24]) == (640, 360), f"PNG size {struct.unpack('>II', png[16:24])}"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    write_class_summary(all_results, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "a second write of the same class differs"


STUDENT_HEADER = ["Student", "Score", "Out of", "Status", "Lost points in"]


@dataclass
class Unloadable(GradingResults):
    """A submission with a status other than graded and grader-error: the set of statuses is open."""

    kind: str = "not-a-zip"

    @property
    def status(self) -> str:
        return self.kind


def a_class_with_every_status():
    full = GradingResults("fe", [TestResult("he_normal: variance", 2, 2)])
    return [*class_of_three(), failed_on("dee"), Unloadable("zed"), Unloadable("a@b+c", kind="empty"), full]


def test_the_students_table_has_a_row_per_student_by_id_with_score_status_and_what_lost_points():
    page = Tables(render_summary_html(a_class_with_every_status(), "h.png"))
    assert page.named["students"] == [
        STUDENT_HEADER,
        ["a@b+c", "0", "0", "empty", ""],
        ["ann", "3", "5", "graded", "xavier_uniform (0 / 2)"],
        ["bob", "4.5", "5", "graded", "train (0.5 / 1)"],
        ["cy", "0", "4", "graded", "he_normal (0 / 2), xavier_uniform (0 / 2)"],
        ["dee", "\u2014", "\u2014", "grader-error", ""],  # no grade, so no score
        ["fe", "2", "2", "graded", "nothing"],
        ["zed", "0", "0", "not-a-zip", ""],
    ], f"students table: {page.named['students']}"
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert links == [f"{s}/feedback.html" for s in ("a%40b%2Bc", "ann", "bob", "cy", "dee", "fe", "zed")], links


def test_every_student_links_to_the_feedback_page_batch_writes(tmp_path):
    for results in a_class_with_every_status():
        batch._write_student(results, tmp_path / results.student_id, "digest", record=results)
    summary = write_class_summary(a_class_with_every_status(), tmp_path) / "summary.html"
    links = [attrs["href"] for tag, attrs in Tables(summary.read_text(encoding="utf-8")).tags if tag == "a"]
    pages = sorted(tmp_path.glob("*/feedback.html"))
    assert len(pages) == len(a_class_with_every_status()), f"batch wrote {pages}"
    assert sorted(summary.parent / unquote(link) for link in links) == pages, f"links {links}, pages {pages}"


def test_a_student_id_stays_text_and_one_path_segment_of_its_link():
    hostile = '<img src=x onerror=alert(1)>"&'
    page = Tables(render_summary_html([GradingResults(hostile, [TestResult("he: v", 1, 1)])], "h.png"))
    assert page.named["students"][1][0] == hostile, page.named["students"]
    assert [attrs["href"] for tag, attrs in page.tags if tag == "a"] == [
        "%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%22%26/feedback.html"
    ]
    tags = [tag for tag, _ in page.tags]
    assert tags.count("img") == 1 and tags.count("script") == 1, f"a student id became an element: {tags}"


def with_mistakes():
    """ann names fans-swapped twice (counted once); bob it and an id missing from the catalogue; cy it
    in another function; dee's results are a grader error and fay's test passed: neither counts."""
    xavier, he, zeros = "xavier_uniform: bound", "he_normal: variance", "zeros: all zero"
    return [
        GradingResults(
            "ann", [TestResult(xavier, 0, 2, mistake="fans-swapped"), TestResult(he, 0, 2, mistake="fans-swapped")]
        ),
        GradingResults(
            "bob", [TestResult(xavier, 0, 2, mistake="fans-swapped"), TestResult(zeros, 0, 1, mistake="ones")]
        ),
        GradingResults(
            "cy", [TestResult(he, 1, 2, mistake="fans-swapped"), TestResult(zeros, 0, 1, mistake="b-later")]
        ),
        GradingResults("dee", [TestResult(zeros, 0, 1, mistake="ones")], grader_error="worker did not start"),
        GradingResults("eve", [TestResult(zeros, 0, 1, mistake="a-first")]),
        GradingResults("fay", [TestResult(zeros, 1, 1, mistake="ones")]),
    ]


CATALOGUE = {"fans-swapped": "The fans are swapped: fan_out used where fan_in belongs.", "unused": "Never made."}


def test_mistakes_count_each_student_once_most_common_first_with_the_catalogue_sentence():
    assert common_mistakes(with_mistakes(), catalogue=CATALOGUE) == [
        (
            "fans-swapped",
            "The fans are swapped: fan_out used where fan_in belongs.",
            ["xavier_uniform", "he_normal"],
            3,
        ),
        ("a-first", "a-first", ["zeros"], 1),  # ties by id; an id the catalogue lacks is shown as itself
        ("b-later", "b-later", ["zeros"], 1),
        ("ones", "ones", ["zeros"], 1),  # bob only: dee was not graded, fay passed
    ]
    page = Tables(render_summary_html(with_mistakes(), "h.png", mistakes=CATALOGUE))
    assert page.named["mistakes"] == [
        ["Mistake (most students first)", "Function", "Students"],
        ["The fans are swapped: fan_out used where fan_in belongs.", "xavier_uniform, he_normal", "3"],
        ["a-first", "zeros", "1"],
        ["b-later", "zeros", "1"],
        ["ones", "zeros", "1"],
    ], page.named["mistakes"]


def test_every_test_is_inside_its_functions_details_exactly_once():
    page = Tables(render_summary_html([*class_of_three(), *two_tests_a_function(), *with_mistakes()], "h.png"))
    names = {
        test.name
        for results in [*class_of_three(), *two_tests_a_function(), *with_mistakes()]
        for test in results.tests
    }
    folded = [(summary.split(":", 1)[0], row[0]) for summary, table in page.folded for row in table[1:]]
    assert sorted(name for _, name in folded) == sorted(names), f"tests under details: {folded}"
    assert all(name.split(":", 1)[0] == function for function, name in folded), folded
    functions = [row[0] for row in page.named["functions"][1:]]
    assert [summary.split(":", 1)[0] for summary, _ in page.folded] == functions, "details not in function order"


def test_the_students_and_mistakes_do_not_depend_on_the_order_results_arrive_in():
    forward = Tables(render_summary_html(with_mistakes(), "h.png", mistakes=CATALOGUE))
    backward = Tables(render_summary_html(with_mistakes()[::-1], "h.png", mistakes=CATALOGUE))
    assert [forward.named["students"], forward.named["mistakes"]] == [
        backward.named["students"],
        backward.named["mistakes"],
    ], "the students table or the mistakes changed with the order of the results"
