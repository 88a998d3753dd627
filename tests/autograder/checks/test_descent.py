"""The hand-written update rules agree with torch.optim, mistakes included."""

import copy

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from autograder.checks import descent

STEPS = 4


def network_and_data(seed: int):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(40, 6, generator=generator)
    y = torch.randint(0, 3, (40,), generator=generator)
    model = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3))
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.5)
    return model, X, y


def torch_trained(model, X, y, optimizer, *, zero_grad: bool = True, reduction: str = "mean") -> list[float]:
    losses = []
    for _ in range(STEPS):
        if zero_grad:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(X), y, reduction=reduction)
        losses.append(loss.item() / (len(X) if reduction == "sum" else 1))
        loss.backward()
        optimizer.step()
    return losses


def largest_difference(a: nn.Module, b: nn.Module) -> float:
    return max(float((p - q).detach().abs().max()) for p, q in zip(a.parameters(), b.parameters()))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "rule, make_optimizer, mistake",
    [
        (descent.Momentum(0.1), lambda p: torch.optim.SGD(p, lr=0.1), {}),
        (descent.Momentum(0.03, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.03, momentum=0.9), {}),
        (descent.Adam(0.01), lambda p: torch.optim.Adam(p, lr=0.01), {}),
        (descent.Momentum(0.05, accumulate=True), lambda p: torch.optim.SGD(p, lr=0.05), {"zero_grad": False}),
        (descent.Momentum(0.002), lambda p: torch.optim.SGD(p, lr=0.002), {"reduction": "sum"}),
    ],
    ids=["sgd", "sgd-momentum", "adam", "no-zero-grad", "summed-loss"],
)
def test_rule_matches_torch_optim(seed, rule, make_optimizer, mistake):
    model, X, y = network_and_data(seed)
    by_hand = copy.deepcopy(model)
    expected_losses = torch_trained(model, X, y, make_optimizer(model.parameters()), **mistake)
    scale = float(len(X)) if mistake.get("reduction") == "sum" else 1.0
    losses = descent.full_batch_training(by_hand, X, y, epochs=STEPS, rule=rule, loss_scale=scale)

    difference = largest_difference(model, by_hand)
    assert difference <= 1e-6, f"{rule} differs from torch.optim by {difference:.3g} after {STEPS} steps"
    assert losses == pytest.approx(expected_losses, rel=1e-6), f"losses {losses}, torch.optim's {expected_losses}"


def test_rules_differ_from_each_other():
    """A rule that ignored its options would pass the test above for one of them only by accident."""
    trained = {}
    for name, rule in {
        "sgd": descent.Momentum(0.03),
        "momentum": descent.Momentum(0.03, momentum=0.9),
        "adam": descent.Adam(0.03),
        "no-zero-grad": descent.Momentum(0.03, accumulate=True),
    }.items():
        model, X, y = network_and_data(0)
        descent.full_batch_training(model, X, y, epochs=STEPS, rule=rule)
        trained[name] = model
    names = list(trained)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            difference = largest_difference(trained[first], trained[second])
            assert difference > 1e-4, f"{first} and {second} trained to the same weights (difference {difference:.3g})"


def test_a_rule_can_be_reused():
    """Rules are stateless: the hidden suite builds them once and trains many networks with each."""
    rule = descent.Momentum(0.03, momentum=0.9)
    first, X, y = network_and_data(3)
    second = copy.deepcopy(first)
    descent.full_batch_training(first, X, y, epochs=STEPS, rule=rule)
    descent.full_batch_training(second, X, y, epochs=STEPS, rule=rule)
    assert largest_difference(first, second) == 0, "a second run with the same rule trained differently"
