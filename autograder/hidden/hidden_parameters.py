"""Hidden tests of initializers.py: fans, gains, and the errors raised for bad arguments. Each
test's title names the function it grades."""

from __future__ import annotations

import math

import pytest

from autograder.checks.statistics import Verdict
from autograder.hidden.initializer_calls import RANDOM, call, describe
from autograder.hidden.refusals import REFUSED, Refusal
from autograder.hidden.support import judge, refusal_problem, student_raises
from autograder.mistakes import only
from autograder.sandbox.submission import SubmissionError


def _short(value) -> str:
    """An answer's repr, cut to 80 characters for a message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "..."


VALID_CALLS = {"compute_fans": ((64, 32),), "calculate_gain": ("relu",)}


def accepts_a_valid_call(submission, function) -> Verdict:
    """A function judged on its errors must first work on a valid call: raising ValueError for
    everything is not validating arguments."""
    try:
        if function in VALID_CALLS:
            submission.plain_call("initializers", function, *VALID_CALLS[function])
        else:
            submission.initializer(function, (64, 32), 0)
    except SubmissionError as error:
        if error.exception_type == "NotImplementedError":
            raise  # not written yet: the suite records it as such
        return Verdict(False, f"a valid call failed ({error}); only bad arguments may raise ValueError")
    return Verdict(True, f"{function} accepts a valid call")


FANS = [
    ((512, 128), (512, 128)),
    ((128, 512), (128, 512)),
    ((3, 3, 32, 64), (288, 576)),
    ((5, 16, 8), (80, 40)),
    ((2, 3, 4, 5, 6), (120, 144)),
]


@pytest.mark.points(2)
@pytest.mark.title("compute_fans: dense and convolution kernels")
def test_compute_fans(submission):
    for shape, fans in FANS:
        answer = submission.plain_call("initializers", "compute_fans", shape)
        judge(
            Verdict(
                isinstance(answer, list) and len(answer) == 2,
                f"compute_fans({shape}) returned {_short(answer)}; expected a pair (fan_in, fan_out)",
            )
        )
        candidates = [
            "receptive-field-ignored" if len(shape) > 2 and tuple(answer) == shape[-2:] else "",
            "fans-swapped" if tuple(answer) == fans[::-1] else "",
        ]
        judge(
            Verdict(
                list(answer) == list(fans),
                f"compute_fans({shape}) returned {tuple(answer)}; expected {fans}",
                only(candidates),
            )
        )


GAINS = [
    ("linear", None, 1.0),
    ("sigmoid", None, 1.0),
    ("tanh", None, 5 / 3),
    ("relu", None, math.sqrt(2)),
    ("leaky_relu", None, math.sqrt(2 / (1 + 0.01**2))),
    ("leaky_relu", 0.2, math.sqrt(2 / 1.04)),
    ("selu", None, 0.75),
]


@pytest.mark.points(2)
@pytest.mark.title("calculate_gain: values")
def test_calculate_gain(submission):
    for name, param, gain in GAINS:
        answer = submission.plain_call("initializers", "calculate_gain", name, param)
        judge(
            Verdict(
                isinstance(answer, float | int) and math.isclose(answer, gain, rel_tol=1e-9),
                f"calculate_gain({name!r}, {param!r}) returned {answer!r}; expected {gain:.6f}",
            )
        )


RANK_CHECKED = [name for name in RANDOM if not name.startswith("random_")]  # those that compute fans


def refusal_problems(submission, function: str, refusals: list[Refusal]) -> list[str]:
    """What happened instead, for each call of ``refusals`` the student's ``function`` did not refuse
    as the contract says (its initializer calls asked in one request)."""
    keyword = [refusal for refusal in refusals if isinstance(refusal.arguments, dict)]
    outcomes = iter(submission.initializer_calls(function, [call((64, 32), 0, **r.arguments) for r in keyword]))
    problems = []
    for refusal in refusals:
        if isinstance(refusal.arguments, dict):
            what = f"{function}((64, 32), rng, {describe(refusal.arguments)})"
            problems.append(refusal_problem(refusal.exceptions, what, next(outcomes)))
        else:
            what = f"{function}({', '.join(map(repr, refusal.arguments))})"
            arguments = ("initializers", function, *refusal.arguments)
            problems.append(student_raises(refusal.exceptions, what, submission.plain_call, *arguments))
    return [problem for problem in problems if problem]


@pytest.mark.points(1)
@pytest.mark.title("{function}: ValueError for bad arguments")
@pytest.mark.parametrize("function", list(REFUSED))
def test_bad_arguments(submission, function):
    judge(accepts_a_valid_call(submission, function))
    problems = refusal_problems(submission, function, REFUSED[function])
    shown = "; ".join(problems[:4]) + (f"; and {len(problems) - 4} more" if len(problems) > 4 else "")
    judge(
        Verdict(
            not problems,
            f"{len(problems)} of {len(REFUSED[function])} calls the contract refuses were not refused: {shown}. "
            "Only the names the docstring lists, spelled exactly so, and numbers in the allowed range are allowed",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("{function}: ValueError for a shape with fewer than two dimensions")
@pytest.mark.parametrize("function", RANK_CHECKED)
def test_rank_errors(submission, function):
    judge(accepts_a_valid_call(submission, function))
    shapes = [(10,), ()]
    for shape, outcome in zip(shapes, submission.initializer_calls(function, [call(shape, 0) for shape in shapes])):
        problem = refusal_problem("ValueError", f"{function}({shape}, rng)", outcome)
        judge(Verdict(problem is None, problem or ""))
