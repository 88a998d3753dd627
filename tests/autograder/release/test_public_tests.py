"""The public tests students run: every one passes on the reference and fails on the stubs."""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

from autograder.reference import ASSIGNMENT_DIR, SOLUTIONS_DIR


def run_public_tests(folder, tmp_path):
    """Run pytest in a copy of ``folder`` as a student would; return {test id: outcome}."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    report = tmp_path / "report.xml"
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=copy,
        env=environment,
        capture_output=True,
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
    return outcomes


@pytest.fixture(scope="module")
def reference_outcomes(tmp_path_factory):
    return run_public_tests(SOLUTIONS_DIR, tmp_path_factory.mktemp("reference"))


@pytest.fixture(scope="module")
def stub_outcomes(tmp_path_factory):
    return run_public_tests(ASSIGNMENT_DIR, tmp_path_factory.mktemp("stubs"))


def test_every_public_test_passes_on_the_reference(reference_outcomes):
    assert len(reference_outcomes) > 100, f"only {len(reference_outcomes)} public tests were collected"
    not_passed = {name: outcome for name, outcome in reference_outcomes.items() if outcome != "passed"}
    assert not not_passed, f"public tests that do not pass on solutions/: {not_passed}"


def test_every_public_test_fails_on_the_stubs(stub_outcomes, reference_outcomes):
    assert set(stub_outcomes) == set(reference_outcomes), "the stubs and the reference collect different tests"
    not_failed = sorted(name for name, outcome in stub_outcomes.items() if outcome != "failed")
    assert not not_failed, f"public tests that do not fail on the blank stubs: {not_failed}"
