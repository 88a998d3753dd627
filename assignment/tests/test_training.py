"""Public tests for training.py: run them with ``python -m pytest`` in the assignment folder.

Small networks on a small synthetic data set, so the whole file runs in seconds. They check
the contract (structure, lengths, types, errors) and one sign of real training; the grader's
hidden tests check the numbers themselves.
"""

import math
from pathlib import Path

import numpy as np
import pytest
import torch
import training
from torch import nn
from torch.nn import functional as F

SIZES = [10, 16, 16, 3]
#: The network pre-trained on the digits, beside your modules: a ReLU MLP of these layer sizes.
CHECKPOINT = Path(__file__).resolve().parent.parent / "pretrained_digits.pt"
PRETRAINED_SIZES = [64, 64, 32, 10]


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


def linears(model):
    return [module for module in model if isinstance(module, nn.Linear)]


def snapshot(model):
    return [tensor.detach().clone() for tensor in model.state_dict().values()]


def test_load_pretrained_reads_the_shipped_checkpoint():
    state = training.load_pretrained(CHECKPOINT)
    shapes = {name: tuple(tensor.shape) for name, tensor in state.items()}
    assert shapes == {
        "0.weight": (64, 64),
        "0.bias": (64,),
        "2.weight": (32, 64),
        "2.bias": (32,),
        "4.weight": (10, 32),
        "4.bias": (10,),
    }, shapes
    model = training.build_mlp(PRETRAINED_SIZES, he, np.random.default_rng(0))
    model.load_state_dict(state)  # the names and shapes of build_mlp's network


def test_load_pretrained_refuses_a_file_that_is_not_a_checkpoint(tmp_path):
    path = tmp_path / "notes.pt"
    path.write_text("these are my notes, not a network\n")
    with pytest.raises(ValueError, match="notes.pt"):
        training.load_pretrained(path)


def test_transfer_weights_copies_the_body_and_keeps_the_head():
    source = training.build_mlp(SIZES, he, np.random.default_rng(0))
    target = training.build_mlp([*SIZES[:-1], 5], he, np.random.default_rng(1))
    head = [tensor.detach().clone() for tensor in (linears(target)[-1].weight, linears(target)[-1].bias)]
    training.transfer_weights(source, target, freeze=False)
    for number, (old, new) in enumerate(zip(linears(source)[:-1], linears(target)[:-1]), start=1):
        assert torch.equal(old.weight, new.weight) and torch.equal(old.bias, new.bias), f"layer {number} not copied"
    assert torch.equal(linears(target)[-1].weight, head[0]) and torch.equal(linears(target)[-1].bias, head[1]), (
        "the head must stay as the target's initializer made it"
    )
    before = snapshot(source)
    with torch.no_grad():
        linears(target)[0].weight.add_(1.0)
    assert all(torch.equal(a, b) for a, b in zip(before, snapshot(source))), "the body must be copied, not shared"


def test_transfer_weights_with_freeze_lets_only_the_head_learn(data):
    source = training.build_mlp(SIZES, he, np.random.default_rng(0))
    target = training.build_mlp(SIZES, he, np.random.default_rng(1))
    parameters = training.transfer_weights(source, target, freeze=True)
    before = snapshot(target)
    step = torch.optim.SGD(parameters, lr=0.1)
    step.zero_grad()
    F.cross_entropy(target(torch.as_tensor(data[0])), torch.as_tensor(data[1])).backward()
    step.step()
    changed = [not torch.equal(a, b) for a, b in zip(before, snapshot(target))]
    assert changed == [False, False, False, False, True, True], (
        f"changed by one SGD step on what transfer_weights returned (weight, bias per layer): {changed}"
    )


def test_transfer_weights_refuses_a_body_of_another_shape():
    source = training.build_mlp(SIZES, he, np.random.default_rng(0))
    target = training.build_mlp([10, 12, 16, 3], he, np.random.default_rng(1))
    before = snapshot(target)
    with pytest.raises(ValueError, match="layer"):
        training.transfer_weights(source, target)
    assert all(torch.equal(a, b) for a, b in zip(before, snapshot(target))), "a refused transfer changed the target"


def test_compare_transfer_reports_every_method_and_label_count(data):
    source = training.build_mlp(SIZES, he, np.random.default_rng(0))
    results = training.compare_transfer(
        source,
        data,
        scratch_initializer=he,
        head_initializer=lambda shape, rng: np.zeros(shape),
        label_counts=[1, 4],
        epochs=2,
        lr=0.05,
    )
    assert list(results) == ["scratch", "frozen", "fine_tuned"]
    for method, result in results.items():
        assert set(result) == {"loss", "initial_loss", "test_accuracy"}, method
        assert len(result["initial_loss"]) == len(result["test_accuracy"]) == 2, method
        assert [len(history) for history in result["loss"]] == [2, 2], method
    for method in ("frozen", "fine_tuned"):  # a zero head gives every class the same score
        assert results[method]["initial_loss"] == pytest.approx([math.log(3)] * 2, abs=1e-6), method
