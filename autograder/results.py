"""The grading results model: what one graded submission is, for every report to render.

A ``GradingResults`` holds one ``TestResult`` per hidden test and one ``ManualItem`` per
written question. Reports (results.json for Gradescope, grades.csv, ...) are renderers of
this model; nothing else about a grade is kept anywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from autograder.reports.text import printable

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
    isolation: str = ""
    """How the student's code was isolated while it was graded, in words (for the reports)."""
    printed: str = ""
    """What the student's code wrote on stdout and stderr while it was graded (capped), shown in
    feedback.html so that a student sees their own prints, warnings and tracebacks."""

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
        """Gradescope's results.json: top-level score, per-test entries, execution time.

        Written answers are not tests: the top-level output names them as graded by hand and
        pending, with their points."""
        written = "; ".join(f"{item.name} ({item.max_score:g})" for item in self.manual)
        return {
            "score": self.total,
            "execution_time": round(self.execution_time, 3),
            "output": f"Automatically graded: {self.total:g} / {self.possible:g} points (seed {self.seed}). "
            f"Written answers, {self.manual_possible:g} points, are graded by hand (pending): {written}."
            + (f" Your code ran isolated: {self.isolation}." if self.isolation else ""),
            "tests": [test.to_gradescope() for test in self.tests],
        }

    def to_record(self) -> dict:
        """Everything in this model as plain JSON data (the batch keeps it to resume)."""
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict) -> GradingResults:
        """The model that ``to_record`` described; ``KeyError``/``TypeError`` if it is not one."""
        fields = dict(record)
        fields["tests"] = [TestResult(**test) for test in record["tests"]]
        fields["manual"] = [ManualItem(**item) for item in record["manual"]]
        return cls(**fields)
