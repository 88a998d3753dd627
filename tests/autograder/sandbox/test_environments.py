"""The grader in every environment it runs in: as root, as root without CAP_SYS_ADMIN (Docker's
default; with a Python every user can read, and with this run's own, which may not be), as an
ordinary user with and without user namespaces. Each grades with the ``initgrade`` command the
reference (full marks), the stubs (0), a sample submission and every correct implementation of the
right corpus, and gives each the grades, function by function, that the corpus batch of this run
gives (``graded_corpus``); reaches the isolation level docs/isolation.md promises there; and says so
in results.json. ``-m slow`` grades the wrong corpus in every environment as well. The hostile corpus
is graded in each of them too (``test_hostile.py``). Kernels without Landlock, and a TMPDIR workers
cannot reach, make the grader refuse before it grades anyone."""

import csv
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from autograder.reference import KIT_ROOT, SOLUTIONS_DIR

SAMPLE = KIT_ROOT / "examples" / "submissions" / "s002_classic_mistakes"
environments_module = sys.modules["initgrade_benchmark_environments"]  # loaded by conftest.py
NAMES = ["root", "container", "user", "user-no-userns", "container-own-python"]
_graded = {}  # (environment name, what) -> (environment, completed initgrade run, output folder)


def every_correct_style(label: str) -> bool:
    """The submissions graded in every environment by default: the reference, the stubs, the sample
    and the right corpus (every way of writing the functions correctly must keep full marks at
    every level)."""
    return not label.startswith("wrong-")


def grade_in(environments, corpus_folders, name: str, wanted) -> tuple:
    """``initgrade grade`` run once in the environment ``name`` over the submissions of
    ``corpus_folders`` that ``wanted(label)`` selects, copied where that environment's user owns them."""
    key = (name, wanted.__name__)
    if key not in _graded:
        environment = environments[name]
        submissions = environment.folder("submissions")
        for label, folder in corpus_folders.items():
            if wanted(label):
                shutil.copytree(folder, submissions / label)
        out = environment.folder("out") / "graded"
        arguments = ["-m", "autograder", "grade", *sorted(submissions.iterdir()), "--out", out, "--seed", "0"]
        _graded[key] = (environment, environment.run([*arguments, "--workers", "2"], timeout=1200), out)
    return _graded[key]


def grades(out) -> dict[str, dict]:
    return {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").read_text().splitlines())}


def judged_alike(graded, graded_corpus, wanted) -> None:
    """Every submission graded in the environment got, function by function, the grades the corpus
    batch gave it: isolation changes what the code can reach, never what it scores."""
    environment, done, out = graded
    assert done.returncode == 0, f"initgrade grade exited {done.returncode}: {done.stderr[-3000:]}"
    here, there = grades(out), grades(graded_corpus.out)
    expected = {sid for sid in there if wanted(sid)}
    differ = {sid: (row, there.get(sid)) for sid, row in here.items() if row != there.get(sid)}
    assert not differ and set(here) == expected, f"{environment.name} graded differently: {differ}"


@pytest.fixture(scope="module", params=NAMES)
def graded(request, environments, corpus_folders):
    return grade_in(environments, corpus_folders, request.param, every_correct_style)


def test_the_reference_scores_full_marks_and_the_stubs_zero(graded):
    environment, done, out = graded
    assert done.returncode == 0, (
        f"initgrade grade exited {done.returncode} in {environment.name}: {done.stderr[-3000:]}"
    )
    rows = grades(out)
    assert rows["reference"]["score"] == rows["reference"]["max_score"] == "162.5", rows["reference"]
    assert rows["stubs"]["score"] == "0", rows["stubs"]
    assert rows["sample"]["score"] == "134", f"s002_classic_mistakes scores 134 at seed 0: {rows['sample']}"


def test_every_correct_style_is_judged_as_by_the_corpus_batch(graded, graded_corpus):
    judged_alike(graded, graded_corpus, every_correct_style)


def every_submission(label: str) -> bool:
    """All of ``corpus_folders``, the wrong corpus too."""
    return True


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_the_whole_corpus_is_judged_as_by_the_corpus_batch(name, environments, corpus_folders, graded_corpus):
    judged_alike(grade_in(environments, corpus_folders, name, every_submission), graded_corpus, every_submission)


def test_the_level_the_readme_promises_is_reached_and_reported(graded):
    environment, done, out = graded
    extra = json.loads((out / "reference" / "results.json").read_text())["extra_data"]
    assert extra["isolation"] == environment.level, f"{environment.name} reached {extra}"
    if environment.level == "container-root":  # the one level that states a lack on this kernel
        assert any("number of processes" in lack for lack in extra["isolation_lacks"]), extra
    else:
        assert extra["isolation_lacks"] == [], f"{environment.name} lacks {extra['isolation_lacks']}"
    page = (out / "reference" / "feedback.html").read_text()
    assert f"level {environment.level}" in page or environment.level in page, "feedback.html does not state the level"


def test_a_temporary_folder_the_worker_cannot_reach_stops_the_grader_before_anyone_is_graded(environments):
    """Root without CAP_SYS_ADMIN runs each worker as a user id of its own; with TMPDIR in a folder
    only root may enter, no worker can reach its copy of the submission. The canary finds it,
    nothing is graded, the command exits 1 and names the fix."""
    environment = environments["container"]
    private_tmp = environment.folder("private-tmp")
    private_tmp.chmod(0o700)
    out = environment.folder("out") / "graded"
    done = environment.run(
        ["-m", "autograder", "grade", SOLUTIONS_DIR, "--out", out, "--seed", "0"], timeout=300, tmpdir=str(private_tmp)
    )
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert "nothing was graded" in done.stderr and "set TMPDIR" in done.stderr, done.stderr[-2000:]
    assert str(private_tmp) in done.stderr, f"the message does not name the folder: {done.stderr[-2000:]}"
    assert not (out / "solutions" / "results.json").exists(), "a student was graded after the canary failed"
    assert os.listdir(private_tmp) == [], "the grader left files in its temporary folder"


def test_without_namespaces_or_landlock_the_grader_refuses_unless_the_code_is_declared_trusted(environments):
    """An ordinary user on a kernel with neither user namespaces nor Landlock: student code could
    read and change the instructor's files, so nothing is graded without --trusted-code; with it,
    the reference is graded and every report says the code was trusted."""
    environment = environments["user-no-isolation"]
    out = environment.folder("out") / "graded"
    arguments = ["-m", "autograder", "grade", SOLUTIONS_DIR, "--out", out, "--seed", "0"]
    refused = environment.run(arguments, timeout=300)
    assert refused.returncode == 1, f"exit {refused.returncode}: {refused.stderr[-2000:]}"
    assert "will not run student code here" in refused.stderr and "--trusted-code" in refused.stderr, refused.stderr
    assert not (out / "solutions").exists(), "a student was graded although the grader refused"
    trusted = environment.run([*arguments, "--trusted-code"], timeout=300)
    assert trusted.returncode == 0, f"exit {trusted.returncode}: {trusted.stderr[-2000:]}"
    report = json.loads((out / "solutions" / "results.json").read_text())
    assert report["score"] == 162.5 and report["extra_data"]["isolation"] == "trusted", report["extra_data"]
    assert any("--trusted-code" in lack for lack in report["extra_data"]["isolation_lacks"]), report["extra_data"]
    assert "--trusted-code" in (out / "solutions" / "feedback.html").read_text(), "feedback.html hides the trust"


def test_a_container_without_landlock_refuses_while_its_workers_could_read_the_kit(environments):
    """Root without CAP_SYS_ADMIN on a kernel without Landlock: the worker's own user id can still
    read every world-readable file, the kit's reference among them. The canary opens it, so the
    grader refuses and names the file and the fix."""
    environment = environments["container-no-landlock"]
    out = environment.folder("out") / "graded"
    done = environment.run(["-m", "autograder", "grade", SAMPLE, "--out", out, "--seed", "0"], timeout=300)
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert "level 'container'" in done.stderr and str(SOLUTIONS_DIR / "initializers.py") in done.stderr, done.stderr
    assert "chmod" in done.stderr and "nothing was graded" in done.stderr, done.stderr
    assert not (out / SAMPLE.name).exists(), "a student was graded although the canary read the kit"


def test_a_container_without_landlock_says_which_python_folder_its_workers_cannot_read(environments):
    """Root without CAP_SYS_ADMIN on a kernel without Landlock, grading with a Python under /root:
    a worker of its own user id cannot import from it, and there is no Landlock to confine a root
    worker instead. The grader stops before grading anyone and names the folder and the fix."""
    if not environments_module._blocked(Path(sys.base_prefix)):
        pytest.skip(f"this run's Python ({sys.base_prefix}) is readable by every user")
    environment = environments["container-no-landlock"]
    own = environments_module.Environment("own", "container", environment.prefix, sys.executable, 0, environment.base)
    out = own.folder("out") / "graded"
    done = own.run(["-m", "autograder", "grade", SAMPLE, "--out", out, "--seed", "0"], timeout=300)
    assert done.returncode == 1, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert "where Python imports from" in done.stderr and "/usr/bin/python3" in done.stderr, done.stderr[-2000:]
    assert "no Landlock with signal scoping" in done.stderr, done.stderr[-2000:]
    assert str(Path(sys.base_prefix)) in done.stderr, f"the message does not name the folder: {done.stderr[-2000:]}"
