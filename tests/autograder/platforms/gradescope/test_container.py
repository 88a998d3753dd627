"""The zip on Gradescope's harness, for real: unpacked into /autograder, set up with ``setup.sh``, and
``run_autograder`` run as root without CAP_SYS_ADMIN (Docker's default) on uploads of every kind.

Each upload is also graded by ``initgrade grade`` with the same secret and student id: the two give the
same points test for test. The hostile upload tries to read what the worker must not (the source
folder and its secret, the metadata, the results folder, the kit) and to write results.json, at import
and at exit.
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.reference import KIT_ROOT

EXAMPLES = KIT_ROOT / "examples" / "submissions"
SECRET = "the Gradescope tests' course secret"
HOSTILE_HEADER = """
import atexit as _atexit
import glob as _glob
import json as _json
import os as _os

_FOUND = []
for _path in ["/autograder/source/initgrade_secret", "/autograder/source", "/autograder/submission_metadata.json",
              "/autograder/results", *_glob.glob("/opt/initgrade/lib/python3*/site-packages/autograder/hidden")]:
    try:
        _os.listdir(_path) if _os.path.isdir(_path) else open(_path, "rb").close()
        _FOUND.append(_path)
    except OSError:
        pass


def _forge():
    try:
        with open("/autograder/results/results.json", "w") as _file:
            _file.write(_json.dumps({"score": 1000, "output": "forged", "tests": []}))
    except OSError:
        pass


_forge()
_atexit.register(_forge)
"""
HOSTILE_FOOTER = """

_reference_compute_fans = compute_fans


def compute_fans(shape):
    if _FOUND:
        raise RuntimeError(f"the worker could read {_FOUND}")
    return _reference_compute_fans(shape)
"""


def uploads(base: Path) -> dict[str, tuple[int, Path]]:
    """Every kind of upload, as Gradescope user ids and the files uploaded; each case's folder (or
    file) is named by its user id, so ``initgrade grade`` can grade the same ones."""
    notebooks = sys.modules["initgrade_test_notebooks"]
    cases: dict[str, tuple[int, Path]] = {}

    def folder(name: str, user: int, files: dict[str, bytes]) -> None:
        target = base / str(user)
        target.mkdir()
        for file, data in files.items():
            (target / file).write_bytes(data)
        cases[name] = (user, target)

    def module(path: Path) -> bytes:
        return path.read_bytes()

    folder("reference", 101, {m: module(KIT_ROOT / "solutions" / m) for m in ("initializers.py", "training.py")})
    folder(
        "independent-correct",
        102,
        {m: module(EXAMPLES / "s001_correct" / m) for m in ("initializers.py", "training.py")},
    )
    folder("stubs", 103, {m: module(KIT_ROOT / "assignment" / m) for m in ("initializers.py", "training.py")})
    notebook = base / "104.ipynb"
    nbformat.write(notebooks.fill_notebook(EXAMPLES / "s002_classic_mistakes"), notebook)
    cases["notebook"] = (104, notebook)
    archive = base / "105.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        for path in sorted((EXAMPLES / "s003_partial").iterdir()):
            opened.write(path, f"my-work/{path.name}")
    cases["zip"] = (105, archive)
    broken = base / "106.ipynb"
    broken.write_text('{"cells": [ this is not JSON')
    cases["broken-notebook"] = (106, broken)
    folder("syntax-error", 107, {"initializers.py": b"def compute_fans(shape:\n", "training.py": b"def train(:\n"})
    future, _, rest = module(KIT_ROOT / "solutions" / "initializers.py").partition(
        b"from __future__ import annotations\n"
    )
    hostile = (
        future + b"from __future__ import annotations\n" + HOSTILE_HEADER.encode() + rest + HOSTILE_FOOTER.encode()
    )
    folder("hostile", 108, {"initializers.py": hostile, "training.py": module(KIT_ROOT / "solutions" / "training.py")})
    return cases


@pytest.fixture(scope="module")
def gradescope(tmp_path_factory):
    """The zip set up in /autograder, every upload graded by it and by ``initgrade grade``."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("Gradescope's harness runs as root and drops CAP_SYS_ADMIN with setpriv (util-linux)")
    harness = sys.modules["initgrade_benchmark_gradescope"]
    base = tmp_path_factory.mktemp("gradescope")
    (base / "secret").write_text(SECRET + "\n")
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "gradescope",
            "--out",
            base / "autograder.zip",
            "--secret-file",
            base / "secret",
        ],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    try:
        log = harness.install(base / "autograder.zip")
        modes = {path: stat.S_IMODE(path.stat().st_mode) for path in _private_paths()}
        (base / "uploads").mkdir()
        cases = uploads(base / "uploads")
        graded = {name: harness.grade(upload, user) for name, (user, upload) in cases.items()}
        group = harness.grade(cases["reference"][1], [7, 31])
        without_landlock = {
            name: harness.grade(cases[name][1], 200 + i, landlock=False) for i, name in enumerate(OLD_KERNEL)
        }
    finally:
        shutil.rmtree(harness.ROOT, ignore_errors=True)
        shutil.rmtree(harness.VENV, ignore_errors=True)
    local = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            *(upload for _, upload in cases.values()),
            "--out",
            base / "local",
        ]
        + ["--secret-file", base / "secret", "--workers", "2"],
        capture_output=True,
        text=True,
    )
    assert local.returncode == 0, local.stderr
    expected = {
        name: json.loads((base / "local" / str(user) / "results.json").read_text()) for name, (user, _) in cases.items()
    }
    return {
        "log": log,
        "modes": modes,
        "graded": graded,
        "expected": expected,
        "group": group,
        "without_landlock": without_landlock,
    }


def _private_paths() -> list[Path]:
    package = next(Path("/opt/initgrade/lib").glob("python3*/site-packages/autograder"))
    return [
        Path("/autograder/source"),
        Path("/autograder/source/initgrade_secret"),
        Path("/autograder/results"),
        package,
    ]


OLD_KERNEL = ["reference", "hostile"]  # also graded on a kernel without Landlock
CASES = ["reference", "independent-correct", "stubs", "notebook", "zip", "broken-notebook", "syntax-error", "hostile"]


def points(results: dict) -> list[tuple[str, float]]:
    return sorted((test["name"], test["score"]) for test in results["tests"])


def test_setup_ends_with_the_reference_at_full_marks_and_keeps_the_kit_and_secret_from_workers(gradescope):
    assert "the reference, graded at isolation level" in gradescope["log"] and "162.5 / 162.5" in gradescope["log"]
    assert gradescope["modes"] == dict.fromkeys(gradescope["modes"], 0o700) | {
        Path("/autograder/source/initgrade_secret"): 0o600
    }, gradescope["modes"]


@pytest.mark.parametrize("case", CASES)
def test_each_upload_gets_a_results_json_to_gradescopes_specification(gradescope, check_results_json, case):
    graded = gradescope["graded"][case]
    check_results_json(graded.results)
    assert graded.status == 0, f"run_autograder exited {graded.status}: {graded.stderr[-2000:]}"
    level = "" if case == "broken-notebook" else "container"  # a file that is not a notebook never runs
    assert graded.results["extra_data"]["isolation"] == level, graded.results["extra_data"]
    assert graded.results["stdout_visibility"] == "hidden" and graded.results["output_format"] == "md"


@pytest.mark.parametrize("case", [c for c in CASES if c != "hostile"])
def test_each_upload_gets_the_points_initgrade_grade_gives_it(gradescope, case):
    got, expected = gradescope["graded"][case].results, gradescope["expected"][case]
    assert (got["score"], points(got)) == (expected["score"], points(expected)), (got["score"], expected["score"])


@pytest.mark.parametrize(
    ("case", "score", "said"),
    [
        ("reference", 162.5, ""),
        ("stubs", 0, "NotImplementedError"),
        ("broken-notebook", 0, "is not valid JSON, so not a notebook"),
        ("syntax-error", 0, "SyntaxError"),
    ],
    ids=["reference", "stubs", "broken-notebook", "syntax-error"],
)
def test_the_scores_and_what_the_tests_say(gradescope, case, score, said):
    results = gradescope["graded"][case].results
    assert results["score"] == score, results["output"][:500]
    assert all(said in test["output"] for test in results["tests"] if test["score"] < test["max_score"]), said


def test_partial_uploads_get_some_points_but_not_all(gradescope):
    for case in ("notebook", "zip"):
        score = gradescope["graded"][case].results["score"]
        assert 0 < score < 162.5, f"{case}: {score}"


def test_a_hostile_upload_reads_nothing_private_and_cannot_forge_results(gradescope):
    results = gradescope["graded"]["hostile"].results
    lost = [(test["name"], test["output"][:200]) for test in results["tests"] if test["score"] < test["max_score"]]
    assert results["score"] == 162.5 and not lost, f"the hostile code reached something: {lost[:3]}"
    assert "forged" not in results["output"] and SECRET not in json.dumps(results)


def test_a_group_is_graded_with_the_seed_of_all_its_members(gradescope):
    alone, group = gradescope["graded"]["reference"].results, gradescope["group"].results
    seeds = [results["output"].split("(seed ")[1].split(")")[0] for results in (alone, group)]
    assert group["score"] == 162.5 and seeds[0] != seeds[1], seeds


@pytest.mark.parametrize("case", OLD_KERNEL)
def test_without_landlock_file_modes_keep_the_workers_out(gradescope, check_results_json, case):
    """On a kernel without Landlock (older than 5.13) a worker is kept out of the source, the secret,
    the kit, the upload, its metadata and the results by their modes alone: the canary passes, the
    reference gets every point, and the hostile upload reaches nothing (its compute_fans would fail)."""
    graded = gradescope["without_landlock"][case]
    check_results_json(graded.results)
    lost = [
        (test["name"], test["output"][:200]) for test in graded.results["tests"] if test["score"] < test["max_score"]
    ]
    assert graded.status == 0 and graded.results["score"] == 162.5, (graded.stderr[-1500:], lost[:3])
    assert graded.results["extra_data"]["isolation"] == "container", graded.results["extra_data"]
    assert any("Landlock" in lack for lack in graded.results["extra_data"]["isolation_lacks"]), graded.results
