"""The hand-written training of a linear classifier: it agrees with torch.optim in float64, and its
tolerance holds every correct float32 run (samples in any order) while a wrong update exceeds it."""

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F

from autograder.checks import descent, rounding

STEPS = 3


def problem(seed: int, *, one_class: bool = False):
    """(kernel, X, y): a (features, classes) kernel and float32 data, as the hidden tests pose them."""
    rng = np.random.default_rng(seed)
    if one_class:
        X = rng.uniform(0.5, 1.5, size=(32, 4)).astype(np.float32)
        return rng.normal(0, 0.1, size=(4, 3)), X, np.full(32, 2)
    X = rng.normal(size=(60, 6)).astype(np.float32)
    return rng.normal(0, 0.5, size=(6, 3)), X, rng.integers(0, 3, 60)


def torch_run(kernel, X, y, make_optimizer, *, dtype, steps=STEPS, order_seed=None, zero_grad=True, reduction="mean"):
    """Full-batch training with torch.optim; ``order_seed`` shuffles the rows (another summation order)."""
    model = nn.Linear(kernel.shape[0], kernel.shape[1]).to(dtype)
    with torch.no_grad():
        model.weight.copy_(torch.as_tensor(rounding.held_as_float32(kernel).T, dtype=dtype))
        model.bias.zero_()
    order = np.arange(len(X)) if order_seed is None else np.random.default_rng(order_seed).permutation(len(X))
    inputs, labels = torch.as_tensor(X[order], dtype=dtype), torch.as_tensor(y[order])
    optimizer, losses = make_optimizer(model.parameters()), []
    for _ in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(inputs), labels, reduction=reduction)
        losses.append(loss.item() / (len(X) if reduction == "sum" else 1))
        loss.backward()
        optimizer.step()
    return model.weight.detach().double().numpy().T, model.bias.detach().double().numpy(), losses


MOMENTUM = descent.Momentum(0.03, momentum=0.9)
RULES = [
    ("sgd", descent.Momentum(0.1), lambda p: torch.optim.SGD(p, lr=0.1), {}, {}),
    ("sgd-momentum", descent.Momentum(0.03, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.03, momentum=0.9), {}, {}),
    ("adam", descent.Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01), {"one_class": True}, {}),
    (
        "no-zero-grad",
        descent.Momentum(0.05, accumulate=True),
        lambda p: torch.optim.SGD(p, lr=0.05),
        {},
        {"zero_grad": False},
    ),
    ("summed-loss", descent.Momentum(0.002), lambda p: torch.optim.SGD(p, lr=0.002), {}, {"reduction": "sum"}),
]


@pytest.mark.parametrize("seed", [0, 1, 2], ids=["seed-0", "seed-1", "seed-2"])
@pytest.mark.parametrize("name, rule, make_optimizer, posed, mistake", RULES, ids=[r[0] for r in RULES])
def test_replay_matches_torch_optim_in_float64(seed, name, rule, make_optimizer, posed, mistake):
    kernel, X, y = problem(seed, **posed)
    scale = float(len(X)) if mistake.get("reduction") == "sum" else 1.0
    expected = descent.replay(kernel, X, y, batches=[np.arange(len(X))] * STEPS, rule=rule, loss_scale=scale)
    weight, bias, losses = torch_run(kernel, X, y, make_optimizer, dtype=torch.float64, **mistake)
    difference = max(np.abs(weight - expected.kernel).max(), np.abs(bias - expected.bias).max())
    assert difference <= 1e-12, f"{name}: the replay differs from torch.optim in float64 by {difference:.3g}"
    assert losses == pytest.approx(expected.losses, rel=1e-12), f"losses {expected.losses}, torch.optim's {losses}"


@pytest.mark.parametrize("seed", range(8), ids=[f"seed-{s}" for s in range(8)])
@pytest.mark.parametrize("name, rule, make_optimizer, posed, mistake", RULES[:3], ids=[r[0] for r in RULES[:3]])
def test_every_float32_run_ends_within_the_tolerance(seed, name, rule, make_optimizer, posed, mistake):
    """torch.optim in float32, on the rows in five different orders: each run is a correct train's."""
    kernel, X, y = problem(seed, **posed)
    expected = descent.replay(kernel, X, y, batches=[np.arange(len(X))] * STEPS, rule=rule)
    for order_seed in range(5):
        weight, bias, losses = torch_run(kernel, X, y, make_optimizer, dtype=torch.float32, order_seed=order_seed)
        distance, ratio = expected.differences(weight, bias)
        assert ratio <= 1, f"{name}: a float32 run ends {distance:.3g} away, {ratio:.3g} times the tolerance"
        for got, want, allowed in zip(losses, expected.losses, expected.loss_tolerances):
            assert abs(got - want) <= allowed, f"{name}: loss {got} vs {want}, allowed {allowed:.3g}"


@pytest.mark.parametrize(
    "name, rule, make_optimizer",
    [
        ("adamw", descent.Adam(0.01), lambda p: torch.optim.AdamW(p, lr=0.01)),
        ("adam-betas", descent.Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.99))),
        ("adam-other-lr", descent.Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.003)),
        ("sgd-dampening", MOMENTUM, lambda p: torch.optim.SGD(p, lr=0.03, momentum=0.9, dampening=0.1)),
        ("sgd-nesterov", MOMENTUM, lambda p: torch.optim.SGD(p, lr=0.03, momentum=0.9, nesterov=True)),
    ],
    ids=["adamw", "adam-betas", "adam-lr", "sgd-dampening", "sgd-nesterov"],
)
@pytest.mark.parametrize("seed", [0, 1, 2], ids=["seed-0", "seed-1", "seed-2"])
def test_another_update_exceeds_the_tolerance(seed, name, rule, make_optimizer):
    """The tolerance is tight enough to tell Adam from AdamW's weight decay of 0.01 or from other betas,
    and SGD with momentum from its dampened or Nesterov variants."""
    kernel, X, y = problem(seed, one_class=isinstance(rule, descent.Adam))
    expected = descent.replay(kernel, X, y, batches=[np.arange(len(X))] * STEPS, rule=rule)
    weight, bias, _ = torch_run(kernel, X, y, make_optimizer, dtype=torch.float32)
    distance, ratio = expected.differences(weight, bias)
    assert ratio > 1, f"{name} ends {distance:.3g} from the replay, within its tolerance ({ratio:.3g} of it)"


def test_mini_batches_are_replayed_in_the_order_given():
    kernel, X, y = problem(4)
    batches = [np.arange(0, 20), np.arange(20, 60), np.arange(40, 60)]
    expected = descent.replay(kernel, X, y, batches=batches, rule=descent.Momentum(0.1))
    model = nn.Linear(6, 3).double()
    with torch.no_grad():
        model.weight.copy_(torch.as_tensor(rounding.held_as_float32(kernel).T))
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for batch in batches:
        optimizer.zero_grad()
        F.cross_entropy(model(torch.as_tensor(X[batch], dtype=torch.float64)), torch.as_tensor(y[batch])).backward()
        optimizer.step()
    assert np.abs(model.weight.detach().numpy().T - expected.kernel).max() <= 1e-12
    assert len(expected.losses) == 3


def test_adam_refuses_a_problem_whose_gradients_near_zero():
    """Balanced classes make some gradient coordinates cancel to near 0, where Adam's division can
    turn rounding into a step of any size: no tolerance holds there, so the replay says so."""
    X = np.array([[1.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    with pytest.raises(ValueError, match=r"denominator is only .* times its gradient's rounding error"):
        descent.replay(np.zeros((2, 2)), X, np.array([0, 1]), batches=[np.arange(2)] * 2, rule=descent.Adam(0.01))
