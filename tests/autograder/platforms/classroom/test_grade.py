"""The template's grading step (``.github/classroom/grade.py``), run as the workflow runs it: the result
it hands the reporter, on the reference, the stubs, partial work, a syntax error, a hang and a crash."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest

from autograder.platforms.classroom.workflow import GRADE_SCRIPT, POINTS_FILE
from autograder.reference import KIT_ROOT, solutions_dir

#: The result classroom-resources/autograding-grading-reporter reads (src/main.js, console-results.js,
#: aggregate-results.js, notify-classroom.js): ``status`` "fail" or "error" fails the check run;
#: ``max_score`` and each test's ``score`` are summed into the points sent to Classroom; each test's
#: ``name`` and ``status`` are printed, with ``line_no`` unless it is 0, ``message`` for "error" and
#: ``test_code`` when it is not empty. ``filename`` and ``execution_time`` are what the Classroom
#: graders also write.
REPORTER_SCHEMA = {
    "type": "object",
    "required": ["version", "status", "max_score", "tests"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "status": {"enum": ["pass", "fail", "error"]},
        "max_score": {"type": "number", "minimum": 0},
        "tests": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": [
                    *("name", "status", "score", "message"),
                    *("filename", "line_no", "execution_time", "test_code"),
                ],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "status": {"enum": ["pass", "fail", "error"]},
                    "score": {"type": "number", "minimum": 0},
                    "message": {"type": ["string", "null"]},
                    "filename": {"type": "string"},
                    "line_no": {"type": "integer", "minimum": 0},
                    "execution_time": {"type": "string", "pattern": r"^\d+\.\d\ds$"},
                    "test_code": {"type": "string"},
                },
            },
        },
    },
}


def _valid(result: dict, points: dict) -> dict:
    """``result`` after checking it against the reporter's schema and the points table: one entry per
    public test, in table order, none scoring more than its points, the maximum the table's."""
    jsonschema.validate(result, REPORTER_SCHEMA)
    assert result["max_score"] == points["max_score"], f"max_score {result['max_score']} is not the table's"
    assert len(result["tests"]) == len(points["tests"]), "not one result per public test"
    for scored, test in zip(result["tests"], points["tests"]):
        assert scored["filename"] == test["nodeid"].split("::")[0] and scored["line_no"] == test["line"], scored
        assert scored["score"] == (test["points"] if scored["status"] == "pass" else 0.0), scored
        assert (scored["message"] is None) == (scored["status"] == "pass"), scored
    return result


def _earned(result: dict, points: dict) -> dict[str, float]:
    """Points earned per function: the shares of the tests that passed."""
    earned = dict.fromkeys(points["functions"], 0.0)
    for scored, test in zip(result["tests"], points["tests"]):
        for function, share in test["shares"].items():
            earned[function] += share if scored["status"] == "pass" else 0.0
    return earned


def _stubbed(path) -> set[str]:
    """The functions of a student module whose body still raises NotImplementedError."""
    functions = [node for node in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(node, ast.FunctionDef)]
    return {
        function.name
        for function in functions
        if any(
            isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node) for node in ast.walk(function)
        )
    }


def test_the_reference_earns_every_point_and_passes(repository, grade, points):
    folder = repository({name: solutions_dir() / name for name in ("initializers.py", "training.py")})
    graded = grade(folder)
    result = _valid(graded.result, points)
    assert graded.returncode == 0, graded.stdout
    assert result["status"] == "pass", [test for test in result["tests"] if test["status"] != "pass"][:3]
    assert sum(test["score"] for test in result["tests"]) == points["max_score"] == 162.5
    assert _earned(result, points) == points["functions"], "a function lost points on the reference"
    assert re.search(r"total\s+162\.50 / 162\.50", graded.stdout), graded.stdout


def test_the_stubs_as_released_earn_nothing(repository, grade, points):
    graded = grade(repository())
    result = _valid(graded.result, points)
    assert graded.returncode == 0, "the step must exit 0 so that the reporter runs"
    assert result["status"] == "fail", result["status"]
    assert sum(test["score"] for test in result["tests"]) == 0, "the blank stubs earned points"
    assert all("NotImplementedError" in test["message"] for test in result["tests"]), result["tests"][0]


@pytest.mark.parametrize("submission", ["s003_partial", "s002_classic_mistakes"], ids=["unfinished", "mistakes"])
def test_partial_work_earns_some_points_function_by_function(repository, grade, points, submission):
    source = KIT_ROOT / "examples" / "submissions" / submission
    graded = grade(repository({name: source / name for name in ("initializers.py", "training.py")}))
    result = _valid(graded.result, points)
    total = sum(test["score"] for test in result["tests"])
    assert result["status"] == "fail" and 0 < total < points["max_score"], (result["status"], total)
    earned = _earned(result, points)
    stubbed = _stubbed(source / "initializers.py") | _stubbed(source / "training.py")
    assert all(earned[function] == 0 for function in stubbed & set(earned)), {f: earned[f] for f in stubbed}
    partial = [f for f, value in earned.items() if 0 < value < points["functions"][f]]
    assert partial or stubbed, "neither a function with partial credit nor an unfinished one"
    for test in result["tests"]:
        if test["status"] != "pass":
            assert test["message"] and test["message"].split(":")[0].endswith("Error"), test


def test_a_syntax_error_gives_that_files_tests_nothing_and_says_why(repository, grade, points):
    broken = (solutions_dir() / "training.py").read_text(encoding="utf-8") + "\ndef broken(:\n    pass\n"
    folder = repository({"initializers.py": solutions_dir() / "initializers.py", "training.py": broken})
    graded = grade(folder)
    result = _valid(graded.result, points)
    assert graded.returncode == 0 and result["status"] == "error", (graded.returncode, result["status"])
    training = [test for test in result["tests"] if test["filename"] == "tests/test_training.py"]
    others = [test for test in result["tests"] if test["filename"] != "tests/test_training.py"]
    assert training and all(test["status"] == "error" and test["score"] == 0 for test in training), training[0]
    for test in training:
        assert "could not be collected" in test["message"] and "SyntaxError" in test["message"], test["message"]
        assert 'training.py", line' in test["message"] and str(folder) not in test["message"], test["message"]
    assert others and all(test["status"] == "pass" for test in others), "the other file's tests lost points"
    assert "tests/test_training.py could not be collected, so its 20 tests did not run" in graded.stdout


@pytest.fixture
def toy(tmp_path):
    """``toy(tests)``: a repository with the template's grading script, a points table giving each test
    of ``tests`` (``{test name: source}``, in tests/test_toy.py) one point, and no student code."""

    def make(tests: dict[str, str]) -> tuple:
        folder = tmp_path / "toy"
        (folder / "tests").mkdir(parents=True)
        (folder / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n")
        source = "import os\nimport time\n\n" + "".join(
            f"\ndef {name}():\n    {body}\n" for name, body in tests.items()
        )
        (folder / "tests" / "test_toy.py").write_text(source)
        (folder / GRADE_SCRIPT).parent.mkdir(parents=True)
        shutil.copy(KIT_ROOT / "autograder" / "platforms" / "classroom" / "grade.py", folder / GRADE_SCRIPT)
        numbered = list(enumerate(source.splitlines(), start=1))
        lines = {name: number for number, line in numbered for name in tests if f"def {name}(" in line}
        table = {
            "max_score": float(len(tests)),
            "functions": {name: 1.0 for name in tests},
            "tests": [
                {"nodeid": f"tests/test_toy.py::{name}", "line": lines[name], "points": 1.0, "shares": {name: 1.0}}
                for name in tests
            ],
        }
        (folder / POINTS_FILE).write_text(json.dumps(table))
        return folder, table

    return make


@pytest.mark.parametrize(
    "body, arguments, message",
    [
        ("time.sleep(60)", ["--time-limit", "5"], "stopped at the time limit of 5 s"),
        ("os._exit(3)", [], "pytest stopped with exit status 3"),
    ],
    ids=["endless", "interpreter-exits"],
)
def test_a_run_that_never_ends_still_writes_a_result_keeping_what_finished(toy, grade, body, arguments, message):
    folder, table = toy({"test_first": "assert True", "test_stuck": body, "test_after": "assert True"})
    graded = grade(folder, *arguments, timeout=60)
    result = _valid(graded.result, table)
    assert graded.returncode == 0 and result["status"] == "error", (graded.returncode, result["status"])
    first, stuck, after = result["tests"]
    assert first["status"] == "pass" and first["score"] == 1.0, first
    for test in (stuck, after):
        assert test["status"] == "error" and test["score"] == 0 and message in test["message"], test


def test_a_test_missing_from_the_repository_earns_nothing_and_says_so(toy, grade):
    folder, table = toy({"test_kept": "assert True", "test_removed": "assert True"})
    source = (folder / "tests" / "test_toy.py").read_text()
    (folder / "tests" / "test_toy.py").write_text(source.replace("def test_removed", "def helper_removed"))
    result = _valid(grade(folder).result, table)
    assert [test["status"] for test in result["tests"]] == ["pass", "error"], result["tests"]
    assert "test_removed was not found" in result["tests"][1]["message"], result["tests"][1]


@pytest.mark.parametrize(
    "content, said",
    [(None, "No such file"), ("{}", "must hold a list 'tests'"), ("not json", "Expecting value")],
    ids=["missing", "no-tests", "not-json"],
)
def test_a_broken_points_table_gives_an_error_result_not_a_crash(toy, grade, content, said):
    folder, _table = toy({"test_one": "assert True"})
    if content is None:
        (folder / POINTS_FILE).unlink()
    else:
        (folder / POINTS_FILE).write_text(content)
    graded = grade(folder)
    jsonschema.validate(graded.result, REPORTER_SCHEMA)
    assert graded.returncode == 0 and graded.result["status"] == "error", graded.result
    assert said in graded.result["tests"][0]["message"], graded.result["tests"][0]["message"]


def test_without_github_output_the_result_is_printed(toy):
    folder, _table = toy({"test_one": "assert True"})
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_OUTPUT"}
    done = subprocess.run([sys.executable, GRADE_SCRIPT], cwd=folder, env=environment, capture_output=True, text=True)
    assert done.returncode == 0 and "GITHUB_OUTPUT is not set" in done.stdout, done.stdout + done.stderr
    assert re.search(r"^result=[A-Za-z0-9+/=]+$", done.stdout, re.MULTILINE), done.stdout


def test_the_script_needs_only_the_standard_library_and_pytest():
    tree = ast.parse((KIT_ROOT / "autograder" / "platforms" / "classroom" / "grade.py").read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in ([alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""])
    }
    outside = sorted(name for name in imported if name not in sys.stdlib_module_names and name != "pytest")
    assert outside == [], f"grade.py imports {outside}, which a student's repository does not have"
