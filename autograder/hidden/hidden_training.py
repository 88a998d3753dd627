"""Hidden tests of training.py. The judge rebuilds every network from its plain spec and
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
from autograder.hidden.support import COMPARISON_KEY, judge, seed_for, student_raises
from autograder.reference import load_reference
from autograder.sandbox import probes
from autograder.sandbox.submission import describe_model

reference = load_reference("training")
SIZES = [10, 16, 12, 3]
DEEP = [10, *[64] * 8, 3]
ACTIVATIONS = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Identity"}


def make_data(seed: int, n_train: int = 150, n_test: int = 60, features: int = 10, classes: int = 3):
    """A learnable classification set: labels are the argmax of a random linear map."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_test, features)).astype(np.float32)
    y = np.argmax(X @ rng.normal(size=(features, classes)), axis=1).astype(np.int64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def network(spec: dict, sizes, seed: int, activation: str = "relu") -> dict:
    return {"weights": probes.network_weights(sizes, spec, seed), "activation": activation}


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
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def hand_trained(spec: dict, X, y, *, epochs: int, rule, loss_scale: float = 1.0):
    """The network of ``spec`` after ``epochs`` full-batch steps of a hand-written update
    ``rule`` (``autograder.checks.descent``). Returns (losses, kernels)."""
    model = probes.build_network(spec)
    losses = descent.full_batch_training(model, X, y, epochs=epochs, rule=rule, loss_scale=loss_scale)
    return losses, describe_model(model)["weights"]


def layer_count(built: dict, sizes) -> Verdict:
    count = len(built["weights"])
    return Verdict(
        count == len(sizes) - 1,
        f"build_mlp({sizes}) has {count} Linear layers; expected {len(sizes) - 1}, one per consecutive pair of sizes",
    )


# -- build_mlp ---------------------------------------------------------------------------------


@pytest.mark.points(2)
@pytest.mark.title("build_mlp: weights are the initializer's, transposed, float32")
def test_build_mlp_weights(submission, hidden_seed):
    sizes = [12, 9, 7, 4]
    built = submission.build_mlp(sizes, {"kind": "counting"}, 0, "relu")
    expected = probes.network_weights(sizes, {"kind": "counting"}, 0)
    judge(layer_count(built, sizes))
    for index, (got, want) in enumerate(zip(built["weights"], expected)):
        if close(got, want, rtol=1e-6, atol=1e-7):
            continue
        fan_in, fan_out = want.shape
        hint = "the initializer's values are not there: torch's default initialization left in place?"
        if got.shape == want.shape and close(got.T, want.reshape(fan_out, fan_in), rtol=1e-6, atol=1e-7):
            hint = "the kernel was reshaped to (out, in) instead of transposed: use .T"
        pytest.fail(
            f"layer {index + 1} ({fan_in} -> {fan_out}): the weight is not initializer(({fan_in}, "
            f"{fan_out}), rng) transposed to torch's (out, in) layout; {hint}",
            pytrace=False,
        )
    judge(
        Verdict(
            all(dtype == "float32" for dtype in built["weight_dtypes"]),
            f"weights have dtypes {built['weight_dtypes']}; expected float32",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("build_mlp: biases are zero")
def test_build_mlp_biases(submission, hidden_seed):
    built = submission.build_mlp(SIZES, {"kind": "he"}, seed_for(hidden_seed, "biases"), "relu")
    judge(layer_count(built, SIZES))
    for index, bias in enumerate(built["biases"]):
        judge(
            Verdict(bias is not None, f"layer {index + 1} has no bias; nn.Linear's bias must be kept, set to zero"),
            Verdict(
                not np.any(bias),
                f"layer {index + 1}: biases range from {bias.min():.3g} to {bias.max():.3g}; "
                "expected all zero (torch's default bias initialization left in place?)",
            ),
        )


@pytest.mark.points(0.5)
@pytest.mark.title("build_mlp: {activation} modules between the Linear layers only")
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_build_mlp_activations(submission, activation):
    modules = submission.build_mlp(SIZES, {"kind": "he"}, 0, activation)["modules"]
    module = ACTIVATIONS[activation]
    expected = ["Linear", module, "Linear", module, "Linear"]
    allowed = [expected] + ([["Linear"] * 3] if activation == "linear" else [])  # an identity may be left out
    hint = ""
    if modules and modules[-1] != "Linear":
        hint = " An activation after the last Linear: the network must return logits."
    judge(
        Verdict(
            modules in allowed,
            f"build_mlp({SIZES}, activation={activation!r}) has modules {modules}; expected {expected}.{hint}",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("build_mlp: draws from the rng it is given")
def test_build_mlp_rng(submission, hidden_seed):
    seed, spec = seed_for(hidden_seed, "build rng"), {"kind": "normal", "std": 0.1}
    built = submission.build_mlp(SIZES, spec, seed, "tanh")
    judge(layer_count(built, SIZES))
    expected = probes.network_weights(SIZES, spec, seed)
    matches = [close(got, want, rtol=1e-5) for got, want in zip(built["weights"], expected)]
    if all(matches):
        return
    hint = (
        "a new generator for each layer? One rng must serve every layer in turn"
        if matches[0]
        else "the rng passed in was not given to the initializer"
    )
    pytest.fail(
        f"build_mlp's weights are not what the initializer draws from the rng passed in, layer after layer: {hint}",
        pytrace=False,
    )


@pytest.mark.points(1)
@pytest.mark.title("build_mlp: ValueError for bad arguments")
def test_build_mlp_errors(submission):
    for sizes, activation in [(SIZES, "swish"), ([5], "relu")]:
        what = f"build_mlp({sizes}, activation={activation!r})"
        problem = student_raises("ValueError", what, submission.build_mlp, sizes, {"kind": "he"}, 0, activation)
        judge(Verdict(problem is None, problem or ""))


# -- train -------------------------------------------------------------------------------------


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


# -- evaluate, activation_stds, gradient_norms -------------------------------------------------------


@pytest.mark.points(2)
@pytest.mark.title("evaluate: mean cross-entropy and accuracy as a fraction")
def test_evaluate(submission, hidden_seed):
    _, _, X, y = make_data(seed_for(hidden_seed, "evaluate data"))
    spec = network({"kind": "normal", "std": 0.4}, SIZES, seed_for(hidden_seed, "evaluate net"))
    got = submission.measure("evaluate", spec, X, y)["values"]
    loss, accuracy = reference.evaluate(probes.build_network(spec), X, y)
    hint = ""
    if len(got) == 2 and math.isclose(got[1], 100 * accuracy, rel_tol=1e-6):
        hint = " The accuracy is in percent; return a fraction in [0, 1]."
    elif len(got) == 2 and math.isclose(got[0], len(X) * loss, rel_tol=1e-4):
        hint = " The loss is summed over samples; return the mean."
    judge(
        Verdict(
            len(got) == 2 and close(got, [loss, accuracy], rtol=1e-5),
            f"evaluate returned {got}; expected ({loss:.5f}, {accuracy:.4f}).{hint}",
        )
    )


@pytest.mark.points(2)
@pytest.mark.title("activation_stds: std of each hidden layer after its activation ({activation} net)")
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_activation_stds(submission, hidden_seed, activation):
    X, _, _, _ = make_data(seed_for(hidden_seed, "stds data"))
    sizes = [10, 16, 16, 16, 16, 3]
    spec = network({"kind": "he"}, sizes, seed_for(hidden_seed, "stds net"), activation)
    got = submission.measure("activation_stds", spec, X)["values"]
    expected = reference.activation_stds(probes.build_network(spec), X)
    if close(got, expected, rtol=1e-3):
        return
    hidden, pre = torch.as_tensor(X), []
    for module in probes.build_network(spec):
        hidden = module(hidden)
        if isinstance(module, torch.nn.Linear):
            pre.append(hidden.std(correction=0).item())
    hint = ""
    if close(got, pre[:-1], rtol=1e-3):
        hint = " These are the stds before the activation; measure after it."
    elif len(got) != len(expected):
        hint = f" One number per hidden layer: {len(expected)} here (the output layer is not hidden)."
    pytest.fail(
        f"activation_stds returned {np.round(got, 4).tolist()}; expected {np.round(expected, 4).tolist()}." + hint,
        pytrace=False,
    )


@pytest.mark.points(2)
@pytest.mark.title("gradient_norms: norm of each Linear weight's gradient, first layer first")
def test_gradient_norms(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "norms data"))
    spec = network({"kind": "xavier"}, [10, 16, 12, 8, 3], seed_for(hidden_seed, "norms net"), "tanh")
    got = submission.measure("gradient_norms", spec, X, y)["values"]
    expected = reference.gradient_norms(probes.build_network(spec), X, y)
    hint = ""
    if close(got, expected[::-1], rtol=1e-4):
        hint = " They are in reverse order: first layer first."
    elif close(got, [float(np.linalg.norm(w)) for w in spec["weights"]], rtol=1e-4):
        hint = " These are the norms of the weights, not of their gradients."
    judge(
        Verdict(
            close(got, expected, rtol=1e-4),
            f"gradient_norms returned {np.round(got, 5).tolist()}; expected {np.round(expected, 5).tolist()}.{hint}",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("gradient_norms: leaves .grad untouched")
def test_gradient_norms_side_effects(submission, hidden_seed):
    X, y, _, _ = make_data(seed_for(hidden_seed, "grads data"))
    spec = network({"kind": "he"}, SIZES, seed_for(hidden_seed, "grads net"))
    answer = submission.measure("gradient_norms", spec, X, y)
    norms = answer["values"]
    judge(
        Verdict(
            len(norms) == len(SIZES) - 1 and all(0 < norm < math.inf for norm in norms),
            f"gradient_norms returned {np.round(norms, 4).tolist()}; expected {len(SIZES) - 1} positive norms "
            "(this test checks that a working gradient_norms leaves .grad untouched)",
        ),
        Verdict(
            not any(answer["gradients_set"]),
            "gradient_norms left gradients in the model's .grad; its "
            "docstring promises .grad untouched (torch.autograd.grad computes them without storing)",
        ),
    )


# -- compare_initializers ------------------------------------------------------------------------

COMPARED = {"he": {"kind": "he"}, "small": {"kind": "normal", "std": 0.01}, "zeros": {"kind": "zeros"}}


@pytest.fixture(scope="module")
def comparison(submission, hidden_seed, pytestconfig):
    data = make_data(seed_for(hidden_seed, "compare data"))
    seed = seed_for(hidden_seed, "compare") % 1000
    options = {"layer_sizes": DEEP, "activation": "relu", "epochs": 3, "lr": 0.01, "seed": seed}
    got = submission.compare_initializers(COMPARED, data, **options)
    pytestconfig.stash[COMPARISON_KEY] = got
    return data, options, got


TRAINED, MEASURED = ("loss", "test_accuracy"), ("activation_stds", "gradient_norms")


def well_formed(got: dict, keys, epochs: int) -> Verdict:
    """The comparison has an entry per initializer, each with lists of the promised lengths under ``keys``."""
    expected = {"loss": epochs, "test_accuracy": 1, "activation_stds": len(DEEP) - 2, "gradient_norms": len(DEEP) - 1}
    lengths = {key: expected[key] for key in keys}
    if set(got) != set(COMPARED):
        return Verdict(False, f"compare_initializers returned names {sorted(got)}; expected {sorted(COMPARED)}")
    for name, entry in got.items():
        for key, length in lengths.items():
            if len(entry.get(key, [])) != length:
                return Verdict(
                    False,
                    f"{name}: {key!r} has {len(entry.get(key, []))} values; expected {length} "
                    f"(docstring: per epoch, one accuracy, per hidden layer, per Linear layer)",
                )
    return Verdict(True, "every entry has the promised keys and lengths")


@pytest.mark.points(2)
@pytest.mark.title("compare_initializers: activation stds and gradient norms measured at initialization")
def test_compare_measurements(comparison):
    (X, y, _, _), options, got = comparison
    judge(well_formed(got, MEASURED, options["epochs"]))
    fresh = {name: network(spec, DEEP, options["seed"]) for name, spec in COMPARED.items()}
    shared_rng = np.random.default_rng(options["seed"])  # one generator for all models, in order
    shared = {
        name: {
            "weights": [probes.make_initializer(spec)((a, b), shared_rng) for a, b in zip(DEEP, DEEP[1:])],
            "activation": "relu",
        }
        for name, spec in COMPARED.items()
    }

    def matches(networks) -> bool:
        for name, spec in networks.items():
            model = probes.build_network(spec)
            stds, norms = reference.activation_stds(model, X), reference.gradient_norms(model, X, y)
            if not (
                close(got[name].get("activation_stds"), stds, rtol=1e-3, atol=1e-30)
                and close(got[name].get("gradient_norms"), norms, rtol=1e-3, atol=1e-30)
            ):
                return False
        return True

    judge(
        Verdict(
            matches(fresh) or matches(shared),
            "activation_stds or gradient_norms differ from those of the "
            "networks before training, built with np.random.default_rng(seed): measure at initialization",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("compare_initializers: training loss history and test accuracy")
def test_compare_training(comparison):
    (X, y, _, _), options, got = comparison
    judge(well_formed(got, TRAINED, options["epochs"]))
    for name in COMPARED:
        accuracy = got[name]["test_accuracy"][0]
        judge(Verdict(0 <= accuracy <= 1, f"{name}: 'test_accuracy' is {accuracy}; expected a fraction in [0, 1]"))
    judge(
        prior_only(got["zeros"]["loss"][-1], y),
        Verdict(got["he"]["loss"][-1] < got["he"]["loss"][0], "he: the training loss did not fall"),
    )


@pytest.mark.points(1)
@pytest.mark.title("compare_initializers: in a deep ReLU net N(0, 0.01) vanishes while He holds")
def test_compare_vanishing(comparison):
    _, options, got = comparison
    judge(well_formed(got, MEASURED, options["epochs"]))
    small, he = got["small"], got["he"]
    judge(
        Verdict(
            small["activation_stds"][-1] < 1e-6 * small["activation_stds"][0],
            f"N(0, 0.01): activation std {small['activation_stds'][0]:.3g} in layer 1 and "
            f"{small['activation_stds'][-1]:.3g} in layer 8; expected a collapse by more than 10^6",
        ),
        Verdict(
            small["gradient_norms"][0] < 1e-6 * he["gradient_norms"][0],
            f"N(0, 0.01): first-layer gradient norm {small['gradient_norms'][0]:.3g} vs He's "
            f"{he['gradient_norms'][0]:.3g}; expected smaller by more than 10^6",
        ),
        Verdict(
            max(he["activation_stds"]) < 4 * min(he["activation_stds"]),
            f"He: activation stds {np.round(he['activation_stds'], 3).tolist()} vary by more than a factor 4",
        ),
    )
