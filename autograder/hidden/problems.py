"""The problems the training tests pose: a learnable data set, a network built from an
initializer's spec, and the layer sizes most tests use."""

from __future__ import annotations

import numpy as np

from autograder.sandbox import probes

SIZES = [10, 16, 12, 3]


def make_data(seed: int, n_train: int = 150, n_test: int = 60, features: int = 10, classes: int = 3):
    """A learnable classification set: labels are the argmax of a random linear map."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_test, features)).astype(np.float32)
    y = np.argmax(X @ rng.normal(size=(features, classes)), axis=1).astype(np.int64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def network(spec: dict, sizes, seed: int, activation: str = "relu") -> dict:
    """The plain spec the worker builds a network from: the initializer's weights and an activation."""
    return {"weights": probes.network_weights(sizes, spec, seed), "activation": activation}
