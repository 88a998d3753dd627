"""What every hidden test uses: verdicts turned into pass/fail, and seeds derived per test."""

from __future__ import annotations

import hashlib

import pytest

SUBMISSION_KEY = pytest.StashKey[object]()
SEED_KEY = pytest.StashKey[int]()
COMPARISON_KEY = pytest.StashKey[dict]()  # the student's compare_initializers answer, for feedback plots


def judge(*verdicts) -> None:
    """Fail the test with the first failed verdict's message (no traceback, no test source)."""
    for verdict in verdicts:
        if not verdict.passed:
            pytest.fail(verdict.message, pytrace=False)


def seed_for(base: int, *parts) -> int:
    """A seed derived from the run's seed and a description of its use, stable across runs."""
    text = ":".join(str(part) for part in (base, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def student_raises(exception_type: str, what: str, function, *args, **kwargs) -> str | None:
    """Call ``function(*args, **kwargs)`` (a submission operation); return None if the student's
    code raised ``exception_type``, else a message saying what happened instead."""
    from autograder.sandbox.submission import SubmissionError

    try:
        function(*args, **kwargs)
    except SubmissionError as error:
        if error.exception_type == exception_type:
            return None
        return f"{what}: expected {exception_type}; {error}"
    return f"{what}: expected {exception_type}, but nothing was raised"
