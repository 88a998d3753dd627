"""The hidden-suite runner refuses a suite whose tests do not declare a unique title and points."""

import json
import re
import subprocess
import sys
import textwrap

import pytest

from autograder.grading import suite
from autograder.mistakes import MISTAKES
from autograder.sandbox import probes

RUNNER = """
import json, sys
from pathlib import Path
from autograder.grading import suite
suite.HIDDEN_DIR = Path(sys.argv[1])
try:
    run = suite.run_hidden_suite(object(), seed=0)
except RuntimeError as error:
    print(json.dumps({"error": str(error)}))
else:
    print(json.dumps({"tests": [[t.name, t.score, t.max_score, t.output] for t in run.tests],
                      "mistakes": {t.name: t.mistake for t in run.tests if t.mistake},
                      "internal_errors": run.internal_errors}))
"""


def run_fake_suite(tmp_path, source):
    """Run a hidden suite made of ``source`` in a fresh process, as the grader would run its own."""
    (tmp_path / "pytest.ini").write_text((suite.HIDDEN_DIR / "pytest.ini").read_text())
    (tmp_path / "conftest.py").write_text((suite.HIDDEN_DIR / "conftest.py").read_text())
    (tmp_path / "hidden_fake.py").write_text("import pytest\n\n" + textwrap.dedent(source))
    finished = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path)], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(finished.stdout.splitlines()[-1])


def test_a_named_mistake_and_a_function_not_written_reach_the_results(tmp_path):
    run = run_fake_suite(
        tmp_path,
        """
        from autograder.checks.statistics import Verdict
        from autograder.hidden.support import fail, judge
        from autograder.sandbox.submission import SubmissionError

        @pytest.mark.points(1)
        @pytest.mark.title("build_mlp: layout")
        def test_layout(submission):
            fail("layer 1 differs", "kernel-reshaped")

        @pytest.mark.points(1)
        @pytest.mark.title("evaluate: fraction")
        def test_fraction(submission):
            judge(Verdict(False, "accuracy 80.0", "accuracy-percent"))

        @pytest.mark.points(1)
        @pytest.mark.title("train: unnamed")
        def test_unnamed(submission):
            fail("differs")

        @pytest.mark.points(1)
        @pytest.mark.title("he_uniform: blank")
        def test_blank(submission):
            raise SubmissionError("he_uniform raised NotImplementedError", exception_type="NotImplementedError")
        """,
    )
    assert run["mistakes"] == {
        "build_mlp: layout": "kernel-reshaped",
        "evaluate: fraction": "accuracy-percent",
        "he_uniform: blank": "not-written",
    }
    outputs = {name: output for name, _, _, output in run["tests"]}
    assert outputs["build_mlp: layout"] == "layer 1 differs. " + MISTAKES["kernel-reshaped"]
    assert outputs["train: unnamed"] == "differs" and not run["internal_errors"]


def test_a_fake_suite_runs_and_records_points(tmp_path):
    run = run_fake_suite(
        tmp_path,
        """
        @pytest.mark.points(2)
        @pytest.mark.title("zeros: {case}")
        @pytest.mark.parametrize("case", ["a", "b"])
        def test_one(submission, case):
            if case == "b":
                pytest.fail("b is wrong", pytrace=False)

        @pytest.mark.points(1)
        @pytest.mark.title("train: broken grader")
        def test_two(submission):
            raise KeyError("oops")
        """,
    )
    assert run["tests"] == [
        ["zeros: a", 2, 2, ""],
        ["zeros: b", 0, 2, "b is wrong"],
        ["train: broken grader", 0, 1, suite.INTERNAL_ERROR],
    ]
    assert len(run["internal_errors"]) == 1 and "KeyError: 'oops'" in run["internal_errors"][0]


@pytest.mark.parametrize(
    "source",
    [
        "@pytest.mark.points(1)\ndef test_untitled(submission):\n    pass\n",
        "@pytest.mark.title('zeros: x')\ndef test_pointless(submission):\n    pass\n",
        "@pytest.mark.points(1)\n@pytest.mark.title('zeros: x')\n@pytest.mark.visibility('secret')\n"
        "def test_v(submission):\n    pass\n",
        "@pytest.mark.points(1)\n@pytest.mark.title('zeros: x')\n@pytest.mark.parametrize('k', [1, 2])\n"
        "def test_twice(submission, k):\n    pass\n",
    ],
    ids=["no-title", "no-points", "bad-visibility", "duplicate-title"],
)
def test_a_malformed_suite_does_not_run_and_says_why(tmp_path, source):
    reason = {
        "untitled": "has no title marker",
        "pointless": "has no points marker",
        "test_v": r"visibility must be one of \('visible', .*received 'secret'",
        "twice": "two hidden tests share the title 'zeros: x'",
    }
    expected = next(text for key, text in reason.items() if key in source)
    error = run_fake_suite(tmp_path, source).get("error", "")
    assert re.search("the hidden suite did not run: .*" + expected, error), error


def test_a_suite_that_cannot_be_collected_does_not_run(tmp_path):
    error = run_fake_suite(tmp_path, "def test_broken(:\n    pass\n").get("error", "")
    assert "the hidden suite did not run (pytest exit status" in error, error


def test_unknown_initializer_kind():
    with pytest.raises(ValueError, match="unknown initializer kind 'lsuv'; known: counting, normal"):
        probes.make_initializer({"kind": "lsuv"})
