"""Checking a worker's answers before the judge trusts them.

    expect(answer, TRAINED, "train")       the answer in the shape ``train`` promises (numbers as
                                           floats, strings cut to length), or a SubmissionError
    check_numbers(answer, "function")      a plain answer holds no integer too large for a float
    same_layers(answer, network, "train")  the model still has the layers it was built with
    text(value)                            a string of the worker's, cut to a length a report holds

An answer arrives from ``sandbox.wire`` as dicts, lists, strings, numbers, booleans, None and
float64 arrays, whatever the worker sent; a schema says which of those each operation promises.
Schemas are Python types (``float``, ``str``, ``bool``, ``np.ndarray``), a list of one schema
(a list of any length), a dict (exactly those keys), or ``_Mapping`` and ``_Optional``.
"""

from __future__ import annotations

import sys

import numpy as np

from autograder.sandbox.submission import SubmissionError

_LARGEST = sys.float_info.max  # a larger int cannot become a float


class _Mapping:
    """Schema of a dict with any string keys and values of one schema."""

    def __init__(self, values):
        self.values = values

    def __repr__(self) -> str:
        return f"a dict of {describe(self.values)}"


class _Optional:
    """Schema of a value of one schema, or None."""

    def __init__(self, schema):
        self.schema = schema

    def __repr__(self) -> str:
        return f"({describe(self.schema)} or None)"


DESCRIBED = {
    "modules": [str],
    "weights": [np.ndarray],
    "biases": [_Optional(np.ndarray)],
    "weight_dtypes": [str],
    "gradients_set": [bool],
}
INITIALIZED = [{"values": np.ndarray, "type_name": str, "dtype": str}]
INITIALIZED_EACH = [{"replies": INITIALIZED, "error": str, "exception_type": str}]  # one per call asked
TRAINED = {"loss": [float], "initial_loss": float, "batches": [np.ndarray], **DESCRIBED}
MEASURED = {"values": [float], **DESCRIBED}
COMPARED = _Mapping(_Mapping([float]))
LOADED = {"raised": str, "message": str, "names": [str], "tensors": [np.ndarray], "unpickled": bool}
TRANSFERRED = {
    "copied": DESCRIBED,
    "requires_grad": [bool],
    "shared": [bool],
    "groups": [{"lr": float, "members": [float]}],  # members: indices into target.parameters()
}
TRANSFERRED_AND_TRAINED = {**TRANSFERRED, "trained": DESCRIBED, "source_after": DESCRIBED}
TRANSFER_COMPARED = _Mapping({"loss": [[float]], "initial_loss": [float], "test_accuracy": [float]})


def expect(value, schema, where: str):
    """``value`` checked against ``schema`` (numbers become floats), or a ``SubmissionError``."""
    if isinstance(schema, _Optional):
        return None if value is None else expect(value, schema.schema, where)
    if schema is float:
        if isinstance(value, float):  # NaN and infinities too: the hidden tests judge the numbers
            return float(value)
        if isinstance(value, int) and not isinstance(value, bool):
            _check_int(value, where)
            return float(value)
    elif schema in (str, bool, np.ndarray):
        if isinstance(value, schema):
            return text(value) if schema is str else value
    elif isinstance(schema, list):
        if isinstance(value, list):
            return [expect(item, schema[0], f"{where}[{index}]") for index, item in enumerate(value)]
    elif isinstance(schema, _Mapping):
        if isinstance(value, dict):
            return {text(key): expect(item, schema.values, f"{where}[{key!r}]") for key, item in value.items()}
    elif isinstance(value, dict) and set(value) == set(schema):
        return {key: expect(value[key], item, f"{where}[{key!r}]") for key, item in schema.items()}
    raise SubmissionError(
        f"the answer of {where} is malformed: {type(value).__name__} where the grader expects {describe(schema)}"
    )


def describe(schema) -> str:
    """``schema`` in words, the same in every process: ``describe([float])`` is ``"a list of float"``,
    ``describe({"loss": [float]})`` is ``"a dict with keys 'loss'"``."""
    if isinstance(schema, list):
        return f"a list of {describe(schema[0])}"
    if isinstance(schema, dict):
        return "a dict with keys " + ", ".join(repr(key) for key in sorted(schema))
    if isinstance(schema, type):
        return schema.__name__
    return repr(schema)


def check_numbers(value, function: str) -> None:
    """Refuse integers too large to compare with floats, anywhere in a plain answer."""
    if isinstance(value, int) and not isinstance(value, bool):
        _check_int(value, function)
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else []:
        check_numbers(item, function)


def _check_int(value: int, where: str) -> None:
    """Refuse an integer too large to become a float (its size in bits: its digits may be too many
    for Python to write)."""
    if abs(value) > _LARGEST:
        raise SubmissionError(
            f"the answer of {where} is an integer of {value.bit_length():,} bits, too large for a float"
        )


def same_layers(answer: dict, network: dict, function: str) -> dict:
    """The model the grader built still has its layers after ``function`` ran on it."""
    shapes = [kernel.shape for kernel in network["weights"]]
    got = [kernel.shape for kernel in answer["weights"]]
    if got != shapes:
        raise SubmissionError(
            f"after {function} the model's Linear kernels have shapes {got}; it was built with {shapes}"
        )
    return answer


def text(value, limit: int = 4000) -> str:
    """``value`` as a string of at most ``limit`` characters, saying how many were left out."""
    string = str(value)
    return string if len(string) <= limit else string[:limit] + f"... ({len(string) - limit:,} more characters)"
