"""Bounds on float32 rounding error: how far a correct float32 computation can land from the judge's.

A student's ``train``, ``evaluate``, ``activation_stds`` and ``gradient_norms`` compute in float32
(the networks' dtype), in whatever order their operations come, so their numbers differ from the
judge's by rounding. Standard error analysis bounds the difference (Higham, *Accuracy and Stability
of Numerical Algorithms*, 2nd ed., 2002, ch. 3): with unit roundoff ``U`` = 2^-24,

* a sum or dot product of n terms, computed in any order, is off by at most
  gamma_n = n U / (1 - n U) times the sum of the terms' absolute values (Lemma 3.1, (3.5));
* an elementwise operation is off by a few U of its result: 0 for ReLU, U for a product,
  ``ELEMENTWISE`` = 4 U for exp, log and tanh (2 ulp; glibc's and SLEEF's float32 versions,
  which torch uses on the CPU, are within 1 ulp).

``forward`` and ``backward`` carry these bounds through a multilayer perceptron entry by entry, to
first order in U: a judge's tolerance is at least twice the bound, which covers the dropped terms
(of relative size below 1e-12 here). The bounds assume no ReLU input and no pair of top logits
lies within its own error of a tie (``kinks``, ``ties``): there a rounding error can flip a
derivative or a prediction, and the hidden tests pose another problem instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

U = 2.0**-24
ELEMENTWISE = 4 * U
_ACTIVATIONS = {  # function, derivative as torch computes it from the output, rounding of the function
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, h: (z > 0).astype(float), 0.0),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z, h: np.where(z > 0, 1.0, 0.01), U),
    "tanh": (np.tanh, lambda z, h: 1.0 - h**2, ELEMENTWISE),
    "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda z, h: h * (1.0 - h), ELEMENTWISE),
    "linear": (lambda z: z, lambda z, h: np.ones_like(z), 0.0),
}


def gamma(n: int) -> float:
    """gamma_n = n U / (1 - n U): the relative error bound of an n-term float32 sum."""
    return n * U / (1.0 - n * U)


@dataclass(frozen=True)
class Forward:
    """A float64 forward pass of an MLP and, per layer, bounds on a float32 pass's error."""

    inputs: list[np.ndarray]  # what enters each Linear layer: X, then each hidden layer's output
    input_errors: list[np.ndarray]
    pre: list[np.ndarray]  # each Linear layer's output
    pre_errors: list[np.ndarray]
    activation: str

    @property
    def logits(self) -> np.ndarray:
        return self.pre[-1]

    def kinks(self) -> int:
        """How many ReLU inputs lie within their error of 0, where a rounding error can flip the
        derivative (exact zeros computed from exact zeros, as in an all-zero network, do not count)."""
        if self.activation not in ("relu", "leaky_relu"):
            return 0
        return sum(int(np.sum((np.abs(z) <= e) & (e > 0))) for z, e in zip(self.pre[:-1], self.pre_errors[:-1]))

    def ties(self) -> int:
        """How many samples have their two largest logits within the sum of their errors."""
        order = np.argsort(self.logits, axis=1)
        top, second = order[:, -1:], order[:, -2:-1]
        gap = np.take_along_axis(self.logits, top, 1) - np.take_along_axis(self.logits, second, 1)
        error = np.take_along_axis(self.pre_errors[-1], top, 1) + np.take_along_axis(self.pre_errors[-1], second, 1)
        return int(np.sum(gap <= error))


def forward(kernels, X, activation: str = "relu", biases=None) -> Forward:
    """The forward pass of the network with these (fan_in, fan_out) kernels and biases (zero if
    None), taken as exact (``held_as_float32`` gives the values a float32 network holds), on float32
    inputs ``X``. With |W| and |h| taken entrywise:

        error(z_l) <= error(h_{l-1}) |W_l| + gamma_{fan_in + 1} (|h_{l-1}| |W_l| + |b_l|)
        error(h_l) <= error(z_l) + rounding(act) |h_l|          (every activation is 1-Lipschitz)
    """
    act, _, rounding = _ACTIVATIONS[activation]
    h = held_as_float32(X)
    error = np.zeros_like(h)
    record = Forward([], [], [], [], activation)
    for index, kernel in enumerate(kernels):
        W = np.asarray(kernel, dtype=np.float64)
        b = np.zeros(W.shape[1]) if biases is None else np.asarray(biases[index], dtype=np.float64)
        record.inputs.append(h)
        record.input_errors.append(error)
        z = h @ W + b
        record.pre.append(z)
        record.pre_errors.append(error @ np.abs(W) + gamma(W.shape[0] + 1) * (np.abs(h) @ np.abs(W) + np.abs(b)))
        h = act(z)
        error = record.pre_errors[-1] + rounding * np.abs(h)
    return record


def loss_error(passed: Forward, y) -> tuple[float, float]:
    """The mean cross-entropy of ``passed``'s logits against labels ``y`` and a bound on a float32
    computation's error. Per sample, loss = lse(z) - z_y with lse(z) = log sum exp z; lse is
    1-Lipschitz in the largest entry, so error <= 2 max_c error(z_c) + (C + 8) U (1 + |lse| + 2 max|z|)
    (the subtraction of the largest logit, C exponentials and their sum, the log); the mean of n
    positive losses adds gamma_n of itself."""
    z, error = passed.logits, passed.pre_errors[-1]
    lse = _logsumexp(z)
    losses = lse - z[np.arange(len(z)), np.asarray(y)]
    per_sample = 2 * error.max(axis=1) + (z.shape[1] + 8) * U * (1 + np.abs(lse) + 2 * np.abs(z).max(axis=1))
    return float(losses.mean()), float(per_sample.mean() + gamma(len(z)) * losses.mean())


def std_errors(passed: Forward) -> list[tuple[float, float]]:
    """Per hidden layer, the population std over all entries of its output and a bound on a float32
    computation's error: |std(a) - std(b)| <= ||a - b||_2 / sqrt(N), and computing it adds
    (gamma_N + 3 U) of itself (a sum of N squares; the mean's error enters only squared)."""
    found = []
    for h, error in zip(passed.inputs[1:], passed.input_errors[1:]):
        std = float(h.std())
        found.append((std, float(np.linalg.norm(error)) / math.sqrt(h.size) + (gamma(h.size) + 3 * U) * std))
    return found


@dataclass(frozen=True)
class Gradient:
    """Per Linear layer, the gradient of the mean cross-entropy and a bound on a float32 one's error."""

    kernels: list[np.ndarray]  # (fan_in, fan_out), like the kernels
    kernel_errors: list[np.ndarray]
    biases: list[np.ndarray]
    bias_errors: list[np.ndarray]

    def norm_errors(self) -> list[tuple[float, float]]:
        """Per layer, the Frobenius norm of the kernel's gradient and a bound on its error."""
        found = []
        for grad, error in zip(self.kernels, self.kernel_errors):
            norm = float(np.linalg.norm(grad))
            found.append((norm, float(np.linalg.norm(error)) + gamma(grad.size) * norm))
        return found


def backward(passed: Forward, kernels, y) -> Gradient:
    """Backpropagation of the mean cross-entropy through ``passed``, with error bounds carried
    along. With delta_l the loss's gradient at z_l and d = act'(z):

        delta_L = (softmax(z_L) - onehot(y)) / n,
            error <= (p (2 max error(z) + (C + 8) U) + U |p - y|) / n
        grad W_l = h_{l-1}^T delta_l,
            error <= |h|^T error(delta) + error(h)^T |delta| + gamma_n |h|^T |delta|
        delta_{l-1} = (delta_l W_l^T) * d,
            error <= (error(delta) |W|^T + gamma_{fan_out} |delta| |W|^T) |d| + |delta W^T| error(d)

    with error(d) = 2 |h| error(h) + 3 U for tanh (torch differentiates 1 - h^2 from the output),
    |1 - 2h| error(h) + 3 U for sigmoid, 0 for (leaky) ReLU away from its kink (``Forward.kinks``)."""
    _, derivative, _ = _ACTIVATIONS[passed.activation]
    z, z_error = passed.logits, passed.pre_errors[-1]
    n, classes = z.shape
    p = np.exp(z - _logsumexp(z)[:, None])
    target = np.eye(classes)[np.asarray(y)]
    delta = (p - target) / n
    delta_error = (p * (2 * z_error.max(axis=1, keepdims=True) + (classes + 8) * U) + U * np.abs(p - target)) / n
    layers = []
    for index in reversed(range(len(kernels))):
        h, h_error = passed.inputs[index], passed.input_errors[index]
        grad = h.T @ delta
        layers.append(
            (
                grad,
                np.abs(h).T @ delta_error + h_error.T @ np.abs(delta) + gamma(n) * (np.abs(h).T @ np.abs(delta)),
                delta.sum(axis=0),
                delta_error.sum(axis=0) + gamma(n) * np.abs(delta).sum(axis=0),
            )
        )
        if index == 0:
            break
        W = np.asarray(kernels[index], dtype=np.float64)
        back = delta @ W.T
        back_error = delta_error @ np.abs(W).T + gamma(W.shape[1]) * (np.abs(delta) @ np.abs(W).T)
        d = derivative(passed.pre[index - 1], h)
        delta = back * d
        delta_error = back_error * np.abs(d) + np.abs(back) * _derivative_error(passed.activation, h, h_error)
    kernel, kernel_error, bias, bias_error = (list(column) for column in zip(*reversed(layers)))
    return Gradient(kernel, kernel_error, bias, bias_error)


def _derivative_error(activation: str, h: np.ndarray, h_error: np.ndarray):
    if activation == "tanh":
        return 2 * np.abs(h) * h_error + 3 * U
    if activation == "sigmoid":
        return np.abs(1 - 2 * h) * h_error + 3 * U
    return 0.0


def _logsumexp(z: np.ndarray) -> np.ndarray:
    largest = z.max(axis=1)
    return largest + np.log(np.exp(z - largest[:, None]).sum(axis=1))


def held_as_float32(values):
    """``values`` (an array, or a list of arrays) as a float32 tensor holds them, in float64."""
    if isinstance(values, list | tuple):
        return [held_as_float32(value) for value in values]
    return np.asarray(values, dtype=np.float32).astype(np.float64)
