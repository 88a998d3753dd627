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


def test_nan_and_infinities_are_floats_the_tests_judge():
    got = answers.expect([float("nan"), float("inf"), -float("inf"), np.float64(2.5)], [float], "where")
    assert [repr(x) for x in got] == ["nan", "inf", "-inf", "2.5"] and all(type(x) is float for x in got), got


@pytest.mark.parametrize("check", [lambda v: answers.expect(v, [float], "f"), lambda v: answers.check_numbers(v, "f")])
@pytest.mark.parametrize("value", [10**400, -(10**5000)], ids=["400-digits", "5000-digits"])
def test_an_integer_too_large_for_a_float_is_refused_by_its_size_in_bits(check, value):
    with pytest.raises(SubmissionError, match=f"integer of {abs(value).bit_length():,} bits, too large for a float"):
        check([1, value])
