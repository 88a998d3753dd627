"""Hidden tests of training.py's build_mlp: the judge reads the network back as plain data and
compares it with the weights the initializer draws."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.statistics import Verdict
from autograder.hidden.problems import SIZES
from autograder.hidden.recompute import close
from autograder.hidden.support import fail, judge, seed_for, student_raises
from autograder.mistakes import only
from autograder.sandbox import probes

ACTIVATIONS = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Identity"}


def layout_mistake(got: np.ndarray, want: np.ndarray, **tolerance) -> str:
    """The mistake that puts ``want`` (an initializer's (fan_in, fan_out) kernel) into a layer whose
    weight, read back in (fan_in, fan_out) layout, is ``got``: "kernel-reshaped" if it is ``want``
    reshaped to torch's (out, in) instead of transposed, "default-init-left" if it holds none of the
    initializer's values; "" when it is ``want``, or differs from it some other way."""
    fan_in, fan_out = want.shape
    if got.shape != want.shape or close(got, want, **tolerance):
        return ""
    if close(got.T, want.reshape(fan_out, fan_in), **tolerance):
        return "kernel-reshaped"
    values = np.concatenate([want.ravel(), want.astype(np.float32).astype(np.float64).ravel()])
    return "" if np.isin(got, values).any() else "default-init-left"


def layer_count(built: dict, sizes) -> Verdict:
    """The network has one Linear layer per consecutive pair of ``sizes``."""
    count = len(built["weights"])
    return Verdict(
        count == len(sizes) - 1,
        f"build_mlp({sizes}) has {count} Linear layers; expected {len(sizes) - 1}, one per consecutive pair of sizes",
    )


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
        fail(
            f"layer {index + 1} ({fan_in} -> {fan_out}): the weight is not initializer(({fan_in}, "
            f"{fan_out}), rng) transposed to torch's (out, in) layout.",
            layout_mistake(got, want, rtol=1e-6, atol=1e-7),
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
                f"layer {index + 1}: biases range from {bias.min():.3g} to {bias.max():.3g}; expected all zero",
                "default-bias-left" if np.all(np.abs(bias) <= 1 / np.sqrt(SIZES[index])) else "",
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
    on_output = bool(modules) and modules[-1] != "Linear" and modules[:-1] in allowed
    judge(
        Verdict(
            modules in allowed,
            f"build_mlp({SIZES}, activation={activation!r}) has modules {modules}; expected {expected}.",
            "activation-on-output" if on_output else "",
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
    fail(
        "build_mlp's weights are not what the initializer draws from the rng passed in, layer after layer.",
        rng_mistake(submission, built["weights"], spec, seed),
    )


def rng_mistake(submission, got: list, spec: dict, seed: int) -> str:
    """Why build_mlp's weights ``got`` for ``spec`` are not the initializer's draws from the rng passed in,
    layer after layer, or "" when the evidence names no single mistake. A mistake of the layout (a
    reshaped kernel, torch's default left in place) changes every weight whatever rng is used, so it
    is ruled out first, on a network built from values that need no rng; with the layout right, the
    first layer right and every later one what a generator made anew draws is a new generator per
    layer, and no layer right is an rng not passed on."""
    counting = {"kind": "counting"}
    built = submission.build_mlp(SIZES, counting, seed, "tanh")["weights"]
    wanted = probes.network_weights(SIZES, counting, seed)
    if len(built) != len(wanted):
        return ""
    if not all(close(got, want, rtol=1e-6, atol=1e-7) for got, want in zip(built, wanted)):
        return only(layout_mistake(got, want, rtol=1e-6, atol=1e-7) for got, want in zip(built, wanted))
    expected = probes.network_weights(SIZES, spec, seed)
    fresh = [probes.network_weights(pair, spec, seed)[0] for pair in zip(SIZES[:-1], SIZES[1:])]
    if all(close(g, f, rtol=1e-5) for g, f in zip(got, fresh)):
        return "rng-per-layer"
    if not any(close(g, e, rtol=1e-5) for g, e in zip(got, expected)):
        return "rng-not-passed"
    return ""


@pytest.mark.points(1)
@pytest.mark.title("build_mlp: ValueError for bad arguments")
def test_build_mlp_errors(submission):
    for sizes, activation in [(SIZES, "swish"), ([5], "relu")]:
        what = f"build_mlp({sizes}, activation={activation!r})"
        problem = student_raises("ValueError", what, submission.build_mlp, sizes, {"kind": "he"}, 0, activation)
        judge(Verdict(problem is None, problem or ""))
