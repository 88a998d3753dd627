"""What the judge of the training tests computes itself, never trusting the student's numbers:
the reference's measurements, losses with their float32 rounding bounds, and the class-prior loss."""

from __future__ import annotations

import numpy as np

from autograder.checks import rounding
from autograder.reference import load_reference

reference = load_reference("training")


def label_entropy(y) -> float:
    """Cross-entropy of always predicting the class frequencies: the class-prior loss."""
    p = np.bincount(y) / len(y)
    return float(-(p[p > 0] * np.log(p[p > 0])).sum())


def loss_with_tolerance(spec: dict, X, y) -> tuple[float, float]:
    """The mean cross-entropy of the network of ``spec`` on (X, y), and twice the bound on a float32
    computation's rounding error (``checks.rounding.loss_error``): how far a correct one can be."""
    passed = rounding.forward(rounding.held_as_float32(spec["weights"]), X, spec["activation"])
    loss, error = rounding.loss_error(passed, y)
    return loss, 2 * error


def close(a, b, rtol=1e-4, atol=1e-6, equal_nan=False) -> bool:
    """Same shape and equal within the tolerances, whatever the types given (``equal_nan``: a NaN
    matches a NaN, as when a computation is compared with itself)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))
