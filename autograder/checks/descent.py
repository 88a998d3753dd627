"""Training written out by hand, to compare a student's ``train`` with: a linear softmax classifier
(one Linear layer) trained in float64, and a bound on how far a correct float32 run of the same steps
can end from it.

Each update rule is the one ``torch.optim`` documents, step ``t = 1, 2, ...`` with gradient ``g_t``
of the mean cross-entropy over the step's batch:

    gradient descent     w <- w - lr * g_t
    SGD with momentum    b_1 = g_1,  b_t = momentum * b_{t-1} + g_t;          w <- w - lr * b_t
    Adam                 m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
                         v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2
                         w <- w - lr * mhat_t / (sqrt(vhat_t) + eps),
                         mhat_t = m_t / (1 - beta1**t),  vhat_t = v_t / (1 - beta2**t)

Why one layer: its loss is convex with a Hessian known in closed form, H = mean_j A_j (x) x_j x_j^T
with A_j = diag(p_j) - p_j p_j^T (x_j with a 1 appended for the bias), and A_j's rows sum in absolute
value to 2 p_c (1 - p_c) <= 1/2. So the gradient is Lipschitz with constants the judge computes:
L_2 = lambda_max(mean_j x_j x_j^T) / 2 in the 2-norm, L_inf = max_j |x_j|_inf |x_j|_1 / 2 in the max
norm. A float32 run differs from this one by each step's rounding of the gradient (``rounding.backward``)
and of the update, carried to later steps through those constants:

* gradient descent: a step w -> w - lr g(w) of a convex L-smooth loss is max(1, lr L_2 - 1)-Lipschitz,
  so ||error||_2 grows by at most that factor per step plus the step's own rounding;
* momentum: the buffer's error grows by momentum times itself plus the gradient's, L_2 ||error||_2
  included;
* Adam, per coordinate (it divides by sqrt(vhat) + eps = D): if every gradient is off by at most e,
  mhat moves by e and sqrt(vhat) by e (both are weighted means with weights summing to 1), and
  |mhat| <= C_t sqrt(vhat) with C_t = sqrt(sum_s w_s^2 / w'_s) (Cauchy-Schwarz; w, w' the weights of
  the two means), so the step moves by at most lr (1 + C_t) e / (D - e). That needs D > e: the
  problem must keep every gradient well away from its rounding error (``Replay`` raises otherwise).

``Replay.tolerance`` is twice the bound (covering terms of second order in the unit roundoff).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from autograder.checks import rounding


@dataclass(frozen=True)
class Momentum:
    """SGD with momentum (``momentum=0`` is gradient descent). ``accumulate`` models a missing
    ``zero_grad()``: each step uses the sum of this step's gradient and all earlier ones."""

    lr: float
    momentum: float = 0.0
    accumulate: bool = False


@dataclass(frozen=True)
class Adam:
    """Adam with torch's defaults: ``betas=(0.9, 0.999)``, ``eps=1e-8``, no weight decay."""

    lr: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8


@dataclass
class Replay:
    """A linear softmax classifier after some steps: its (features, classes) kernel and its bias,
    the mean loss of each step's batch before the step, and per coordinate the largest distance a
    correct float32 run can end from the kernel and bias (``tolerance``, as kernel and bias)."""

    kernel: np.ndarray
    bias: np.ndarray
    losses: list[float] = field(default_factory=list)
    loss_tolerances: list[float] = field(default_factory=list)
    kernel_tolerance: np.ndarray | None = None
    bias_tolerance: np.ndarray | None = None

    def differences(self, kernel, bias) -> tuple[float, float]:
        """The largest distance of (kernel, bias) from this replay's, and its ratio to the tolerance."""
        distance = np.concatenate([np.abs(np.asarray(kernel) - self.kernel).ravel(), np.abs(bias - self.bias)])
        allowed = np.concatenate([self.kernel_tolerance.ravel(), self.bias_tolerance])
        return float(distance.max()), float((distance / allowed).max())


def replay(kernel, X, y, *, batches, rule, loss_scale: float = 1.0) -> Replay:
    """Train the classifier with this (features, classes) kernel (rounded to float32, as the
    network holds it) and zero bias on float32 inputs ``X`` and labels ``y`` by ``rule``, one step
    per batch of ``batches`` (arrays of sample indices, in order). ``loss_scale`` multiplies the
    loss (``len(X)`` models a summed instead of averaged loss)."""
    X, y = rounding.held_as_float32(X), np.asarray(y)
    state = _State(rounding.held_as_float32(kernel), np.zeros(np.shape(kernel)[1]))
    step = _adam_step if isinstance(rule, Adam) else _momentum_step
    for t, batch in enumerate(batches, start=1):
        passed = rounding.forward([state.kernel], X[batch], biases=[state.bias])
        gradient = rounding.backward(passed, [state.kernel], y[batch])
        state.record(*rounding.loss_error(passed, y[batch]), gradient)
        step(state, rule, gradient, X[batch], t, loss_scale)
    return state.result()


@dataclass
class _State:
    kernel: np.ndarray
    bias: np.ndarray
    losses: list = field(default_factory=list)
    loss_tolerances: list = field(default_factory=list)
    error2: float = 0.0  # bound on the 2-norm of the parameters' error (gradient descent, momentum)
    buffer_error2: float = 0.0
    error: np.ndarray | None = None  # per coordinate (Adam), kernel then bias, flattened
    moments: dict = field(default_factory=dict)

    def parameters(self) -> np.ndarray:
        return np.concatenate([self.kernel.ravel(), self.bias])

    def record(self, loss: float, loss_error: float, gradient: rounding.Gradient) -> None:
        """The batch's loss before the step, and how far a float32 run's can be: its rounding, and
        the loss's change over the parameters' error (|g| times it, to first order)."""
        size = np.linalg.norm(_flat(gradient)[0])
        error = self.error2 if self.error is None else float(np.linalg.norm(self.error))
        self.losses.append(loss)
        self.loss_tolerances.append(2 * (loss_error + size * error))

    def move(self, step: np.ndarray) -> None:
        self.kernel = self.kernel - step[: self.kernel.size].reshape(self.kernel.shape)
        self.bias = self.bias - step[self.kernel.size :]

    def result(self) -> Replay:
        error = np.full(self.kernel.size + self.bias.size, self.error2) if self.error is None else self.error
        return Replay(
            self.kernel,
            self.bias,
            self.losses,
            self.loss_tolerances,
            2 * error[: self.kernel.size].reshape(self.kernel.shape),
            2 * error[self.kernel.size :],
        )


def _flat(gradient: rounding.Gradient) -> tuple[np.ndarray, np.ndarray]:
    """The gradient and its rounding bound as one vector each: kernel, then bias."""
    return (
        np.concatenate([gradient.kernels[0].ravel(), gradient.biases[0]]),
        np.concatenate([gradient.kernel_errors[0].ravel(), gradient.bias_errors[0]]),
    )


def _with_bias(X: np.ndarray) -> np.ndarray:
    return np.hstack([X, np.ones((len(X), 1))])


def _momentum_step(state: _State, rule: Momentum, gradient: rounding.Gradient, X, t: int, scale: float) -> None:
    g, rounding_error = _flat(gradient)
    g = g * scale
    if rule.accumulate:
        g = state.moments["sum"] = state.moments.get("sum", 0) + g
    lipschitz = np.linalg.eigvalsh(_with_bias(X).T @ _with_bias(X) / len(X))[-1] / 2
    gradient_error = float(np.linalg.norm(rounding_error)) + lipschitz * state.error2
    if rule.momentum:
        buffer = g if t == 1 else rule.momentum * state.moments["buffer"] + g
        state.moments["buffer"] = buffer
        state.buffer_error2 = rule.momentum * state.buffer_error2 + gradient_error
        state.buffer_error2 += 2 * rounding.U * float(np.linalg.norm(buffer))
        carried = state.error2 + rule.lr * state.buffer_error2
    else:
        buffer = g
        carried = max(1.0, rule.lr * lipschitz - 1.0) * state.error2 + rule.lr * float(np.linalg.norm(rounding_error))
    state.move(rule.lr * buffer)
    update_rounding = rounding.U * (np.linalg.norm(state.parameters()) + rule.lr * np.linalg.norm(buffer))
    state.error2 = carried + float(update_rounding)


def _adam_step(state: _State, rule: Adam, gradient: rounding.Gradient, X, t: int, scale: float) -> None:
    g, rounding_error = _flat(gradient)
    g = g * scale
    if state.error is None:
        state.error, state.moments = np.zeros_like(g), {"m": np.zeros_like(g), "v": np.zeros_like(g), "e": 0 * g}
    rows = _with_bias(X)
    lipschitz = float(np.max(np.abs(rows).max(axis=1) * np.abs(rows).sum(axis=1))) / 2
    moments = state.moments
    moments["e"] = np.maximum(moments["e"], rounding_error + lipschitz * state.error.max())
    moments["m"] = rule.beta1 * moments["m"] + (1 - rule.beta1) * g
    moments["v"] = rule.beta2 * moments["v"] + (1 - rule.beta2) * g**2
    denominator = np.sqrt(moments["v"] / (1 - rule.beta2**t)) + rule.eps
    step = rule.lr * moments["m"] / (1 - rule.beta1**t) / denominator
    margin = float((denominator / moments["e"]).min())
    if margin <= 2:
        raise ValueError(
            f"an Adam step's denominator is only {margin:.3g} times its gradient's rounding error; "
            "pose a problem whose gradients stay away from zero"
        )
    spread = _mean_spread(rule, t)
    state.move(step)
    state.error = (
        state.error
        + rule.lr * (1 + spread) * moments["e"] / (denominator - moments["e"])
        + (3 * t + 8) * rounding.U * np.abs(step)
        + rounding.U * np.abs(state.parameters())
    )


def _mean_spread(rule: Adam, t: int) -> float:
    """C_t = sqrt(sum_s w_s^2 / w'_s): the bound |mhat_t| <= C_t sqrt(vhat_t), where mhat_t and vhat_t
    weigh g_s and g_s^2 by w_s = (1 - beta1) beta1^(t-s) / (1 - beta1^t) and w'_s likewise with beta2."""
    return math.sqrt(
        sum(
            ((1 - rule.beta1) * rule.beta1 ** (t - s) / (1 - rule.beta1**t)) ** 2
            / ((1 - rule.beta2) * rule.beta2 ** (t - s) / (1 - rule.beta2**t))
            for s in range(1, t + 1)
        )
    )
