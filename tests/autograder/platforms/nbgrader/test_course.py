"""``initgrade nbgrader init``: what a course holds, what is refused, the secret, and wrong calls of
``initgrade nbgrader autograde``."""

from __future__ import annotations

import os
import re
import stat
import zipfile

import nbformat
import pytest
import torch
from initgrade_test_course_workflow import initgrade, nbgrader

from autograder.platforms.nbgrader import course as course_module
from autograder.platforms.nbgrader.autograde import read_course
from autograder.reference import SOLUTIONS_DIR
from autograder.release.notebook import source_notebook


def test_a_course_holds_the_configuration_the_source_folder_and_a_private_secret(tmp_path):
    done = initgrade("nbgrader", "init", tmp_path / "c", "--course-id", "ml-101", "--exchange", tmp_path / "x")
    course = tmp_path / "c"
    assert "nbgrader generate_assignment initialization" in done.stdout, done.stdout
    notebook = nbformat.read(course / "source" / "initialization" / "initialization.ipynb", as_version=4)
    assert notebook == source_notebook(), "the course's source notebook is not the kit's"
    for name in ("data.py", "plots.py", "public_tests.py", "tests/test_initializers.py", "pretrained_digits.pt"):
        assert (course / "source" / "initialization" / name).is_file(), f"{name} is not beside the notebook"
    assert not (course / "source" / "initialization" / "answers.md").exists(), "the .py route's answer sheet is there"
    assert stat.S_IMODE((course / "initgrade_secret").stat().st_mode) == 0o600
    assert len((course / "initgrade_secret").read_text().strip()) == 64
    settings = read_course(course)
    assert settings.coursedir.course_id == "ml-101"
    assert settings.coursedir.root == str(course.resolve())
    assert settings.settings.secret_file == course.resolve() / "initgrade_secret"
    config = (course / "nbgrader_config.py").read_text()
    assert "autograder.platforms.nbgrader.GradeWithKit" in config and "nbgrader.preprocessors.Execute" not in config
    assert f"c.Exchange.root = {str((tmp_path / 'x').resolve())!r}" in config


def test_nbgrader_reads_the_course_where_it_is_moved(tmp_path):
    initgrade("nbgrader", "init", tmp_path / "c")
    os.replace(tmp_path / "c", tmp_path / "moved")
    nbgrader("generate_assignment", "initialization", cwd=tmp_path / "moved")
    assert (tmp_path / "moved" / "release" / "initialization" / "initialization.ipynb").is_file()
    checkpoint = tmp_path / "moved" / "release" / "initialization" / "pretrained_digits.pt"
    assert checkpoint.read_bytes() == (SOLUTIONS_DIR / "pretrained_digits.pt").read_bytes(), "the students' differs"
    state = torch.load(checkpoint, weights_only=True, map_location="cpu")
    assert {name: tuple(tensor.shape) for name, tensor in state.items()}["4.weight"] == (10, 32), state.keys()
    assert (tmp_path / "moved" / "gradebook.db").is_file() and not (tmp_path / "c").exists()
    assert read_course(tmp_path / "moved").coursedir.root == str((tmp_path / "moved").resolve())


@pytest.mark.parametrize(
    "prepare, arguments, message",
    [
        (
            lambda p: (p / "c").mkdir() or (p / "c" / "notes.txt").write_text("mine"),
            [],
            "is not empty and is not a course",
        ),
        (lambda p: (p / "c").write_text("a file"), [], "must be a folder"),
        (lambda p: None, ["--course-id", "ml 101"], "--course-id must start with a letter or digit"),
        (lambda p: None, ["--secret-file", "missing-secret"], "missing-secret"),
    ],
    ids=["foreign-folder", "a-file", "bad-course-id", "missing-secret-file"],
)
def test_wrong_calls_are_refused_and_leave_things_as_they_were(tmp_path, prepare, arguments, message):
    prepare(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    done = initgrade("nbgrader", "init", tmp_path / "c", *arguments, cwd=tmp_path, check=False)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "a refused init wrote something"


def test_init_again_rewrites_only_the_source_folder(tmp_path):
    course = tmp_path / "c"
    initgrade("nbgrader", "init", course)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\n# the instructor's own line\n")
    secret = (course / "initgrade_secret").read_text()
    notebook = course / "source" / "initialization" / "initialization.ipynb"
    notebook.write_text("{}")
    initgrade("nbgrader", "init", course)
    assert nbformat.read(notebook, as_version=4) == source_notebook(), "the source notebook was not written again"
    assert config.read_text().endswith("# the instructor's own line\n"), "the configuration was replaced"
    assert (course / "initgrade_secret").read_text() == secret, "the secret was replaced"
    refused = initgrade("nbgrader", "init", course, "--course-id", "other", check=False)
    assert refused.returncode == 2 and "is already a course" in refused.stderr, refused.stderr


def test_the_secret_comes_from_the_file_given_or_the_environment_and_the_environment_wins_at_grading(
    tmp_path, monkeypatch
):
    (tmp_path / "mine").write_text("  course-secret-1 \n")
    initgrade("nbgrader", "init", tmp_path / "a", "--secret-file", tmp_path / "mine")
    assert (tmp_path / "a" / "initgrade_secret").read_text().strip() == "course-secret-1"
    monkeypatch.setenv("INITGRADE_SECRET", "from-the-environment")
    course_module.make_course(tmp_path / "b", secret=os.environ["INITGRADE_SECRET"])
    assert read_course(tmp_path / "a").settings.secret() == "from-the-environment"
    monkeypatch.delenv("INITGRADE_SECRET")
    assert read_course(tmp_path / "a").settings.secret() == "course-secret-1"
    (tmp_path / "a" / "initgrade_secret").write_text("\n")
    with pytest.raises(ValueError, match=r"initgrade_secret is empty; restore it, or set INITGRADE_SECRET"):
        read_course(tmp_path / "a").settings.secret()


def test_autograde_says_what_is_missing(tmp_path):
    no_course = initgrade("nbgrader", "autograde", "initialization", "--course", tmp_path, check=False)
    assert no_course.returncode == 2 and "holds no nbgrader_config.py" in no_course.stderr, no_course.stderr
    initgrade("nbgrader", "init", tmp_path / "c")
    not_generated = initgrade("nbgrader", "autograde", "initialization", "--course", tmp_path / "c", check=False)
    assert not_generated.returncode == 2, not_generated.stderr
    assert "run `nbgrader generate_assignment initialization` first" in not_generated.stderr, not_generated.stderr
    nbgrader("generate_assignment", "initialization", cwd=tmp_path / "c")
    nothing = initgrade("nbgrader", "autograde", "initialization", "--course", tmp_path / "c", check=False)
    assert nothing.returncode == 2 and "run `nbgrader collect initialization` first" in nothing.stderr, nothing.stderr


def test_zip_collect_takes_lms_downloads_and_the_kit_grades_them(tmp_path):
    course = tmp_path / "c"
    initgrade("nbgrader", "init", course)
    nbgrader("generate_assignment", "initialization", cwd=course)
    released = (course / "release" / "initialization" / "initialization.ipynb").read_text()
    archive = course / "downloaded" / "initialization" / "archive"
    archive.mkdir(parents=True)
    downloads = {  # Canvas's names: login, [late], user id, submission id, file (-n on a resubmission)
        "doejane_1234_5678_initialization.ipynb": "doejane",
        "smithbob_late_222_999_initialization-1.ipynb": "smithbob",
    }
    with zipfile.ZipFile(archive / "submissions.zip", "w") as bundle:
        for name in downloads:
            bundle.writestr(name, released)
    nbgrader("zip_collect", "initialization", cwd=course)
    for student in downloads.values():
        collected = course / "submitted" / student / "initialization" / "initialization.ipynb"
        assert collected.read_text() == released, f"{student}'s notebook was not collected as downloaded"
    done = initgrade("nbgrader", "autograde", "initialization", "--course", course, "--workers", "1")
    assert re.search(r"doejane +0/162\.5", done.stdout) and re.search(r"smithbob +0/162\.5", done.stdout), done.stdout
