"""The points of the public tests: each function's hidden-rubric points spread over its public tests."""

from __future__ import annotations

import json

import pytest

from autograder.grading import hidden_rubric
from autograder.platforms.classroom.points import UNIT, hidden_points, points_table
from autograder.platforms.classroom.workflow import POINTS_FILE


def _plan(*functions_per_test: list[str]) -> list[dict]:
    return [
        {"nodeid": f"tests/test_x.py::test_{number}", "line": number, "functions": functions}
        for number, functions in enumerate(functions_per_test, start=1)
    ]


@pytest.mark.parametrize(
    "points, plan, expected",
    [
        ({"f": 3.0}, _plan(["f"], ["f"], ["f"]), [1.0, 1.0, 1.0]),
        ({"f": 2.0}, _plan(["f"], ["f"], ["f"]), [0.75, 0.75, 0.5]),
        ({"f": 0.5}, _plan(["f"], ["f"], ["f"]), [0.25, 0.25, 0.0]),
        ({"f": 1.0, "g": 2.0}, _plan(["f"], ["f", "g"], ["g"]), [0.5, 1.5, 1.0]),
        ({"f": 1.0}, _plan(["f"], [], ["h"]), [1.0, 0.0, 0.0]),
    ],
    ids=["even", "left-over-to-the-first", "fewer-units-than-tests", "a-test-of-two-functions", "no-hidden-points"],
)
def test_points_are_spread_over_each_functions_tests_in_whole_units(points, plan, expected):
    table = points_table(points, plan)
    assert [test["points"] for test in table["tests"]] == expected, table["tests"]
    assert table["max_score"] == sum(points.values()) == sum(expected), table["max_score"]
    for function, total in points.items():
        spread = sum(test["shares"].get(function, 0.0) for test in table["tests"])
        assert spread == total, f"{function}: {spread} spread, {total} in the rubric"
    assert [test["nodeid"] for test in table["tests"]] == [test["nodeid"] for test in plan]


@pytest.mark.parametrize(
    "points, plan, message",
    [
        ({"f": 1.1}, _plan(["f"]), "points of f must be a non-negative multiple of 0.25 .*; received 1.1"),
        ({"f": -1.0}, _plan(["f"]), "points of f must be a non-negative multiple of 0.25 .*; received -1"),
        ({"f": 1.0, "g": 2.0}, _plan(["f"]), "no public test checks g, so its 2 hidden points could not be earned"),
    ],
    ids=["not-whole-units", "negative", "function-without-public-test"],
)
def test_points_that_cannot_be_spread_are_refused(points, plan, message):
    with pytest.raises(ValueError, match=message):
        points_table(points, plan)


def test_hidden_points_sum_the_rubric_by_function():
    points = hidden_points()
    rubric = hidden_rubric()
    assert sum(points.values()) == sum(value for _title, value, _visibility in rubric)
    assert set(points) == {title.split(":", 1)[0] for title, _value, _visibility in rubric}
    assert points["variance_scaling"] == sum(v for t, v, _ in rubric if t.startswith("variance_scaling:"))


def test_the_templates_table_gives_every_hidden_point_to_public_tests(template):
    table = json.loads((template / POINTS_FILE).read_text(encoding="utf-8"))
    assert table["functions"] == hidden_points(), "the table's functions are not the hidden rubric's"
    assert table["max_score"] == sum(hidden_points().values()) == 162.5
    assert sum(test["points"] for test in table["tests"]) == table["max_score"]
    assert all(test["points"] / UNIT == int(test["points"] / UNIT) for test in table["tests"]), "not whole units"
    shares = {
        function: sum(test["shares"].get(function, 0.0) for test in table["tests"]) for function in table["functions"]
    }
    assert shares == table["functions"], "a function's shares do not add up to its hidden points"
    zeros = [test["nodeid"] for test in table["tests"] if test["points"] == 0]
    assert zeros == [], f"public tests worth nothing: {zeros}"
    assert len(table["tests"]) == 124 and all(test["nodeid"].startswith("tests/test_") for test in table["tests"])
