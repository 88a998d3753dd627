"""``initgrade classroom --out DIR``: what the template holds, that it gives nothing away, and what is
refused (leaving the folder as it was)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import torch

from autograder.platforms.classroom.template import MARK, make_template, render_template
from autograder.platforms.classroom.workflow import GRADE_SCRIPT, POINTS_FILE, REQUIREMENTS, WORKFLOW_FILE
from autograder.reference import KIT_ROOT, solutions_dir
from autograder.release import PYTHON_MARKERS, render_release
from autograder.release.leaks import LeakError, find_leaks
from autograder.release.stubs import encoded, is_binary


def _tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _initgrade(*arguments, cwd=None, environment=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", *map(str, arguments)],
        cwd=cwd,
        env=environment or os.environ,
        capture_output=True,
        text=True,
    )


def test_the_template_is_the_release_and_what_scores_it(template):
    written = _tree(template)
    release = render_release()
    assert set(written) == {*release, REQUIREMENTS, WORKFLOW_FILE, GRADE_SCRIPT, POINTS_FILE, MARK}, sorted(written)
    for name, content in release.items():
        assert written[name] == encoded(content), f"{name} differs from the release's"
    script = KIT_ROOT / "autograder" / "platforms" / "classroom" / "grade.py"
    assert written[GRADE_SCRIPT] == script.read_bytes()
    assert json.loads(written[MARK])["made_by"] == "initgrade classroom"


def test_the_template_carries_the_checkpoint_part_4_loads(template):
    checkpoint = template / "pretrained_digits.pt"
    assert checkpoint.read_bytes() == (solutions_dir() / "pretrained_digits.pt").read_bytes(), "not the kit's"
    state = torch.load(checkpoint, weights_only=True, map_location="cpu")
    assert {name: tuple(tensor.shape) for name, tensor in state.items()}["0.weight"] == (64, 64), state.keys()


def test_the_template_is_the_same_every_time(template, tmp_path):
    again = tmp_path / "again"
    make_template(again)
    assert _tree(again) == _tree(template), "two templates of the same kit differ"


def test_no_solution_and_no_hidden_test_source_is_in_the_template(template):
    tree = _tree(template)
    assert find_leaks(tree, secret="not-in-the-template-3f9c") == [], "the leak check finds leaks"
    files = {name: content.decode("utf-8") for name, content in tree.items() if not is_binary(name)}
    everything = "\n".join(files.values())
    begin, end = PYTHON_MARKERS
    for module in ("initializers.py", "training.py"):
        reference = (solutions_dir() / module).read_text(encoding="utf-8")
        regions = re.findall(rf"{re.escape(begin)}\n(.*?)\n\s*{re.escape(end)}", reference, re.DOTALL)
        assert len(regions) >= 5, f"{module}: the solution regions were not found"
        shown = [region for region in regions if region.strip() in everything and len(region.strip()) > 20]
        assert shown == [], f"{module}: solution regions in the template: {shown[:2]}"
        assert files[module] != reference and "raise NotImplementedError" in files[module]
    hidden = sorted((KIT_ROOT / "autograder" / "hidden").glob("hidden_*.py"))
    for path in hidden:
        assert path.name not in everything, f"the template names {path.name}"
    tests = {name for path in hidden for name in re.findall(r"^def (test_\w+)", path.read_text("utf-8"), re.MULTILINE)}
    public = set(re.findall(r"def (test_\w+)", everything))
    assert len(tests - public) > 5, "too few hidden test names to tell"
    assert not (tests - public) & set(re.findall(r"\w+", everything)), "a hidden test's name is in the template"


@pytest.mark.parametrize(
    "prepare, out, message",
    [
        (lambda p: (p / "t").mkdir() or (p / "t" / "notes.txt").write_text("mine"), "t", "is not empty and is not a"),
        (lambda p: (p / "t").write_text("a file"), "t", "--out must be a folder; received"),
        (lambda p: None, "SOLUTIONS", "--out must be outside the solutions folder"),
    ],
    ids=["foreign-folder", "a-file", "inside-solutions"],
)
def test_a_folder_it_may_not_write_is_refused_and_left_as_it_was(tmp_path, prepare, out, message):
    prepare(tmp_path)
    target = solutions_dir() / "classroom-template" if out == "SOLUTIONS" else tmp_path / out
    before, solutions_before = _tree(tmp_path), _tree(solutions_dir())
    with pytest.raises(ValueError, match=message):
        make_template(target)
    assert _tree(tmp_path) == before and _tree(solutions_dir()) == solutions_before, "a refused call wrote something"
    assert not (solutions_dir() / "classroom-template").exists()


def test_a_template_holding_the_course_secret_is_refused_and_nothing_is_written(tmp_path):
    secret = "compute_fans_needs_two_dimensions"  # a string the template holds: as if it were the secret
    assert secret in "".join(text for text in render_template().values() if isinstance(text, str))
    with pytest.raises(LeakError, match=r"leak\(s\) of what students must not see, so nothing was written"):
        make_template(tmp_path / "t", secret=secret)
    assert not (tmp_path / "t").exists(), "a leaking template was written"


def test_a_template_it_made_is_written_again_and_other_files_stay(template, tmp_path):
    folder = tmp_path / "t"
    make_template(folder)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "LICENSE").write_text("the instructor's licence\n")
    (folder / "initializers.py").write_text("changed by hand\n")
    written = make_template(folder)
    assert [path.relative_to(folder).as_posix() for path in written] == sorted(render_template())
    assert (folder / "initializers.py").read_bytes() == (template / "initializers.py").read_bytes()
    assert (folder / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n" and (folder / "LICENSE").is_file()


def test_the_command_writes_the_template_and_says_what_comes_next(tmp_path, template):
    done = _initgrade("classroom", "--out", tmp_path / "t")
    assert done.returncode == 0, done.stderr
    assert _tree(tmp_path / "t") == _tree(template), "the command's template is not make_template's"
    assert f"wrote {len(render_template())} files to" in done.stdout, done.stdout
    for name in (WORKFLOW_FILE, GRADE_SCRIPT, POINTS_FILE, "initializers.py", "tests/test_training.py"):
        assert f"  {name}\n" in done.stdout, f"{name} is not listed:\n{done.stdout}"
    for step in ("gh repo create", "--template", "gh classroom clone student-repos -a", "initgrade grade"):
        assert step in done.stdout, f"the next steps do not say {step!r}:\n{done.stdout}"


@pytest.mark.parametrize(
    "arguments, message",
    [(["--out", "taken"], "is not empty and is not a template made by initgrade classroom"), ([], "--out")],
    ids=["foreign-folder", "no-out"],
)
def test_wrong_calls_exit_2_and_write_nothing(tmp_path, arguments, message):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "work.py").write_text("x = 1\n")
    before = _tree(tmp_path)
    done = _initgrade("classroom", *arguments, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr, (done.returncode, done.stderr)
    assert _tree(tmp_path) == before, "a refused call wrote something"


def test_the_secret_comes_from_the_environment(tmp_path):
    environment = {**os.environ, "INITGRADE_SECRET": "compute_fans_needs_two_dimensions"}
    done = _initgrade("classroom", "--out", tmp_path / "t", environment=environment)
    assert done.returncode == 2 and "course secret" in done.stderr, done.stderr[-500:]
    assert "compute_fans_needs_two_dimensions" not in done.stderr, "the error shows the secret"
    assert not (tmp_path / "t").exists()


def test_a_clone_by_gh_classroom_is_a_submission_initgrade_grade_reads(template, tmp_path):
    # gh classroom clone student-repos: ASSIGNMENT_SLUG-submissions/ASSIGNMENT_SLUG-USERNAME/, a git clone
    clone = tmp_path / "initialization-submissions" / "initialization-alice"
    shutil.copytree(template, clone)
    for module in ("initializers.py", "training.py"):
        shutil.copy(solutions_dir() / module, clone / module)
    (clone / ".git").mkdir()
    (clone / ".git" / "config").write_text("[core]\n\trepositoryformatversion = 0\n")
    done = _initgrade(
        "grade",
        *sorted((tmp_path / "initialization-submissions").glob("*")),
        "--out",
        "graded",
        "--seed",
        "1",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "graded" / "initialization-alice" / "results.json").read_text())
    assert results["score"] == 162.5, f"the reference in a Classroom clone scored {results['score']}"


def test_the_commands_options_have_help_text():
    done = _initgrade("classroom", "--help")
    assert done.returncode == 0, done.stderr
    usage = " ".join(done.stdout.split())
    assert "--out DIR the template's folder" in usage and "GitHub Classroom template repository" in usage, usage
