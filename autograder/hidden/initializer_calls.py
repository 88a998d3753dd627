"""How the initializer tests call the student's code: the initializers each kind of check applies
to, pooled draws from one of them, and the way a message names a call."""

from __future__ import annotations

import inspect
import math

import numpy as np

from autograder.checks import initializers as checks
from autograder.checks.statistics import MIN_DRAWS
from autograder.hidden.support import judge, seed_for
from autograder.reference import load_reference

_reference = load_reference("initializers")

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


def describe(options: dict) -> str:
    """The options of a call as keyword arguments: ``mode='fan_out', scale=2.0``."""
    return ", ".join(f"{key}={value!r}" for key, value in options.items())


def draws(submission, function, shape, seed, **options) -> np.ndarray:
    """At least MIN_DRAWS values of ``function(shape)``, pooled over as many calls as needed,
    each call checked to be a float array of the shape first."""
    calls = math.ceil(MIN_DRAWS / math.prod(shape))
    replies = [submission.initializer(function, shape, seed_for(seed, k), **options)[0] for k in range(calls)]
    judge(*(checks.check_array(reply, shape, function) for reply in replies))
    return checks.pooled(replies)


def where(function, shape, options=None) -> str:
    """A call as messages name it: ``he_normal(512, 128) with mode='fan_out'``."""
    return f"{function}{tuple(shape)}" + (f" with {describe(options)}" if options else "")


def contract_defaults(function: str) -> dict:
    """The options of ``initializers.<function>`` at the defaults the contract (the reference's
    signature) gives them: ``{"negative_slope": 0.0, "mode": "fan_in"}`` for he_normal."""
    parameters = list(inspect.signature(getattr(_reference, function)).parameters.values())[2:]
    return {parameter.name: parameter.default for parameter in parameters}
