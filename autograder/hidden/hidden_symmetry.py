"""Hidden tests of initializers.py: randomness only from the rng given, and symmetry broken or
kept (random units differ, zeros and constant, orthogonal matrices). Each test's title names the
function it grades."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import initializers as checks
from autograder.checks.statistics import Verdict
from autograder.hidden.initializer_calls import RANDOM, call, describe, in_order, where
from autograder.hidden.support import judge, seed_for


@pytest.mark.points(1)
@pytest.mark.title("{function}: randomness only from the rng given")
@pytest.mark.parametrize("function", RANDOM)
def test_rng_discipline(submission, hidden_seed, function):
    shape, seed = (64, 32), seed_for(hidden_seed, "rng", function)
    calls = [
        call(shape, seed, global_seed=1),
        call(shape, seed, global_seed=2),
        call(shape, seed + 1, global_seed=1),
        call(shape, seed, calls=2),
    ]
    *singles, twice = in_order(submission.initializer_calls(function, calls))
    first, again, other = (reply.values for [reply] in singles)
    twice = [reply.values for reply in twice]
    judge(
        Verdict(
            np.array_equal(first, again),
            f"{function}: the same rng seed gave different weights when "
            "np.random's global state differed: the global state is used instead of (or besides) rng",
            "rng-global",
        ),
        Verdict(
            not np.array_equal(first, other),
            f"{function}: two different rng seeds gave identical weights",
            "rng-ignored" if np.unique(first).size > 1 else "",  # constant weights are another mistake
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
    shapes = [(64, 32), (32, 64), (3, 3, 8, 16)]
    calls = [call(shape, seed_for(hidden_seed, "units", function, shape)) for shape in shapes]
    for shape, [reply] in zip(shapes, in_order(submission.initializer_calls(function, calls))):
        judge(checks.check_array(reply, shape, function))
        judge(checks.check_units_differ(reply.values, where(function, shape)))


@pytest.mark.points(1)
@pytest.mark.title("zeros: all weights zero")
def test_zeros_values(submission, small_shapes):
    outcomes = submission.initializer_calls("zeros", [call(shape, 0) for shape in small_shapes])
    for shape, [reply] in zip(small_shapes, in_order(outcomes)):
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
    outcomes = submission.initializer_calls("constant", [call(shape, 0, **options) for shape in small_shapes])
    for shape, [reply] in zip(small_shapes, in_order(outcomes)):
        judge(checks.check_array(reply, shape, "constant"))
        values = reply.values
        judge(
            Verdict(
                np.all(values == float(np.asarray(expected, dtype=reply.dtype))),  # value as the dtype holds it
                f"constant{shape} with {describe(options) or 'the default value'}: "
                f"found values from {values.min():g} to {values.max():g}; expected all {expected:g}",
            )
        )


ORTHOGONAL = [((256, 64), 1.0), ((64, 256), 1.0), ((3, 3, 16, 32), 1.0), ((2, 2, 2, 16, 32), 2.5), ((2, 16, 96), 0.5)]


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
    """Over uniformly random rotations every entry has mean 0. QR without the sign correction, or an
    SVD's U alone, leaves some entries' signs predictable, so their means are far from 0."""
    n, count = 4, 4000
    replies = submission.initializer("orthogonal", (n, n), seed_for(hidden_seed, "signs"), calls=count)
    judge(*(checks.check_array(reply, (n, n), "orthogonal") for reply in replies))
    matrices = np.stack([reply.values for reply in replies])
    judge(checks.check_orthogonal_uniform(matrices, f"orthogonal({n}, {n})"))
