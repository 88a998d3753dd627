"""Run the public tests of one function from the notebook ``initialization.ipynb``.

The public tests in ``tests/`` import your code as the modules ``initializers`` and
``training``. In the notebook your code lives in cells instead, so each public-test cell runs::

    import public_tests
    public_tests.run("he_normal", globals())

``run`` makes ``import initializers`` and ``import training`` give the notebook's names (looked
up each time a test uses one, so a cell you run again counts at once), runs with pytest, in the
notebook's own Python, the public tests that check the function, and prints how many passed and
why the others failed. It never raises: a failed test is a line of output.

A test checks a function when the test's name contains the function's name as a whole word
(``test_train_is_reproducible_with_a_seed`` checks ``train``) or when one of its parameters is
the function's name (``test_variance_is_roughly_right[he_normal-]`` checks ``he_normal``); the
functions are those that initializers.py and training.py, beside this file, define. A test that
checks several functions (``test_zeros_and_constant_values``) runs in the cell of each, once the
notebook defines all of them: before that, ``run`` says which it waits for. For a function that no
test checks, ``run`` says so.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import re
import sys
import types
from pathlib import Path

#: The modules the public tests import, all served by the notebook.
MODULES = ("initializers", "training")
HERE = Path(__file__).resolve().parent
TESTS = HERE / "tests"


class NotebookModule(types.ModuleType):
    """A module whose names are those of a notebook's namespace, read at each use."""

    def __init__(self, name: str, namespace: dict):
        super().__init__(name, f"The notebook's code, imported as {name}.")
        self.__dict__["_namespace"] = namespace

    def __getattr__(self, attribute: str):
        namespace = self.__dict__["_namespace"]
        if attribute.startswith("__") or attribute not in namespace:
            raise AttributeError(
                f"the notebook defines no {attribute!r} (looked up as {self.__name__}.{attribute}); "
                "run the cell that defines it first"
            )
        return namespace[attribute]


def use_notebook(namespace: dict) -> None:
    """Make ``import initializers`` and ``import training`` give the names of ``namespace`` (a
    notebook's ``globals()``). ``compare`` is forgotten, so that importing it again binds it to
    the notebook's code rather than to the ``.py`` files beside the notebook."""
    for name in MODULES:
        sys.modules[name] = NotebookModule(name, namespace)
    sys.modules.pop("compare", None)


@functools.cache
def functions() -> tuple[str, ...]:
    """The public functions that initializers.py and training.py (beside this file) define."""
    names = []
    for module in MODULES:
        path = HERE / f"{module}.py"
        if path.is_file():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names += [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name[0] != "_"]
    return tuple(names)


def checked_by(item) -> list[str]:
    """The functions (of ``functions()``) that the collected pytest test ``item`` checks."""
    parameters = getattr(getattr(item, "callspec", None), "params", {})
    values = {value for value in parameters.values() if isinstance(value, str)}
    return [
        function
        for function in functions()
        if function in values or re.search(rf"(?<![A-Za-z0-9]){re.escape(function)}(?![A-Za-z0-9])", item.originalname)
    ]


def run(function: str, namespace: dict) -> None:
    """Run the public tests that check ``function`` against the notebook's ``namespace`` and
    print a short summary: how many passed, the first line of each failure, and the tests that
    wait for a function the notebook does not define yet."""
    waiting: dict[str, list[str]] = {}

    def wanted(item) -> bool:
        checked = checked_by(item)
        missing = [other for other in checked if other != function and other not in namespace]
        if function in checked and missing:
            waiting[item.nodeid] = missing
        return function in checked and not missing

    plugin = _Recorder(wanted)
    status, output = _pytest(namespace, plugin)
    if status not in (0, 1, 5):  # passed, failed, none selected
        print(f"{function}: the public tests could not be collected:\n{output}")
        return
    total, failed = len(plugin.selected), plugin.failures
    if not total and not waiting:
        print(f"{function}: no public test checks it; the hidden tests will, when the notebook is graded.")
        return
    messages = set(failed.values())
    if not total:
        lines = [f"{function}: no public test can run yet."]
    elif not failed:
        lines = [f"{function}: {'the one public test' if total == 1 else f'all {total} public tests'} passed."]
    elif len(failed) > 1 and len(messages) == 1:
        lines = [f"{function}: {len(failed)} of {total} public tests failed, all with {messages.pop()}"]
    else:
        lines = [f"{function}: {len(failed)} of {total} public tests failed:"]
        lines += [f"  {_short(name)}: {message}" for name, message in failed.items()]
    for name, missing in waiting.items():
        others = ", ".join(missing)
        lines.append(f"  {_short(name)} also checks {others}: it runs once the notebook defines {others}.")
    print("\n".join(lines))


def plan(namespace: dict) -> dict[str, list[str]]:
    """``{test id: [the functions it checks]}`` for every public test, found by collecting the
    tests (with ``namespace`` as the modules) without running them."""
    plugin = _Recorder()
    status, output = _pytest(namespace, plugin, "--collect-only")
    if status != 0:
        raise RuntimeError(f"the public tests could not be collected (pytest exit status {status}):\n{output}")
    return {item.nodeid: checked_by(item) for item in plugin.collected}


def _short(nodeid: str) -> str:
    return nodeid.split("::", 1)[-1]


class _Recorder:
    """A pytest plugin: keeps only the tests ``wanted`` accepts (all if it is None), and the first
    failure of each."""

    def __init__(self, wanted=None):
        self._wanted = wanted
        self.collected, self.selected, self.failures = [], set(), {}

    def pytest_collection_modifyitems(self, config, items):
        self.collected = list(items)
        if self._wanted is not None:
            kept = [item for item in items if self._wanted(item)]
            config.hook.pytest_deselected(items=[item for item in items if item not in kept])
            items[:] = kept
        self.selected = {item.nodeid for item in items}

    def pytest_runtest_logreport(self, report):
        if report.failed and report.nodeid not in self.failures:
            crash = getattr(report.longrepr, "reprcrash", None)
            message = (crash.message if crash is not None else str(report.longrepr)).strip()
            self.failures[report.nodeid] = message.splitlines()[0][:300] if message else "failed"


def _pytest(namespace: dict, plugin, *options: str) -> tuple[int, str]:
    """Run pytest on ``tests/`` in this process with ``plugin``; return its exit status and what it printed."""
    import pytest

    use_notebook(namespace)
    for name, module in list(sys.modules.items()):  # test modules bound to an earlier run's modules
        if name.startswith("test_") and Path(getattr(module, "__file__", None) or "/").parent == TESTS:
            del sys.modules[name]
    printed = io.StringIO()
    arguments = [str(TESTS), "-q", "-p", "no:cacheprovider", "--capture=sys", *options]
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        status = pytest.main(arguments, plugins=[plugin])
    return int(status), printed.getvalue()
