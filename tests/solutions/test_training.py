"""Tests for the reference training module ``solutions/training.py``.

Everything runs on small synthetic data made here: balanced classes (exactly equal counts),
Gaussian clusters around one random centre per class. The expected numbers are computed in the
tests with plain torch (manual forward passes, ``torch.autograd.grad`` and hand-written SGD
updates), never by calling the function under test.
"""

from __future__ import annotations

import copy
import math
import re

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from autograder.reference import load_reference

training = load_reference("training")

N_SAMPLES, N_FEATURES, N_CLASSES = 240, 12, 3
SIZES = [N_FEATURES, 16, 8, N_CLASSES]
ACTIVATION_NAMES = ["relu", "leaky_relu", "tanh", "sigmoid", "linear"]
# Independent spelling of each activation, to recompute forward passes by hand.
ACTIVATION_FUNCTIONS = {
    "relu": torch.relu,
    "leaky_relu": lambda h: F.leaky_relu(h, 0.01),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "linear": lambda h: h,
}
ACTIVATION_CLASSES = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "linear": nn.Identity,
}


# ---------------------------------------------------------------- helpers


def make_data(n=N_SAMPLES, d=N_FEATURES, c=N_CLASSES, seed=0):
    """Balanced classification data: ``n // c`` samples per class, float32 X, int64 y."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % c)
    centres = rng.normal(0.0, 1.5, size=(c, d))
    X = centres[y] + rng.normal(0.0, 1.0, size=(n, d))
    return X.astype(np.float32), y.astype(np.int64)


def wave_init(shape, rng):
    """Deterministic, asymmetric float64 weights (not exactly representable in float32)."""
    count = math.prod(shape)
    return 0.3 * np.sin(0.7 * np.arange(1, count + 1) + shape[0]).reshape(shape)


def gaussian_init(shape, rng):
    """A He-like random initializer drawing only from ``rng``."""
    return rng.normal(0.0, math.sqrt(2.0 / shape[0]), size=shape)


def zeros_init(shape, rng):
    return np.zeros(shape)


def constant_init(shape, rng):
    return np.full(shape, 0.1)


def linears(model):
    return [m for m in model if isinstance(m, nn.Linear)]


def params_snapshot(model):
    return [p.detach().clone() for p in model.parameters()]


def forward(model, X, activation):
    """Logits and the post-activation output of each hidden layer, computed by hand."""
    h = torch.as_tensor(X, dtype=torch.float32)
    layers = linears(model)
    hidden = []
    for layer in layers[:-1]:
        h = ACTIVATION_FUNCTIONS[activation](h @ layer.weight.T + layer.bias)
        hidden.append(h)
    last = layers[-1]
    return h @ last.weight.T + last.bias, hidden


def max_difference(a, b):
    return max(float((x - y).abs().max()) for x, y in zip(a, b))


@pytest.fixture(scope="module")
def dataset():
    return make_data()


# ---------------------------------------------------------------- build_mlp


def test_build_mlp_copies_initializer_output_transposed_as_float32():
    calls = []

    def recording(shape, rng):
        weights = wave_init(shape, rng)
        calls.append((shape, rng, weights))
        return weights

    rng = np.random.default_rng(0)
    model = training.build_mlp(SIZES, recording, rng)
    layers = linears(model)
    expected_shapes = list(zip(SIZES[:-1], SIZES[1:]))
    assert [shape for shape, _, _ in calls] == expected_shapes, (
        f"initializer asked for {[s for s, _, _ in calls]}, expected {expected_shapes}"
    )
    assert all(given is rng for _, given, _ in calls), (
        "the initializer did not receive the very rng object passed to build_mlp"
    )
    assert len(layers) == len(calls), f"{len(layers)} Linear layers for {len(calls)} calls"
    for index, (layer, (shape, _, weights)) in enumerate(zip(layers, calls)):
        expected = torch.from_numpy(weights.T.astype(np.float32))
        assert layer.weight.dtype == torch.float32, f"layer {index}: dtype {layer.weight.dtype}"
        assert tuple(layer.weight.shape) == shape[::-1], (
            f"layer {index}: weight shape {tuple(layer.weight.shape)}, expected {shape[::-1]}"
        )
        assert torch.equal(layer.weight.detach(), expected), (
            f"layer {index}: weight is not the initializer's output transposed (max diff "
            f"{(layer.weight.detach() - expected).abs().max():.3g})"
        )
        assert layer.bias.dtype == torch.float32 and torch.all(layer.bias == 0), (
            f"layer {index}: bias {layer.bias.detach()} is not float32 zeros"
        )
        assert (layer.in_features, layer.out_features) == shape, (
            f"layer {index}: Linear({layer.in_features}, {layer.out_features}), expected {shape}"
        )


@pytest.mark.parametrize("sizes", [SIZES, [5, 3], [4, 6, 2]], ids=["two-hidden", "no-hidden", "one-hidden"])
@pytest.mark.parametrize("activation", ACTIVATION_NAMES, ids=ACTIVATION_NAMES)
def test_build_mlp_places_activations_between_linears(activation, sizes):
    model = training.build_mlp(sizes, wave_init, np.random.default_rng(0), activation=activation)
    assert isinstance(model, nn.Sequential), f"build_mlp returned {type(model).__name__}"
    kinds = [type(m) for m in model]
    expected = []
    for index in range(len(sizes) - 1):
        expected.append(nn.Linear)
        if index < len(sizes) - 2:
            expected.append(ACTIVATION_CLASSES[activation])
    assert kinds == expected, f"modules {[k.__name__ for k in kinds]}, expected {[k.__name__ for k in expected]}"
    for module in model:
        if isinstance(module, nn.LeakyReLU):
            assert module.negative_slope == 0.01, f"LeakyReLU slope {module.negative_slope}"


def test_build_mlp_default_activation_is_relu():
    model = training.build_mlp([4, 6, 2], wave_init, np.random.default_rng(0))
    assert [type(m) for m in model] == [nn.Linear, nn.ReLU, nn.Linear], f"modules {list(model)}"


def test_build_mlp_same_seed_same_model_and_rng_is_advanced():
    rng = np.random.default_rng(4)
    first = training.build_mlp(SIZES, gaussian_init, rng)
    again = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(4))
    assert max_difference(params_snapshot(first), params_snapshot(again)) == 0, (
        "two generators seeded 4 built different models"
    )
    later = training.build_mlp(SIZES, gaussian_init, rng)
    assert not torch.equal(linears(first)[0].weight, linears(later)[0].weight), (
        "reusing the generator gave the same first layer: build_mlp did not pass rng on as given"
    )


# ---------------------------------------------------------------- train


@pytest.mark.parametrize("epochs", [2, 3], ids=["2-epochs", "3-epochs"])
@pytest.mark.parametrize("activation", ["relu", "tanh"], ids=["relu", "tanh"])
def test_full_batch_sgd_is_plain_gradient_descent(dataset, activation, epochs):
    X, y = dataset
    lr = 0.1
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(1), activation)
    reference = copy.deepcopy(model)
    parameters = list(reference.parameters())
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    with torch.no_grad():
        expected_initial = F.cross_entropy(forward(reference, Xt, activation)[0], yt).item()
    expected_losses = []
    for _ in range(epochs):
        loss = F.cross_entropy(forward(reference, Xt, activation)[0], yt)
        gradients = torch.autograd.grad(loss, parameters)
        with torch.no_grad():
            for parameter, gradient in zip(parameters, gradients):
                parameter -= lr * gradient
        expected_losses.append(loss.item())

    history = training.train(
        model, X, y, epochs=epochs, lr=lr, batch_size=len(X), optimizer="sgd", momentum=0.0, seed=0
    )
    assert set(history) == {"loss", "initial_loss"}, f"history keys {sorted(history)}"
    assert history["initial_loss"] == pytest.approx(expected_initial, abs=1e-6), (
        f"initial_loss {history['initial_loss']}, expected {expected_initial}"
    )
    assert len(history["loss"]) == epochs, f"{len(history['loss'])} losses for {epochs} epochs"
    assert history["loss"] == pytest.approx(expected_losses, abs=1e-6), (
        f"losses {history['loss']}, expected {expected_losses}"
    )
    difference = max_difference(params_snapshot(model), params_snapshot(reference))
    assert difference <= 1e-6, f"weights differ from manual W -= lr * grad by {difference:.3g}"
    assert difference < max_difference(
        params_snapshot(model),
        params_snapshot(training.build_mlp(SIZES, gaussian_init, np.random.default_rng(1), activation)),
    ), "the model did not move"


def test_full_batch_sgd_uses_momentum(dataset):
    """Heavy ball as torch.optim.SGD defines it: v <- momentum * v + grad, W <- W - lr * v."""
    X, y = dataset
    lr, momentum, epochs = 0.05, 0.9, 3
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(1))
    reference = copy.deepcopy(model)
    parameters = list(reference.parameters())
    velocities = [torch.zeros_like(p) for p in parameters]
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    expected_losses = []
    for _ in range(epochs):
        loss = F.cross_entropy(forward(reference, Xt, "relu")[0], yt)
        gradients = torch.autograd.grad(loss, parameters)
        with torch.no_grad():
            for parameter, velocity, gradient in zip(parameters, velocities, gradients):
                velocity.mul_(momentum).add_(gradient)
                parameter -= lr * velocity
        expected_losses.append(loss.item())
    history = training.train(model, X, y, epochs=epochs, lr=lr, batch_size=len(X), momentum=momentum)
    assert history["loss"] == pytest.approx(expected_losses, abs=1e-6), (
        f"losses {history['loss']}, expected {expected_losses}"
    )
    difference = max_difference(params_snapshot(model), params_snapshot(reference))
    assert difference <= 1e-6, f"weights differ from manual momentum SGD by {difference:.3g}"


@pytest.mark.parametrize("batch_size", [32, 100, 7], ids=["32", "100", "7"])
def test_epoch_loss_is_mean_over_samples(dataset, batch_size):
    """With lr = 1e-9 the model does not move measurably, so whatever the order of the samples
    each epoch's loss is the cross-entropy over all of X. With a smaller last batch (240 is not
    a multiple of 32, 100 or 7) an unweighted mean of the batch means would be off by about
    1e-2."""
    X, y = dataset
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(9))
    with torch.no_grad():
        expected = F.cross_entropy(forward(model, X, "relu")[0], torch.from_numpy(y)).item()
    history = training.train(model, X, y, epochs=2, lr=1e-9, batch_size=batch_size, momentum=0.0)
    assert history["loss"] == pytest.approx([expected, expected], abs=1e-5), (
        f"epoch losses {history['loss']}, expected the mean over samples {expected}"
    )


def test_initial_loss_is_cross_entropy_before_training(dataset):
    X, y = dataset
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(2))
    with torch.no_grad():
        expected = F.cross_entropy(forward(model, X, "relu")[0], torch.from_numpy(y)).item()
    history = training.train(model, X, y, epochs=2, lr=0.05, batch_size=32)
    assert history["initial_loss"] == pytest.approx(expected, abs=1e-6), (
        f"initial_loss {history['initial_loss']}, cross-entropy before training {expected}"
    )
    assert history["loss"][-1] < expected, (
        f"loss went from {expected:.4f} to {history['loss'][-1]:.4f} with default SGD"
    )


def train_fresh(X, y, **options):
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(3))
    history = training.train(model, X, y, **options)
    return history, params_snapshot(model)


def test_same_seed_gives_same_history(dataset):
    X, y = dataset
    first, first_params = train_fresh(X, y, epochs=3, lr=0.05, batch_size=32, seed=5)
    second, second_params = train_fresh(X, y, epochs=3, lr=0.05, batch_size=32, seed=5)
    assert first == second, f"histories differ with the same seed: {first} vs {second}"
    assert max_difference(first_params, second_params) == 0, "final weights differ"


def test_different_seed_gives_different_history_with_mini_batches(dataset):
    X, y = dataset
    first, _ = train_fresh(X, y, epochs=3, lr=0.05, batch_size=32, seed=5)
    second, _ = train_fresh(X, y, epochs=3, lr=0.05, batch_size=32, seed=6)
    assert first["initial_loss"] == second["initial_loss"], "initial loss depends on the seed"
    assert first["loss"] != second["loss"], f"seeds 5 and 6 gave the same mini-batch history {first['loss']}"


def test_train_accepts_torch_tensors(dataset):
    X, y = dataset
    from_numpy, numpy_params = train_fresh(X, y, epochs=2, lr=0.05, batch_size=50)
    from_torch, torch_params = train_fresh(torch.from_numpy(X), torch.from_numpy(y), epochs=2, lr=0.05, batch_size=50)
    assert from_numpy == from_torch, f"numpy {from_numpy} vs torch {from_torch}"
    assert max_difference(numpy_params, torch_params) == 0, "final weights differ"


def test_adam_trains_and_ignores_momentum(dataset):
    X, y = dataset
    history, _ = train_fresh(X, y, epochs=15, lr=0.01, batch_size=32, optimizer="adam", momentum=0.0)
    assert history["loss"][-1] < 0.5 * history["initial_loss"], (
        f"adam took the loss from {history['initial_loss']:.4f} only to {history['loss'][-1]:.4f}"
    )
    with_momentum, _ = train_fresh(X, y, epochs=15, lr=0.01, batch_size=32, optimizer="adam", momentum=0.5)
    assert with_momentum == history, "momentum changed adam's history"
    sgd, _ = train_fresh(X, y, epochs=15, lr=0.01, batch_size=32, optimizer="sgd", momentum=0.0)
    assert sgd["loss"] != history["loss"], "optimizer='adam' gave the same history as plain SGD"


# ---------------------------------------------------------------- evaluate


def test_evaluate_matches_own_loss_and_accuracy(dataset):
    X, y = dataset
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(6), "tanh")
    training.train(model, X, y, epochs=1, lr=0.01, batch_size=64)
    before = params_snapshot(model)
    with torch.no_grad():
        logits = forward(model, X, "tanh")[0]
    yt = torch.from_numpy(y)
    expected_loss = F.cross_entropy(logits, yt).item()
    expected_accuracy = float(np.mean(logits.numpy().argmax(axis=1) == y))
    loss, accuracy = training.evaluate(model, X, y)
    assert loss == pytest.approx(expected_loss, abs=1e-6), f"loss {loss}, expected {expected_loss}"
    assert accuracy == pytest.approx(expected_accuracy, abs=1e-12), f"accuracy {accuracy}, expected {expected_accuracy}"
    assert 0 < accuracy < 1, f"accuracy {accuracy}: pick data where the check is not trivial"
    assert max_difference(before, params_snapshot(model)) == 0, "evaluate changed the model"


def test_evaluate_accuracy_is_a_fraction_of_correct_argmax():
    """A single Linear with identity weights returns the inputs as logits."""
    model = training.build_mlp([3, 3], lambda shape, rng: np.eye(3), np.random.default_rng(0))
    X = np.array([[5.0, 1, 0], [0, 2, 1], [0, 0, 3], [4, 0, 0]], dtype=np.float32)
    y = np.array([0, 1, 1, 2])  # correct, correct, wrong, wrong
    loss, accuracy = training.evaluate(model, X, y)
    expected_loss = F.cross_entropy(torch.from_numpy(X), torch.from_numpy(y)).item()
    assert accuracy == 0.5, f"accuracy {accuracy}, expected 2 correct of 4 = 0.5"
    assert loss == pytest.approx(expected_loss, abs=1e-6), f"loss {loss}, expected {expected_loss}"


# ---------------------------------------------------------------- activation_stds


@pytest.mark.parametrize("sizes", [SIZES, [N_FEATURES, 10, 7, 5, N_CLASSES]], ids=["two-hidden", "three-hidden"])
@pytest.mark.parametrize("activation", ACTIVATION_NAMES, ids=ACTIVATION_NAMES)
def test_activation_stds_are_population_stds_of_hidden_outputs(dataset, activation, sizes):
    X, _ = dataset
    model = training.build_mlp(sizes, gaussian_init, np.random.default_rng(7), activation)
    with torch.no_grad():
        _, hidden = forward(model, X, activation)
    expected = [h.std(correction=0).item() for h in hidden]
    result = training.activation_stds(model, X)
    assert len(result) == len(sizes) - 2, f"{len(result)} values for {len(sizes) - 2} hidden layers"
    assert result == pytest.approx(expected, rel=1e-5), f"stds {result}, expected {expected}"
    sample = [h.std(correction=1).item() for h in hidden]
    assert result != pytest.approx(sample, rel=1e-6), "the stds use the sample (n - 1) correction"


def test_activation_stds_without_hidden_layer_is_empty(dataset):
    X, _ = dataset
    model = training.build_mlp([N_FEATURES, N_CLASSES], wave_init, np.random.default_rng(0))
    assert training.activation_stds(model, X) == [], "a model without hidden layers has no stds"


# ---------------------------------------------------------------- gradient_norms


def own_gradient_norms(model, X, y, activation):
    logits, _ = forward(model, X, activation)
    weights = [layer.weight for layer in linears(model)]
    gradients = torch.autograd.grad(F.cross_entropy(logits, torch.as_tensor(y)), weights)
    return [g.norm().item() for g in gradients]


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"], ids=["relu", "tanh", "sigmoid"])
def test_gradient_norms_match_autograd_and_leave_grads_alone(dataset, activation):
    X, y = dataset
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(8), activation)
    expected = own_gradient_norms(model, X, y, activation)
    before = params_snapshot(model)
    result = training.gradient_norms(model, X, y)
    assert len(result) == len(SIZES) - 1, f"{len(result)} norms for {len(SIZES) - 1} layers"
    assert result == pytest.approx(expected, rel=1e-5), f"norms {result}, expected {expected}"
    assert all(p.grad is None for p in model.parameters()), "gradient_norms left .grad set on some parameter"
    assert max_difference(before, params_snapshot(model)) == 0, "gradient_norms changed weights"


def test_gradient_norms_keep_existing_grads(dataset):
    X, y = dataset
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(8))
    for index, parameter in enumerate(model.parameters()):
        parameter.grad = torch.full_like(parameter, float(index))
    training.gradient_norms(model, X, y)
    for index, parameter in enumerate(model.parameters()):
        assert torch.all(parameter.grad == float(index)), f"parameter {index}: .grad changed"


# ---------------------------------------------------------------- symmetry


@pytest.mark.parametrize("activation", ["relu", "tanh"], ids=["relu", "tanh"])
def test_zero_init_hidden_weights_never_move(dataset, activation):
    """With zero weights every hidden output is act(0) = 0, so every weight gradient (hidden
    and output) is exactly zero even with mini-batches and momentum; only the output bias
    moves."""
    X, y = dataset
    model = training.build_mlp(SIZES, zeros_init, np.random.default_rng(0), activation)
    training.train(model, X, y, epochs=4, lr=0.1, batch_size=32)
    layers = linears(model)
    for index, layer in enumerate(layers):
        largest = float(layer.weight.detach().abs().max())
        assert largest == 0, f"layer {index}: weights moved to max |w| = {largest:.3g}"
    for index, layer in enumerate(layers[:-1]):
        bias = layer.bias.detach()
        assert torch.all(bias == 0), f"hidden layer {index}: bias moved to {bias}"


@pytest.mark.parametrize("n_classes", [3, 4], ids=["3-classes", "4-classes"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"], ids=["relu", "tanh", "sigmoid"])
def test_zero_init_loss_stays_at_log_classes(n_classes, activation):
    """Zero weights give equal logits, so the loss starts at ln(C) exactly. With balanced
    classes and full batches, the gradient of the output layer (bias: mean of softmax - one-hot
    = 1/C - 1/C = 0; weights: act(0) times that) is zero up to float32 rounding, so nothing
    moves beyond rounding noise (with sigmoid, act(0) = 0.5 lets that noise reach the hidden
    weights at the 1e-9 level) and the loss stays at ln(C) to about 1e-6; we allow 1e-3.
    (With mini-batches the output bias follows each batch's label imbalance and the loss drifts
    at first order in lr: about 1e-2 at lr 0.1 with momentum 0.9, so the check is made with
    full batches.)"""
    X, y = make_data(c=n_classes)
    counts = np.bincount(y)
    assert np.all(counts == counts[0]), f"classes are not balanced: {counts}"
    model = training.build_mlp([N_FEATURES, 16, 8, n_classes], zeros_init, np.random.default_rng(0), activation)
    history = training.train(model, X, y, epochs=5, lr=0.1, batch_size=len(X))
    target = math.log(n_classes)
    worst = max(abs(loss - target) for loss in [history["initial_loss"], *history["loss"]])
    assert worst <= 1e-3, (
        f"losses {history['initial_loss']}, {history['loss']} drift from ln({n_classes}) = "
        f"{target:.6f} by up to {worst:.3g}"
    )
    moved = max(float(layer.weight.detach().abs().max()) for layer in linears(model)[:-1])
    assert moved <= 1e-5, f"hidden weights moved to max |w| = {moved:.3g} (float32 noise only)"


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"], ids=["relu", "tanh", "sigmoid"])
def test_constant_init_keeps_hidden_units_identical(dataset, activation):
    """Units of a hidden layer compute the same thing and get the same update. The spread is
    measured against 1e-6, about ten float32 ulps of the weights, while training moves them by
    more than 1e-3."""
    X, y = dataset
    model = training.build_mlp(SIZES, constant_init, np.random.default_rng(0), activation)
    training.train(model, X, y, epochs=5, lr=0.05, batch_size=32)
    for index, layer in enumerate(linears(model)[:-1]):
        weight, bias = layer.weight.detach(), layer.bias.detach()
        moved = float((weight - 0.1).abs().max())
        assert moved > 1e-3, f"hidden layer {index}: weights moved only {moved:.3g}"
        spread = max(float((weight - weight[0]).abs().max()), float((bias - bias[0]).abs().max()))
        assert spread <= 1e-6, f"hidden layer {index}: units differ by up to {spread:.3g}"
    last = linears(model)[-1].weight.detach()
    spread = float((last - last[:, :1]).abs().max())
    assert spread <= 1e-6, f"output layer: weights from the hidden units differ by {spread:.3g}"


# ---------------------------------------------------------------- compare_initializers


COMPARE = {"seed": 3, "epochs": 3, "lr": 0.05, "activation": "tanh"}
COMPARED = {"gaussian": gaussian_init, "wave": wave_init, "zeros": zeros_init}


@pytest.fixture(scope="module")
def comparison(dataset):
    """One compare_initializers run, the test data, and the rng state each initializer first saw."""
    X, y = dataset
    X_test, y_test = make_data(n=90, seed=1)
    first_states = {}

    def recording(name):
        def initializer(shape, rng):
            first_states.setdefault(name, rng.bit_generator.state)
            return COMPARED[name](shape, rng)

        return initializer

    results = training.compare_initializers(
        {name: recording(name) for name in COMPARED},
        (X, y, X_test, y_test),
        layer_sizes=SIZES,
        **COMPARE,
    )
    return results, (X_test, y_test), first_states


def test_compare_initializers_reports_every_name_with_documented_keys(comparison):
    results, _, first_states = comparison
    assert list(results) == list(COMPARED), f"names {list(results)}, expected {list(COMPARED)}"
    for name, result in results.items():
        assert set(result) == {"loss", "test_accuracy", "activation_stds", "gradient_norms"}, (
            f"{name}: keys {sorted(result)}"
        )
        assert first_states[name] == np.random.default_rng(COMPARE["seed"]).bit_generator.state, (
            f"{name}: the model was not built with np.random.default_rng(seed)"
        )


@pytest.mark.parametrize("name", list(COMPARED), ids=list(COMPARED))
def test_compare_initializers_matches_the_parts(dataset, comparison, name):
    X, y = dataset
    results, (X_test, y_test), _ = comparison
    result = results[name]
    seed, epochs, lr, activation = (COMPARE[k] for k in ("seed", "epochs", "lr", "activation"))
    model = training.build_mlp(SIZES, COMPARED[name], np.random.default_rng(seed), activation)
    with torch.no_grad():
        _, hidden = forward(model, X, activation)
    stds = [h.std(correction=0).item() for h in hidden]
    norms = own_gradient_norms(model, X, y, activation)
    history = training.train(model, X, y, epochs=epochs, lr=lr, seed=seed)
    with torch.no_grad():
        logits = forward(model, X_test, activation)[0]
    accuracy = float(np.mean(logits.numpy().argmax(axis=1) == y_test))
    assert result["activation_stds"] == pytest.approx(stds, rel=1e-5), (
        f"activation_stds {result['activation_stds']}, expected {stds}"
    )
    assert result["gradient_norms"] == pytest.approx(norms, rel=1e-5, abs=1e-12), (
        f"gradient_norms {result['gradient_norms']}, expected {norms}"
    )
    assert result["loss"] == pytest.approx(history["loss"], abs=1e-6), (
        f"loss {result['loss']}, expected {history['loss']}"
    )
    assert result["test_accuracy"] == pytest.approx(accuracy, abs=1e-12), (
        f"test_accuracy {result['test_accuracy']}, expected {accuracy}"
    )


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("sizes", [[], [5], (12,)], ids=["empty", "one", "one-tuple"])
def test_build_mlp_needs_two_sizes(sizes):
    with pytest.raises(
        ValueError,
        match=r"layer_sizes needs at least two sizes \(inputs and "
        r"outputs\); received ",
    ):
        training.build_mlp(sizes, wave_init, np.random.default_rng(0))


@pytest.mark.parametrize(
    "sizes",
    [
        [12, 0, 3],
        [0, 3],
        [12, 4, 0],
        [12, -1, 3],
        [12, 2.5, 3],
        [12, 4.0, 3],
        [12, True, 3],
        [12, "4", 3],
        [12, None, 3],
    ],
    ids=[
        "zero-hidden",
        "zero-inputs",
        "zero-outputs",
        "negative",
        "fraction",
        "integral-float",
        "bool",
        "string",
        "none",
    ],
)
def test_build_mlp_rejects_bad_sizes(sizes):
    with pytest.raises(ValueError, match=r"every layer size must be a positive integer; received "):
        training.build_mlp(sizes, wave_init, np.random.default_rng(0))


@pytest.mark.parametrize("activation", ["gelu", "ReLU", "", None], ids=["gelu", "capitalized", "empty", "none"])
def test_build_mlp_rejects_unknown_activation(activation):
    with pytest.raises(
        ValueError,
        match=r"activation must be one of 'relu', 'leaky_relu', "
        r"'tanh', 'sigmoid', 'linear'; received ",
    ):
        training.build_mlp([4, 3], wave_init, np.random.default_rng(0), activation=activation)


@pytest.mark.parametrize(
    ("initializer", "returned"),
    [
        (lambda shape, rng: np.zeros(shape[::-1]), r"\(5, 4\)"),
        (lambda shape, rng: np.zeros((shape[0], shape[1] + 1)), r"\(4, 6\)"),
        (lambda shape, rng: np.zeros(shape[0] * shape[1]), r"\(20,\)"),
        (lambda shape, rng: 0.5, r"\(\)"),
        (lambda shape, rng: np.zeros((1, *shape)), r"\(1, 4, 5\)"),
    ],
    ids=["transposed", "extra-column", "flat", "scalar", "extra-axis"],
)
def test_build_mlp_rejects_initializer_of_wrong_shape(initializer, returned):
    with pytest.raises(
        ValueError,
        match=rf"the initializer returned shape {returned} for layer 0; "
        r"expected \(4, 5\)",
    ):
        training.build_mlp([4, 5, 3], initializer, np.random.default_rng(0))


def test_build_mlp_reports_the_failing_layer():
    def wrong_second(shape, rng):
        return np.zeros(shape if shape[0] == 4 else shape[::-1])

    with pytest.raises(ValueError, match=r"returned shape \(3, 5\) for layer 1; expected \(5, 3\)"):
        training.build_mlp([4, 5, 3], wrong_second, np.random.default_rng(0))


BAD_TRAIN_OPTIONS = [
    ({"epochs": 0}, r"epochs must be a positive integer; received 0"),
    ({"epochs": -2}, r"epochs must be a positive integer; received -2"),
    ({"epochs": 1.5}, r"epochs must be a positive integer; received 1\.5"),
    ({"epochs": True}, r"epochs must be a positive integer; received True"),
    ({"batch_size": 0}, r"batch_size must be a positive integer; received 0"),
    ({"batch_size": 32.0}, r"batch_size must be a positive integer; received 32\.0"),
    ({"batch_size": False}, r"batch_size must be a positive integer; received False"),
    ({"lr": 0}, r"lr must be a positive finite number; received 0"),
    ({"lr": -0.1}, r"lr must be a positive finite number; received -0\.1"),
    ({"lr": float("nan")}, r"lr must be a positive finite number; received nan"),
    ({"lr": float("inf")}, r"lr must be a positive finite number; received inf"),
    ({"lr": "0.1"}, r"lr must be a positive finite number; received '0\.1'"),
    ({"lr": None}, r"lr must be a positive finite number; received None"),
    ({"optimizer": "SGD"}, r"optimizer must be one of 'sgd', 'adam'; received 'SGD'"),
    ({"optimizer": "rmsprop"}, r"optimizer must be one of 'sgd', 'adam'; received 'rmsprop'"),
    ({"momentum": -0.1}, r"momentum must be a number in \[0, 1\); received -0\.1"),
    ({"momentum": 1.0}, r"momentum must be a number in \[0, 1\); received 1\.0"),
    ({"momentum": 1.5}, r"momentum must be a number in \[0, 1\); received 1\.5"),
    ({"momentum": float("nan")}, r"momentum must be a number in \[0, 1\); received nan"),
    ({"momentum": "0.9"}, r"momentum must be a number in \[0, 1\); received '0\.9'"),
]
BAD_TRAIN_IDS = [
    "epochs-0",
    "epochs-negative",
    "epochs-float",
    "epochs-bool",
    "batch-0",
    "batch-float",
    "batch-bool",
    "lr-0",
    "lr-negative",
    "lr-nan",
    "lr-inf",
    "lr-string",
    "lr-none",
    "optimizer-uppercase",
    "optimizer-unknown",
    "momentum-negative",
    "momentum-1",
    "momentum-above-1",
    "momentum-nan",
    "momentum-string",
]


@pytest.mark.parametrize(("options", "message"), BAD_TRAIN_OPTIONS, ids=BAD_TRAIN_IDS)
def test_train_rejects_bad_options_before_touching_the_model(dataset, options, message):
    X, y = dataset
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    before = params_snapshot(model)
    arguments = {"epochs": 1, "lr": 0.1, **options}
    with pytest.raises(ValueError, match=message):
        training.train(model, X, y, **arguments)
    assert max_difference(before, params_snapshot(model)) == 0, "a rejected call changed the model"


X_GOOD = np.zeros((6, N_FEATURES), dtype=np.float32)
Y_GOOD = np.zeros(6, dtype=np.int64)
BAD_DATA = [
    (
        X_GOOD,
        Y_GOOD[:5],
        r"y must be a 1-D array of 6 labels, one per row of X; received shape "
        r"\(5,\)",
    ),
    (
        X_GOOD,
        np.zeros(7, dtype=np.int64),
        r"y must be a 1-D array of 6 labels.*received shape "
        r"\(7,\)",
    ),
    (X_GOOD, Y_GOOD[:, None], r"y must be a 1-D array of 6 labels.*received shape \(6, 1\)"),
    (X_GOOD, np.int64(0), r"y must be a 1-D array of 6 labels.*received shape \(\)"),
    (
        X_GOOD[0],
        Y_GOOD,
        r"X must be a non-empty 2-D array \(samples x features\); received shape "
        r"\(12,\)",
    ),
    (X_GOOD[None], Y_GOOD, r"X must be a non-empty 2-D array.*received shape \(1, 6, 12\)"),
    (X_GOOD[:0], Y_GOOD[:0], r"X must be a non-empty 2-D array.*received shape \(0, 12\)"),
    (X_GOOD, Y_GOOD + 0.7, r"y must hold integer class indices; received dtype float64"),
    (X_GOOD, Y_GOOD - 1, r"y must hold class indices >= 0; received a label of -1"),
]
BAD_DATA_IDS = ["y-short", "y-long", "y-column", "y-scalar", "X-1d", "X-3d", "X-empty", "y-float", "y-negative"]
DATA_CALLS = {
    "train": lambda model, X, y: training.train(model, X, y, epochs=1, lr=0.1),
    "evaluate": training.evaluate,
    "gradient_norms": training.gradient_norms,
}


@pytest.mark.parametrize(("X", "y", "message"), BAD_DATA, ids=BAD_DATA_IDS)
@pytest.mark.parametrize("call", list(DATA_CALLS.values()), ids=list(DATA_CALLS))
def test_bad_X_or_y_is_rejected(call, X, y, message):
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        call(model, X, y)


@pytest.mark.parametrize(
    ("X", "message"),
    [(X_GOOD[0], r"received shape \(12,\)"), (X_GOOD[:0], r"received shape \(0, 12\)")],
    ids=["X-1d", "X-empty"],
)
def test_activation_stds_rejects_bad_X(X, message):
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"X must be a non-empty 2-D array.*" + message):
        training.activation_stds(model, X)


@pytest.mark.parametrize("seed", [None, 1.5, True, "0"], ids=["none", "fraction", "bool", "string"])
def test_train_rejects_a_seed_that_is_not_an_integer(dataset, seed):
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    with pytest.raises(ValueError, match=f"seed must be an integer; received {re.escape(repr(seed))}"):
        training.train(model, dataset[0], dataset[1], epochs=1, lr=0.1, seed=seed)


@pytest.mark.parametrize(
    "options",
    [{"lr": np.float32(0.05)}, {"momentum": np.float64(0.5)}, {"lr": 1}],
    ids=["numpy-lr", "numpy-momentum", "int-lr"],
)
def test_train_accepts_any_real_number_type(dataset, options):
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    history = training.train(model, dataset[0], dataset[1], epochs=1, **{"lr": 0.05, **options})
    assert len(history["loss"]) == 1


@pytest.mark.parametrize("options", [{"lr": True}, {"momentum": False}], ids=["bool-lr", "bool-momentum"])
def test_train_rejects_booleans_as_numbers(dataset, options):
    model = training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    with pytest.raises(ValueError, match=f"{next(iter(options))} must be"):
        training.train(model, dataset[0], dataset[1], epochs=1, **{"lr": 0.05, **options})


def test_build_mlp_leaves_torch_global_random_state_alone():
    before = torch.get_rng_state()
    training.build_mlp(SIZES, gaussian_init, np.random.default_rng(0))
    assert torch.equal(before, torch.get_rng_state()), "build_mlp drew from torch's global generator"
