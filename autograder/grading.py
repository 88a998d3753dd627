"""Grading one submission: load it, run the hidden suite, return ``GradingResults``.

    Grader.grade(source, *, seed):
        load_submission(source) -> private copy -> IsolatedSubmission (sandboxed worker)
        -> run_hidden_suite(submission, seed) -> GradingResults (+ written questions)

    hidden_rubric() -> [(title, points, visibility)]   the same suite collected, not run

The hidden suite is ordinary pytest (``autograder/hidden/hidden_*.py``). A plugin object gives
it the ``submission`` fixture (the only door to the student's code) and the ``hidden_seed``
fixture, and turns every test into a ``TestResult``: its title and points come from the test's
``title`` and ``points`` markers, so the rubric is whatever the tests declare.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from autograder.canary import check_canary, write_canary
from autograder.hidden.support import COMPARISON_KEY, SEED_KEY, SUBMISSION_KEY
from autograder.isolated import DEFAULT_DEADLINES, OUTPUT_CAP, Deadlines, ForkServer, IsolatedSubmission
from autograder.load import load_submission, student_id_for
from autograder.reference import FROM_CLONE, KIT_ROOT, solutions_dir
from autograder.results import VISIBILITIES, GradingResults, ManualItem, TestResult
from autograder.sandbox.levels import LEVELS
from autograder.sandbox.limits import DEFAULT_LIMITS, Limits
from autograder.submission import SubmissionError

HIDDEN_DIR = Path(__file__).resolve().parent / "hidden"
UNLOADABLE = "the submission could not be loaded"  # begins every test's message when it could not
INTERNAL_ERROR = "The grader could not run this test (an internal error, not your mistake); tell your instructor."
_QUESTION = re.compile(r"^###\s+(Q[\d.]+)\s+\S\s+(.+?)\s+\((\d+(?:\.\d+)?) points?\)\s*$", re.MULTILINE)


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
    """A hash of everything that decides a grade: the hidden suite, its checks, the reference."""
    package = Path(__file__).resolve().parent
    files = sorted([*package.rglob("*.py"), *solutions_dir().glob("*.py")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def written_questions() -> list[ManualItem]:
    """The written questions and their points, read from the headings of solutions/answers.md."""
    text = (solutions_dir() / "answers.md").read_text(encoding="utf-8")
    return [ManualItem(f"{number} {title}", float(points)) for number, title, points in _QUESTION.findall(text)]


class Grader:
    """Grades submissions one after another through one fork server, so the cost of starting
    Python with torch is paid once. ``private`` paths (the output folder, every submission of
    the batch) are hidden from the workers along with the grader itself. ``strongest`` caps the
    isolation (``sandbox.levels.LEVELS``), for machines where a level misbehaves and for tests;
    ``trusted`` lets the grader run student code with resource limits only where no isolation is
    available (the instructor vouches for the code). ``server`` is a fork server already started
    (the grader closes it), else it starts one.

    >>> with Grader(private=[out]) as grader:
    ...     results, run = grader.grade(Path("submissions/s001"), seed=0)
    """

    def __init__(
        self,
        *,
        private: list[Path] = (),
        deadlines: Deadlines = DEFAULT_DEADLINES,
        limits: Limits = DEFAULT_LIMITS,
        strongest: str = LEVELS[0],
        trusted: bool = False,
        server: ForkServer | None = None,
    ):
        if strongest not in LEVELS:
            raise ValueError(f"isolation must be one of {LEVELS}; received {strongest!r}")
        self._strongest, self._trusted = strongest, trusted
        self._server = server or ForkServer()
        self._scratch = Path(tempfile.mkdtemp(prefix="initgrade-"))
        self._scratch.chmod(0o711)  # a worker of its own user id passes through to its folder, lists nothing
        self._private = [Path(p).resolve() for p in private]
        self._deadlines, self._limits = deadlines, limits

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._server.close()
        shutil.rmtree(self._scratch, ignore_errors=True)

    def grade(self, source: Path, *, seed: int = 0, student_id: str | None = None) -> tuple[GradingResults, SuiteRun]:
        """Grade the submission at ``source`` (a folder, .zip or .ipynb); the student id defaults
        to ``load.student_id_for(source)``. A submission that cannot be loaded scores 0 on every
        test, each saying why."""
        started = time.perf_counter()
        with self._isolated(Path(source)) as submission:
            import torch  # the judge's own computations: one thread, as the worker alternates with it

            torch.set_num_threads(1)
            run = run_hidden_suite(submission, seed=seed)
        results = GradingResults(
            student_id=student_id or student_id_for(Path(source)),
            tests=run.tests,
            manual=written_questions(),
            seed=seed,
            execution_time=time.perf_counter() - started,
            comparison=run.comparison,
            isolation=submission.isolation,
            printed=_printed(submission),
        )
        return results, run

    def check_environment(self) -> dict:
        """Grade the reference on one small check through a worker like any submission's, and
        probe what that worker reaches (``autograder.canary``); return the isolation reached.
        Raises ``EnvironmentProblem`` saying what to fix: then nothing should be graded."""
        canary = write_canary(Path(tempfile.mkdtemp(dir=self._scratch)))
        probed = [solutions_dir() / "initializers.py", HIDDEN_DIR / "hidden_initializers.py", *self._private]
        with self._isolated(canary) as submission:
            return check_canary(submission, [path for path in probed if path.exists()])

    @contextlib.contextmanager
    def _isolated(self, source: Path):
        """The submission at ``source`` loaded into a private place and served by sandboxed
        workers; everything is stopped and removed on leaving. The initializers' worker starts
        at once, in the background, while this process goes on (importing torch, collecting the
        suite)."""
        place = Path(tempfile.mkdtemp(dir=self._scratch))
        work, root = place / "work", place / "root"
        work.mkdir()
        root.mkdir()
        try:
            load_submission(source, work)
            unloadable = ""
        except ValueError as error:
            unloadable = f"{UNLOADABLE}: {error}"
        submission = IsolatedSubmission(
            work,
            server=self._server,
            root=root,
            scratch=self._scratch,
            hidden=self._hidden(source),
            limits=self._limits,
            deadlines=self._deadlines,
            unloadable=unloadable,
            strongest=self._strongest,
            trusted=self._trusted,
        )
        try:
            submission.prepare("initializers")
            yield submission
        finally:
            submission.close()
            shutil.rmtree(place, ignore_errors=True)

    def _hidden(self, source: Path) -> list[Path]:
        """What a worker must not see: the kit, the grader package, the scratch folder, the
        private paths and the submission's source."""
        package = Path(__file__).resolve().parent
        return [*kit_paths(), package, self._scratch, *self._private, Path(source).resolve()]


def _printed(submission: IsolatedSubmission) -> str:
    text = submission.output.decode("utf-8", errors="replace")
    if submission.output_cut:
        text += f"\n[... more was written; only the first {OUTPUT_CAP // 1024} KB are kept]\n"
    return text


def kit_paths() -> list[Path]:
    """The entries of the kit's folder, but Python environments inside it (CI's ``.venv``), which
    a worker needs to import from: this interpreter's prefix and folders holding a site-packages
    directory on ``sys.path`` (never the kit's own folder, which ``python -m`` puts there too).
    None for a kit installed from its wheel: the package, hidden anyway, holds all of it."""
    if not FROM_CLONE:
        return []
    environments = [Path(sys.prefix).resolve()]
    environments += [Path(p).resolve() for p in sys.path if p and Path(p).name in ("site-packages", "dist-packages")]
    return [p for p in KIT_ROOT.iterdir() if not any(p == env or p in env.parents for env in environments)]


def grade_submission(folder: Path, *, seed: int = 0, student_id: str | None = None) -> tuple[GradingResults, SuiteRun]:
    """Grade one submission with a grader of its own (for a batch, use one ``Grader``)."""
    with Grader() as grader:
        return grader.grade(folder, seed=seed, student_id=student_id)
