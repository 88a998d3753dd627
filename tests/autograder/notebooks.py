"""Turn a .py submission folder into the same submission as the student notebook, for tests.

    fill_notebook(folder) -> NotebookNode          write_filled_notebook(folder, path) -> path
    hidden_points() -> {function: points}          read from the hidden tests' own markers

Load it as ``sys.modules["initgrade_test_notebooks"]`` (tests/autograder/conftest.py loads it).

Each answer cell of ``autograder.release.notebook.student_notebook()`` names its function in its
``initgrade`` metadata (``{"module": "initializers", "function": "he_normal"}``); it gets that
function's source from ``folder/<module>.py`` (decorators included), or keeps its stub when the
module has no such function. A module that defines the function more than once gives its last
definition, the one Python keeps (as a corpus entry does, appended to its module of solutions/); the
earlier ones are left out. Everything else at the top level of the folder's modules (imports,
constants, helpers without an answer cell), but module docstrings and ``from __future__`` imports,
goes into one extra code cell right after the setup cell, initializers.py's first. A name the two
modules bind differently is refused (``ValueError``): in a notebook they would share one namespace.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from autograder.grading.suite import HIDDEN_DIR
from autograder.release.notebook import MODULES, student_notebook

EXTRA_CELL_ID = "submission_code"


def fill_notebook(folder: Path, notebook: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """The student notebook (or ``notebook``, e.g. one nbgrader released, changed in place) with
    ``folder``'s code in it (see the module docstring)."""
    folder = Path(folder)
    notebook = student_notebook() if notebook is None else notebook
    statements = {module: _statements(folder / f"{module}.py") for module in MODULES}
    _refuse_clashes(statements)
    placed = set()
    for cell in notebook.cells:
        where = cell.metadata.get("initgrade")
        if not where:
            continue
        for names, source in reversed(statements[where["module"]]):  # the last definition wins, as in Python
            if names == [where["function"]] and source.lstrip().startswith(("def ", "async def ", "@")):
                cell.source = source
                placed.add((where["module"], where["function"]))
                break
    extra = [
        source
        for module, found in statements.items()
        for names, source in found
        if not (len(names) == 1 and (module, names[0]) in placed)
    ]
    position = next(index for index, cell in enumerate(notebook.cells) if cell.id == "setup") + 1
    cell = nbformat.v4.new_code_cell("\n\n\n".join(extra))
    cell.id = EXTRA_CELL_ID
    notebook.cells.insert(position, cell)
    nbformat.validate(notebook)
    return notebook


def write_filled_notebook(folder: Path, path: Path) -> Path:
    """Write ``fill_notebook(folder)`` to ``path`` and return the path."""
    path = Path(path)
    nbformat.write(fill_notebook(folder), path)
    return path


def _statements(path: Path) -> list[tuple[list[str], str]]:
    """``(names bound, source)`` of each top-level statement of ``path``, but the module docstring
    and ``from __future__`` imports."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for index, node in enumerate(ast.parse(text, filename=str(path)).body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        found.append((_bound(node), "\n".join(lines[start - 1 : node.end_lineno])))
    return found


def _bound(node) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    return sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)})


def _refuse_clashes(statements: dict) -> None:
    sources: dict[str, dict[str, set[str]]] = {}
    for module, found in statements.items():
        for names, source in found:
            for name in names:
                sources.setdefault(name, {}).setdefault(module, set()).add(source)
    for name, by_module in sources.items():
        if len(by_module) > 1 and len(set().union(*by_module.values())) > 1:
            raise ValueError(
                f"{name} is bound differently in {' and '.join(sorted(by_module))}; a notebook has one namespace"
            )


def hidden_points() -> dict[str, float]:
    """Points per graded function, summed over the hidden tests as collected by pytest, each
    test's function read from its ``title`` marker (``"{function}: ..."`` filled in from the
    test's ``function`` parameter) and its points from its ``points`` marker."""
    points: dict[str, float] = {}

    class Markers:
        def pytest_configure(self, config):
            for marker in ("points(n)", "title(text)", "visibility(v)"):
                config.addinivalue_line("markers", marker)

        def pytest_collection_modifyitems(self, items):
            for item in items:
                function = item.get_closest_marker("title").args[0].split(":")[0]
                if function == "{function}":
                    function = item.callspec.params["function"]
                points[function] = points.get(function, 0.0) + item.get_closest_marker("points").args[0]

    arguments = [str(HIDDEN_DIR), "-c", str(HIDDEN_DIR / "pytest.ini"), "--rootdir", str(HIDDEN_DIR)]
    status = pytest.main(
        [*arguments, "--collect-only", "-p", "no:terminal", "-p", "no:cacheprovider"], plugins=[Markers()]
    )
    assert status == pytest.ExitCode.OK, f"the hidden suite could not be collected (exit status {status!r})"
    return points
