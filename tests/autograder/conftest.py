"""Fixtures shared by the autograder's tests."""

import pytest

from autograder.grading import Grader


@pytest.fixture(scope="session")
def grader():
    """One grader for the whole run, as a batch uses one: its fork server starts once."""
    with Grader() as shared:
        yield shared
