"""The grading results model: what one graded submission is, for every report to render.

A ``GradingResults`` holds one ``TestResult`` per hidden test and one ``ManualItem`` per
written question. Reports (results.json for Gradescope, grades.csv, ...) are renderers of
this model; nothing else about a grade is kept anywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from autograder import kit_version
from autograder.reports.text import printable, sentence

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


@dataclass(frozen=True)
class TestResult:
    """One hidden test: ``name`` starts with the graded function (``"he_normal: variance"``)."""

    __test__ = False  # a result, not a test class for pytest to collect

    name: str
    score: float
    max_score: float
    output: str = ""
    visibility: str = "visible"

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


@dataclass(frozen=True)
class ManualItem:
    """A written question graded by a person; its score stays pending until then."""

    name: str
    max_score: float


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

    @property
    def graded(self) -> bool:
        """Whether this is a grade: the grader did not fail on the submission."""
        return not self.grader_error

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
        return round(sum(item.max_score for item in self.manual), 6)

    def by_function(self) -> dict[str, tuple[float, float]]:
        """``{function: (score, max_score)}`` in the order the tests ran."""
        totals: dict[str, tuple[float, float]] = {}
        for test in self.tests:
            score, possible = totals.get(test.function, (0.0, 0.0))
            totals[test.function] = (round(score + test.score, 6), round(possible + test.max_score, 6))
        return totals

    def to_gradescope(self) -> dict:
        """Gradescope's results.json: top-level score, per-test entries, execution time, and in
        ``extra_data`` the isolation level, what it lacks and the kit's version.

        Written answers are not tests: the top-level output names them as graded by hand and
        pending, with their points. After a grader error the score is 0 and there are no tests
        (nothing is presented as the student's work); the output says first that this is not a
        grade and why."""
        if self.grader_error:
            score, tests, output = 0, [], _grader_error_output(self.grader_error)
        else:
            written = "; ".join(f"{item.name} ({item.max_score:g})" for item in self.manual)
            score, tests = self.total, [test.to_gradescope() for test in self.tests]
            output = (
                f"Automatically graded: {self.total:g} / {self.possible:g} points (seed {self.seed}). "
                f"Written answers, {self.manual_possible:g} points, are graded by hand (pending): {written}."
            )
        return {
            "score": score,
            "execution_time": round(self.execution_time, 3),
            "output": f"{output} {isolation_statement(self.isolation)}",
            "tests": tests,
            "extra_data": {
                "isolation": self.isolation.get("level", ""),
                "isolation_lacks": list(self.isolation.get("lacks", [])),
                "kit_version": kit_version(),
                "grader_error": printable(self.grader_error),
            },
        }

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


def _grader_error_output(reason: str) -> str:
    """Gradescope's top-level output after a grader error: first that the 0 shown is not a grade,
    not the student's mistake, and that the submission will be graded again; then the reason."""
    return (
        "The autograder failed on this submission, so the 0 shown is not a grade and not your mistake; "
        f"your submission will be graded again. What failed: {sentence(printable(reason))}"
    )


def isolation_statement(isolation: dict) -> str:
    """The isolation in words for a student: the level, what the worker got and what this level
    does not protect; or that the code never ran (``isolation`` empty)."""
    if not isolation:
        return "Your code never ran."
    description = sentence(str(isolation.get("description", "")))
    text = f"Your code ran isolated (level {isolation.get('level', '')})" + (f": {description}" if description else ".")
    lacks = [str(lack).strip().rstrip(".") for lack in isolation.get("lacks", []) if str(lack).strip()]
    if lacks:
        text += f" What this level does not protect: {'; '.join(lacks)}."
    return printable(text)
