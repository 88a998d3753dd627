"""A notebook is graded exactly like the same code handed in as .py files: the release notebook filled
with a submission's functions gets, test by test, the score of the submission's folder."""

import runpy
import shutil
import sys

import pytest

from autograder.reference import ASSIGNMENT_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.release.notebook import NOTEBOOK_NAME

notebooks = sys.modules["initgrade_test_notebooks"]  # loaded by conftest.py

FOLDERS = {
    "reference": SOLUTIONS_DIR,
    "s002_classic_mistakes": KIT_ROOT / "examples" / "submissions" / "s002_classic_mistakes",
    "s003_partial": KIT_ROOT / "examples" / "submissions" / "s003_partial",
}


def scores(results) -> list[tuple[str, float, float, str]]:
    return [(test.name, test.score, test.max_score, test.output) for test in results.tests]


@pytest.mark.parametrize("name", FOLDERS, ids=list(FOLDERS))
def test_a_filled_notebook_scores_what_its_folder_scores(grader, tmp_path, name):
    notebook = notebooks.write_filled_notebook(FOLDERS[name], tmp_path / f"{name}.ipynb")
    from_folder, _ = grader.grade(FOLDERS[name], seed=0)
    from_notebook, run = grader.grade(notebook, seed=0)
    assert not run.internal_errors, run.internal_errors
    differing = [(a, b) for a, b in zip(scores(from_notebook), scores(from_folder)) if a != b]
    assert not differing, f"the notebook and the folder are graded differently (notebook, folder): {differing}"
    assert len(from_notebook.tests) == len(from_folder.tests)
    assert from_notebook.total == from_folder.total and from_notebook.possible == from_folder.possible


def test_the_filled_reference_notebook_gets_every_point_of_its_grade_cells(grader, tmp_path):
    notebook = notebooks.write_filled_notebook(SOLUTIONS_DIR, tmp_path / "reference.ipynb")
    results, _ = grader.grade(notebook, seed=0)
    assert results.total == results.possible == pytest.approx(sum(notebooks.hidden_points().values()))


def test_the_released_notebook_scores_zero_and_says_why(grader):
    results, run = grader.grade(ASSIGNMENT_DIR / NOTEBOOK_NAME, seed=0)
    assert not run.internal_errors, run.internal_errors
    assert results.total == 0 and results.possible > 0, [t.name for t in results.tests if t.score]
    for test in results.tests:
        assert "is not written yet" in test.output, (test.name, test.output)


def test_a_function_defined_twice_in_its_module_is_graded_by_its_last_definition(grader, tmp_path):
    """As a corpus entry is handed in (appended to its module of solutions/) and as Python keeps it."""
    folder = tmp_path / "folder"
    folder.mkdir()
    entry = runpy.run_path(str(KIT_ROOT / "tests" / "corpus" / "wrong" / "he_normal_fan_out.py"))
    for module in ("initializers", "training"):
        shutil.copy(SOLUTIONS_DIR / f"{module}.py", folder / f"{module}.py")
    with (folder / f"{entry['MODULE']}.py").open("a") as stream:
        stream.write("\n\n# --- the student's version ---\n" + entry["SOURCE"])
    notebook = notebooks.write_filled_notebook(folder, tmp_path / "filled.ipynb")
    from_folder, _ = grader.grade(folder, seed=0)
    from_notebook, run = grader.grade(notebook, seed=0)
    assert not run.internal_errors, run.internal_errors
    assert scores(from_notebook) == scores(from_folder)
    assert from_notebook.total < from_notebook.possible, "the first (reference) definition was graded"
