"""The instructor's CI recipes in docs/ci/: docs/ci.md shows them as they are, each has what its CI
needs (torch's CPU build, the kit, the junit report, the reports as artifacts), and each one's grading
lines, run with bash as its CI runs them, exit 0 however many points students lose and non-zero when
the grader refuses the call."""

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from autograder import batch
from autograder.reference import KIT_ROOT

CI_DIR = KIT_ROOT / "docs" / "ci"
RECIPES = ["github-actions", "gitlab-ci"]
README = (KIT_ROOT / "README.md").read_text(encoding="utf-8")
CI_PAGE = KIT_ROOT / "docs" / "ci.md"
#: a student with full marks and one who loses points
STUDENTS = ["s001_correct", "s002_classic_mistakes"]
SECRET = "a course secret for the CI recipes' test"
GRADING_COMMAND = 'initgrade grade submissions/* --out graded --secret-file "$secret_file"'
#: the Python whose initgrade the grading lines find first on PATH: the one running these tests
ENVIRONMENT_BIN = Path(sys.executable).parent


def text(name):
    return (CI_DIR / f"{name}.yml").read_text(encoding="utf-8")


def recipe(name):
    return yaml.safe_load(text(name))


def github_steps():
    return recipe("github-actions")["jobs"]["grade"]["steps"]


def github_step(*, name=None, uses=None):
    found = [
        step
        for step in github_steps()
        if (name is not None and step.get("name") == name)
        or (uses is not None and step.get("uses", "").split("@")[0] == uses)
    ]
    assert len(found) == 1, f"the workflow has {len(found)} steps named {name!r} or using {uses!r}: {github_steps()}"
    return found[0]


def gitlab_job():
    return recipe("gitlab-ci")["grade"]


def grading_lines(name):
    """The shell lines that grade, and how the CI runs them: GitHub runs a step's ``run`` with its
    default shell on Linux, ``bash -e {0}``; GitLab's runner runs ``script`` with ``set -eo pipefail``."""
    if name == "github-actions":
        return github_step(name="Grade")["run"].splitlines(), ["bash", "-e"]
    return gitlab_job()["script"], ["bash", "-eo", "pipefail"]


def install_lines(name):
    if name == "github-actions":
        return github_step(name="Install the kit")["run"].splitlines()
    return gitlab_job()["before_script"]


def artifact_paths(name):
    if name == "github-actions":
        return github_step(uses="actions/upload-artifact")["with"]["path"].split()
    return gitlab_job()["artifacts"]["paths"]


def junit_report(name):
    if name == "github-actions":
        return github_step(uses="mikepenz/action-junit-report")["with"]["report_paths"]
    return gitlab_job()["artifacts"]["reports"]["junit"]


def run_grading(name, folder, *, secret):
    """Run the recipe's grading lines with bash in ``folder``, the test's Python first on PATH, the
    CI's secret in INITGRADE_SECRET, and TMPDIR a folder removed afterwards (the secret file the lines
    write and the grader's scratch), which every worker's user id may pass (mode 711) as in /tmp."""
    lines, shell = grading_lines(name)
    scratch = Path(tempfile.mkdtemp(prefix="initgrade-ci-recipe-"))
    try:
        scratch.chmod(0o711)
        script = scratch / "grade.sh"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        environment = {
            **os.environ,
            "PATH": os.pathsep.join([str(ENVIRONMENT_BIN), os.environ.get("PATH", "")]),
            "INITGRADE_SECRET": secret,
            "TMPDIR": str(scratch),
        }
        return subprocess.run(
            [*shell, str(script)], cwd=folder, env=environment, capture_output=True, text=True, timeout=600, check=False
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def with_submissions(folder):
    for student in STUDENTS:
        shutil.copytree(KIT_ROOT / "examples" / "submissions" / student, folder / "submissions" / student)
    return folder


@pytest.fixture(scope="module", params=RECIPES)
def graded(request, tmp_path_factory):
    folder = with_submissions(tmp_path_factory.mktemp(request.param))
    return request.param, folder, run_grading(request.param, folder, secret=SECRET)


def yaml_blocks(section):
    return re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)


def test_the_ci_page_shows_both_recipes_as_they_are():
    shown = yaml_blocks(CI_PAGE.read_text(encoding="utf-8"))
    assert len(shown) == len(RECIPES), f"{CI_PAGE.name} shows {len(shown)} yaml blocks, not {len(RECIPES)}"
    for name, block in zip(RECIPES, shown):
        assert block == text(name), f"{CI_PAGE.name}'s block {name} differs from docs/ci/{name}.yml"


def test_both_recipes_grade_with_the_same_lines():
    github, gitlab = (grading_lines(name)[0] for name in RECIPES)
    assert github == gitlab, f"GitHub's grading lines {github} differ from GitLab's {gitlab}"
    assert github[-1] == GRADING_COMMAND, f"the grading command is {github[-1]!r}"


@pytest.mark.parametrize("name", RECIPES, ids=RECIPES)
def test_the_recipe_installs_torch_s_cpu_build_then_the_kit_as_the_readme_says(name):
    section = README.split("### Installing on other machines", 1)[1]
    commands = re.search(r"```\n(.*?)```", section, re.DOTALL)[1].splitlines()
    expected = [command.replace(".venv/bin/", "") for command in commands]
    assert install_lines(name) == expected, f"{name} installs with {install_lines(name)}; the README with {expected}"
    assert "--index-url https://download.pytorch.org/whl/cpu" in install_lines(name)[0]


@pytest.mark.parametrize("name", RECIPES, ids=RECIPES)
def test_nothing_lets_a_failure_of_the_grading_command_pass(name):
    lines, shell = grading_lines(name)
    assert "-e" in shell[1], shell
    forgiving = [line for line in lines if re.search(r"\|\|\s*(true|:)|set \+e|exit 0|;\s*true", line)]
    assert not forgiving, f"{name}: these lines let a failed grading pass: {forgiving}"
    if name == "github-actions":
        assert "continue-on-error" not in recipe(name)["jobs"]["grade"], "the job continues on error"
        assert "continue-on-error" not in github_step(name="Grade"), "the grading step continues on error"
    else:
        assert "allow_failure" not in gitlab_job(), "the GitLab job is allowed to fail"


def test_github_grades_each_push_of_submissions_with_the_repository_secret():
    workflow = recipe("github-actions")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1, which PyYAML reads, takes `on` for true
    assert triggers["push"]["paths"] == ["submissions/**"], triggers
    python = github_step(uses="actions/setup-python")["with"]
    assert (python["python-version"], python["cache"]) == ("3.11", "pip"), python
    assert github_step(name="Grade")["env"] == {"INITGRADE_SECRET": "${{ secrets.INITGRADE_SECRET }}"}
    assert workflow["permissions"] == {"contents": "read", "checks": "write"}, workflow["permissions"]


def test_github_publishes_the_report_and_uploads_the_reports_even_when_grading_failed():
    report = github_step(uses="mikepenz/action-junit-report")
    assert report["with"]["fail_on_failure"] is False, "a student's failed test would fail the job"
    upload = github_step(uses="actions/upload-artifact")
    assert report.get("if") == upload.get("if") == "always()", (report.get("if"), upload.get("if"))
    names = [step.get("name", step.get("uses")) for step in github_steps()]
    assert names.index("Grade") < names.index(report["name"]) < names.index(upload["name"]), names


def test_gitlab_caches_pip_and_keeps_the_reports_even_when_grading_failed():
    job = gitlab_job()
    assert job["image"] == "python:3.11", job["image"]
    cache = job["variables"]["PIP_CACHE_DIR"]
    assert cache.startswith("$CI_PROJECT_DIR/"), f"GitLab caches only the project's folder, not {cache}"
    assert cache.removeprefix("$CI_PROJECT_DIR/") in job["cache"]["paths"], (cache, job["cache"])
    assert job["artifacts"]["when"] == "always", job["artifacts"]
    assert {"changes": ["submissions/**/*"]} in job["rules"], job["rules"]


def test_grading_exits_0_though_a_student_lost_points(graded):
    name, folder, finished = graded
    assert finished.returncode == 0, f"{name}: exit status {finished.returncode}\n{finished.stderr}"
    with open(folder / "graded" / "grades.csv", newline="", encoding="utf-8") as table:
        rows = {row["student_id"]: row for row in csv.DictReader(table)}
    assert sorted(rows) == STUDENTS, rows
    correct, mistakes = (rows[student] for student in STUDENTS)
    assert correct["status"] == mistakes["status"] == "graded", rows
    assert float(correct["score"]) == float(correct["max_score"]), correct
    assert float(mistakes["score"]) < float(mistakes["max_score"]), mistakes


def test_the_report_and_every_artifact_the_recipe_names_are_written(graded):
    name, folder, finished = graded
    suites = ET.parse(folder / junit_report(name)).getroot().findall("testsuite")
    assert [suite.get("name") for suite in suites] == STUDENTS, [suite.get("name") for suite in suites]
    assert [int(suite.get("failures")) > 0 for suite in suites] == [False, True], [s.attrib for s in suites]
    uploaded = {path for pattern in artifact_paths(name) for path in folder.glob(pattern)}
    missing = [pattern for pattern in artifact_paths(name) if not list(folder.glob(pattern))]
    assert not missing, f"{name} uploads {missing}, which grading did not write"
    pages = {folder / "graded" / student / "feedback.html" for student in STUDENTS}
    assert pages <= uploaded, f"{name} leaves out feedback pages: {sorted(pages - uploaded)}"
    summary = folder / "graded" / "summary.html"
    shown = {summary.parent / source for source in re.findall(r'src="([^"]+)"', summary.read_text(encoding="utf-8"))}
    assert summary in uploaded and shown <= uploaded, f"summary.html shows {sorted(shown - uploaded)}, not uploaded"


def test_each_student_is_graded_with_the_seed_of_the_ci_secret(graded):
    name, folder, _ = graded
    for student in STUDENTS:
        seed = batch.student_seed(SECRET, student)
        results = (folder / "graded" / student / "results.json").read_text(encoding="utf-8")
        assert f"(seed {seed})" in results, f"{name}: {student} was not graded with seed {seed}"


@pytest.mark.parametrize(
    "name, submissions, secret, message",
    [
        (recipe_name, submissions, secret, message)
        for recipe_name in RECIPES
        for submissions, secret, message in [
            (False, SECRET, "received 'submissions/*' (no such file or folder)"),
            (True, "", "is empty"),
        ]
    ],
    ids=[f"{name}-{case}" for name in RECIPES for case in ("no-submissions", "no-secret")],
)
def test_a_wrong_call_fails_the_grading_lines_with_exit_status_2(tmp_path, name, submissions, secret, message):
    folder = with_submissions(tmp_path) if submissions else tmp_path
    finished = run_grading(name, folder, secret=secret)
    assert finished.returncode == 2, f"{name}: exit status {finished.returncode}\n{finished.stderr}"
    assert message in finished.stderr, finished.stderr
    assert not (folder / "graded" / "grades.csv").exists(), "a refused call wrote reports"
