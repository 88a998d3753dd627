"""``initgrade gradescope``: the zip's members, their modes, the pins, the wheel, the scripts, the refusals."""

import importlib.metadata
import io
import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import torch

from autograder import kit_version
from autograder.platforms.gradescope import bundle, requirements
from autograder.reference import KIT_ROOT

SECRET = "a course secret for the zip's tests"
MEMBERS = {"setup.sh", "run_autograder", "requirements.txt", "initgrade_secret"}


def initgrade(*arguments, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "INITGRADE_SECRET"} | (env or {})
    command = [sys.executable, "-m", "autograder", *map(str, arguments)]
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gradescope-zip")
    (folder / "secret").write_text(SECRET + "\n")
    done = initgrade("gradescope", "--out", "autograder.zip", "--secret-file", "secret", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "autograder.zip", done.stdout


def members(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: info for info in archive.infolist()}


def read(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def test_the_zip_holds_the_scripts_wheel_pins_and_secret_at_its_root(built):
    path, printed = built
    names = set(members(path))
    wheel = f"initgrade-{kit_version()}-py3-none-any.whl"
    assert names == MEMBERS | {wheel}, f"the zip holds {sorted(names)}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"the zip, which holds the secret, is {path.stat().st_mode:o}"
    assert "read from secret" in printed, printed


@pytest.mark.parametrize(
    ("name", "mode"),
    [("setup.sh", 0o755), ("run_autograder", 0o755), ("initgrade_secret", 0o600), ("requirements.txt", 0o644)],
    ids=["setup.sh", "run_autograder", "secret", "requirements"],
)
def test_each_member_has_its_unix_mode_inside_the_zip(built, name, mode):
    info = members(built[0])[name]
    assert stat.S_IMODE(info.external_attr >> 16) == mode, f"{name} has mode {info.external_attr >> 16:o}"


@pytest.mark.parametrize("name", ["setup.sh", "run_autograder"])
def test_the_scripts_are_bash_with_lf_line_endings_and_parse(built, name, tmp_path):
    text = read(built[0], name)
    assert text.startswith(b"#!/usr/bin/env bash\n") and b"\r" not in text, text[:80]
    assert not re.search(rb"@[A-Z_]+@", text), f"{name} has a placeholder left: {re.search(rb'@[A-Z_]+@', text)}"
    (tmp_path / name).write_bytes(text)
    parsed = subprocess.run(["bash", "-n", str(tmp_path / name)], capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stderr


def test_setup_stops_at_the_first_failure_and_takes_torch_from_its_cpu_index(built):
    text = read(built[0], "setup.sh").decode()
    assert "set -euo pipefail" in text
    torch = importlib.metadata.version("torch").split("+")[0]
    assert f"TORCH={torch}" in text and "--index-url https://download.pytorch.org/whl/cpu" in text
    assert 'if [ "${INITGRADE_TORCH_INDEX:-}" = pip ]' in text
    assert f"PYTHON=/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}" in text
    assert text.rstrip().endswith("-m autograder.platforms.gradescope check"), "setup.sh must end with its smoke test"


def test_the_fallback_results_say_nothing_was_graded_and_meet_the_specification(built, check_results_json):
    text = read(built[0], "run_autograder").decode()
    fallback = json.loads(re.search(r"<<'JSON'\n(.*?)\nJSON\n", text, re.DOTALL).group(1))
    check_results_json(fallback)
    assert fallback["score"] == 0 and fallback["tests"] == [], fallback
    assert "your submission was not graded" in fallback["output"], fallback["output"]
    assert text.index("results.json <<'JSON'") < text.index("exec "), "the fallback must be written before grading"


def test_requirements_pin_this_environments_versions_of_what_the_grader_needs(built):
    lines = [line for line in read(built[0], "requirements.txt").decode().splitlines() if not line.startswith("#")]
    pins = dict(line.split("==") for line in lines)
    assert all(re.fullmatch(r"[a-z0-9-]+==[\w.]+", line) for line in lines), lines
    for name, version in pins.items():
        assert importlib.metadata.version(name) == version, f"{name} pinned at {version}"
    assert {"numpy", "pytest", "pyseccomp", "pillow", "scikit-learn", "sympy"} <= set(pins), sorted(pins)
    assert not {"torch", "nbgrader", "jupyter-server"} & set(pins), "torch comes from its index; nbgrader never runs"


def test_the_wheel_carries_the_package_the_reference_and_the_scripts(built):
    wheel = next(name for name in members(built[0]) if name.endswith(".whl"))
    with zipfile.ZipFile(io.BytesIO(read(built[0], wheel))) as archive:
        names = set(archive.namelist())
        for module in ("initializers", "training"):
            bundled = archive.read(f"autograder/solutions/{module}.py")
            assert bundled == (KIT_ROOT / "solutions" / f"{module}.py").read_bytes(), module
        checkpoint = archive.read("autograder/solutions/pretrained_digits.pt")
    assert checkpoint == (KIT_ROOT / "solutions" / "pretrained_digits.pt").read_bytes(), "another checkpoint"
    state = torch.load(io.BytesIO(checkpoint), weights_only=True, map_location="cpu")
    assert {name: tuple(tensor.shape) for name, tensor in state.items()}["2.weight"] == (32, 64), state.keys()
    assert {"autograder/hidden/hidden_draws.py", "autograder/hidden/pytest.ini"} <= names
    assert {f"autograder/platforms/gradescope/files/{name}" for name in ("setup.sh", "run_autograder")} <= names
    assert not any("__pycache__" in name for name in names)


def test_without_a_secret_file_a_new_secret_is_kept_beside_the_zip_and_never_replaced(tmp_path):
    done = initgrade("gradescope", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    kept = tmp_path / "autograder.secret"
    assert re.fullmatch(r"[0-9a-f]{64}\n", kept.read_text()) and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert read(tmp_path / "autograder.zip", "initgrade_secret").decode() == kept.read_text()
    assert str(kept.name) in done.stdout, done.stdout
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    again = initgrade("gradescope", cwd=tmp_path)
    assert again.returncode == 2 and "--secret-file autograder.secret" in again.stderr, again.stderr
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before, "a refused run changed files"


def test_the_environment_secret_goes_in_the_zip_without_a_copy(tmp_path):
    done = initgrade("gradescope", "--out", "course.zip", cwd=tmp_path, env={"INITGRADE_SECRET": "from the env"})
    assert done.returncode == 0, done.stderr
    assert read(tmp_path / "course.zip", "initgrade_secret") == b"from the env\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course.zip"]


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--out", "autograder.tar"], "--out must name a .zip file to write; received 'autograder.tar'"),
        (["--out", "folder.zip"], "argument --out: must be a file to write, not a folder; received 'folder.zip'"),
        (["--secret-file", "missing"], "must be an existing file; received 'missing' (no such file or folder)"),
        (["--secret-file", "empty"], "the secret file empty is empty"),
    ],
    ids=["not-a-zip", "a-folder", "missing-secret-file", "empty-secret-file"],
)
def test_a_wrong_call_writes_nothing_and_says_what_is_allowed(tmp_path, arguments, said):
    (tmp_path / "folder.zip").mkdir()
    (tmp_path / "empty").write_text("\n")
    done = initgrade("gradescope", *arguments, cwd=tmp_path)
    assert done.returncode == 2 and said in done.stderr, (done.returncode, done.stderr)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["empty", "folder.zip"]


def test_an_empty_secret_is_refused_before_anything_is_built(tmp_path):
    with pytest.raises(ValueError, match="the course secret must not be empty"):
        bundle.build_autograder_zip(tmp_path / "autograder.zip", secret="")
    assert list(tmp_path.iterdir()) == []


def test_a_kit_installed_from_its_wheel_cannot_build_the_zip(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "FROM_CLONE", False)
    with pytest.raises(RuntimeError, match=r"built from a clone of the kit installed with `pip install -e \.`"):
        bundle.build_wheel(tmp_path)


def test_a_requirement_missing_here_is_named():
    with pytest.raises(RuntimeError, match="the grader needs no-such-distribution-here>=1, which is not installed"):
        requirements.pinned_requirements(["numpy", "no-such-distribution-here>=1"])


def test_a_wheel_pip_cannot_build_is_reported_with_its_exit_status(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/bin/false")  # pip, run as `sys.executable -m pip`, fails at once
    with pytest.raises(RuntimeError, match=r"pip could not build the kit's wheel \(exit status 1\)"):
        bundle.build_wheel(tmp_path)
