"""Let the tests import your modules (initializers.py, training.py, ...) from the folder above,
and sum up a run by function rather than by test.

``python -m pytest`` in the assignment folder prints, at the end:

* for each function you wrote whose public tests fail, one short block: the first failing test,
  what went wrong and where, and how many other tests fail with it;
* how many of the functions are written, and on the last line the function to work on next.

A test that stops at ``raise NotImplementedError(...)`` is marked ``n`` ("not written"), not
``F``, and prints no traceback: it waits for you. It still counts as not passed. For pytest's own
tracebacks as well, ask for them: ``python -m pytest --tb=short -k he_normal``.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(FOLDER))

import public_tests  # noqa: E402  (beside your modules: which function a test checks)

#: The message of the stubs' ``raise NotImplementedError("he_normal is not written yet: ...")``.
NOT_WRITTEN = re.compile(r"\b(\w+) is not written yet")
#: Functions whose failures are shown in full; the others get a line each.
SHOWN = 3
WIDTH = 160


def pytest_configure(config):
    config.pluginmanager.register(Summary(), "assignment-summary")


class Summary:
    """The plugin: files every test's result under the function it is about."""

    def __init__(self):
        self.waiting = {}  # function not written -> ids of the tests that stopped at it
        self.faults = {}  # function written -> [(test id, message, where)] of its failing tests
        self.broken = []  # (file, message) of each test file that could not be imported

    def pytest_collectreport(self, report):
        if report.failed:
            lines = [line for line in str(report.longrepr).splitlines() if line.strip()]
            self.broken.append((report.nodeid or ".", lines[-6:]))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if report.failed and call.excinfo is not None:
            excinfo, checked = call.excinfo, _checked_by(item)
            inner = _innermost_student_frame(excinfo)
            if excinfo.errisinstance(NotImplementedError):
                found = NOT_WRITTEN.search(str(excinfo.value))
                function = found.group(1) if found else inner.name if inner else (checked or ["?"])[0]
                report.not_written = function
                self.waiting.setdefault(function, []).append(item.nodeid)
            else:
                raised_in = inner.name if inner is not None and inner.name in _functions() else None
                function = raised_in or (checked or [item.name])[0]
                self.faults.setdefault(function, []).append((item.nodeid, _message(excinfo), _where(excinfo, inner)))
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(self, report):
        if getattr(report, "not_written", None):
            return "not written", "n", "NOT WRITTEN"
        return None

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        for file, lines in self.broken:
            terminalreporter.write_sep("-", f"{file} could not be imported", red=True)
            for line in lines:
                write(line[:WIDTH])
        failing = _order(self.faults)
        for function in failing[:SHOWN]:
            faults = self.faults[function]
            test, message, where = faults[0]
            count = "1 public test fails" if len(faults) == 1 else f"{len(faults)} public tests fail"
            terminalreporter.write_sep("-", f"{function}: {count}", red=True)
            write(f"{_short(test)}")
            for line in message:
                write(f"  {line}")
            write(f"  {where}")
            others = [_short(test) for test, _, _ in faults[1:]]
            if others:
                listed = ", ".join(others[:2]) + (f" and {len(others) - 2} more" if len(others) > 2 else "")
                write(f"  also failing: {listed}"[:WIDTH])
            write(f"  tracebacks: python -m pytest --tb=short -k {function}")
        if failing[SHOWN:]:
            rest = ", ".join(f"{name} ({len(self.faults[name])})" for name in failing[SHOWN:])
            write(f"Failing as well (tests): {rest}"[:WIDTH])

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session):
        # Outside pytest's own wrapper, so these lines come after its "N failed in 1.2s" line.
        result = yield
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and not session.config.option.collectonly:
            for line in self.verdict(len(reporter.stats.get("passed", []))):
                reporter.write_line(line)
        return result

    def verdict(self, passed: int) -> list[str]:
        """The last lines of the run: how many functions are written, and what to do next."""
        if self.broken:
            files = ", ".join(file for file, _ in self.broken)
            return [f"Next: fix the error above, which stops {files} from running, then run pytest again."]
        functions = _functions()
        missing = _order(set(self.waiting) | _stubs())
        written = [name for name in functions if name not in missing]
        failing = _order(self.faults)
        if not missing and not failing:
            return [f"All {len(functions)} functions are written and pass their public tests ({passed} tests)."]
        lines = [f"Written: {len(written)} of {len(functions)} functions; {passed} public tests pass."]
        if failing:
            lines.append(f"Next: fix {failing[0]} (its failure is shown above).")
        else:
            lines.append(f"Next: write {missing[0]} in {_module_of(missing[0])}.")
        return lines


def _functions() -> tuple[str, ...]:
    """The functions to write, in the order of their files; none while a file does not parse
    (pytest then reports the error)."""
    try:
        return public_tests.functions()
    except (OSError, SyntaxError, ValueError):
        return ()


def _checked_by(item) -> list[str]:
    try:
        return public_tests.checked_by(item)
    except (OSError, SyntaxError, ValueError):
        return []


def _order(names) -> list[str]:
    """``names`` in the order the assignment's files define them (others last, by name)."""
    functions = _functions()
    return sorted(names, key=lambda name: (functions.index(name) if name in functions else len(functions), name))


def _stubs() -> set[str]:
    """The functions of your modules that still hold ``raise NotImplementedError``."""
    stubs = set()
    for module in public_tests.MODULES:
        path = FOLDER / f"{module}.py"
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(_raises_not_implemented(child) for child in node.body):
                stubs.add(node.name)
    return stubs


def _raises_not_implemented(node) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def _module_of(function: str) -> str:
    for module in public_tests.MODULES:
        path = FOLDER / f"{module}.py"
        if path.is_file() and re.search(rf"^def {function}\b", path.read_text(encoding="utf-8"), re.MULTILINE):
            return path.name
    return "your code"


def _innermost_student_frame(excinfo):
    """The innermost traceback entry in your modules (not in the tests), or None."""
    mine = [
        entry
        for entry in excinfo.traceback
        if Path(str(entry.path)).parent == FOLDER and Path(str(entry.path)).stem in public_tests.MODULES
    ]
    return mine[-1] if mine else None


def _message(excinfo) -> list[str]:
    """What went wrong, in at most three lines."""
    lines = [line.strip() for line in excinfo.exconly().splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("+", "Use -v"))]  # pytest's assertion diff
    return [line[:WIDTH] for line in lines[:3]] or [excinfo.typename]


def _where(excinfo, inner) -> str:
    """The line that raised: in your code if it did, else the test's line."""
    entry = inner if inner is not None else excinfo.traceback[-1]
    path = Path(str(entry.path))
    try:
        shown = path.relative_to(FOLDER)
    except ValueError:
        shown = path.name
    statement = str(entry.statement).strip().splitlines()
    return f"at {shown}:{entry.lineno + 1} in {entry.name}: {statement[0] if statement else ''}"[:WIDTH]


def _short(nodeid: str) -> str:
    return nodeid.split("::", 1)[-1]
