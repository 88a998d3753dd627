"""The problems the training tests pose: a learnable data set, a network built from an
initializer's spec, the layer sizes most tests use, and the linear classifiers whose float32
rounding the judge bounds exactly (``autograder.checks.descent``)."""

from __future__ import annotations

import numpy as np

from autograder.sandbox import probes

SIZES = [10, 16, 12, 3]
LINEAR = [10, 3]  # one Linear layer: a softmax classifier, the problem of the exact-step tests


def make_data(seed: int, n_train: int = 150, n_test: int = 60, features: int = 10, classes: int = 3):
    """A learnable classification set: labels are the argmax of a random linear map."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_test, features)).astype(np.float32)
    y = np.argmax(X @ rng.normal(size=(features, classes)), axis=1).astype(np.int64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def network(spec: dict, sizes, seed: int, activation: str = "relu") -> dict:
    """The plain spec the worker builds a network from: the initializer's weights and an activation."""
    return {"weights": probes.network_weights(sizes, spec, seed), "activation": activation}


def make_one_class_data(seed: int, n: int = 32, features: int = 4, classes: int = 3):
    """Inputs in [0.5, 1.5], every label the last class: each gradient coordinate of a linear
    classifier, mean_j (p_jc - y_jc) x_jk, is then a sum of terms of one sign (p_jc > 0 for the
    other classes, p_jc - 1 < 0 for the last), so no coordinate nears 0 and none changes sign:
    Adam's division by sqrt(vhat) + eps cannot turn rounding into a step of another size. (The
    last class, so that code counting classes as max(y) + 1 still sees them all.)"""
    rng = np.random.default_rng(seed)
    return rng.uniform(0.5, 1.5, size=(n, features)).astype(np.float32), np.full(n, classes - 1, dtype=np.int64)
