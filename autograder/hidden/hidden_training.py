"""Hidden tests of training.py's train. The judge rebuilds every network from its plain spec and
recomputes every number with the reference; it never trusts what the student's code reports."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from autograder.checks import descent
from autograder.checks.initializers import check_units_differ
from autograder.checks.statistics import Verdict
from autograder.hidden.problems import SIZES, make_data, network
from autograder.hidden.recompute import close, hand_trained, prior_only
from autograder.hidden.support import judge, seed_for, student_raises
from autograder.sandbox import probes


@pytest.mark.points(3)
@pytest.mark.title("train: full-batch SGD takes exact gradient steps")
def test_train_gradient_steps(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "steps data"))
    spec = network({"kind": "he"}, SIZES, seed_for(hidden_seed, "steps net"))
    epochs, lr = 3, 0.05
    got = submission.train(spec, X, y, epochs=epochs, lr=lr, batch_size=len(X), momentum=0.0, optimizer="sgd")
    losses, expected = hand_trained(spec, X, y, epochs=epochs, rule=descent.Momentum(lr))
    if all(close(a, b, rtol=1e-4, atol=1e-6) for a, b in zip(got["weights"], expected)) and close(got["loss"], losses):
        return
    alternatives = {
        "optimizer.zero_grad() missing (gradients pile up across steps)?": dict(
            rule=descent.Momentum(lr, accumulate=True)
        ),
        "the loss summed over the batch instead of averaged?": dict(
            rule=descent.Momentum(lr), loss_scale=float(len(X))
        ),
    }
    hints = [
        hint
        for hint, options in alternatives.items()
        if all(
            close(a, b, rtol=1e-4, atol=1e-6)
            for a, b in zip(got["weights"], hand_trained(spec, X, y, epochs=epochs, **options)[1])
        )
    ]
    moved = max(float(np.abs(a - b).max()) for a, b in zip(got["weights"], spec["weights"]))
    if moved == 0:
        hints.append("the weights never changed: is the optimizer stepping the model's parameters?")
    elif not hints:
        hints.append("is lr used as given, and the loss the mean cross-entropy?")
    pytest.fail(
        f"after {epochs} full-batch SGD steps (lr={lr}, momentum=0) the weights differ from gradient descent "
        f"by up to {max(float(np.abs(a - b).max()) for a, b in zip(got['weights'], expected)):.3g} "
        f"(losses {np.round(got['loss'], 5).tolist()}, expected {np.round(losses, 5).tolist()}). " + " ".join(hints),
        pytrace=False,
    )


@pytest.mark.points(1)
@pytest.mark.title("train: {optimizer} matches the reference update")
@pytest.mark.parametrize(
    "optimizer, options, rule",
    [
        ("sgd", {"momentum": 0.9, "lr": 0.03}, descent.Momentum(0.03, momentum=0.9)),
        ("adam", {"lr": 0.01}, descent.Adam(0.01)),
    ],
    ids=["sgd-momentum", "adam"],
)
def test_train_optimizers(submission, hidden_seed, optimizer, options, rule):
    X, y, _, _ = make_data(seed_for(hidden_seed, optimizer, "data"))
    spec = network({"kind": "xavier"}, SIZES, seed_for(hidden_seed, optimizer, "net"), "tanh")
    got = submission.train(spec, X, y, epochs=3, batch_size=len(X), optimizer=optimizer, **options)
    _, expected = hand_trained(spec, X, y, epochs=3, rule=rule)
    error = max(float(np.abs(a - b).max()) for a, b in zip(got["weights"], expected))
    judge(
        Verdict(
            error <= 1e-5,
            f"after 3 full-batch steps with optimizer={optimizer!r}, {options} the weights "
            f"differ from torch.optim's update by up to {error:.3g}",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("train: history has one mean loss per epoch and the initial loss")
def test_train_history(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "history data"))
    spec = network({"kind": "he"}, SIZES, seed_for(hidden_seed, "history net"))
    got = submission.train(spec, X, y, epochs=4, lr=0.05, batch_size=16)
    initial = F.cross_entropy(probes.build_network(spec)(torch.as_tensor(X)), torch.as_tensor(y)).item()
    judge(
        Verdict(len(got["loss"]) == 4, f"train(epochs=4) returned {len(got['loss'])} losses; expected 4"),
        Verdict(
            math.isclose(got["initial_loss"], initial, rel_tol=1e-5),
            f"initial_loss is {got['initial_loss']:.5f}; the cross-entropy before training is {initial:.5f} "
            "(measured after a step?)",
        ),
        Verdict(
            all(0 < loss < 2 * initial for loss in got["loss"]),
            f"epoch losses {np.round(got['loss'], 4).tolist()} are not mean cross-entropies of a training run "
            f"starting at {initial:.4f}",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: each epoch's loss is the mean over all its samples")
def test_train_epoch_mean(submission, hidden_seed):
    """With lr = 1e-12 the weights cannot move, so the mean loss over an epoch's samples is the
    loss on the whole set, whatever the order; a mean of batch means differs when the last
    batch is smaller (200 samples in batches of 64)."""
    X, y, _, _ = make_data(seed_for(hidden_seed, "mean data"), n_train=200)
    spec = network({"kind": "normal", "std": 0.5}, SIZES, seed_for(hidden_seed, "mean net"))
    got = submission.train(spec, X, y, epochs=2, lr=1e-12, batch_size=64, momentum=0.0)
    judge(
        Verdict(
            close(got["loss"], [got["initial_loss"]] * 2, rtol=1e-5),
            f"with lr=1e-12 the epoch losses {np.round(got['loss'], 6).tolist()} should equal the loss on the "
            f"whole training set, {got['initial_loss']:.6f}: weight each batch's mean loss by its size "
            "(the last batch holds 8 samples, not 64)",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("train: every epoch visits every sample once, in a new order")
def test_train_visits(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "visit data"), n_train=100)
    spec = {**network({"kind": "he"}, SIZES, seed_for(hidden_seed, "visit net")), "record_inputs": True}
    got = submission.train(spec, X, y, epochs=3, lr=0.01, batch_size=16)
    index = {row.astype(np.float32).tobytes(): i for i, row in enumerate(X)}
    visited = [
        index.get(row.astype(np.float32).tobytes(), -1) for batch in got["batches"] if len(batch) <= 16 for row in batch
    ]
    epochs = [visited[k * len(X) : (k + 1) * len(X)] for k in range(3)]
    judge(
        Verdict(
            len(visited) == 3 * len(X) and all(sorted(e) == list(range(len(X))) for e in epochs),
            f"train passed {len(visited)} training samples to the model in batches of at most 16 over 3 epochs; "
            f"expected each of the {len(X)} samples once per epoch",
        ),
        Verdict(
            epochs[0] != epochs[1] and epochs[1] != epochs[2],
            "consecutive epochs visit the samples in the "
            "same order; draw a new order for every epoch from the torch.Generator seeded with seed",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: the seed fixes the history")
def test_train_seed(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "seed data"))
    spec = network({"kind": "he"}, SIZES, seed_for(hidden_seed, "seed net"))
    runs = [submission.train(spec, X, y, epochs=3, lr=0.05, batch_size=16, seed=seed) for seed in (5, 5, 6)]
    judge(
        Verdict(
            runs[0]["loss"] == runs[1]["loss"],
            f"the same seed gave two histories: {runs[0]['loss']} and "
            f"{runs[1]['loss']}; shuffle with a torch.Generator seeded with seed",
        ),
        Verdict(
            runs[0]["loss"] != runs[2]["loss"],
            "seeds 5 and 6 gave the same history with mini-batches: is the order of the samples drawn from the seed?",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: zero weights never move and the loss stays at the class prior")
def test_train_zero_init(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "zero data"))
    spec = network({"kind": "zeros"}, SIZES, 0)
    got = submission.train(spec, X, y, epochs=5, lr=0.1, batch_size=16)
    moved = [float(np.abs(kernel).max()) for kernel in got["weights"][:-1]]
    judge(
        Verdict(
            max(moved) == 0,
            f"hidden weights moved (largest |w| per layer {moved}) although every hidden unit "
            "outputs 0 and gets zero gradient",
        ),
        prior_only(got["loss"][-1], y),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: constant weights keep the units of a layer identical")
def test_train_constant_init(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "constant data"))
    spec = network({"kind": "constant", "value": 0.1}, SIZES, 0, "tanh")
    got = submission.train(spec, X, y, epochs=5, lr=0.1, batch_size=16)
    for index, kernel in enumerate(got["weights"][:-1]):
        spread = float(np.ptp(kernel, axis=1).max())
        judge(
            Verdict(
                spread < 1e-5,
                f"hidden layer {index + 1}: its units differ by up to {spread:.3g} after training "
                "from identical weights; identical units get identical updates",
            )
        )
    judge(
        Verdict(
            any(not np.allclose(a, b) for a, b in zip(got["weights"], spec["weights"])),
            "the weights did not change at all during training",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("train: He weights learn (loss at least halves)")
def test_train_learns(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "learn data"))
    spec = network({"kind": "he"}, SIZES, seed_for(hidden_seed, "learn net"))
    got = submission.train(spec, X, y, epochs=10, lr=0.05, batch_size=16)
    judge(
        Verdict(
            got["loss"][-1] <= 0.5 * got["initial_loss"],
            f"loss went from {got['initial_loss']:.3f} to "
            f"{got['loss'][-1]:.3f} in 10 epochs; a correct train at least halves it here",
        ),
        *(
            check_units_differ(kernel, f"hidden layer {k + 1} after training")
            for k, kernel in enumerate(got["weights"][:-1])
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: ValueError for bad arguments")
def test_train_errors(submission):
    X, y, _, _ = make_data(0)
    spec = network({"kind": "he"}, SIZES, 0)
    for options in [{"optimizer": "rmsprop"}, {"epochs": 0}]:
        arguments = {"epochs": 1, "lr": 0.1, **options}
        problem = student_raises("ValueError", f"train({options})", submission.train, spec, X, y, **arguments)
        judge(Verdict(problem is None, problem or ""))
