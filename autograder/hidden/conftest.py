"""Fixtures of the hidden suite, filled in by ``autograder.grading`` for each run."""

import pytest

from autograder.hidden.support import SEED_KEY, SUBMISSION_KEY


@pytest.fixture(scope="session")
def submission(pytestconfig):
    """The only door to the student's code (see ``autograder.sandbox.submission``)."""
    return pytestconfig.stash[SUBMISSION_KEY]


@pytest.fixture(scope="session")
def hidden_seed(pytestconfig):
    """The run's seed: every random choice of the suite derives from it."""
    return pytestconfig.stash[SEED_KEY]
