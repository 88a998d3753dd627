"""What every hidden test uses: verdicts turned into pass/fail, and seeds derived per test."""

from __future__ import annotations

import hashlib

import pytest

from autograder.mistakes import explain

SUBMISSION_KEY = pytest.StashKey[object]()
SEED_KEY = pytest.StashKey[int]()
COMPARISON_KEY = pytest.StashKey[dict]()  # the student's compare_initializers answer, for feedback plots


class Diagnosed(pytest.fail.Exception):
    """A failed test whose evidence names a catalogued mistake: ``mistake`` is its id, carried to
    ``TestResult.mistake`` by ``autograder.grading.suite``."""

    def __init__(self, message: str, mistake: str):
        super().__init__(message, pytrace=False)
        self.mistake = mistake


def fail(facts: str, mistake: str = "") -> None:
    """Fail the test with ``facts`` and, if ``mistake`` names one, the catalogue's sentence for it."""
    raise Diagnosed(explain(facts, mistake), mistake)


def judge(*verdicts) -> None:
    """Fail the test with the first failed verdict's message and the mistake it names, if any (no
    traceback, no test source)."""
    for verdict in verdicts:
        if not verdict.passed:
            fail(verdict.message, verdict.mistake)


def seed_for(base: int, *parts) -> int:
    """A seed derived from the run's seed and a description of its use, stable across runs."""
    text = ":".join(str(part) for part in (base, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def first_posable(base: int, label: str, pose, *, tries: int = 50):
    """The first problem ``pose(seed_for(base, label, k))`` returns for k = 0, 1, ..., where ``pose``
    returns None for a problem on which a correct answer could fail by rounding or chance (a ReLU
    input or a pair of logits within their rounding error of a kink or a tie, a comparison without
    the margin its verdict needs): such a problem is never posed. Which one comes first depends
    only on the seed, so the choice is the same on every run."""
    for k in range(tries):
        problem = pose(seed_for(base, label, k))
        if problem is not None:
            return problem
    raise RuntimeError(f"none of {tries} problems for {label!r} could be posed; the suite's problems need a look")


def student_raises(exception_types: str | tuple[str, ...], what: str, function, *args, **kwargs) -> str | None:
    """Call ``function(*args, **kwargs)`` (a submission operation); return None if the student's
    code raised one of ``exception_types`` (names), else a message saying what happened instead
    (``refusal_problem``)."""
    from autograder.sandbox.submission import SubmissionError

    try:
        function(*args, **kwargs)
    except SubmissionError as error:
        return refusal_problem(exception_types, what, error)
    return refusal_problem(exception_types, what, None)


def refusal_problem(exception_types: str | tuple[str, ...], what: str, outcome) -> str | None:
    """None if ``outcome``, what a call of the student's code gave (the ``SubmissionError`` it
    raised, or its answer), is an error of one of ``exception_types`` (names), else a message saying
    what happened instead. A NotImplementedError (a function not written yet) is raised, for the
    suite to record."""
    from autograder.sandbox.submission import SubmissionError

    names = (exception_types,) if isinstance(exception_types, str) else exception_types
    expected = " or ".join(names)
    if not isinstance(outcome, SubmissionError):
        return f"{what}: expected {expected}, but nothing was raised"
    if outcome.exception_type in names:
        return None
    if outcome.exception_type == "NotImplementedError":
        raise outcome  # not written yet: the suite records it as such, not as a missing check
    return f"{what}: expected {expected}; {outcome}"
