"""Hidden tests of training.py's train. The judge rebuilds every network from its plain spec and
recomputes every number itself; it never trusts what the student's code reports. Where a test
compares weights or losses with the judge's, its tolerance is twice a bound on float32 rounding
(``autograder.checks.rounding``, ``autograder.checks.descent``), so a correct train never fails it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.checks import descent, rounding
from autograder.checks.statistics import Verdict
from autograder.hidden.problems import LINEAR, SIZES, make_data, make_one_class_data, network
from autograder.hidden.recompute import label_entropy, loss_with_tolerance
from autograder.hidden.support import fail, judge, seed_for, student_raises
from autograder.mistakes import only


def steps_verdict(got: dict, expected: descent.Replay, what: str) -> Verdict:
    """The trained kernel and bias are the replay's, within its float32 rounding bound."""
    distance, ratio = expected.differences(got["weights"][0], got["biases"][0])
    return Verdict(
        ratio <= 1,
        f"{what}, the weights and biases differ from the update by hand by up to {distance:.3g} "
        f"(float32 rounding accounts for at most {distance / ratio if ratio else 0:.2g} there)",
    )


def matches(got: dict, expected: descent.Replay) -> bool:
    return steps_verdict(got, expected, "").passed


@pytest.mark.points(3)
@pytest.mark.title("train: full-batch SGD takes exact gradient steps")
def test_train_gradient_steps(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "steps data"))
    spec = network({"kind": "he"}, LINEAR, seed_for(hidden_seed, "steps net"))
    epochs, lr = 3, 0.05
    got = submission.train(spec, X, y, epochs=epochs, lr=lr, batch_size=len(X), momentum=0.0, optimizer="sgd")
    full = [np.arange(len(X))] * epochs
    expected = descent.replay(spec["weights"][0], X, y, batches=full, rule=descent.Momentum(lr))
    losses_match = all(abs(a - b) <= t for a, b, t in zip(got["loss"], expected.losses, expected.loss_tolerances))
    if matches(got, expected) and losses_match and len(got["loss"]) == epochs:
        return
    alternatives = {
        "zero-grad-missing": dict(rule=descent.Momentum(lr, accumulate=True)),
        "batch-loss-summed": dict(rule=descent.Momentum(lr), loss_scale=float(len(X))),
    }
    kernel = spec["weights"][0]
    found = [name for name, o in alternatives.items() if matches(got, descent.replay(kernel, X, y, batches=full, **o))]
    if np.array_equal(got["weights"][0], rounding.held_as_float32(kernel)):
        found.append("optimizer-not-stepping")
    facts = (
        steps_verdict(got, expected, f"after {epochs} full-batch SGD steps (lr={lr}, momentum=0)").message
        + f"; losses {np.round(got['loss'], 5).tolist()}, expected {np.round(expected.losses, 5).tolist()}."
    )
    if not found:
        facts += (
            " The update fits none of the mistakes the suite knows: check that lr is used as given and that the"
            " loss is the mean cross-entropy over the batch."
        )
    fail(facts, only(found))


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
    if optimizer == "adam":  # gradients of one sign, far from 0: see make_one_class_data
        X, y = make_one_class_data(seed_for(hidden_seed, optimizer, "data"))
        spec = network({"kind": "normal", "std": 0.1}, [X.shape[1], 3], seed_for(hidden_seed, optimizer, "net"))
    else:
        X, y, _, _ = make_data(seed_for(hidden_seed, optimizer, "data"))
        spec = network({"kind": "xavier"}, LINEAR, seed_for(hidden_seed, optimizer, "net"))
    got = submission.train(spec, X, y, epochs=3, batch_size=len(X), optimizer=optimizer, **options)
    expected = descent.replay(spec["weights"][0], X, y, batches=[np.arange(len(X))] * 3, rule=rule)
    judge(steps_verdict(got, expected, f"after 3 full-batch steps with optimizer={optimizer!r}, {options}"))


@pytest.mark.points(1)
@pytest.mark.title("train: history has one mean loss per epoch and the initial loss")
def test_train_history(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "history data"))
    spec = network({"kind": "he"}, SIZES, seed_for(hidden_seed, "history net"))
    got = submission.train(spec, X, y, epochs=4, lr=0.05, batch_size=16)
    initial, tolerance = loss_with_tolerance(spec, X, y)
    judge(
        Verdict(len(got["loss"]) == 4, f"train(epochs=4) returned {len(got['loss'])} losses; expected 4"),
        Verdict(
            abs(got["initial_loss"] - initial) <= tolerance,
            f"initial_loss is {got['initial_loss']:.6f}; the cross-entropy before training is {initial:.6f}. "
            "Measure it on the initial weights, before the first step.",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: each epoch's loss is the mean over all its samples")
def test_train_epoch_mean(submission, hidden_seed):
    """With lr = 1e-12 the weights cannot move (a step changes the loss by less than 1e-9), so the
    mean loss over an epoch's samples is the loss on the whole set, whatever the order; a mean of
    batch means differs, as the last batch holds 2 samples (130 in batches of 64) and each epoch's
    pair differs."""
    X, y, _, _ = make_data(seed_for(hidden_seed, "mean data"), n_train=130)
    spec = network({"kind": "normal", "std": 0.5}, SIZES, seed_for(hidden_seed, "mean net"))
    got = submission.train(spec, X, y, epochs=3, lr=1e-12, batch_size=64, momentum=0.0)
    _, tolerance = loss_with_tolerance(spec, X, y)
    judge(
        Verdict(
            len(got["loss"]) == 3 and all(abs(loss - got["initial_loss"]) <= 2 * tolerance for loss in got["loss"]),
            f"with lr=1e-12 the epoch losses {np.round(got['loss'], 6).tolist()} should equal the loss on the "
            f"whole training set, {got['initial_loss']:.6f}: weight each batch's mean loss by its size "
            "(the last batch holds 2 samples, not 64)",
        )
    )


def training_batches(got: dict, X, batch_size: int) -> list[np.ndarray] | None:
    """The sample indices of each batch train stepped on (forward passes with gradients enabled, of at
    most ``batch_size`` rows), in order; None if a batch holds a row that is not a training sample."""
    index = {row.astype(np.float32).tobytes(): i for i, row in enumerate(X)}
    found = []
    for batch in got["batches"]:
        if len(batch) <= batch_size:
            rows = [index.get(row.astype(np.float32).tobytes(), -1) for row in batch]
            if -1 in rows:
                return None
            found.append(np.array(rows))
    return found


@pytest.mark.points(1)
@pytest.mark.title("train: every epoch visits every sample once, in a new order")
def test_train_visits(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "visit data"), n_train=100)
    spec = {**network({"kind": "he"}, SIZES, seed_for(hidden_seed, "visit net")), "record_inputs": True}
    got = submission.train(spec, X, y, epochs=3, lr=0.01, batch_size=16)
    batches = training_batches(got, X, 16) or []
    visited = [int(i) for batch in batches for i in batch]
    epochs = [visited[k * len(X) : (k + 1) * len(X)] for k in range(3)]
    judge(
        Verdict(
            len(visited) == 3 * len(X) and all(sorted(e) == list(range(len(X))) for e in epochs),
            f"train stepped on {len(visited)} training samples in batches of at most 16 over 3 epochs; "
            f"expected each of the {len(X)} samples once per epoch",
        ),
        Verdict(
            epochs[0] != epochs[1] and epochs[1] != epochs[2],
            "consecutive epochs visit the samples in the same order. Draw a new order for every epoch from the "
            "torch.Generator seeded with seed.",
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
            f"{runs[1]['loss']}. Shuffle with a torch.Generator seeded with seed, so that a run can be repeated.",
        ),
        Verdict(
            runs[0]["loss"] != runs[2]["loss"],
            "seeds 5 and 6 gave the same history with mini-batches. The order of the samples must come from the "
            "seed, so that another seed gives another order.",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: zero weights never move and the loss stays at the class prior")
def test_train_zero_init(submission, hidden_seed):
    """Every hidden unit outputs 0 and gets zero gradient, so only the output bias b learns, and the
    loss is that of the constant prediction softmax(b): at least the label entropy (Gibbs'
    inequality), at most ln 3 (its value at b = 0), and never rising under gradient descent with
    lr = 0.5, below 2 / L for its curvature L <= 1/2 (the softmax Hessian's rows sum to at most 1/2)."""
    X, y, _, _ = make_data(seed_for(hidden_seed, "zero data"))
    spec = network({"kind": "zeros"}, SIZES, 0)
    got = submission.train(spec, X, y, epochs=5, lr=0.5, batch_size=len(X), momentum=0.0)
    moved = [float(np.abs(kernel).max()) for kernel in got["weights"][:-1]]
    _, tolerance = loss_with_tolerance(spec, X, y)
    low, high, losses = label_entropy(y), math.log(3), got["loss"]
    judge(
        Verdict(
            max(moved) == 0,
            f"hidden weights moved (largest |w| per layer {moved}) although every hidden unit "
            "outputs 0 and gets zero gradient",
        ),
        Verdict(
            low - tolerance <= min(losses)
            and max(losses) <= high + tolerance
            and all(later <= earlier + tolerance for earlier, later in zip(losses, losses[1:])),
            f"the losses {np.round(losses, 5).tolist()} of full-batch gradient descent from zero weights should "
            f"fall from ln(3) = {high:.5f} towards the class-prior loss {low:.5f}, never rising: only the output "
            "bias learns",
        ),
    )


@pytest.mark.points(1)
@pytest.mark.title("train: constant weights keep the units of a layer identical")
def test_train_constant_init(submission, hidden_seed):
    """Identical units get identical updates; float32 rounding alone sets them apart, by a spread
    below 1e-3 of the layer's movement (see docs/hidden-suite.md)."""
    X, y, _, _ = make_data(seed_for(hidden_seed, "constant data"))
    spec = network({"kind": "constant", "value": 0.1}, SIZES, 0, "tanh")
    got = submission.train(spec, X, y, epochs=5, lr=0.1, batch_size=len(X), momentum=0.0)
    movements = [float(np.abs(a - b).max()) for a, b in zip(got["weights"], spec["weights"])]
    judge(
        Verdict(
            min(movements) > 0,
            f"layer {int(np.argmin(movements)) + 1}'s weights did not change at all during training. The optimizer "
            "must be given every layer's parameters.",
        )
    )
    for index, kernel in enumerate(got["weights"][:-1]):
        spread = float(np.ptp(kernel, axis=1).max())
        judge(
            Verdict(
                spread <= 1e-3 * movements[index],
                f"hidden layer {index + 1}: its units differ by up to {spread:.3g} after training "
                f"from identical weights (they moved by up to {movements[index]:.3g}); identical units "
                "get identical updates",
            )
        )


@pytest.mark.points(1)
@pytest.mark.title("train: each mini-batch takes one gradient step on that batch")
def test_train_minibatch_steps(submission, hidden_seed):
    """The judge replays gradient descent on the very batches train stepped on, in its order."""
    X, y, _, _ = make_data(seed_for(hidden_seed, "minibatch data"), n_train=100)
    spec = {**network({"kind": "he"}, LINEAR, seed_for(hidden_seed, "minibatch net")), "record_inputs": True}
    got = submission.train(spec, X, y, epochs=3, lr=0.05, batch_size=16, momentum=0.0)
    batches = training_batches(got, X, 16)
    if batches is None or not batches:
        pytest.fail("train passed the model no batch of at most 16 training samples with gradients enabled")
    kernel = spec["weights"][0]
    verdict = steps_verdict(got, descent.replay(kernel, X, y, batches=batches, rule=descent.Momentum(0.05)), "")
    if not verdict.passed:
        piled = descent.replay(kernel, X, y, batches=batches, rule=descent.Momentum(0.05, accumulate=True))
        fail(
            f"after {len(batches)} mini-batch SGD steps (lr=0.05, momentum=0){verdict.message}.",
            "zero-grad-missing" if matches(got, piled) else "",
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
