"""The float32 rounding bounds: every float32 computation of a network's numbers, its rows in any
order, lies within them, and they are narrow enough to be tolerances (at most 1e-3 relative on the
hidden suite's shallow networks)."""

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from autograder.checks import rounding
from autograder.reference import load_reference
from autograder.sandbox import probes

reference = load_reference("training")
CASES = [("relu", [10, 16, 12, 3]), ("tanh", [10, 16, 8, 3]), ("sigmoid", [6, 8, 3]), ("leaky_relu", [10, 12, 3])]


def posed(seed: int, activation: str, sizes):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(120, sizes[0])).astype(np.float32)
    y = rng.integers(0, sizes[-1], 120)
    kernels = [rng.normal(0, np.sqrt(2 / a), size=(a, b)) for a, b in zip(sizes, sizes[1:])]
    spec = {"weights": kernels, "activation": activation}
    return spec, X, y, rounding.forward(rounding.held_as_float32(kernels), X, activation)


def float32_measures(spec, X, y, order):
    """Loss, stds, gradient norms and raw gradients computed by torch in float32 on the rows in ``order``."""
    model = probes.build_network(spec)
    inputs, labels = torch.as_tensor(X[order]), torch.as_tensor(y[order])
    loss = F.cross_entropy(model(inputs), labels)
    loss.backward()
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    return (
        loss.item(),
        reference.activation_stds(model, X[order]),
        reference.gradient_norms(model, X[order], y[order]),
        [m.weight.grad.double().numpy().T for m in linears],
    )


@pytest.mark.parametrize("seed", range(6), ids=[f"seed-{s}" for s in range(6)])
@pytest.mark.parametrize("activation, sizes", CASES, ids=[c[0] for c in CASES])
def test_float32_computations_lie_within_the_bounds(seed, activation, sizes):
    spec, X, y, passed = posed(seed, activation, sizes)
    weights = rounding.held_as_float32(spec["weights"])
    loss, loss_error = rounding.loss_error(passed, y)
    gradient = rounding.backward(passed, weights, y) if not passed.kinks() else None
    for order_seed in range(3):
        order = np.random.default_rng(order_seed).permutation(len(X))
        got_loss, stds, norms, grads = float32_measures(spec, X, y, order)
        assert abs(got_loss - loss) <= loss_error, f"loss {got_loss} vs {loss}: beyond the bound {loss_error:.3g}"
        for got, (std, error) in zip(stds, rounding.std_errors(passed)):
            assert abs(got - std) <= error, f"std {got} vs {std}: beyond the bound {error:.3g}"
        if gradient is None:
            continue
        for got, (norm, error) in zip(norms, gradient.norm_errors()):
            assert abs(got - norm) <= error, f"gradient norm {got} vs {norm}: beyond the bound {error:.3g}"
        for got, want, error in zip(grads, gradient.kernels, gradient.kernel_errors):
            assert np.all(np.abs(got - want) <= error), f"a gradient entry is {np.abs(got - want).max():.3g} off"


@pytest.mark.parametrize("activation, sizes", CASES, ids=[c[0] for c in CASES])
def test_the_bounds_are_narrow_enough_to_be_tolerances(activation, sizes):
    spec, X, y, passed = posed(0, activation, sizes)
    loss, loss_error = rounding.loss_error(passed, y)
    assert loss_error <= 1e-3 * loss, f"the loss's bound is {loss_error / loss:.3g} of it"
    assert all(error <= 1e-3 * std for std, error in rounding.std_errors(passed))


def test_kinks_count_relu_inputs_within_their_error_of_zero():
    X = np.array([[1.0, 1.0]], dtype=np.float32)
    kink = [np.array([[1.0, 0.5], [-1.0, 0.5]]), np.array([[1.0], [1.0]])]  # the first unit's input is exactly 0
    assert rounding.forward(kink, X, "relu").kinks() == 1
    assert rounding.forward(kink, X, "tanh").kinks() == 0, "tanh has no kink"
    zeros = [np.zeros((2, 2)), np.zeros((2, 1))]
    assert rounding.forward(zeros, X, "relu").kinks() == 0, "exact zeros from exact zeros are no kink"


def test_ties_count_samples_whose_top_logits_are_within_their_error():
    X = np.array([[1.0, 2.0], [1.0, 0.0]], dtype=np.float32)
    kernel = [np.array([[1.0, 1.0, 0.0], [0.5, 0.5, 0.0]])]  # logits 2, 2, 0 then 1, 1, 0: both tied
    assert rounding.forward(kernel, X).ties() == 2
    one_apart = [np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])]  # logits 3, 1, 0 then 1, 1, 0
    assert rounding.forward(one_apart, X).ties() == 1
