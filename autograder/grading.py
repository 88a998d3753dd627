"""Grading one submission: load it, run the hidden suite, return ``GradingResults``.

    grade_submission(folder, *, seed) = run_hidden_suite(load(folder), seed) + written questions

The hidden suite is ordinary pytest (``autograder/hidden/hidden_*.py``). A plugin object gives
it the ``submission`` fixture (the only door to the student's code) and the ``hidden_seed``
fixture, and turns every test into a ``TestResult``: its title and points come from the test's
``title`` and ``points`` markers, so the rubric is whatever the tests declare.
"""

from __future__ import annotations

import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.hidden.support import SEED_KEY, SUBMISSION_KEY
from autograder.reference import solutions_dir
from autograder.results import VISIBILITIES, GradingResults, ManualItem, TestResult
from autograder.submission import InProcessSubmission, SubmissionError

HIDDEN_DIR = Path(__file__).resolve().parent / "hidden"
INTERNAL_ERROR = "The grader could not run this test (an internal error, not your mistake); tell your instructor."
_QUESTION = re.compile(r"^###\s+(Q[\d.]+)\s+\S\s+(.+?)\s+\((\d+(?:\.\d+)?) points?\)\s*$", re.MULTILINE)


@dataclass
class SuiteRun:
    """What one run of the hidden suite produced."""

    tests: list[TestResult] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)


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


class _SuitePlugin:
    """Hands the hidden suite its submission and seed, and records each outcome as a TestResult."""

    def __init__(self, submission, seed: int):
        self._submission, self._seed = submission, seed
        self.run = SuiteRun()
        self._planned: dict[str, tuple[str, float, str]] = {}
        self.malformed = ""

    def pytest_configure(self, config):
        config.stash[SUBMISSION_KEY] = self._submission
        config.stash[SEED_KEY] = self._seed
        config.addinivalue_line("markers", "points(n): points the test is worth")
        config.addinivalue_line("markers", "title(text): the test's name in reports, '{param}' filled in")
        config.addinivalue_line("markers", "visibility(v): Gradescope visibility (default visible)")

    def pytest_collection_modifyitems(self, items):
        titles = set()
        try:
            for item in items:
                title = title_of(item)
                if title in titles:
                    raise ValueError(f"two hidden tests share the title {title!r}; a title must name one test")
                titles.add(title)
                self._planned[item.nodeid] = (title, *_points(item))
        except ValueError as error:
            self.malformed = str(error)
            items.clear()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if call.excinfo is None or report.when not in ("setup", "call"):
            return
        title, points, visibility = self._planned[item.nodeid]
        error = call.excinfo.value
        if isinstance(error, SubmissionError):
            message = str(error)
        elif call.excinfo.errisinstance(pytest.fail.Exception):
            message = str(error.msg)
        else:
            message = INTERNAL_ERROR
            self.run.internal_errors.append(f"{title}: {''.join(traceback.format_exception(error))}")
        self.run.tests.append(TestResult(title, 0.0, points, message, visibility))
        item.user_properties.append(("recorded", True))

    def pytest_runtest_logreport(self, report):
        if report.when == "teardown" and ("recorded", True) not in report.user_properties:
            title, points, visibility = self._planned[report.nodeid]
            self.run.tests.append(TestResult(title, points, points, "", visibility))


def run_hidden_suite(submission, *, seed: int) -> SuiteRun:
    """Run every hidden test against ``submission`` and return the outcomes in test order."""
    plugin = _SuitePlugin(submission, seed)
    arguments = [
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
    ]
    status = pytest.main(arguments, plugins=[plugin])
    if plugin.malformed:
        raise RuntimeError(f"the hidden suite did not run: {plugin.malformed}")
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"the hidden suite did not run (pytest exit status {status!r})")
    return plugin.run


def written_questions() -> list[ManualItem]:
    """The written questions and their points, read from the headings of solutions/answers.md."""
    text = (solutions_dir() / "answers.md").read_text(encoding="utf-8")
    return [ManualItem(f"{number} {title}", float(points)) for number, title, points in _QUESTION.findall(text)]


def grade_submission(folder: Path, *, seed: int = 0, student_id: str | None = None) -> tuple[GradingResults, SuiteRun]:
    """Grade the submission in ``folder``; the student id defaults to the folder's name."""
    started = time.perf_counter()
    run = run_hidden_suite(InProcessSubmission(folder), seed=seed)
    results = GradingResults(
        student_id=student_id or Path(folder).name,
        tests=run.tests,
        manual=written_questions(),
        seed=seed,
        execution_time=time.perf_counter() - started,
    )
    return results, run
