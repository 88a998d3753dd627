"""Train small multilayer perceptrons with PyTorch (CPU) and measure what initialization does.

An *initializer* is any function ``initializer(shape, rng) -> ndarray`` with the conventions of
``initializers.py``: ``shape`` is ``(fan_in, fan_out)`` and ``rng`` a
``numpy.random.Generator``. Inputs ``X`` are 2-D arrays (samples x features) and labels ``y``
integer class indices; NumPy arrays and torch tensors are both accepted.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

#: Activation module placed after every Linear layer but the last, by name.
ACTIVATIONS = {
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,  # negative slope 0.01
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "linear": nn.Identity,
}
OPTIMIZERS = ("sgd", "adam")


def _as_inputs(X) -> torch.Tensor:
    """Return ``X`` as a float32 tensor of shape (samples, features)."""
    X = torch.as_tensor(np.asarray(X) if not torch.is_tensor(X) else X, dtype=torch.float32)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X must be a non-empty 2-D array (samples x features); received shape {tuple(X.shape)}")
    return X


def _as_labels(y, n_samples: int) -> torch.Tensor:
    """Return ``y`` as an int64 tensor of ``n_samples`` class indices (integers >= 0)."""
    labels = y.detach().cpu().numpy() if torch.is_tensor(y) else np.asarray(y)
    if labels.shape != (n_samples,):
        raise ValueError(
            f"y must be a 1-D array of {n_samples} labels, one per row of X; received shape {labels.shape}"
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"y must hold integer class indices; received dtype {labels.dtype}")
    if labels.size and labels.min() < 0:
        raise ValueError(f"y must hold class indices >= 0; received a label of {labels.min()}")
    return torch.as_tensor(labels, dtype=torch.int64)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_positive_int(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer; received {value!r}")


def _linear_layers(model: nn.Sequential) -> list[nn.Linear]:
    return [module for module in model if isinstance(module, nn.Linear)]


def build_mlp(layer_sizes, initializer, rng, activation: str = "relu") -> nn.Sequential:
    """Build an MLP whose weights come from ``initializer`` and whose biases are zero.

    ``layer_sizes`` = [inputs, hidden..., outputs] gives one ``nn.Linear`` per consecutive pair.
    Layer ``i`` gets ``initializer((fan_in, fan_out), rng)`` transposed to torch's
    (out_features, in_features) layout, as float32, with ``rng`` passed on as given. The
    activation module (see ``ACTIVATIONS``) follows every Linear but the last, so the network
    returns logits. Raises ``ValueError`` for fewer than two sizes, a size below 1, an unknown
    activation, or an initializer that returns the wrong shape.

    >>> model = build_mlp([64, 32, 10], lambda shape, rng: rng.normal(0, 0.1, shape),
    ...                   np.random.default_rng(0), activation="tanh")
    >>> [type(m).__name__ for m in model]
    ['Linear', 'Tanh', 'Linear']
    """
    ### BEGIN SOLUTION
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two sizes (inputs and outputs); received {layer_sizes!r}")
    for size in sizes:
        _check_positive_int("every layer size", size)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}; received {activation!r}")
    layers = []
    for index, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        weight = np.asarray(initializer((fan_in, fan_out), rng), dtype=np.float32)
        if weight.shape != (fan_in, fan_out):
            raise ValueError(
                f"the initializer returned shape {weight.shape} for layer {index}; expected {(fan_in, fan_out)}"
            )
        linear = torch.nn.utils.skip_init(nn.Linear, fan_in, fan_out)  # no draw from torch's global RNG
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight.T)))
            linear.bias.zero_()
        layers.append(linear)
        if index < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
    ### END SOLUTION


def train(model, X, y, *, epochs, lr, batch_size=64, optimizer="sgd", momentum=0.9, seed=0) -> dict:
    """Train ``model`` in place with mini-batch cross-entropy and return its history.

    Each epoch visits the samples in an order drawn from a ``torch.Generator`` seeded with
    ``seed``, in batches of ``batch_size`` (the last may be smaller). ``optimizer`` is "sgd"
    (with ``momentum``) or "adam" (``momentum`` unused). Returns::

        {"loss": [mean training cross-entropy of each epoch],   # length == epochs
         "initial_loss": cross-entropy on (X, y) before the first step}

    The same model, data and seed always give the same history. Raises ``ValueError`` for
    epochs or batch_size below 1, lr <= 0, momentum outside [0, 1), a seed that is not an
    integer, an unknown optimizer, or labels that are not integers >= 0.
    """
    ### BEGIN SOLUTION
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    _check_positive_int("epochs", epochs)
    _check_positive_int("batch_size", batch_size)
    if not (_is_real(lr) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number; received {lr!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer; received {seed!r}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of 'sgd', 'adam'; received {optimizer!r}")
    if not (_is_real(momentum) and 0 <= momentum < 1):
        raise ValueError(f"momentum must be a number in [0, 1); received {momentum!r}")
    if optimizer == "sgd":
        step = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    else:
        step = torch.optim.Adam(model.parameters(), lr=lr)
    order_source = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        initial_loss = F.cross_entropy(model(X), y).item()
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=order_source)
        total = 0.0
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            step.zero_grad()
            loss = F.cross_entropy(model(X[batch]), y[batch])
            loss.backward()
            step.step()
            total += loss.item() * len(batch)
        history.append(total / len(X))
    return {"loss": history, "initial_loss": initial_loss}
    ### END SOLUTION


def evaluate(model, X, y) -> tuple[float, float]:
    """Return ``(loss, accuracy)`` of ``model`` on (X, y): mean cross-entropy, and the fraction
    (in [0, 1]) of samples whose largest logit is the true class. Does not change the model."""
    ### BEGIN SOLUTION
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    with torch.no_grad():
        logits = model(X)
        loss = F.cross_entropy(logits, y).item()
        accuracy = (logits.argmax(dim=1) == y).double().mean().item()
    return loss, accuracy
    ### END SOLUTION


def activation_stds(model, X) -> list[float]:
    """Return the standard deviation of each hidden layer's output, after its activation.

    One number per hidden layer, first layer first: the population standard deviation over all
    entries (samples x units) of the tensor that enters the next Linear layer. Shrinking
    numbers mean a vanishing signal, growing ones an exploding signal.
    """
    ### BEGIN SOLUTION
    hidden = _as_inputs(X)
    stds = []
    with torch.no_grad():
        for index, module in enumerate(model):
            if isinstance(module, nn.Linear) and index > 0:
                stds.append(hidden.std(correction=0).item())
            hidden = module(hidden)
    return stds
    ### END SOLUTION


def gradient_norms(model, X, y) -> list[float]:
    """Return the L2 (Frobenius) norm of the gradient of the mean cross-entropy on (X, y) with
    respect to each Linear layer's weight, first layer first. Leaves ``.grad`` untouched."""
    ### BEGIN SOLUTION
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    weights = [layer.weight for layer in _linear_layers(model)]
    gradients = torch.autograd.grad(F.cross_entropy(model(X), y), weights)
    return [gradient.norm().item() for gradient in gradients]
    ### END SOLUTION


def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0) -> dict:
    """Train one MLP per initializer on the same data and report how each fared.

    ``initializers`` maps a name to an initializer; ``data`` is
    ``(X_train, y_train, X_test, y_test)``. Every model is built with
    ``np.random.default_rng(seed)`` and trained with ``train(..., seed=seed)`` and the
    defaults of ``train`` otherwise. Returns, per name::

        {"loss": per-epoch training loss (train's history),
         "test_accuracy": accuracy on (X_test, y_test) after training,
         "activation_stds": activation_stds on X_train at initialization,
         "gradient_norms": gradient_norms on (X_train, y_train) at initialization}
    """
    ### BEGIN SOLUTION
    X_train, y_train, X_test, y_test = data
    results = {}
    for name, initializer in initializers.items():
        model = build_mlp(layer_sizes, initializer, np.random.default_rng(seed), activation=activation)
        stds = activation_stds(model, X_train)
        norms = gradient_norms(model, X_train, y_train)
        history = train(model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
        results[name] = {
            "loss": history["loss"],
            "test_accuracy": evaluate(model, X_test, y_test)[1],
            "activation_stds": stds,
            "gradient_norms": norms,
        }
    return results
    ### END SOLUTION
