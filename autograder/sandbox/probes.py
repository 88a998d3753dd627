"""Plain-data descriptions of what the grader hands to student code, and how to rebuild them.

The hidden tests never pass callables or torch modules to the student side: they pass specs
(plain dicts), and both sides rebuild the same object from a spec with the functions here.
The judge uses them to replay what the student's code should have done.

* an *initializer spec* ``{"kind": "counting"}``, ``{"kind": "normal", "std": 0.1}``,
  ``{"kind": "zeros"}``, ``{"kind": "constant", "value": 0.1}``, ``{"kind": "he"}`` or
  ``{"kind": "xavier"}`` names an initializer ``(shape, rng) -> ndarray``;
* a *network spec* ``{"weights": [W1, W2, ...], "activation": "relu"}`` lists each layer's
  kernel in (fan_in, fan_out) layout; biases are zero unless ``"biases": [b1, b2, ...]`` gives them.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn


class InputRecorder(nn.Module):
    """Passes its input through unchanged and keeps a copy of every batch it sees while gradients
    are enabled (a training step's forward pass, not an evaluation under ``torch.no_grad()``), so
    the judge can tell which samples a training loop stepped on and in what order."""

    def __init__(self):
        super().__init__()
        self.batches: list[np.ndarray] = []

    def forward(self, inputs):
        if torch.is_grad_enabled():
            self.batches.append(inputs.detach().cpu().numpy().copy())
        return inputs


def make_initializer(spec: dict):
    """Return the initializer ``(shape, rng) -> float64 ndarray`` that ``spec`` describes."""
    kind = spec["kind"]
    if kind == "counting":
        # Deterministic, every entry distinct, rows and columns tell apart: shows a transpose.
        return lambda shape, rng: np.add.outer(np.arange(shape[0]) * 0.01, np.arange(shape[1]) * 0.0001)
    if kind == "normal":
        return lambda shape, rng: rng.normal(0.0, spec["std"], size=shape)
    if kind == "zeros":
        return lambda shape, rng: np.zeros(shape)
    if kind == "constant":
        return lambda shape, rng: np.full(shape, float(spec["value"]))
    if kind == "he":
        return lambda shape, rng: rng.normal(0.0, math.sqrt(2.0 / shape[0]), size=shape)
    if kind == "xavier":
        return lambda shape, rng: rng.normal(0.0, math.sqrt(2.0 / (shape[0] + shape[1])), size=shape)
    raise ValueError(f"unknown initializer kind {kind!r}; known: counting, normal, zeros, constant, he, xavier")


def network_weights(layer_sizes, spec: dict, seed: int) -> list[np.ndarray]:
    """The kernels, (fan_in, fan_out) each, that ``spec`` gives layer by layer from one
    ``np.random.default_rng(seed)``: what ``build_mlp`` must put in the network."""
    initializer, rng = make_initializer(spec), np.random.default_rng(seed)
    return [np.asarray(initializer((a, b), rng), dtype=np.float64) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]


def build_network(spec: dict):
    """A ``torch.nn.Sequential`` with the kernels of a network spec (transposed to torch's
    layout, float32), its biases (zero if it gives none) and the activation between layers; with
    ``"record_inputs": True`` it starts with an ``InputRecorder``."""
    activations = {"relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}
    layers = [InputRecorder()] if spec.get("record_inputs") else []
    # nn.Linear draws a default init that is overwritten at once; fork_rng leaves torch's global
    # generator as it was. (skip_init would avoid the draw, but its first use imports sympy for
    # the meta device: 0.4 s in every grading process.)
    with torch.random.fork_rng(devices=[]):
        linears = [nn.Linear(kernel.shape[0], kernel.shape[1]) for kernel in spec["weights"]]
    biases = spec.get("biases") or [None] * len(linears)
    for index, (kernel, bias, linear) in enumerate(zip(spec["weights"], biases, linears)):
        with torch.no_grad():
            linear.weight.copy_(torch.as_tensor(np.ascontiguousarray(kernel.T), dtype=torch.float32))
            if bias is None:
                linear.bias.zero_()
            else:
                linear.bias.copy_(torch.as_tensor(bias, dtype=torch.float32))
        layers.append(linear)
        if index < len(spec["weights"]) - 1:
            layers.append(activations[spec["activation"]]())
    return nn.Sequential(*layers)


def sgd_steps(model, optimizer, X, y, steps: int) -> None:
    """``steps`` full-batch steps of ``optimizer`` on the mean cross-entropy of ``model`` on (X, y):
    the training the judge replays after a transfer, the same on both sides."""
    inputs, labels = torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)
    for _ in range(steps):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(inputs), labels).backward()
        optimizer.step()
