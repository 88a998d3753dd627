"""Fixtures shared by the autograder's tests: one grader, and the environments graders run in."""

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.grading import Grader
from autograder.reference import KIT_ROOT


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


environments_module = _load("initgrade_benchmark_environments", KIT_ROOT / "benchmarks" / "environments.py")
notebooks_module = _load("initgrade_test_notebooks", Path(__file__).resolve().parent / "notebooks.py")
browser_module = _load("initgrade_test_browser", Path(__file__).resolve().parent / "browser.py")


@pytest.fixture(scope="session")
def grader():
    """One grader for the whole run, as a batch uses one: its fork server starts once."""
    with Grader() as shared:
        yield shared


@pytest.fixture(scope="session")
def environments():
    """Every environment of ``benchmarks/environments.py``, by name: root, container, user, ..."""
    reason = environments_module.unavailable()
    if reason:
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="initgrade-environments-"))
    yield environments_module.make_environments(base)
    shutil.rmtree(base, ignore_errors=True)


EXAMPLES = KIT_ROOT / "examples" / "submissions"


@pytest.fixture(scope="session")
def graded_examples(grader):
    """Every sample submission in ``examples/submissions/``, graded once at seed 0: ``{name: (results, run)}``."""
    return {folder.name: grader.grade(folder, seed=0) for folder in sorted(EXAMPLES.iterdir()) if folder.is_dir()}
