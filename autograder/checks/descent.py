"""Full-batch training written out by hand, for the hidden tests to compare a student's ``train`` with.

Each update rule is the one ``torch.optim`` documents, step ``t = 1, 2, ...`` with gradient ``g_t``
of the mean cross-entropy over the whole training set:

    gradient descent     w <- w - lr * g_t
    SGD with momentum    b_1 = g_1,  b_t = momentum * b_{t-1} + g_t;          w <- w - lr * b_t
    Adam                 m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
                         v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2
                         w <- w - lr / (1 - beta1**t) * m_t / (sqrt(v_t) / sqrt(1 - beta2**t) + eps)

Writing them out keeps the judge independent of the student's tools, and spares it from loading
what ``torch.optim`` loads on first use (``torch._dynamo``, over a second of start-up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch.nn import functional as F


@dataclass(frozen=True)
class Momentum:
    """SGD with momentum (``momentum=0`` is plain gradient descent). ``accumulate`` models a
    missing ``zero_grad()``: each step uses the sum of this step's gradient and all earlier ones."""

    lr: float
    momentum: float = 0.0
    accumulate: bool = False

    def step(self, parameters, gradients, state: dict, t: int) -> None:
        """Update ``parameters`` in place at step ``t``; ``state`` (empty at ``t = 1``) carries
        the sums and momentum buffers from one step to the next."""
        if self.accumulate:
            earlier = state.get("sums", [torch.zeros_like(g) for g in gradients])
            gradients = state["sums"] = [s + g for s, g in zip(earlier, gradients)]
        if self.momentum:
            if "buffers" in state:
                state["buffers"] = [self.momentum * b + g for b, g in zip(state["buffers"], gradients)]
            else:
                state["buffers"] = [g.clone() for g in gradients]
            gradients = state["buffers"]
        for parameter, gradient in zip(parameters, gradients):
            parameter -= self.lr * gradient


@dataclass(frozen=True)
class Adam:
    """Adam with torch's defaults: ``betas=(0.9, 0.999)``, ``eps=1e-8``, no weight decay."""

    lr: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def step(self, parameters, gradients, state: dict, t: int) -> None:
        """Update ``parameters`` in place at step ``t``; ``state`` carries the two moment estimates."""
        means = state.setdefault("means", [torch.zeros_like(g) for g in gradients])
        squares = state.setdefault("squares", [torch.zeros_like(g) for g in gradients])
        for parameter, gradient, mean, square in zip(parameters, gradients, means, squares):
            mean.mul_(self.beta1).add_(gradient, alpha=1 - self.beta1)
            square.mul_(self.beta2).addcmul_(gradient, gradient, value=1 - self.beta2)
            denominator = square.sqrt() / math.sqrt(1 - self.beta2**t) + self.eps
            parameter -= self.lr / (1 - self.beta1**t) * mean / denominator


def full_batch_training(model, X, y, *, epochs: int, rule, loss_scale: float = 1.0) -> list[float]:
    """Train ``model`` in place for ``epochs`` full-batch steps of ``rule`` (``Momentum`` or
    ``Adam``); ``loss_scale`` multiplies the loss before differentiation (``len(X)`` models a
    summed instead of averaged loss). Returns the mean loss before each step."""
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    parameters, losses, state = list(model.parameters()), [], {}
    for t in range(1, epochs + 1):
        loss = F.cross_entropy(model(X), y)
        losses.append(loss.item())
        gradients = torch.autograd.grad(loss * loss_scale, parameters)
        with torch.no_grad():
            rule.step(parameters, gradients, state, t)
    return losses
