"""The results model: totals, per-function scores, Gradescope's format, grader errors, records."""

import importlib.metadata

import pytest

import autograder
from autograder.results import GradingResults, ManualItem, TestResult

ISOLATION = {
    "level": "landlock",
    "description": "a separate process as its own user, with Landlock rules and no network",
    "lacks": ["the worker shares the grader's PID namespace.", "world-readable files under /usr can be read"],
}
REASON = "3 hidden tests failed inside the grader: KeyError: 'loss'"


def sample(**changes):
    results = GradingResults(
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
    for name, value in changes.items():
        setattr(results, name, value)
    return results


def test_totals_and_functions():
    results = sample()
    assert (results.total, results.possible, results.manual_possible) == (2.5, 4.0, 10.0)
    assert results.by_function() == {"he_normal": (2.0, 3.0), "train": (0.5, 1.0)}
    assert [t.passed for t in results.tests] == [True, False, False]
    assert results.graded and not sample(grader_error=REASON).graded, "graded must be 'no grader error'"


def test_gradescope_format():
    report = sample().to_gradescope()
    assert list(report) == ["score", "execution_time", "output", "tests", "extra_data"], list(report)
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


@pytest.mark.parametrize(
    "isolation, level, lacks, statement",
    [
        (
            ISOLATION,
            "landlock",
            ISOLATION["lacks"],
            "Your code ran isolated (level landlock): a separate process as its own user, with Landlock rules "
            "and no network. What this level does not protect: the worker shares the grader's PID namespace; "
            "world-readable files under /usr can be read.",
        ),
        (
            {"level": "namespaces", "description": "Own PID, mount and network namespaces.", "lacks": []},
            "namespaces",
            [],
            "Your code ran isolated (level namespaces): Own PID, mount and network namespaces.",
        ),
        ({}, "", [], "Your code never ran."),
    ],
    ids=["with-lacks", "nothing-lacking", "code-never-ran"],
)
def test_gradescope_output_and_extra_data_state_the_isolation(isolation, level, lacks, statement):
    report = sample(isolation=isolation).to_gradescope()
    assert report["output"].endswith(statement), f"output {report['output']!r} does not end with {statement!r}"
    assert report["extra_data"] == {
        "isolation": level,
        "isolation_lacks": lacks,
        "kit_version": importlib.metadata.version("initgrade"),
        "grader_error": "",
    }, f"extra_data: {report['extra_data']}"


def test_a_grader_error_is_not_a_grade_in_gradescope():
    report = sample(grader_error=REASON, isolation=ISOLATION).to_gradescope()
    assert (report["score"], report["tests"]) == (0, []), f"score {report['score']}, tests {report['tests']}"
    expected = (
        "The autograder failed on this submission, so the 0 shown is not a grade and not your mistake; "
        f"your submission will be graded again. What failed: {REASON}."
    )
    assert report["output"].startswith(expected), f"output {report['output']!r} does not start with {expected!r}"
    assert "points" not in report["output"], f"a grader error's output speaks of points: {report['output']!r}"
    assert "Your code ran isolated (level landlock)" in report["output"], report["output"]
    assert report["extra_data"]["grader_error"] == REASON, report["extra_data"]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {
            "isolation": ISOLATION,
            "comparison": {"he": {"loss": [2.0, 1.5]}},
            "printed": "[training.py]\nepoch 1\n",
        },
        {"grader_error": REASON, "isolation": ISOLATION},
    ],
    ids=["defaults", "every-field-set", "grader-error"],
)
def test_a_record_round_trips_every_field(changes):
    results = sample(**changes)
    again = GradingResults.from_record(results.to_record())
    assert again == results, f"read back {again}; wrote {results}"


def test_a_record_with_an_isolation_string_is_refused():
    record = sample().to_record() | {"isolation": "separate process"}
    with pytest.raises(TypeError, match="isolation must be a dict with level, description and lacks; received a str"):
        GradingResults.from_record(record)


@pytest.mark.parametrize("installed", [True, False], ids=["installed", "not-installed"])
def test_the_kit_version_is_the_installed_distributions_or_unknown(monkeypatch, installed):
    if not installed:

        def missing(name):
            raise importlib.metadata.PackageNotFoundError(name)

        monkeypatch.setattr(importlib.metadata, "version", missing)
    expected = importlib.metadata.version("initgrade") if installed else "unknown"
    autograder.kit_version.cache_clear()
    try:
        assert autograder.__version__ == expected, f"__version__ is {autograder.__version__!r}; expected {expected!r}"
    finally:
        autograder.kit_version.cache_clear()
    with pytest.raises(AttributeError, match="module 'autograder' has no attribute 'nothing'"):
        autograder.nothing  # noqa: B018
