"""Hidden tests of initializers.py: the statistics of their draws (shape, mean, variance,
distribution family, bounds, parameters). Each test's title names the function it grades."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import initializers as checks
from autograder.checks.statistics import Verdict
from autograder.hidden.initializer_calls import (
    ALL,
    STATISTICAL,
    call,
    contract_defaults,
    describe,
    draws,
    in_order,
    replies,
    where,
)
from autograder.hidden.support import judge, seed_for

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


@pytest.mark.points(1)
@pytest.mark.title("{function}: returns a float array of the requested shape")
@pytest.mark.parametrize("function", ALL)
def test_returns_array_of_shape(submission, hidden_seed, small_shapes, function):
    calls = [call(shape, seed_for(hidden_seed, function, shape)) for shape in small_shapes]
    for shape, [reply] in zip(small_shapes, in_order(submission.initializer_calls(function, calls))):
        judge(checks.check_array(reply, shape, function))


@pytest.mark.points(1)
@pytest.mark.title("{function}: mean")
@pytest.mark.parametrize("function", STATISTICAL)
def test_mean(submission, hidden_seed, shapes, function):
    shape = shapes[0]
    samples = draws(submission, function, shape, seed_for(hidden_seed, "mean", function))
    judge(checks.check_mean(samples, checks.target(function, shape, {}), where(function, shape)))


def defaults_verdict(submission, function: str, shape, seed: int) -> Verdict:
    """A call with the options left out draws exactly what a call with the contract's defaults does
    (the same generator state): a default off by a little (a slope of 0.01 for 0) shows here, where
    no variance interval could see it."""
    defaults = contract_defaults(function)
    both = replies(submission, function, [call(shape, seed), call(shape, seed, **defaults)])
    left_out, given = (reply.values for reply in both)
    return Verdict(
        np.array_equal(left_out, given),
        f"{where(function, shape)} and the same call with {describe(defaults)} drew different weights from "
        "the same generator state: a default differs from the contract's",
    )


@pytest.mark.points(2)
@pytest.mark.title("{function}: variance")
@pytest.mark.parametrize("function", STATISTICAL)
def test_variance(submission, hidden_seed, shapes, function):
    for shape in shapes:
        samples = draws(submission, function, shape, seed_for(hidden_seed, "variance", function, shape))
        goal, known = checks.target(function, shape, {}), checks.mistakes(function, shape, {})
        judge(checks.check_variance(samples, goal, where(function, shape), known))
    if contract_defaults(function):
        judge(defaults_verdict(submission, function, shapes[0], seed_for(hidden_seed, "defaults", function)))


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
    for shape in (shapes[0], shapes[-1]):  # dense and a 3-d convolution kernel, where the fans differ most
        seed = seed_for(hidden_seed, "parameters", function, options, shape)
        samples = draws(submission, function, shape, seed, **options)
        goal, known = checks.target(function, shape, options), checks.mistakes(function, shape, options)
        label = where(function, shape, options)
        judge(checks.check_variance(samples, goal, label, known), checks.check_family(samples, goal, label))
