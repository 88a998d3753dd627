"""Hidden tests of training.py's measurements: evaluate, activation_stds and gradient_norms, each
compared with the reference's numbers on the same network and data."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from autograder.checks.statistics import Verdict
from autograder.hidden.problems import SIZES, make_data, network
from autograder.hidden.recompute import close, reference
from autograder.hidden.support import judge, seed_for
from autograder.sandbox import probes


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
