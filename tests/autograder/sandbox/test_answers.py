"""Checking a worker's answers: a malformed one is the submission's error, a good one comes back plain."""

import numpy as np
import pytest

from autograder.sandbox import answers
from autograder.sandbox.submission import SubmissionError


@pytest.mark.parametrize(
    "value, schema, message",
    [
        ({"loss": [1.0]}, {"loss": [float], "extra": float}, "malformed: dict"),
        ([1.0, "x"], [float], r"where\[1\] is malformed: str"),
        (True, float, "malformed: bool"),
        ({"a": {"b": [None]}}, answers._Mapping(answers._Mapping([float])), "malformed: NoneType"),
        ("values", np.ndarray, "malformed: str"),
    ],
    ids=["missing-key", "string-in-list", "bool-as-number", "nested-none", "string-as-array"],
)
def test_a_malformed_reply_is_the_submissions_error(value, schema, message):
    with pytest.raises(SubmissionError, match=message):
        answers.expect(value, schema, "where")


@pytest.mark.parametrize(
    "value, schema, expects",
    [
        (
            {"loss": 1.0},
            answers.TRAINED,
            "a dict with keys 'batches', 'biases', 'gradients_set', 'initial_loss', 'loss'",
        ),
        ({"he": {"loss": "x"}}, answers.COMPARED, "a list of float"),
        ("x", answers.COMPARED, "a dict of a dict of a list of float"),
        (3, answers.DESCRIBED["biases"], "a list of (ndarray or None)"),
    ],
    ids=["missing-keys", "nested-list", "mapping", "optional"],
)
def test_a_malformed_reply_names_what_the_grader_expects_in_words(value, schema, expects):
    with pytest.raises(SubmissionError) as raised:
        answers.expect(value, schema, "where")
    message = str(raised.value)
    assert expects in message and " at 0x" not in message, f"message: {message}"


def test_a_well_formed_reply_comes_back_with_floats():
    got = answers.expect({"v": [1, 2.5]}, {"v": [float]}, "where")
    assert got == {"v": [1.0, 2.5]} and all(type(x) is float for x in got["v"])
