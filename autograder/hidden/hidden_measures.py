"""Hidden tests of training.py's measurements: evaluate, activation_stds and gradient_norms, each
compared with the reference's numbers on the same network and data, within tolerances at least
twice the float32 rounding bound of those numbers (``autograder.checks.rounding``) on the problem
posed (a problem where the bound is wider, or a prediction sits on a tie, is not posed)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from autograder.checks import rounding
from autograder.checks.statistics import Verdict
from autograder.hidden.problems import SIZES, make_data, network
from autograder.hidden.recompute import close, loss_with_tolerance, reference
from autograder.hidden.support import fail, first_posable, judge, seed_for
from autograder.mistakes import only
from autograder.sandbox import probes

STD_AGREEMENT, NORM_AGREEMENT = 1e-2, 5e-3  # relative; each at least twice the float32 rounding bound


def pose_evaluation(seed: int):
    """A network and test set on which no sample's two largest logits lie within their float32
    rounding of a tie (so every correct evaluate counts the same hits); None otherwise."""
    _, _, X, y = make_data(seed)
    spec = network({"kind": "normal", "std": 0.4}, SIZES, seed)
    if rounding.forward(rounding.held_as_float32(spec["weights"]), X).ties():
        return None
    return spec, X, y


@pytest.mark.points(2)
@pytest.mark.title("evaluate: mean cross-entropy and accuracy as a fraction")
def test_evaluate(submission, hidden_seed):
    spec, X, y = first_posable(hidden_seed, "evaluate", pose_evaluation)
    got = submission.measure("evaluate", spec, X, y)["values"]
    loss, tolerance = loss_with_tolerance(spec, X, y)
    accuracy = reference.evaluate(probes.build_network(spec), X, y)[1]
    pair = len(got) == 2
    loss_right, accuracy_right = (
        pair and abs(got[0] - loss) <= tolerance,
        pair and math.isclose(got[1], accuracy, abs_tol=1e-6),
    )
    candidates = []
    if pair and loss_right and math.isclose(got[1], 100 * accuracy, rel_tol=1e-6) and accuracy > 0:
        candidates.append("accuracy-percent")  # each mistake named only when the other number is right
    if pair and accuracy_right and math.isclose(got[0], len(X) * loss, rel_tol=1e-3):
        candidates.append("loss-summed")
    judge(
        Verdict(
            loss_right and accuracy_right,
            f"evaluate returned {got}; expected ({loss:.5f}, {accuracy:.4f}).",
            only(candidates),
        )
    )


def pose_measured(seed: int, sizes, kind: str, activation: str, bounds, agreement: float):
    """A network and data whose measurements ``bounds(passed, kernels, y)`` (pairs of a value and its
    float32 rounding bound) are all known to within half of ``agreement``; None otherwise."""
    X, y, _, _ = make_data(seed)
    spec = network({"kind": kind}, sizes, seed, activation)
    weights = rounding.held_as_float32(spec["weights"])
    measured = bounds(rounding.forward(weights, X, activation), weights, y)
    return (spec, X, y) if all(2 * error <= agreement * value for value, error in measured) else None


@pytest.mark.points(2)
@pytest.mark.title("activation_stds: std of each hidden layer after its activation ({activation} net)")
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_activation_stds(submission, hidden_seed, activation):
    sizes = [10, 16, 16, 16, 16, 3]

    def pose(seed):
        return pose_measured(seed, sizes, "he", activation, lambda p, w, y: rounding.std_errors(p), STD_AGREEMENT)

    spec, X, _ = first_posable(hidden_seed, f"stds {activation}", pose)
    got = submission.measure("activation_stds", spec, X)["values"]
    expected = reference.activation_stds(probes.build_network(spec), X)
    if close(got, expected, rtol=STD_AGREEMENT, atol=0):
        return
    hidden, pre = torch.as_tensor(X), []
    for module in probes.build_network(spec):
        hidden = module(hidden)
        if isinstance(module, torch.nn.Linear):
            pre.append(hidden.std(correction=0).item())
    mistake = ""
    if close(got, pre[:-1], rtol=STD_AGREEMENT, atol=0):
        mistake = "stds-before-activation"
    elif len(got) == len(expected) + 1 and close(got[:-1], expected, rtol=STD_AGREEMENT, atol=0):
        mistake = "stds-output-layer"
    facts = f"activation_stds returned {np.round(got, 4).tolist()}; expected {np.round(expected, 4).tolist()}."
    if len(got) != len(expected):
        facts += f" One number per hidden layer is asked for: {len(expected)} here."
    fail(facts, mistake)


@pytest.mark.points(2)
@pytest.mark.title("gradient_norms: norm of each Linear weight's gradient, first layer first")
def test_gradient_norms(submission, hidden_seed):
    def pose(seed):
        return pose_measured(
            seed,
            [10, 16, 8, 3],
            "xavier",
            "tanh",
            lambda p, w, y: rounding.backward(p, w, y).norm_errors(),
            NORM_AGREEMENT,
        )

    spec, X, y = first_posable(hidden_seed, "norms", pose)
    got = submission.measure("gradient_norms", spec, X, y)["values"]
    expected = reference.gradient_norms(probes.build_network(spec), X, y)
    if close(got, expected, rtol=NORM_AGREEMENT, atol=0):
        return
    weight_norms = [float(np.linalg.norm(w)) for w in spec["weights"]]
    candidates = [
        mistake
        for mistake, values in (("norms-reversed", expected[::-1]), ("norms-of-weights", weight_norms))
        if close(got, values, rtol=NORM_AGREEMENT, atol=0)
    ]
    fail(
        f"gradient_norms returned {np.round(got, 5).tolist()}; expected {np.round(expected, 5).tolist()}.",
        only(candidates),
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
