"""The student notebook run in a real Jupyter kernel, in a fresh release folder: filled with the reference,
every public-test cell passes and the comparison shows its plots; as released, every public-test cell
says what is not written yet."""

import ast
import re
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import release
from autograder.reference import SOLUTIONS_DIR
from autograder.release.notebook import NOTEBOOK_NAME

notebooks = sys.modules["initgrade_test_notebooks"]  # loaded by conftest.py
PASSED = re.compile(
    r"(\w+): (?:all \d+ public tests passed\.|the one public test passed\.|no public test can run yet\.)"
)
WAITING = re.compile(r"  \S+ also checks ([\w, ]+): it runs once the notebook defines .*\.")


def execute(notebook, folder):
    """Run every cell of ``notebook`` in a python3 kernel started in ``folder``; keep going after errors."""
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    return notebook


def printed(cell) -> str:
    return "".join(output.text for output in cell.outputs if output.output_type == "stream")


def errors(cell) -> list[str]:
    return [f"{output.ename}: {output.evalue}" for output in cell.outputs if output.output_type == "error"]


def public_test_cells(notebook):
    return [cell for cell in notebook.cells if cell.metadata.get("tags") == ["tests"]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release") / "assignment"
    release.write_release(release.render_release(), folder)
    return folder


@pytest.fixture(scope="module")
def reference_run(folder):
    return execute(notebooks.fill_notebook(SOLUTIONS_DIR), folder)


@pytest.fixture(scope="module")
def released_run(folder):
    return execute(nbformat.read(folder / NOTEBOOK_NAME, as_version=4), folder)


def test_the_filled_reference_runs_without_an_error(reference_run):
    failing = {cell.id: errors(cell) for cell in reference_run.cells if cell.cell_type == "code" and errors(cell)}
    assert not failing, failing


def test_every_public_test_cell_passes_on_the_reference(reference_run):
    cells = public_test_cells(reference_run)
    functions = [c.metadata.initgrade.function for c in reference_run.cells if "initgrade" in c.metadata]
    assert [cell.id for cell in cells] == [f"public_tests_{f}" for f in functions if not f.startswith("_")]
    order = [cell.id.removeprefix("public_tests_") for cell in cells]
    for cell in cells:
        first, *rest = printed(cell).splitlines()
        assert PASSED.fullmatch(first) and PASSED.fullmatch(first).group(1) == cell.id.removeprefix("public_tests_"), (
            cell.id,
            printed(cell),
        )
        for line in rest:  # a test that waits for a later function must run in that function's cell
            waiting = WAITING.fullmatch(line)
            assert waiting, (cell.id, line)
            for other in waiting.group(1).split(", "):
                assert order.index(other) > order.index(first.split(":")[0]), (cell.id, line)


def test_the_comparison_shows_one_plot_per_experiment_and_the_transfer_plot(reference_run):
    compare = ast.parse((SOLUTIONS_DIR / "compare.py").read_text())
    experiments = next(
        [key.value for key in node.value.keys]
        for node in compare.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EXPERIMENTS"
    )
    cell = next(cell for cell in reference_run.cells if cell.id == "comparison")
    images = [output for output in cell.outputs if "image/png" in output.get("data", {})]
    assert len(images) == len(experiments) + 1, f"{len(images)} plots for {experiments} and transfer"
    for experiment in experiments:
        assert f"\n{experiment}\n" in f"\n{printed(cell)}", f"no table for {experiment}"
    assert "\ntransfer (digits 5-9" in printed(cell), "no table for the transfer experiment"


def test_each_public_test_cell_of_the_released_notebook_says_what_is_not_written(released_run):
    for cell in public_test_cells(released_run):
        function, text = cell.id.removeprefix("public_tests_"), printed(cell)
        assert not errors(cell), (cell.id, errors(cell))
        said = rf"{function}: (\d+ of \d+ public tests failed.*NotImplementedError|no public test can run yet)"
        assert re.match(said, text, re.DOTALL), (cell.id, text)


def test_the_released_notebook_fails_only_in_its_comparison_cell(released_run):
    failing = {cell.id: errors(cell) for cell in released_run.cells if cell.cell_type == "code" and errors(cell)}
    assert list(failing) == ["comparison"], failing
    assert "compare_initializers is not written yet" in failing["comparison"][0]
