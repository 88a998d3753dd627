"""The grading results model: what one graded submission is, for every report to render.

A ``GradingResults`` holds one ``TestResult`` per hidden test and one ``ManualItem`` per
written question; a written question carries the score a person gave it, or ``None`` while it
is pending. Reports (results.json for Gradescope, grades.csv, ...) are renderers of this model;
nothing else about a grade is kept anywhere. ``GradingResults.groups()`` is the order a person
reads the tests in: by graded function, the functions that lost points first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

from autograder import kit_version
from autograder.mistakes import NOT_WRITTEN
from autograder.text import grader_error_output, isolation_statement, printable, unloadable_output

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
HAND_GRADED = "Graded by hand."  # the output of a written question's entry in results.json

#: Every status a submission can have besides ``"graded"`` and ``"grader-error"``: why it could not be
#: loaded (``GradingResults.unloadable``), each with what it means. Such a submission scores 0 on every
#: test, none of its code having run; it is final (kept on the next run, unlike a grader error), and
#: every report says it is not a grade of the student's code and what to hand in.
UNLOADABLE_STATUSES = {
    "not-a-zip": "the .zip file is not a readable zip archive",
    "not-a-notebook": "the .ipynb file is not a Jupyter notebook (not JSON, or no cells)",
    "empty": "the folder or archive holds no file to grade",
    "missing-files": "neither initializers.py nor training.py is in the submission",
    "not-utf8": "a file is not UTF-8 text",
    "unsafe-zip": "the .zip holds a path outside itself (absolute or with '..')",
    "too-large": "the submission holds more files or bytes than are allowed",
    "not-a-submission": "the file is neither a folder, a .zip nor an .ipynb",
}
STATUSES = ("graded", "grader-error", *UNLOADABLE_STATUSES)


@dataclass(frozen=True)
class TestResult:
    """One hidden test: ``name`` starts with the graded function (``"he_normal: variance"``)."""

    __test__ = False  # a result, not a test class for pytest to collect

    name: str
    score: float
    max_score: float
    output: str = ""
    visibility: str = "visible"
    mistake: str = ""
    """The id of the catalogued mistake this test's failure names, or empty when it names none
    (a passed test, or a failure whose evidence does not single one out)."""

    @property
    def function(self) -> str:
        """The graded function: the part of ``name`` before the first colon."""
        return self.name.split(":", 1)[0]

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score

    def to_gradescope(self) -> dict:
        return {
            "name": self.name,
            "score": self.score,
            "max_score": self.max_score,
            "status": "passed" if self.passed else "failed",
            "output": printable(self.output),
            "visibility": self.visibility,
        }


def question_id(label: str) -> str:
    """The id of a written question, as a column of the written-scores file and an nbgrader grade
    id: the label trimmed, in lower case, with dots as underscores. Example: ``question_id("Q1.1")``
    is ``"q1_1"``, and so is ``question_id("q1_1")``."""
    return label.strip().lower().replace(".", "_")


@dataclass(frozen=True)
class ManualItem:
    """A written question graded by a person: ``name`` starts with its label (``"Q1.1 Why
    initialization matters"``); ``score`` is ``None`` while it is pending."""

    name: str
    max_score: float
    score: float | None = None

    def __post_init__(self):
        score = self.score
        if score is None:
            return
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score):
            raise ValueError(f"the score of {self.name} must be a finite number or None (pending); received {score!r}")
        if not 0 <= score <= self.max_score:
            raise ValueError(f"the score of {self.name} must be from 0 to {self.max_score:g}; received {score:g}")

    @property
    def question_id(self) -> str:
        """``"q1_1"`` for ``"Q1.1 Why initialization matters"``: see ``question_id``."""
        return question_id((self.name.split() or [""])[0])

    @property
    def graded(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class FunctionGroup:
    """The tests of one graded function, in the order to show them: those that lost points first,
    then those that passed, each in suite order."""

    function: str
    tests: tuple[TestResult, ...]

    @property
    def score(self) -> float:
        return round(sum(test.score for test in self.tests), 6)

    @property
    def possible(self) -> float:
        return round(sum(test.max_score for test in self.tests), 6)

    @property
    def lost(self) -> bool:
        """Whether this function lost points (some test did not earn full marks)."""
        return any(not test.passed for test in self.tests)

    @property
    def not_written(self) -> bool:
        """Whether the function is not written yet: every one of its tests failed because the
        student's code raised NotImplementedError (``TestResult.mistake`` is ``NOT_WRITTEN``)."""
        return bool(self.tests) and all(test.score == 0 and test.mistake == NOT_WRITTEN for test in self.tests)

    @property
    def failed(self) -> tuple[TestResult, ...]:
        """The tests that lost points (failed or partly passed)."""
        return tuple(test for test in self.tests if not test.passed)

    @property
    def passed(self) -> tuple[TestResult, ...]:
        return tuple(test for test in self.tests if test.passed)


@dataclass
class GradingResults:
    """Everything the hidden suite found about one submission."""

    student_id: str
    tests: list[TestResult] = field(default_factory=list)
    manual: list[ManualItem] = field(default_factory=list)
    seed: int = 0
    execution_time: float = 0.0
    comparison: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """The student's own ``compare_initializers`` result, as the hidden suite received it:
    ``{initializer name: {"loss": [...], "activation_stds": [...], ...}}`` (plain floats), or
    empty when it could not be obtained. Shown to the student, never used for points."""
    isolation: dict = field(default_factory=dict)
    """How the student's code was isolated while it was graded: ``{"level": a short id such as
    "namespaces" or "landlock", "description": one sentence, what the worker got, "lacks": [short
    sentences, what this level does not protect]}``. Empty when the student's code never ran."""
    printed: str = ""
    """What the student's code wrote on stdout and stderr while it was graded (capped), shown in
    feedback.html so that a student sees their own prints, warnings and tracebacks."""
    grader_error: str = ""
    """Non-empty when the grader's own machinery failed on this submission: one or a few lines
    saying what failed (no traceback). The tests and score are then not a grade: no report shows
    them as one, and the submission is graded again on the next run."""
    unloadable: str = ""
    """Why the submission could not be loaded, one of ``UNLOADABLE_STATUSES`` (``"not-a-zip"``), or
    empty when it was loaded. Then none of its code ran and every test scored 0."""
    unloadable_reason: str = ""
    """With ``unloadable``: one sentence naming the file and what is wrong with it."""

    def __post_init__(self):
        if self.unloadable and self.unloadable not in UNLOADABLE_STATUSES:
            raise ValueError(
                f"unloadable must be empty or one of {sorted(UNLOADABLE_STATUSES)}; received {self.unloadable!r}"
            )

    @property
    def graded(self) -> bool:
        """Whether this is a grade: the grader did not fail on the submission (a submission that
        could not be loaded is graded, 0, as a blank one is)."""
        return not self.grader_error

    @property
    def status(self) -> str:
        """What became of the submission, in a word a report can show and count: ``"grader-error"``
        when the grader's own machinery failed, the ``unloadable`` id (one of ``UNLOADABLE_STATUSES``)
        when the submission could not be loaded, else ``"graded"``; always one of ``STATUSES``."""
        return "grader-error" if self.grader_error else self.unloadable or "graded"

    @property
    def total(self) -> float:
        """Points earned in the automatically graded tests."""
        return round(sum(test.score for test in self.tests), 6)

    @property
    def possible(self) -> float:
        """Points available in the automatically graded tests."""
        return round(sum(test.max_score for test in self.tests), 6)

    @property
    def manual_possible(self) -> float:
        """Points available in the written questions, graded or not."""
        return round(sum(item.max_score for item in self.manual), 6)

    @property
    def manual_score(self) -> float:
        """Points given by hand so far: the sum over the graded written questions (0 if none is)."""
        return round(sum(item.score for item in self.manual if item.graded), 6)

    @property
    def pending(self) -> list[ManualItem]:
        """The written questions not graded yet."""
        return [item for item in self.manual if not item.graded]

    @property
    def pending_possible(self) -> float:
        """Points of the written questions not graded yet."""
        return round(sum(item.max_score for item in self.pending), 6)

    @property
    def total_with_written(self) -> float:
        """Points earned so far: the automatic total plus the written questions graded so far."""
        return round(self.total + self.manual_score, 6)

    @property
    def possible_with_written(self) -> float:
        """Points available in all: automatic tests and every written question."""
        return round(self.possible + self.manual_possible, 6)

    def with_written_scores(self, scores: Mapping[str, float | None]) -> GradingResults:
        """A copy whose written questions carry ``scores``, keyed by question id (``"q1_1"``); a
        question missing from ``scores`` (or given ``None``) is pending. Everything else, a grader
        error included, is kept. ``ValueError`` for an id that names none of the questions or a
        score outside 0 to the question's points."""
        known = {item.question_id for item in self.manual}
        unknown = sorted(set(scores) - known)
        if unknown:
            raise ValueError(f"written scores must be for the questions {sorted(known)}; received {unknown}")
        manual = [replace(item, score=scores.get(item.question_id)) for item in self.manual]
        return replace(self, manual=manual)

    def by_function(self) -> dict[str, tuple[float, float]]:
        """``{function: (score, max_score)}`` in the order the tests ran."""
        totals: dict[str, tuple[float, float]] = {}
        for test in self.tests:
            score, possible = totals.get(test.function, (0.0, 0.0))
            totals[test.function] = (round(score + test.score, 6), round(possible + test.max_score, 6))
        return totals

    def groups(self) -> list[FunctionGroup]:
        """The tests grouped by function in the order a person reads them: the functions that lost
        points first, then the rest, each in the order the tests ran; within a function, the tests
        that lost points first (see ``FunctionGroup``)."""
        tests: dict[str, list[TestResult]] = {}
        for test in self.tests:
            tests.setdefault(test.function, []).append(test)
        groups = [FunctionGroup(name, tuple(sorted(listed, key=lambda t: t.passed))) for name, listed in tests.items()]
        return sorted(groups, key=lambda group: not group.lost)  # stable: suite order within each part

    def to_gradescope(self) -> dict:
        """Gradescope's results.json: the score, one entry per test in ``groups()`` order numbered
        function.test, a Markdown output with a table of points per function, and in ``extra_data``
        the isolation level, what it lacks and the kit's version; the grader's own log (stdout) is
        hidden from students. A written question graded by hand is one more test ("Graded by
        hand.") counted in the score; the output names the pending ones. After a grader error the
        score is 0 and there are no tests: the output says first that this is not a grade, and why; so
        for a submission that could not be loaded, whose output says why and what to hand in."""
        if self.grader_error:
            score, tests, output = 0, [], grader_error_output(self.grader_error)
        elif self.unloadable:
            score, tests, output = 0, [], unloadable_output(self.unloadable_reason)
        else:
            graded = [
                TestResult(item.name, item.score, item.max_score, HAND_GRADED) for item in self.manual if item.graded
            ]
            score = self.total_with_written
            tests = [
                {**test.to_gradescope(), "number": f"{group}.{number}"}
                for group, function in enumerate(self.groups(), 1)
                for number, test in enumerate(function.tests, 1)
            ]
            tests += [test.to_gradescope() for test in graded]
            paragraphs = [
                f"Automatically graded: {self.total:g} / {self.possible:g} points (seed {self.seed}).",
                self._function_table() if self.tests else "",
                self._written_output().strip(),
            ]
            output = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
        return {
            "score": score,
            "execution_time": round(self.execution_time, 3),
            "output": f"{output}\n\n{isolation_statement(self.isolation)}",
            "output_format": "md",
            "test_output_format": "text",
            "test_name_format": "text",
            "stdout_visibility": "hidden",
            "tests": tests,
            "extra_data": {
                "isolation": self.isolation.get("level", ""),
                "isolation_lacks": list(self.isolation.get("lacks", [])),
                "kit_version": kit_version(),
                "grader_error": printable(self.grader_error),
                "status": self.status,
                "unloadable_reason": printable(self.unloadable_reason),
            },
        }

    def _function_table(self) -> str:
        """A Markdown table of the points per function, in ``groups()`` order (those that lost points first)."""
        rows = [
            f"| `{group.function}` | {group.score:g} / {group.possible:g}{' (lost points)' if group.lost else ''} |"
            for group in self.groups()
        ]
        return "\n".join(["| function | points |", "| --- | --- |", *rows])

    def _written_output(self) -> str:
        """Gradescope's words on the written questions: the points given so far, the pending ones."""
        if not self.manual:
            return ""
        pending = self.pending
        listed = "; ".join(f"{item.name} ({item.max_score:g})" for item in pending)
        if len(pending) == len(self.manual):
            return f" Written answers, {self.manual_possible:g} points, are graded by hand (pending): {listed}."
        graded_points = round(self.manual_possible - self.pending_possible, 6)
        text = f" Written answers, graded by hand: {self.manual_score:g} / {graded_points:g} points"
        if pending:
            text += f" so far; pending ({self.pending_possible:g} points): {listed}."
        else:
            text += "."
        return text + f" Total: {self.total_with_written:g} / {self.possible_with_written:g} points."

    def to_record(self) -> dict:
        """Everything in this model as plain JSON data (the batch keeps it to resume)."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict) -> GradingResults:
        """The model that ``to_record`` described; ``KeyError``/``TypeError`` if it is not one."""
        fields = dict(record)
        if not isinstance(fields.get("isolation", {}), dict):
            received = type(fields["isolation"]).__name__
            raise TypeError(f"isolation must be a dict with level, description and lacks; received a {received}")
        fields["tests"] = [TestResult(**test) for test in record["tests"]]
        fields["manual"] = [ManualItem(**item) for item in record["manual"]]
        return cls(**fields)
