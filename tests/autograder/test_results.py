"""The results model: totals, per-function scores and groups, written scores, Gradescope's format,
grader errors, records."""

import importlib.metadata
import math

import pytest

import autograder
from autograder.results import STATUSES, UNLOADABLE_STATUSES, GradingResults, ManualItem, TestResult, question_id

ISOLATION = {
    "level": "landlock",
    "description": "a separate process as its own user, with Landlock rules and no network",
    "lacks": ["the worker shares the grader's PID namespace.", "world-readable files under /usr can be read"],
}
REASON = "3 hidden tests failed inside the grader: KeyError: 'loss'"
UNLOADABLE_REASON = "eve.zip is not a readable .zip (BadZipFile: File is not a zip file)"


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
    assert list(report) == [
        "score",
        "execution_time",
        "output",
        "output_format",
        "test_output_format",
        "test_name_format",
        "stdout_visibility",
        "tests",
        "extra_data",
    ], list(report)
    assert report["score"] == 2.5 and report["execution_time"] == 1.235
    assert (report["output_format"], report["test_output_format"], report["stdout_visibility"]) == (
        "md",
        "text",
        "hidden",
    )
    assert report["tests"][0] == {  # the function that lost points first, its failed test first
        "name": "he_normal: mean",
        "score": 0,
        "max_score": 1,
        "status": "failed",
        "output": "mean 0.3; expected 0",
        "visibility": "visible",
        "number": "1.1",
    }
    assert report["tests"][2]["visibility"] == "hidden"
    assert len(report["tests"]) == 3, "written answers are not tests"
    assert "2.5 / 4 points (seed 3)" in report["output"]
    assert "Written answers, 10 points, are graded by hand (pending): Q1.1 Why (4); Q1.2 How (6)." in report["output"]


def test_gradescope_orders_tests_by_function_and_tabulates_points_per_function():
    results = sample(
        tests=[
            TestResult("compute_fans: dense", 1, 1),
            TestResult("he_normal: shape", 1, 1),
            TestResult("he_normal: variance", 0, 2, "ratio 4"),
        ]
    )
    report = results.to_gradescope()
    order = [(test["number"], test["name"]) for test in report["tests"]]
    assert order == [("1.1", "he_normal: variance"), ("1.2", "he_normal: shape"), ("2.1", "compute_fans: dense")], order
    table = "| function | points |\n| --- | --- |\n| `he_normal` | 1 / 3 (lost points) |\n| `compute_fans` | 1 / 1 |"
    assert f"(seed 3).\n\n{table}\n\n" in report["output"], report["output"]


def test_groups_put_functions_that_lost_points_first_and_their_failed_tests_first():
    results = sample(
        tests=[
            TestResult("compute_fans: dense", 1, 1),
            TestResult("he_normal: shape", 1, 1),
            TestResult("he_normal: variance", 0, 2, "ratio 4"),
            TestResult("he_normal: bound", 0.5, 1, "partly"),
            TestResult("zeros: values", 1, 1),
            TestResult("train: loss", 0, 1, "no loss"),
        ]
    )
    groups = [(g.function, g.score, g.possible, g.lost, [t.name for t in g.tests]) for g in results.groups()]
    assert groups == [
        ("he_normal", 1.5, 4.0, True, ["he_normal: variance", "he_normal: bound", "he_normal: shape"]),
        ("train", 0.0, 1.0, True, ["train: loss"]),
        ("compute_fans", 1.0, 1.0, False, ["compute_fans: dense"]),
        ("zeros", 1.0, 1.0, False, ["zeros: values"]),
    ], f"groups (function, score, possible, lost, tests): {groups}"
    he_normal = results.groups()[0]
    assert [t.name for t in he_normal.failed] == ["he_normal: variance", "he_normal: bound"], he_normal.failed
    assert [t.name for t in he_normal.passed] == ["he_normal: shape"], he_normal.passed
    assert {g.function: (g.score, g.possible) for g in results.groups()} == results.by_function()


@pytest.mark.parametrize(
    "label, expected",
    [("Q1.1", "q1_1"), (" q1_1 ", "q1_1"), ("Q2.10", "q2_10"), ("Student_ID", "student_id")],
    ids=["heading-label", "id-itself", "two-digits", "other-column"],
)
def test_question_ids_are_lower_case_with_underscores(label, expected):
    assert question_id(label) == expected
    assert ManualItem(f"{label} Some title", 4).question_id == expected


@pytest.mark.parametrize(
    "score, message",
    [
        (4.5, "the score of Q1.1 Why must be from 0 to 4; received 4.5"),
        (-0.5, "the score of Q1.1 Why must be from 0 to 4; received -0.5"),
        (math.nan, r"the score of Q1.1 Why must be a finite number or None \(pending\); received nan"),
        (math.inf, r"must be a finite number or None \(pending\); received inf"),
        ("3", r"must be a finite number or None \(pending\); received '3'"),
        (True, r"must be a finite number or None \(pending\); received True"),
    ],
    ids=["above-the-points", "negative", "nan", "inf", "text", "bool"],
)
def test_a_written_score_outside_the_questions_points_is_refused(score, message):
    with pytest.raises(ValueError, match=message):
        ManualItem("Q1.1 Why", 4, score)


def test_written_scores_are_merged_by_question_id_and_the_rest_stays_pending():
    results = sample(grader_error=REASON)
    merged = results.with_written_scores({"q1_2": 5.5})
    assert [(item.name, item.score) for item in merged.manual] == [("Q1.1 Why", None), ("Q1.2 How", 5.5)]
    assert (merged.manual_score, merged.pending_possible, merged.total_with_written) == (5.5, 4.0, 8.0)
    assert merged.possible_with_written == 14.0 and merged.grader_error == REASON, "the merge lost a field"
    assert results.manual[1].score is None, "the merge changed the results it was given"
    assert merged.with_written_scores({}).manual == results.manual, "an empty mapping did not make all pending"
    with pytest.raises(ValueError, match=r"must be for the questions \['q1_1', 'q1_2'\]; received \['q9_9'\]"):
        results.with_written_scores({"q9_9": 1})


@pytest.mark.parametrize(
    "scores, score, written_tests, output",
    [
        (
            {"q1_1": 3},
            5.5,
            [{"name": "Q1.1 Why", "score": 3, "max_score": 4, "status": "failed"}],
            "Written answers, graded by hand: 3 / 4 points so far; pending (6 points): "
            "Q1.2 How (6). Total: 5.5 / 14 points.",
        ),
        (
            {"q1_1": 4, "q1_2": 0},
            6.5,
            [
                {"name": "Q1.1 Why", "score": 4, "max_score": 4, "status": "passed"},
                {"name": "Q1.2 How", "score": 0, "max_score": 6, "status": "failed"},
            ],
            "Written answers, graded by hand: 4 / 10 points. Total: 6.5 / 14 points.",
        ),
    ],
    ids=["one-graded-one-pending", "all-graded"],
)
def test_gradescope_shows_written_scores_as_tests_in_the_score_and_names_the_pending(
    scores, score, written_tests, output
):
    report = sample().with_written_scores(scores).to_gradescope()
    assert report["score"] == score, f"score {report['score']}; expected {score}"
    written = [{key: test[key] for key in ("name", "score", "max_score", "status")} for test in report["tests"][3:]]
    assert written == written_tests, f"written answers as tests: {written}"
    assert all(test["output"] == "Graded by hand." for test in report["tests"][3:]), report["tests"][3:]
    assert output in report["output"], f"{output!r} not in {report['output']!r}"


def test_a_grader_error_stays_one_in_gradescope_whatever_written_scores_it_has():
    report = sample(grader_error=REASON).with_written_scores({"q1_1": 4}).to_gradescope()
    assert (report["score"], report["tests"]) == (0, []), f"score {report['score']}, tests {report['tests']}"
    assert "points" not in report["output"], report["output"]


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
        "status": "graded",
        "unloadable_reason": "",
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
        {"manual": [ManualItem("Q1.1 Why", 4, 3.5), ManualItem("Q1.2 How", 6), ManualItem("Q2.1 What", 2, 0)]},
        {"unloadable": "not-a-zip", "unloadable_reason": UNLOADABLE_REASON},
    ],
    ids=["defaults", "every-field-set", "grader-error", "written-scores", "unloadable"],
)
def test_a_record_round_trips_every_field(changes):
    results = sample(**changes)
    again = GradingResults.from_record(results.to_record())
    assert again == results, f"read back {again}; wrote {results}"


@pytest.mark.parametrize(
    "changes, status",
    [
        ({}, "graded"),
        ({"grader_error": REASON}, "grader-error"),
        *(({"unloadable": status, "unloadable_reason": "why"}, status) for status in UNLOADABLE_STATUSES),
        ({"grader_error": REASON, "unloadable": "empty"}, "grader-error"),
    ],
    ids=["graded", "grader-error", *UNLOADABLE_STATUSES, "grader-error-first"],
)
def test_the_status_says_what_became_of_the_submission(changes, status):
    results = GradingResults("s1", **changes)
    assert results.status == status and status in STATUSES
    assert results.graded == (status != "grader-error"), "only a grader error is no grade"


def test_an_unloadable_submission_tells_the_student_it_is_not_a_grade_and_what_to_hand_in():
    report = sample(unloadable="not-a-zip", unloadable_reason=UNLOADABLE_REASON).to_gradescope()
    assert (report["score"], report["tests"]) == (0, [])
    assert report["output"].startswith(
        "Your submission could not be loaded, so none of your code ran and the 0 shown is not a grade of your code. "
        f"Why: {UNLOADABLE_REASON}. Hand in your initializers.py and training.py (the files, or a .zip holding "
        "them), or your notebook (.ipynb), saved as UTF-8 text."
    ), report["output"]
    assert report["extra_data"]["status"] == "not-a-zip"
    assert report["extra_data"]["unloadable_reason"] == UNLOADABLE_REASON


@pytest.mark.parametrize(
    "build",
    [GradingResults, lambda **fields: GradingResults.from_record(sample().to_record() | fields)],
    ids=["made", "read-from-a-record"],
)
def test_an_unlisted_unloadable_status_is_refused(build):
    with pytest.raises(ValueError, match=r"unloadable must be empty or one of \['empty', .*\]; received 'broken-zip'"):
        build(student_id="s1", unloadable="broken-zip")


def test_a_record_written_before_written_scores_existed_reads_them_as_pending():
    record = sample().to_record()
    for item in record["manual"]:
        del item["score"]
    assert GradingResults.from_record(record) == sample(), "a record without written scores did not read as pending"


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
