"""Grading one submission: load it, run the hidden suite, return ``GradingResults``.

Grader.grade(source, *, seed):
    load_submission(source) -> private copy -> IsolatedSubmission (sandboxed worker)
    -> run_hidden_suite(submission, seed) -> GradingResults (+ written questions)
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

from autograder.grading.load import Unloadable, load_submission, student_id_for
from autograder.grading.preload import Preload
from autograder.grading.suite import HIDDEN_DIR, SuiteRun, run_hidden_suite
from autograder.grading.written import written_questions
from autograder.reference import FROM_CLONE, KIT_ROOT, PACKAGE_DIR, solutions_dir
from autograder.results import GradingResults
from autograder.sandbox.canary import check_canary, write_canary
from autograder.sandbox.isolated import IsolatedSubmission
from autograder.sandbox.launcher import DEFAULT_DEADLINES, OUTPUT_CAP, Deadlines, ForkServer
from autograder.sandbox.levels import LEVELS
from autograder.sandbox.limits import DEFAULT_LIMITS, Limits

UNLOADABLE = "the submission could not be loaded"  # begins every test's message when it could not


class Grader:
    """Grades submissions one after another through one fork server, so the cost of starting
    Python with torch is paid once. ``private`` paths (the output folder, every submission of
    the batch) are hidden from the workers along with the grader itself. ``strongest`` caps the
    isolation (``sandbox.levels.LEVELS``), for machines where a level misbehaves and for tests;
    ``trusted`` lets the grader run student code with resource limits only where no isolation is
    available (the instructor vouches for the code). ``server`` is a fork server already started
    (the grader closes it), else it starts one. ``preload`` (the default) has the grader import
    what its judging needs while the fork server starts (``grading.preload``); a grader that only
    checks the environment, as a batch's own beside its judges, does without.

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
        preload: bool = True,
    ):
        if strongest not in LEVELS:
            raise ValueError(f"isolation must be one of {LEVELS}; received {strongest!r}")
        self._strongest, self._trusted = strongest, trusted
        self._server = server or ForkServer()
        self._preload = Preload() if preload else None  # while the fork server starts
        self._scratch = Path(tempfile.mkdtemp(prefix="initgrade-"))
        self._scratch.chmod(0o711)  # a worker of its own user id passes through to its folder, lists nothing
        self._private = [Path(p).resolve() for p in private]
        self._deadlines, self._limits = deadlines, limits

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._preload:  # a process that exits while torch is being imported aborts
            self._preload.wait()
        self._server.close()
        shutil.rmtree(self._scratch, ignore_errors=True)

    def grade(self, source: Path, *, seed: int = 0, student_id: str | None = None) -> tuple[GradingResults, SuiteRun]:
        """Grade the submission at ``source`` (a folder, .zip or .ipynb); the student id defaults
        to ``load.student_id_for(source)``. A submission that cannot be loaded scores 0 on every
        test, each saying why, and its results carry the reason (``unloadable``: its status, and
        ``unloadable_reason``)."""
        started = time.perf_counter()
        self._server.warm_up()
        with self._isolated(Path(source)) as (submission, unloadable):
            if self._preload:
                self._preload.wait()
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
            unloadable=unloadable.status if unloadable else "",
            unloadable_reason=str(unloadable or ""),
        )
        return results, run

    def check_environment(self) -> dict:
        """Grade the reference on one small check through a worker like any submission's, and
        probe what that worker reaches (``autograder.sandbox.canary``); return the isolation reached.
        Raises ``EnvironmentProblem`` saying what to fix: then nothing should be graded."""
        canary = write_canary(Path(tempfile.mkdtemp(dir=self._scratch)))
        probed = [solutions_dir() / "initializers.py", HIDDEN_DIR / "support.py", *self._private]
        with self._isolated(canary) as (submission, _):
            return check_canary(submission, [path for path in probed if path.exists()])

    @contextlib.contextmanager
    def _isolated(self, source: Path):
        """``(submission, unloadable)``: the submission at ``source`` loaded into a private place and
        served by sandboxed workers, and the ``Unloadable`` error if it could not be loaded;
        everything is stopped and removed on leaving. The initializers' worker starts at once, in
        the background, while this process goes on (importing torch, collecting the suite)."""
        place = Path(tempfile.mkdtemp(dir=self._scratch))
        work, root = place / "work", place / "root"
        work.mkdir()
        root.mkdir()
        try:
            load_submission(source, work)
            unloadable = None
        except Unloadable as error:
            unloadable = error
        submission = IsolatedSubmission(
            work,
            server=self._server,
            root=root,
            scratch=self._scratch,
            hidden=self._hidden(source),
            limits=self._limits,
            deadlines=self._deadlines,
            unloadable=f"{UNLOADABLE}: {unloadable}" if unloadable else "",
            strongest=self._strongest,
            trusted=self._trusted,
        )
        try:
            submission.prepare("initializers")
            yield submission, unloadable
        finally:
            submission.close()
            shutil.rmtree(place, ignore_errors=True)

    def _hidden(self, source: Path) -> list[Path]:
        """What a worker must not see: the kit, the grader package, the scratch folder, the
        private paths and the submission's source."""
        return [*kit_paths(), PACKAGE_DIR, self._scratch, *self._private, Path(source).resolve()]


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
