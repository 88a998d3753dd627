"""Public tests for training.py: run them with ``python -m pytest`` in the assignment folder.

Small networks on a small synthetic data set, so the whole file runs in seconds. They check
the contract (structure, lengths, types, errors) and one sign of real training; the grader's
hidden tests check the numbers themselves.
"""

import math

import numpy as np
import pytest
import torch
import training
from torch import nn

SIZES = [10, 16, 16, 3]


def he(shape, rng):
    return rng.normal(0.0, math.sqrt(2.0 / shape[0]), size=shape)


def counting(shape, rng):
    """A deterministic initializer: weight (i, j) of a (fan_in, fan_out) kernel is i + j / 100."""
    return np.add.outer(np.arange(shape[0]), np.arange(shape[1]) / 100.0)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(240, 10)).astype(np.float32)
    y = np.digitize(X[:, 0] + X[:, 1], [-0.7, 0.7])  # three classes, learnable from two features
    return X[:180], y[:180], X[180:], y[180:]


@pytest.mark.parametrize(
    "activation, module",
    [
        ("relu", nn.ReLU),
        ("tanh", nn.Tanh),
        ("sigmoid", nn.Sigmoid),
        ("leaky_relu", nn.LeakyReLU),
        ("linear", nn.Identity),
    ],
    ids=["relu", "tanh", "sigmoid", "leaky_relu", "linear"],
)
def test_build_mlp_structure(activation, module):
    model = training.build_mlp(SIZES, he, np.random.default_rng(0), activation=activation)
    kinds = [type(m) for m in model]
    assert kinds == [nn.Linear, module, nn.Linear, module, nn.Linear], f"layers are {[k.__name__ for k in kinds]}"


def test_build_mlp_uses_the_initializer_transposed_and_zero_biases():
    model = training.build_mlp(SIZES, counting, np.random.default_rng(0))
    linears = [m for m in model if isinstance(m, nn.Linear)]
    for fan_in, fan_out, layer in zip(SIZES[:-1], SIZES[1:], linears):
        expected = torch.tensor(counting((fan_in, fan_out), None).T, dtype=torch.float32)
        assert layer.weight.dtype == torch.float32
        assert torch.equal(layer.weight.data, expected), f"layer {fan_in}->{fan_out}: weight is not initializer(...).T"
        assert torch.count_nonzero(layer.bias) == 0, f"layer {fan_in}->{fan_out}: bias is not zero"


def test_build_mlp_rejects_unknown_activation():
    with pytest.raises(ValueError, match="activation"):
        training.build_mlp(SIZES, he, np.random.default_rng(0), activation="swish")


def test_train_history_and_learning(data):
    model = training.build_mlp(SIZES, he, np.random.default_rng(0))
    history = training.train(model, data[0], data[1], epochs=15, lr=0.05)
    assert len(history["loss"]) == 15
    assert all(isinstance(value, float) for value in history["loss"])
    assert history["loss"][-1] < 0.5 * history["initial_loss"], (
        f"loss went {history['initial_loss']:.3f} -> {history['loss'][-1]:.3f}"
    )


def test_train_is_reproducible_with_a_seed(data):
    histories = []
    for _ in range(2):
        model = training.build_mlp(SIZES, he, np.random.default_rng(0))
        histories.append(training.train(model, data[0], data[1], epochs=3, lr=0.05, seed=7))
    assert histories[0] == histories[1]


def test_train_rejects_unknown_optimizer(data):
    model = training.build_mlp(SIZES, he, np.random.default_rng(0))
    with pytest.raises(ValueError, match="optimizer"):
        training.train(model, data[0], data[1], epochs=1, lr=0.1, optimizer="rmsprop")


def test_train_from_zero_weights_starts_at_the_class_prior_loss(data):
    model = training.build_mlp(SIZES, lambda shape, rng: np.zeros(shape), np.random.default_rng(0))
    history = training.train(model, data[0], data[1], epochs=1, lr=0.05)
    assert history["initial_loss"] == pytest.approx(math.log(3), abs=1e-6)


def test_evaluate_returns_loss_and_accuracy(data):
    model = training.build_mlp(SIZES, he, np.random.default_rng(0))
    loss, accuracy = training.evaluate(model, data[2], data[3])
    assert loss > 0 and 0.0 <= accuracy <= 1.0, f"evaluate returned ({loss}, {accuracy})"


def test_activation_stds_and_gradient_norms_have_one_number_per_layer(data):
    model = training.build_mlp(SIZES, he, np.random.default_rng(0))
    stds = training.activation_stds(model, data[0])
    norms = training.gradient_norms(model, data[0], data[1])
    assert len(stds) == len(SIZES) - 2, f"{len(stds)} activation stds for {len(SIZES) - 2} hidden layers"
    assert len(norms) == len(SIZES) - 1, f"{len(norms)} gradient norms for {len(SIZES) - 1} Linear layers"
    assert all(s > 0 for s in stds) and all(n > 0 for n in norms)


def test_compare_initializers_reports_every_initializer(data):
    results = training.compare_initializers(
        {"he": he, "zeros": lambda shape, rng: np.zeros(shape)},
        data,
        layer_sizes=SIZES,
        activation="relu",
        epochs=2,
        lr=0.05,
    )
    assert set(results) == {"he", "zeros"}
    for name, result in results.items():
        assert set(result) == {"loss", "test_accuracy", "activation_stds", "gradient_norms"}, name
        assert len(result["loss"]) == 2 and len(result["activation_stds"]) == 2 and len(result["gradient_norms"]) == 3
    assert results["zeros"]["activation_stds"] == [0.0, 0.0]
