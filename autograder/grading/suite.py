"""The hidden suite as a grading stage: run it against one submission, or only collect its rubric.

    run_hidden_suite(submission, *, seed) -> SuiteRun      hidden_rubric() -> [(title, points, visibility)]

The hidden suite is ordinary pytest (``autograder/hidden/hidden_*.py``). A plugin object gives
it the ``submission`` fixture (the only door to the student's code) and the ``hidden_seed``
fixture, runs its modules in the order ``autograder.hidden.SUITE`` names, and turns every test
into a ``TestResult``: its title and points come from the test's ``title`` and ``points``
markers, so the rubric is whatever the tests declare. A failure that names a catalogued mistake
(``autograder.hidden.support.fail``, a ``Diagnosed`` exception) carries its id to
``TestResult.mistake``; a student's NotImplementedError names ``not-written``.
"""

from __future__ import annotations

import functools
import hashlib
import traceback
from dataclasses import dataclass, field

import pytest

from autograder.hidden import SUITE
from autograder.hidden.support import COMPARISON_KEY, SEED_KEY, SUBMISSION_KEY
from autograder.mistakes import NOT_WRITTEN
from autograder.reference import PACKAGE_DIR, solutions_dir
from autograder.results import VISIBILITIES, TestResult
from autograder.sandbox.submission import SubmissionError

HIDDEN_DIR = PACKAGE_DIR / "hidden"
INTERNAL_ERROR = "The grader could not run this test (an internal error, not your mistake); tell your instructor."


@dataclass
class SuiteRun:
    """What one run of the hidden suite produced."""

    tests: list[TestResult] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    comparison: dict = field(default_factory=dict)  # the student's compare_initializers answer, if usable


def _render(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key}={item!r}" for key, item in value.items()) or "defaults"
    return str(value)


def title_of(item) -> str:
    """The title a hidden test declares, filled with its parameters."""
    marker = item.get_closest_marker("title")
    if marker is None:
        raise ValueError(f"hidden test {item.nodeid} has no title marker")
    params = getattr(getattr(item, "callspec", None), "params", {})
    return marker.args[0].format(**{name: _render(value) for name, value in params.items()})


def _points(item) -> tuple[float, str]:
    points = item.get_closest_marker("points")
    if points is None:
        raise ValueError(f"hidden test {item.nodeid} has no points marker")
    visibility = item.get_closest_marker("visibility")
    chosen = visibility.args[0] if visibility else "visible"
    if chosen not in VISIBILITIES:
        raise ValueError(f"hidden test {item.nodeid}: visibility must be one of {VISIBILITIES}; received {chosen!r}")
    return float(points.args[0]), chosen


def _suite_rank(item) -> int:
    """Where the test's module comes in ``SUITE`` (a module it does not name runs last)."""
    name = item.path.stem.removeprefix("hidden_")
    return SUITE.index(name) if name in SUITE else len(SUITE)


class _SuitePlugin:
    """Hands the hidden suite its submission and seed, and records each outcome as a TestResult."""

    def __init__(self, submission, seed: int):
        self._submission, self._seed = submission, seed
        self.run = SuiteRun()
        self.planned: dict[str, tuple[str, float, str]] = {}  # node id -> (title, points, visibility)
        self.malformed = ""

    def pytest_configure(self, config):
        self._config = config
        config.option.tbstyle = "native"  # failures become TestResults; pytest's long tracebacks cost 60-90 ms each
        config.stash[SUBMISSION_KEY] = self._submission
        config.stash[SEED_KEY] = self._seed
        config.addinivalue_line("markers", "points(n): points the test is worth")
        config.addinivalue_line("markers", "title(text): the test's name in reports, '{param}' filled in")
        config.addinivalue_line("markers", "visibility(v): Gradescope visibility (default visible)")

    def pytest_collection_modifyitems(self, items):
        items.sort(key=_suite_rank)  # stable: each module's tests keep their order
        titles = set()
        try:
            for item in items:
                title = title_of(item)
                if title in titles:
                    raise ValueError(f"two hidden tests share the title {title!r}; a title must name one test")
                titles.add(title)
                self.planned[item.nodeid] = (title, *_points(item))
        except ValueError as error:
            self.malformed = str(error)
            items.clear()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is None or report.when not in ("setup", "call"):
            return
        title, points, visibility = self.planned[item.nodeid]
        error, mistake = call.excinfo.value, ""
        if isinstance(error, SubmissionError):
            message = str(error)
            mistake = NOT_WRITTEN if error.exception_type == "NotImplementedError" else ""
        elif call.excinfo.errisinstance(pytest.fail.Exception):
            message, mistake = str(error.msg), getattr(error, "mistake", "")
        else:
            message = INTERNAL_ERROR
            self.run.internal_errors.append(f"{title}: {''.join(traceback.format_exception(error))}")
        self.run.tests.append(TestResult(title, 0.0, points, message, visibility, mistake))
        item.user_properties.append(("recorded", True))

    def pytest_runtest_logreport(self, report):
        if report.when == "teardown" and ("recorded", True) not in report.user_properties:
            title, points, visibility = self.planned[report.nodeid]
            self.run.tests.append(TestResult(title, points, points, "", visibility))


def _suite_arguments() -> list[str]:
    """pytest's arguments for the hidden suite, the same whether it runs or is only collected."""
    return [
        str(HIDDEN_DIR),
        "-c",
        str(HIDDEN_DIR / "pytest.ini"),
        "--rootdir",
        str(HIDDEN_DIR),
        "-p",
        "no:terminal",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:warnings",
        # Per test, the logging plugin swaps handlers (0.3 s a suite); at the end, the unraisable-
        # exception plugin runs a full garbage collection (0.3 s). The suite needs neither.
        "-p",
        "no:logging",
        "-p",
        "no:unraisableexception",
        "--assert=plain",  # verdicts come from judge(), not assert; skip rewriting the suite
    ]


def run_hidden_suite(submission, *, seed: int) -> SuiteRun:
    """Run every hidden test against ``submission`` and return the outcomes in test order."""
    plugin = _SuitePlugin(submission, seed)
    status = pytest.main(_suite_arguments(), plugins=[plugin])
    if plugin.malformed:
        raise RuntimeError(f"the hidden suite did not run: {plugin.malformed}")
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"the hidden suite did not run (pytest exit status {status!r})")
    plugin.run.comparison = plugin._config.stash.get(COMPARISON_KEY, {})
    return plugin.run


def hidden_rubric() -> list[tuple[str, float, str]]:
    """``(title, points, visibility)`` of every hidden test, in suite order, as its markers declare
    them; nothing runs. A test grades the function its title names before the first colon
    (``TestResult.function``), so a function's points are the sum over its tests."""
    return list(_collected_rubric())


@functools.cache
def _collected_rubric() -> tuple[tuple[str, float, str], ...]:
    plugin = _SuitePlugin(None, 0)
    status = pytest.main([*_suite_arguments(), "--collect-only"], plugins=[plugin])
    if plugin.malformed:
        raise RuntimeError(f"the hidden suite could not be collected: {plugin.malformed}")
    if status != pytest.ExitCode.OK:
        raise RuntimeError(f"the hidden suite could not be collected (pytest exit status {status!r})")
    return tuple(plugin.planned.values())


@functools.cache
def suite_fingerprint() -> str:
    """A hash of everything that decides a grade: the hidden suite, its checks and the problems it
    ships (``*.npz``), the reference and its checkpoint (``*.pt``)."""
    package = [*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.npz")]
    files = sorted([*package, *solutions_dir().glob("*.py"), *solutions_dir().glob("*.pt")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
