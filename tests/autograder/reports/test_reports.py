"""grades.csv, results.json and the printed table render the results model."""

import csv
import json

from autograder.reports.grades_csv import write_grades_csv
from autograder.reports.gradescope import write_results_json
from autograder.reports.table import format_table
from autograder.results import GradingResults, ManualItem, TestResult


def results(student, he_score):
    return GradingResults(
        student,
        [TestResult("he_normal: variance", he_score, 2), TestResult("train: history", 1, 1)],
        [ManualItem("Q1.1 Why", 4)],
    )


def test_grades_csv_has_a_column_per_function_and_pending_written_answers(tmp_path):
    path = write_grades_csv([results("zoe", 2), results("adam", 0)], tmp_path / "grades.csv")
    rows = list(csv.reader(path.read_text().splitlines()))
    assert rows == [
        ["student_id", "score", "max_score", "he_normal (/2)", "train (/1)", "written answers (graded by hand)"],
        ["adam", "1", "3", "0", "1", "pending (/4)"],
        ["zoe", "3", "3", "2", "1", "pending (/4)"],
    ]


def test_results_json_round_trips_and_leaves_no_temporary_file(tmp_path):
    path = write_results_json(results("zoe", 2), tmp_path / "zoe" / "results.json")
    assert json.loads(path.read_text())["score"] == 3
    assert [p.name for p in path.parent.iterdir()] == ["results.json"]


def test_table_names_the_functions_that_lost_points():
    table = format_table([results("zoe", 2), results("adam", 0)]).splitlines()
    assert table[1].split() == ["adam", "1/3", "he_normal"]
    assert table[2].split() == ["zoe", "3/3", "-"]
