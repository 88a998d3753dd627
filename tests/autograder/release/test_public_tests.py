"""The public tests students run: every one passes on the reference and fails on the stubs, and
the run tells a student, in a screenful, how far they are and what to write or fix next."""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import pytest

from autograder.reference import ASSIGNMENT_DIR, SOLUTIONS_DIR


@dataclass
class Run:
    outcomes: dict  # {test id: "passed" | "failed" | "skipped"}
    lines: list  # what pytest printed, a line each


def run_public_tests(folder, tmp_path, *, edit=None):
    """Run pytest in a copy of ``folder`` as a student would (``edit(copy)`` changes it first)."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    if edit is not None:
        edit(copy)
    report = tmp_path / "report.xml"
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "80"}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = (
            "failed" if failed else "skipped" if skipped else "passed"
        )
    printed = (completed.stdout + completed.stderr).rstrip("\n").splitlines()
    return Run(outcomes, [line for line in printed if not line.startswith("- generated xml file")])


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    return run_public_tests(SOLUTIONS_DIR, tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def reference_outcomes(reference_run):
    return reference_run.outcomes


@pytest.fixture(scope="module")
def stub_run(tmp_path_factory):
    return run_public_tests(ASSIGNMENT_DIR, tmp_path_factory.mktemp("stubs"))


@pytest.fixture(scope="module")
def stub_outcomes(stub_run):
    return stub_run.outcomes


def test_every_public_test_passes_on_the_reference(reference_outcomes):
    assert len(reference_outcomes) > 100, f"only {len(reference_outcomes)} public tests were collected"
    not_passed = {name: outcome for name, outcome in reference_outcomes.items() if outcome != "passed"}
    assert not not_passed, f"public tests that do not pass on solutions/: {not_passed}"


def test_every_public_test_fails_on_the_stubs(stub_outcomes, reference_outcomes):
    assert set(stub_outcomes) == set(reference_outcomes), "the stubs and the reference collect different tests"
    not_failed = sorted(name for name, outcome in stub_outcomes.items() if outcome != "failed")
    assert not not_failed, f"public tests that do not fail on the blank stubs: {not_failed}"


def functions_in_order(folder):
    """The functions to write, as the student folder's ``public_tests`` lists them."""
    sys.path.insert(0, str(folder))
    try:
        import public_tests

        return public_tests.functions()
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("public_tests", None)


def test_the_blank_folder_prints_a_screenful_that_ends_with_the_next_function(stub_run):
    functions = functions_in_order(ASSIGNMENT_DIR)
    printed = "\n".join(stub_run.lines)
    assert len(stub_run.lines) <= 60, f"{len(stub_run.lines)} lines on the blank stubs:\n{printed}"
    assert f"Written: 0 of {len(functions)} functions" in printed, printed
    assert re.search(rf"\bwrite {functions[0]}\b", stub_run.lines[-1]), f"the last line is {stub_run.lines[-1]!r}"
    assert "Traceback" not in printed and "NotImplementedError" not in printed, printed


def test_the_complete_reference_says_everything_is_written_and_passes(reference_run):
    functions = functions_in_order(SOLUTIONS_DIR)
    assert f"All {len(functions)} functions are written and pass" in reference_run.lines[-1], reference_run.lines


#: One function of the reference broken, as students break them: a wrong number (one test fails),
#: a wrong helper other functions use (a cascade of failures), an exception in the student's code.
BROKEN = {
    "he_normal": (
        "initializers.py",
        'return _he(shape, rng, negative_slope, mode, "untruncated_normal")',
        'return 2 * _he(shape, rng, negative_slope, mode, "untruncated_normal")',
    ),
    "compute_fans": (
        "initializers.py",
        "return dims[-2] * receptive_field, dims[-1] * receptive_field",
        "return dims[-1] * receptive_field, dims[-2] * receptive_field",
    ),
    "train": (
        "training.py",
        "step = torch.optim.SGD(updated, lr=lr, momentum=momentum)",
        "step = torch.optim.SGD(updated, lr=lr, momentum=momentum, nesterov_steps=2)",
    ),
}


@pytest.mark.parametrize("function", sorted(BROKEN), ids=sorted(BROKEN))
def test_one_wrong_function_is_explained_in_a_short_block(function, tmp_path):
    file, correct, wrong = BROKEN[function]

    def break_it(copy):
        source = (copy / file).read_text(encoding="utf-8")
        assert source.count(correct) == 1, f"{file} no longer holds {correct!r}"
        (copy / file).write_text(source.replace(correct, wrong), encoding="utf-8")

    run = run_public_tests(SOLUTIONS_DIR, tmp_path, edit=break_it)
    printed = "\n".join(run.lines)
    assert any(outcome == "failed" for outcome in run.outcomes.values()), printed
    headers = [number for number, line in enumerate(run.lines) if re.match(r"^-+ \w+: \d+ public tests? fails?", line)]
    starts = [number for number in headers if re.match(rf"^-+ {function}: ", run.lines[number])]
    assert starts, f"no block for {function}:\n{printed}"
    ends = [number for number in headers if number > starts[0]] + [
        number for number, line in enumerate(run.lines) if re.search(r"\d+ (failed|passed)", line)
    ]
    block = run.lines[starts[0] : min(ends)]
    assert len(block) <= 15, f"{function}'s failure takes {len(block)} lines:\n" + "\n".join(block)
    assert "Traceback" not in printed, printed
    assert len(run.lines) <= 60, f"{len(run.lines)} lines:\n{printed}"
    assert re.search(rf"\bfix {function}\b", run.lines[-1]), f"the last line is {run.lines[-1]!r}"
