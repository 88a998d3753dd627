"""Fixtures shared by the autograder's tests: one grader, and the environments graders run in."""

import importlib.util
import runpy
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.batch import grade_batch
from autograder.grading import Grader
from autograder.reference import ASSIGNMENT_DIR, KIT_ROOT, SOLUTIONS_DIR


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


CORPUS = sorted((KIT_ROOT / "tests" / "corpus").glob("*/*.py"))
SAMPLE = EXAMPLES / "s002_classic_mistakes"


def corpus_label(path: Path) -> str:
    """The student id a corpus entry is graded under: ``wrong-he_uses_fan_out``, ``right-...``."""
    return f"{path.parent.name}-{path.stem}"


@pytest.fixture(scope="session")
def corpus_folders(tmp_path_factory) -> dict[str, Path]:
    """Every submission the corpus tests grade, written once, by student id: the reference, the
    stubs, a sample (s002) and each corpus entry (its SOURCE appended to its MODULE of solutions/)."""
    root = tmp_path_factory.mktemp("corpus")
    ignore = shutil.ignore_patterns("tests", "__pycache__")
    folders = {}
    for label, source in (("reference", SOLUTIONS_DIR), ("stubs", ASSIGNMENT_DIR), ("sample", SAMPLE)):
        folders[label] = Path(shutil.copytree(source, root / label, ignore=ignore))
    for path in CORPUS:
        entry, folder = runpy.run_path(str(path)), root / corpus_label(path)
        shutil.copytree(SOLUTIONS_DIR, folder, ignore=ignore)
        with (folder / f"{entry['MODULE']}.py").open("a") as stream:
            stream.write("\n\n# --- the student's version ---\n" + entry["SOURCE"])
        folders[corpus_label(path)] = folder
    return folders


@dataclass
class GradedCorpus:
    """``corpus_folders`` as one batch graded them: the output folder, each student's results, and
    the internal errors of the judge, by student id."""

    out: Path
    results: dict
    internal_errors: dict

    def of(self, student_id: str):
        """The student's results, after checking the judge graded every test of it."""
        errors = self.internal_errors.get(student_id, [])
        assert not errors, f"the judge failed on {student_id}: {errors}"
        results = self.results[student_id]
        assert results.graded, f"{student_id} was not graded: {results.grader_error}"
        return results


@pytest.fixture(scope="session")
def graded_corpus(corpus_folders, tmp_path_factory) -> GradedCorpus:
    """``corpus_folders`` graded once at seed 0 by a batch of two judges in this process (the
    strongest isolation the machine allows)."""
    out = tmp_path_factory.mktemp("corpus-graded") / "out"
    outcome = grade_batch(list(corpus_folders.values()), out, seed=0, workers=2)
    errors = {}
    for error in outcome.internal_errors:  # "<id>: <test>: <traceback>"
        errors.setdefault(error.split(": ", 1)[0], []).append(error)
    return GradedCorpus(out, {results.student_id: results for results in outcome.results}, errors)
