"""grades.csv, results.json and the printed table render the results model; a grader error is no score."""

import csv
import json

import pytest

from autograder.reports.console import format_table
from autograder.reports.grades_csv import write_grades_csv
from autograder.reports.gradescope import write_results_json
from autograder.results import GradingResults, ManualItem, TestResult

REASON = "2 hidden tests failed inside the grader: KeyError: 'loss'\nsecond line"


def results(student, he_score, *, grader_error=""):
    return GradingResults(
        student,
        [TestResult("he_normal: variance", he_score, 2), TestResult("train: history", 1, 1)],
        [ManualItem("Q1.1 Why", 4)],
        grader_error=grader_error,
    )


HEADER = ["student_id", "score", "max_score", "status", "he_normal (/2)", "train (/1)", "q1_1 (/4)", "written (/4)"]


@pytest.mark.parametrize(
    "grader_error, row",
    [
        ("", ["bea", "2", "3", "graded", "1", "1", "pending", "pending", "2"]),
        (REASON, ["bea", "", "", "grader error", "", "", "pending", "pending", ""]),
    ],
    ids=["graded", "grader-error-has-no-points"],
)
def test_grades_csv_has_a_status_a_column_per_function_and_pending_written_answers(tmp_path, grader_error, row):
    class_ = [results("zoe", 2), results("adam", 0), results("bea", 1, grader_error=grader_error)]
    path = write_grades_csv(class_, tmp_path / "grades.csv")
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows == [
        [*HEADER, "total (/7)"],
        ["adam", "1", "3", "graded", "0", "1", "pending", "pending", "1"],
        row,
        ["zoe", "3", "3", "graded", "2", "1", "pending", "pending", "3"],
    ], f"grades.csv rows: {rows}"


def two_questions(student, scores, *, grader_error=""):
    """A student with 2.5 of 3 automatic points and two written questions (4 and 6 points)."""
    manual = [ManualItem("Q1.1 Why", 4), ManualItem("Q2.3 How", 6)]
    tests = [TestResult("he_normal: variance", 1.5, 2, "ratio"), TestResult("train: history", 1, 1)]
    return GradingResults(student, tests, manual, grader_error=grader_error).with_written_scores(scores)


@pytest.mark.parametrize(
    "scores, grader_error, row",
    [
        ({"q1_1": 3.5, "q2_3": 6}, "", ["ann", "2.5", "3", "graded", "1.5", "1", "3.5", "6", "9.5", "12"]),
        ({"q2_3": 0}, "", ["ann", "2.5", "3", "graded", "1.5", "1", "pending", "0", "0", "2.5"]),
        ({}, "", ["ann", "2.5", "3", "graded", "1.5", "1", "pending", "pending", "pending", "2.5"]),
        ({"q1_1": 2}, REASON, ["ann", "", "", "grader error", "", "", "2", "pending", "2", ""]),
    ],
    ids=["all-graded", "one-graded-a-zero", "none-graded", "grader-error-keeps-written-no-total"],
)
def test_grades_csv_has_a_column_per_written_question_and_a_total_of_both(tmp_path, scores, grader_error, row):
    path = write_grades_csv([two_questions("ann", scores, grader_error=grader_error)], tmp_path / "grades.csv")
    header, *rows = csv.reader(path.read_text().splitlines())
    possible = 2 + 1 + 4 + 6
    assert header == [*HEADER[:6], "q1_1 (/4)", "q2_3 (/6)", "written (/10)", f"total (/{possible})"], header
    assert rows == [row], f"rows: {rows}"


def test_results_json_round_trips_and_leaves_no_temporary_file(tmp_path):
    path = write_results_json(results("zoe", 2), tmp_path / "zoe" / "results.json")
    assert json.loads(path.read_text())["score"] == 3
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]


def test_table_names_the_functions_that_lost_points():
    table = format_table([results("zoe", 2), results("adam", 0)]).splitlines()
    assert table[1].split() == ["adam", "1/3", "he_normal"]
    assert table[2].split() == ["zoe", "3/3", "-"]


def test_table_shows_grader_error_and_the_first_line_of_the_reason_instead_of_a_score():
    table = format_table([results("zoe", 2), results("adam", 0, grader_error=REASON)]).splitlines()
    assert len(table) == 3, f"the reason's second line became a row: {table}"
    expected = "adam      GRADER ERROR  2 hidden tests failed inside the grader: KeyError: 'loss'"
    assert table[1] == expected, f"row {table[1]!r}; expected {expected!r}"
    assert table[2].split() == ["zoe", "3/3", "-"], table
    assert table[0].index("score") + len("score") == table[1].index("GRADER ERROR") + len("GRADER ERROR"), (
        f"GRADER ERROR is not right-aligned under 'score': {table[:2]}"
    )
