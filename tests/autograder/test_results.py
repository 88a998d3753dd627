"""The results model: totals, per-function scores and Gradescope's format."""

from autograder.results import GradingResults, ManualItem, TestResult


def sample():
    return GradingResults(
        student_id="s1",
        tests=[
            TestResult("he_normal: variance", 2, 2),
            TestResult("he_normal: mean", 0, 1, "mean 0.3; expected 0"),
            TestResult("train: history", 0.5, 1, "partly", "hidden"),
        ],
        manual=[ManualItem("Q1.1 Why", 4), ManualItem("Q1.2 How", 6)],
        seed=3,
        execution_time=1.23456,
    )


def test_totals_and_functions():
    results = sample()
    assert (results.total, results.possible, results.manual_possible) == (2.5, 4.0, 10.0)
    assert results.by_function() == {"he_normal": (2.0, 3.0), "train": (0.5, 1.0)}
    assert [t.passed for t in results.tests] == [True, False, False]


def test_gradescope_format():
    report = sample().to_gradescope()
    assert report["score"] == 2.5 and report["execution_time"] == 1.235
    assert report["tests"][1] == {
        "name": "he_normal: mean",
        "score": 0,
        "max_score": 1,
        "status": "failed",
        "output": "mean 0.3; expected 0",
        "visibility": "visible",
    }
    assert report["tests"][2]["visibility"] == "hidden"
    assert len(report["tests"]) == 3, "written answers are not tests"
    assert "2.5 / 4 points (seed 3)" in report["output"]
    assert "Written answers, 10 points, are graded by hand (pending): Q1.1 Why (4); Q1.2 How (6)." in report["output"]
