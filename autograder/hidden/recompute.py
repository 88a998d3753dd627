"""What the judge of the training tests computes itself, never trusting the student's numbers:
the reference's measurements, hand-written training runs, and the class-prior loss."""

from __future__ import annotations

import math

import numpy as np

from autograder.checks import descent
from autograder.checks.statistics import Verdict
from autograder.reference import load_reference
from autograder.sandbox import probes
from autograder.sandbox.submission import describe_model

reference = load_reference("training")


def label_entropy(y) -> float:
    """Cross-entropy of always predicting the class frequencies: the class-prior loss."""
    p = np.bincount(y) / len(y)
    return float(-(p[p > 0] * np.log(p[p > 0])).sum())


def prior_only(loss: float, y, classes: int = 3) -> Verdict:
    """With zero hidden weights only the output bias learns: the loss starts at ln(classes) and
    can only move down towards the label entropy, the best a constant prediction achieves."""
    low, high = label_entropy(y), math.log(classes)
    return Verdict(
        low - 0.01 <= loss <= high + 0.05,
        f"final training loss {loss:.4f}; with zero weights only the "
        f"output bias learns, so it must stay between the class-prior loss {low:.4f} and ln({classes}) = "
        f"{high:.4f}",
    )


def close(a, b, rtol=1e-4, atol=1e-6) -> bool:
    """Same shape and equal within the tolerances, whatever the types given."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def hand_trained(spec: dict, X, y, *, epochs: int, rule, loss_scale: float = 1.0):
    """The network of ``spec`` after ``epochs`` full-batch steps of a hand-written update
    ``rule`` (``autograder.checks.descent``). Returns (losses, kernels)."""
    model = probes.build_network(spec)
    losses = descent.full_batch_training(model, X, y, epochs=epochs, rule=rule, loss_scale=loss_scale)
    return losses, describe_model(model)["weights"]
