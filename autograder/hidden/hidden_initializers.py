"""Hidden tests of initializers.py. Each test's title names the function it grades."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.checks import initializers as checks
from autograder.checks.statistics import MIN_DRAWS, Verdict
from autograder.hidden.support import judge, seed_for, student_raises
from autograder.sandbox.submission import SubmissionError

STATISTICAL = [
    "random_normal",
    "random_uniform",
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "lecun_uniform",
    "variance_scaling",
]
RANDOM = [*STATISTICAL, "orthogonal"]
ALL = [*RANDOM, "zeros", "constant"]
# Each run draws its shapes from the seed (so from the student, see autograder.batch): a wide
# kernel, the same transposed, and a convolution kernel, with fans >= 64 and fan_in / fan_out
# between 3 and 5 so that every fan mistake moves the variance far beyond the check's interval.
FAN_PAIRS = [(512, 128), (480, 120), (576, 144), (384, 128), (500, 100), (448, 112), (600, 150), (420, 140)]
KERNELS = [(3, 3, 32, 64), (3, 3, 24, 48), (5, 5, 16, 40), (3, 3, 40, 96)]
SMALL_PAIRS = [(64, 32), (48, 24), (72, 40), (56, 28), (40, 72)]
SMALL_OTHERS = [[(3, 3, 4, 8), (2, 5, 6)], [(5, 5, 2, 6), (3, 4, 7)], [(3, 3, 6, 4), (2, 2, 9)]]
BOUNDED = [
    ("random_uniform", {}),
    ("xavier_uniform", {}),
    ("he_uniform", {}),
    ("lecun_uniform", {}),
    ("variance_scaling", {}),
    ("variance_scaling", {"distribution": "uniform"}),
]
PARAMETERS = [
    ("random_normal", {"std": 0.05}),
    ("random_uniform", {"limit": 0.2}),
    ("xavier_normal", {"gain": 2.5}),
    ("xavier_uniform", {"gain": 0.5}),
    ("he_normal", {"negative_slope": 1.0}),
    ("he_normal", {"mode": "fan_out"}),
    ("he_uniform", {"negative_slope": 0.5}),
    ("he_uniform", {"mode": "fan_out"}),
    ("variance_scaling", {"scale": 3.0}),
    ("variance_scaling", {"mode": "fan_out"}),
    ("variance_scaling", {"mode": "fan_avg", "scale": 2.0}),
    ("variance_scaling", {"distribution": "untruncated_normal"}),
    ("variance_scaling", {"distribution": "uniform", "mode": "fan_out"}),
]


@pytest.fixture(scope="session")
def shapes(hidden_seed) -> list[tuple]:
    """The run's large shapes: wide, tall (the wide one transposed) and a convolution kernel."""
    rng = np.random.default_rng(seed_for(hidden_seed, "shapes"))
    wide = FAN_PAIRS[rng.integers(len(FAN_PAIRS))]
    return [wide, wide[::-1], KERNELS[rng.integers(len(KERNELS))]]


@pytest.fixture(scope="session")
def small_shapes(hidden_seed) -> list[tuple]:
    """The run's small shapes, for the checks that need no statistics: 2-d both ways, 4-d, 3-d."""
    rng = np.random.default_rng(seed_for(hidden_seed, "small shapes"))
    pair = SMALL_PAIRS[rng.integers(len(SMALL_PAIRS))]
    return [pair, pair[::-1], *SMALL_OTHERS[rng.integers(len(SMALL_OTHERS))]]


def _short(value) -> str:
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
        return Verdict(False, f"a valid call failed ({error}); only bad arguments may raise ValueError")
    return Verdict(True, f"{function} accepts a valid call")


def describe(options: dict) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in options.items())


def draws(submission, function, shape, seed, **options) -> np.ndarray:
    """At least MIN_DRAWS values of ``function(shape)``, pooled over as many calls as needed,
    each call checked to be a float array of the shape first."""
    calls = math.ceil(MIN_DRAWS / math.prod(shape))
    replies = [submission.initializer(function, shape, seed_for(seed, k), **options)[0] for k in range(calls)]
    judge(*(checks.check_array(reply, shape, function) for reply in replies))
    return checks.pooled(replies)


def where(function, shape, options=None) -> str:
    return f"{function}{tuple(shape)}" + (f" with {describe(options)}" if options else "")


@pytest.mark.points(1)
@pytest.mark.title("{function}: returns a float array of the requested shape")
@pytest.mark.parametrize("function", ALL)
def test_returns_array_of_shape(submission, hidden_seed, small_shapes, function):
    for shape in small_shapes:
        reply = submission.initializer(function, shape, seed_for(hidden_seed, function, shape))[0]
        judge(checks.check_array(reply, shape, function))


@pytest.mark.points(1)
@pytest.mark.title("{function}: mean")
@pytest.mark.parametrize("function", STATISTICAL)
def test_mean(submission, hidden_seed, shapes, function):
    shape = shapes[0]
    samples = draws(submission, function, shape, seed_for(hidden_seed, "mean", function))
    judge(checks.check_mean(samples, checks.target(function, shape, {}), where(function, shape)))


@pytest.mark.points(2)
@pytest.mark.title("{function}: variance")
@pytest.mark.parametrize("function", STATISTICAL)
def test_variance(submission, hidden_seed, shapes, function):
    for shape in shapes:
        samples = draws(submission, function, shape, seed_for(hidden_seed, "variance", function, shape))
        goal, known = checks.target(function, shape, {}), checks.mistakes(function, shape, {})
        judge(checks.check_variance(samples, goal, where(function, shape), known))


@pytest.mark.points(1)
@pytest.mark.title("{function}: distribution family")
@pytest.mark.parametrize("function", STATISTICAL)
def test_family(submission, hidden_seed, shapes, function):
    shape = shapes[1]
    samples = draws(submission, function, shape, seed_for(hidden_seed, "family", function))
    judge(checks.check_family(samples, checks.target(function, shape, {}), where(function, shape)))


@pytest.mark.points(1)
@pytest.mark.title("{function}: bounds with {options}")
@pytest.mark.parametrize("function, options", BOUNDED)
def test_bounds(submission, hidden_seed, shapes, function, options):
    shape = shapes[0]
    samples = draws(submission, function, shape, seed_for(hidden_seed, "bounds", function), **options)
    judge(checks.check_bounds(samples, checks.target(function, shape, options), where(function, shape, options)))


@pytest.mark.points(1)
@pytest.mark.title("{function}: variance and family with {options}")
@pytest.mark.parametrize("function, options", PARAMETERS)
def test_parameters(submission, hidden_seed, shapes, function, options):
    shape = shapes[0]
    samples = draws(submission, function, shape, seed_for(hidden_seed, "parameters", function, options), **options)
    goal, known = checks.target(function, shape, options), checks.mistakes(function, shape, options)
    label = where(function, shape, options)
    judge(checks.check_variance(samples, goal, label, known), checks.check_family(samples, goal, label))


@pytest.mark.points(1)
@pytest.mark.title("{function}: randomness only from the rng given")
@pytest.mark.parametrize("function", RANDOM)
def test_rng_discipline(submission, hidden_seed, function):
    shape, seed = (64, 32), seed_for(hidden_seed, "rng", function)
    first = submission.initializer(function, shape, seed, global_seed=1)[0].values
    again = submission.initializer(function, shape, seed, global_seed=2)[0].values
    other = submission.initializer(function, shape, seed + 1, global_seed=1)[0].values
    twice = [reply.values for reply in submission.initializer(function, shape, seed, calls=2)]
    judge(
        Verdict(
            np.array_equal(first, again),
            f"{function}: the same rng seed gave different weights when "
            "np.random's global state differed: the global state is used instead of (or besides) rng",
        ),
        Verdict(
            not np.array_equal(first, other),
            f"{function}: two different rng seeds gave identical weights: "
            "is rng ignored (a fixed seed or a generator made inside the function)?",
        ),
        Verdict(
            not np.array_equal(twice[0], twice[1]),
            f"{function}: two calls with the same generator gave "
            "identical weights: draws must come from (and advance) the rng passed in",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("{function}: units differ (symmetry broken)")
@pytest.mark.parametrize("function", RANDOM)
def test_units_differ(submission, hidden_seed, function):
    for shape in [(64, 32), (32, 64)]:
        reply = submission.initializer(function, shape, seed_for(hidden_seed, "units", function, shape))[0]
        judge(checks.check_array(reply, shape, function))
        judge(checks.check_units_differ(reply.values, where(function, shape)))


@pytest.mark.points(1)
@pytest.mark.title("zeros: all weights zero")
def test_zeros_values(submission, small_shapes):
    for shape in small_shapes:
        reply = submission.initializer("zeros", shape, 0)[0]
        judge(checks.check_array(reply, shape, "zeros"))
        values = reply.values
        judge(
            Verdict(np.all(values == 0), f"zeros{shape}: found nonzero values (largest |w| {np.abs(values).max():g})")
        )


@pytest.mark.points(1)
@pytest.mark.title("constant: every weight equals value ({options})")
@pytest.mark.parametrize("options", [{}, {"value": 0.25}, {"value": -3.0}], ids=["default", "quarter", "negative"])
def test_constant_values(submission, small_shapes, options):
    expected = options.get("value", 1.0)
    for shape in small_shapes:
        reply = submission.initializer("constant", shape, 0, **options)[0]
        judge(checks.check_array(reply, shape, "constant"))
        values = reply.values
        judge(
            Verdict(
                np.all(values == expected),
                f"constant{shape} with {describe(options) or 'the default value'}: "
                f"found values from {values.min():g} to {values.max():g}; expected all {expected:g}",
            )
        )


ORTHOGONAL = [((256, 64), 1.0), ((64, 256), 1.0), ((3, 3, 16, 32), 1.0), ((128, 32), 2.5), ((32, 96), 0.5)]


@pytest.mark.points(1)
@pytest.mark.title("orthogonal: orthonormal {shape} with gain {gain}")
@pytest.mark.parametrize("shape, gain", ORTHOGONAL)
def test_orthogonal(submission, hidden_seed, shape, gain):
    options = {} if gain == 1.0 else {"gain": gain}
    reply = submission.initializer("orthogonal", shape, seed_for(hidden_seed, "orthogonal", shape), **options)[0]
    judge(checks.check_array(reply, shape, "orthogonal"))
    judge(checks.check_orthogonal(reply.values, gain, where("orthogonal", shape, options)))


@pytest.mark.points(1)
@pytest.mark.title("orthogonal: uniformly random (sign correction)")
def test_orthogonal_signs(submission, hidden_seed):
    """Over random rotations every entry has mean 0 and variance 1/n. Without the sign correction
    QR's convention makes the diagonal's sign predictable, so its mean is far from 0."""
    n, count = 4, 2000
    replies = submission.initializer("orthogonal", (n, n), seed_for(hidden_seed, "signs"), calls=count)
    judge(*(checks.check_array(reply, (n, n), "orthogonal") for reply in replies))
    diagonal = np.concatenate([np.diag(reply.values) for reply in replies])
    limit = 6.109 * math.sqrt(1.0 / n / count)
    judge(
        Verdict(
            abs(diagonal.mean()) <= limit,
            f"orthogonal({n}, {n}) over {count} calls: the diagonal entries "
            f"average {diagonal.mean():.3f}; a uniformly random orthogonal matrix gives 0 (+-{limit:.3f}). "
            "Multiply Q's columns by the signs of R's diagonal?",
        )
    )


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
        judge(
            Verdict(
                list(answer) == list(fans),
                f"compute_fans({shape}) returned {tuple(answer)}; expected {fans}"
                + (" (receptive field ignored?)" if len(shape) > 2 and tuple(answer) == shape[-2:] else "")
                + (" (fan_in and fan_out swapped?)" if tuple(answer) == fans[::-1] else ""),
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


BAD_ARGUMENTS = [
    ("compute_fans", [("initializers", "compute_fans", (7,)), ("initializers", "compute_fans", ())]),
    ("calculate_gain", [("initializers", "calculate_gain", "swish")]),
    (
        "variance_scaling",
        [
            ("variance_scaling", {"mode": "fan_sum"}),
            ("variance_scaling", {"distribution": "cauchy"}),
            ("variance_scaling", {"scale": 0.0}),
            ("variance_scaling", {"scale": -1.0}),
        ],
    ),
    ("he_normal", [("he_normal", {"mode": "fan_sideways"})]),
    ("he_uniform", [("he_uniform", {"mode": "fan_sideways"})]),
]
RANK_CHECKED = [
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "lecun_uniform",
    "variance_scaling",
    "orthogonal",
]


@pytest.mark.points(1)
@pytest.mark.title("{function}: ValueError for bad arguments")
@pytest.mark.parametrize("function, calls", BAD_ARGUMENTS, ids=[name for name, _ in BAD_ARGUMENTS])
def test_bad_arguments(submission, function, calls):
    judge(accepts_a_valid_call(submission, function))
    for call in calls:
        if call[0] == "initializers":
            problem = student_raises("ValueError", f"{call[1]}{call[2:]!r}", submission.plain_call, *call)
        else:
            name, options = call
            what = f"{name}((64, 32), rng, {describe(options)})"
            problem = student_raises("ValueError", what, submission.initializer, name, (64, 32), 0, **options)
        judge(Verdict(problem is None, problem or ""))


@pytest.mark.points(1)
@pytest.mark.title("{function}: ValueError for a shape with fewer than two dimensions")
@pytest.mark.parametrize("function", RANK_CHECKED)
def test_rank_errors(submission, function):
    judge(accepts_a_valid_call(submission, function))
    problem = student_raises("ValueError", f"{function}((10,), rng)", submission.initializer, function, (10,), 0)
    judge(Verdict(problem is None, problem or ""))
