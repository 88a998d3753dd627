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


def call(shape, seed: int, *, calls: int = 1, global_seed=None, **options) -> dict:
    """One call of ``initializer_calls``: ``calls`` draws from one generator seeded ``seed``, with
    NumPy's global state seeded ``global_seed`` first (if given) and ``options`` as keywords."""
    return {"shape": list(shape), "seed": seed, "calls": calls, "global_seed": global_seed, "options": options}


def in_order(outcomes):
    """The replies of each call in turn; a call that raised raises its error when its turn comes,
    so a test judges the calls before it first, as if it had made them one by one."""
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
        yield outcome


def replies(submission, function, calls: list[dict]) -> list:
    """One reply per call (each making one draw), all asked in one request."""
    return [each[0] for each in in_order(submission.initializer_calls(function, calls))]


def draws(submission, function, shape, seed, **options) -> np.ndarray:
    """At least MIN_DRAWS values of ``function(shape)``, pooled over as many calls as needed (one
    request), each call checked to be a float array of the shape first."""
    count = math.ceil(MIN_DRAWS / math.prod(shape))
    drawn = replies(submission, function, [call(shape, seed_for(seed, k), **options) for k in range(count)])
    judge(*(checks.check_array(reply, shape, function) for reply in drawn))
    return checks.pooled(drawn)


def where(function, shape, options=None) -> str:
    """A call as messages name it: ``he_normal(512, 128) with mode='fan_out'``."""
    return f"{function}{tuple(shape)}" + (f" with {describe(options)}" if options else "")


def contract_defaults(function: str) -> dict:
    """The options of ``initializers.<function>`` at the defaults the contract (the reference's
    signature) gives them: ``{"negative_slope": 0.0, "mode": "fan_in"}`` for he_normal."""
    parameters = list(inspect.signature(getattr(_reference, function)).parameters.values())[2:]
    return {parameter.name: parameter.default for parameter in parameters}
