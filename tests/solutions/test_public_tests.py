"""public_tests.py, which runs the public tests from the notebook's cells: which tests check which
function, and what it prints. It runs in a copy of solutions/, in a Python of its own, as in a kernel."""

import json
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from autograder.reference import SOLUTIONS_DIR

# Each case runs public_tests in a namespace made from the reference modules, as a notebook's globals.
SCRIPT = textwrap.dedent(
    """\
    import contextlib, io, json, sys
    import numpy as np
    import initializers, training, public_tests

    reference = {**vars(initializers), **vars(training)}

    def printed(function, namespace):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            public_tests.run(function, namespace)
        return out.getvalue()

    def unwritten(shape, rng, negative_slope=0.0, mode="fan_in"):
        raise NotImplementedError("he_normal is not written yet")

    def too_wide(shape, rng, negative_slope=0.0, mode="fan_in"):
        return initializers.he_normal(shape, rng, negative_slope, mode) * np.sqrt(2.0)

    cases = {}
    if sys.argv[1] == "plan":
        cases["plan"] = public_tests.plan(reference)
        cases["functions"] = list(public_tests.functions())
    else:
        try:
            public_tests.plan(reference)
        except RuntimeError as error:
            cases["plan"] = str(error)
    cases["reference"] = printed("he_normal", reference)
    cases["unwritten"] = printed("he_normal", {**reference, "he_normal": unwritten})
    cases["wrong"] = printed("he_normal", {**reference, "he_normal": too_wide})
    cases["undefined"] = printed("he_normal", {k: v for k, v in reference.items() if k != "he_normal"})
    cases["waiting"] = printed("zeros", {k: v for k, v in reference.items() if k != "constant"})
    cases["unchecked"] = printed("_he", reference)
    live = {**reference, "he_normal": too_wide}
    printed("he_normal", live)
    live["he_normal"] = reference["he_normal"]  # the cell run again, fixed
    cases["rerun"] = printed("he_normal", live)
    print(json.dumps(cases))
    """
)


def run_script(folder, mode: str) -> dict:
    ran = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=folder, capture_output=True, text=True, timeout=300, check=False
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public") / "solutions"
    shutil.copytree(SOLUTIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    return run_script(folder, "plan")


def test_every_public_test_checks_a_function_and_every_function_has_public_tests(outputs):
    plan, functions = outputs["plan"], outputs["functions"]
    assert len(plan) > 100, f"only {len(plan)} public tests were collected"
    unmatched = [test for test, checked in plan.items() if not checked]
    assert not unmatched, f"public tests that no notebook cell runs (their names name no function): {unmatched}"
    untested = [f for f in functions if not any(f in checked for checked in plan.values())]
    assert not untested, f"functions without a public test: {untested}"
    assert plan["tests/test_initializers.py::test_zeros_and_constant_values"] == ["zeros", "constant"]
    assert plan["tests/test_initializers.py::test_bad_arguments_raise_value_error[he-mode]"] == ["he_normal"]


@pytest.mark.parametrize(
    "case, expected",
    [
        ("reference", r"he_normal: all 8 public tests passed\.\n"),
        ("unwritten", r"he_normal: 8 of 8 public tests failed, all with NotImplementedError: he_normal is not written"),
        (
            "wrong",
            r"he_normal: 1 of 8 public tests failed:\n  test_variance_is_roughly_right\[he_normal--\]: .*variance",
        ),
        (
            "undefined",
            r"he_normal: 8 of 8 public tests failed, all with AttributeError: the notebook defines no 'he_normal' "
            r".*run the cell that defines it",
        ),
        (
            "waiting",
            r"zeros: all 4 .*\n  test_zeros_and_constant_values also checks constant: it runs once the notebook",
        ),
        ("unchecked", r"_he: no public test checks it; the hidden tests will, when the notebook is graded\.\n"),
        ("rerun", r"he_normal: all 8 public tests passed\.\n"),
    ],
    ids=lambda value: value if value.isidentifier() else "",
)
def test_what_a_public_test_cell_prints(outputs, case, expected):
    assert re.fullmatch(f"(?s){expected}.*", outputs[case]), outputs[case]


def test_tests_that_cannot_be_collected_are_reported_not_raised(tmp_path):
    folder = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    (folder / "tests" / "test_broken.py").write_text("def test_x(:\n")
    outputs = run_script(folder, "broken")
    assert outputs["reference"].startswith("he_normal: the public tests could not be collected:\n"), outputs
    assert "test_broken.py" in outputs["reference"]
    assert outputs["plan"].startswith("the public tests could not be collected (pytest exit status 2)"), outputs
