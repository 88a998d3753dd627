"""The arguments the contract refuses, for the bad-argument tests: drawn from what real code accepts,
so that an initializer ported from a library that is more lenient than the contract is caught.

* other spellings: every allowed name in other letter cases and with a stray space (torch lower-cases
  ``mode``, Keras lower-cases ``distribution``, TF1 spells modes 'FAN_IN');
* other libraries' names: Keras's and JAX's distribution 'normal' (truncated in one, not in the
  other), JAX's mode 'fan_geo_avg', MXNet's factor types 'in', 'out', 'avg', torch's gains for
  'conv2d' and the other layer names, activations the contract has no gain for;
* near misses ('fanin', 'fan-in', 'leakyrelu') and nonsense ('fan_sum', 'cauchy', 'swish');
* numbers out of range (0 and negatives where a number above 0 is asked) and values of the wrong
  type (None, a number for a name, a list, a string for a number), for which a TypeError is
  accepted as well.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from autograder.reference import load_reference

_reference = load_reference("initializers")
HE_MODES = ("fan_in", "fan_out")


@dataclass(frozen=True)
class Refusal:
    """A call the contract refuses: its keyword arguments (or, for a plain call, its positional
    ones) and the exceptions that count as refusing it."""

    arguments: tuple | dict
    exceptions: tuple[str, ...] = ("ValueError",)


def _wrong_types(example: str) -> list[Refusal]:
    return [Refusal(value, ("ValueError", "TypeError")) for value in (None, 1, [example])]


def names_refused(allowed: tuple[str, ...], aliases: list[str]) -> list[Refusal]:
    """Refused values for a parameter that takes one of ``allowed`` names."""
    spellings = {variant for name in allowed for variant in (name.upper(), name.title(), f"{name} ")}
    values = sorted(spellings - set(allowed)) + [alias for alias in aliases if alias not in allowed]
    return [Refusal(value) for value in values] + _wrong_types(allowed[0])


def numbers_refused(*, positive: bool, none_allowed: bool = False) -> list[Refusal]:
    """Refused values for a parameter that takes a number (``positive``: above 0; ``none_allowed``:
    None stands for its default)."""
    values = [0.0, -1.0, -math.inf] if positive else []
    wrong_types = ["2"] if none_allowed else [None, "2"]
    return [Refusal(value) for value in values] + [Refusal(value, ("ValueError", "TypeError")) for value in wrong_types]


MODE_ALIASES = ["fan_sum", "fanin", "fan-in", "fan_average", "fan_geo_avg", "in", "out", "avg"]
DISTRIBUTION_ALIASES = ["normal", "truncated", "untruncated", "gaussian", "truncated-normal", "cauchy"]
NONLINEARITY_ALIASES = [
    *(f"conv{d}d" for d in (1, 2, 3)),
    *(f"conv_transpose{d}d" for d in (1, 2, 3)),
    "ReLU",
    "LeakyReLU",
    "identity",
    "gelu",
    "elu",
    "silu",
    "swish",
    "relu6",
    "prelu",
    "leaky",
    "leakyrelu",
    "leaky-relu",
]


def _options(name: str, refusals: list[Refusal]) -> list[Refusal]:
    return [Refusal({name: refusal.arguments}, refusal.exceptions) for refusal in refusals]


def _gains() -> list[Refusal]:
    names = [
        Refusal((r.arguments,), r.exceptions) for r in names_refused(_reference.NONLINEARITIES, NONLINEARITY_ALIASES)
    ]
    slopes = numbers_refused(positive=False, none_allowed=True)
    slopes = [Refusal(("leaky_relu", r.arguments), r.exceptions) for r in slopes]
    return names + slopes


def _he() -> list[Refusal]:
    modes = _options("mode", names_refused(HE_MODES, ["fan_avg", *MODE_ALIASES]))
    return modes + _options("negative_slope", numbers_refused(positive=False))


#: Per function, the calls it must refuse: plain positional arguments for compute_fans and
#: calculate_gain, keyword options of a (64, 32) call for the initializers.
REFUSED = {
    "compute_fans": [Refusal((shape,)) for shape in [(), (7,), (128,)]],
    "calculate_gain": _gains(),
    "random_normal": _options("std", numbers_refused(positive=True)),
    "random_uniform": _options("limit", numbers_refused(positive=True)),
    "variance_scaling": [
        *_options("mode", names_refused(_reference.MODES, MODE_ALIASES)),
        *_options("distribution", names_refused(_reference.DISTRIBUTIONS, DISTRIBUTION_ALIASES)),
        *_options("scale", numbers_refused(positive=True)),
    ],
    "he_normal": _he(),
    "he_uniform": _he(),
}
