"""pyproject.toml: the package's metadata builds without a warning of the kit's making."""

import shutil
import subprocess
import sys

import tomllib

from autograder.reference import ASSIGNMENT_DIR

ROOT = ASSIGNMENT_DIR.parent
PYPROJECT = ROOT / "pyproject.toml"


def test_license_is_an_spdx_expression_that_the_build_backend_supports():
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str), "project.license must be an SPDX string (PEP 639)"
    requires = project["build-system"]["requires"]
    assert "setuptools>=77" in requires, f"SPDX license strings need setuptools>=77; requires is {requires}"


def test_metadata_builds_with_warnings_as_errors(tmp_path):
    source = tmp_path / "source"
    (source / "autograder").mkdir(parents=True)
    (source / "autograder" / "__init__.py").write_text("", encoding="utf-8")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    metadata = tmp_path / "metadata"
    metadata.mkdir()
    build = (
        "import sys; from setuptools import build_meta; print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))"
    )
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", build, str(metadata)],
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    dist_info = metadata / completed.stdout.split()[-1]
    assert "License-Expression: MIT" in (dist_info / "METADATA").read_text(encoding="utf-8")
