"""The template's ``.github/workflows/classroom.yml``, parsed as GitHub reads YAML: GitHub Classroom's
form, the steps in order, the grading step the reporter names, and the CPU build of torch with pip's cache."""

from __future__ import annotations

import re

import pytest
import yaml

from autograder.platforms.classroom.workflow import (
    GRADE_SCRIPT,
    PINNED,
    REQUIREMENTS,
    STEP_ID,
    TORCH_INDEX,
    TORCH_VERSION,
    WORKFLOW_FILE,
    requirements_text,
    workflow_text,
)


@pytest.fixture(scope="module")
def workflow(template) -> dict:
    return yaml.safe_load((template / WORKFLOW_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def steps(workflow) -> list[dict]:
    return workflow["jobs"]["run-autograding-tests"]["steps"]


def test_the_workflow_has_github_classrooms_form(workflow):
    assert workflow["name"] == "Autograding Tests", "the reporter finds its check run by this workflow's job"
    assert workflow["on"] == ["push", "repository_dispatch"], f"'on' parsed as {workflow.get('on')!r}"
    assert workflow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    assert list(workflow["jobs"]) == ["run-autograding-tests"], "the reporter updates the check run of this job"
    job = workflow["jobs"]["run-autograding-tests"]
    assert job["runs-on"] == "ubuntu-latest"
    assert job["if"] == "github.actor != 'github-classroom[bot]'", "Classroom's own first commit must not run it"


def test_the_steps_come_in_order(steps):
    uses = [step.get("uses", "").split("@")[0] or step.get("id", "run") for step in steps]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "run",
        STEP_ID,
        "classroom-resources/autograding-grading-reporter",
    ], uses
    assert all(step.get("name") for step in steps), "a step without a name"
    assert steps[-1]["uses"].endswith("@v1") and steps[0]["uses"].endswith("@v4")


def test_one_grading_step_whose_id_the_reporter_reads(steps):
    graders = [step for step in steps if "id" in step]
    assert len(graders) == 1, f"{len(graders)} steps with an id; the reporter reads one runner"
    grader, reporter = graders[0], steps[-1]
    assert re.fullmatch(r"[a-z0-9]+", grader["id"]), f"the reporter accepts runner ids of letters and digits: {grader}"
    assert grader["run"] == f"python {GRADE_SCRIPT}", grader
    assert reporter["with"] == {"runners": grader["id"]}, reporter
    assert reporter["env"] == {f"{grader['id'].upper()}_RESULTS": f"${{{{steps.{grader['id']}.outputs.result}}}}"}


def test_python_is_set_up_with_pips_cache_keyed_on_the_pinned_requirements(steps, template):
    setup = steps[1]["with"]
    assert setup["cache"] == "pip" and setup["cache-dependency-path"] == REQUIREMENTS, setup
    assert setup["python-version"] == "3.11", setup
    assert (template / REQUIREMENTS).read_text(encoding="utf-8") == requirements_text()


def test_torch_is_the_cpu_build_from_pytorchs_index_then_the_requirements(steps):
    commands = [line.strip() for line in steps[2]["run"].splitlines() if line.strip()]
    assert commands == [
        f"python -m pip install torch=={TORCH_VERSION} --index-url {TORCH_INDEX}",
        f"python -m pip install -r {REQUIREMENTS}",
    ], commands
    assert TORCH_INDEX == "https://download.pytorch.org/whl/cpu" and TORCH_VERSION == "2.13.0"


def test_the_requirements_pin_every_package_the_tests_import_but_torch():
    lines = [line for line in requirements_text().splitlines() if line and not line.startswith("#")]
    assert lines == [f"{name}=={version}" for name, version in PINNED.items()], lines
    assert set(PINNED) == {"numpy", "scikit-learn", "matplotlib", "pytest"}, PINNED
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in PINNED.values()), PINNED


def test_the_workflow_is_the_same_text_every_time(template):
    assert (template / WORKFLOW_FILE).read_text(encoding="utf-8") == workflow_text() == workflow_text()
