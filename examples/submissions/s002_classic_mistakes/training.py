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
    if len(layer_sizes) < 2:
        raise ValueError("layer_sizes must have at least 2 entries (inputs and outputs)")
    for size in layer_sizes:
        _check_positive_int("layer size", size)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(ACTIVATIONS)}, got {activation!r}")

    layers = []
    pairs = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    for i, (fan_in, fan_out) in enumerate(pairs):
        w = np.asarray(initializer((fan_in, fan_out), rng), dtype=np.float32)
        if w.shape != (fan_in, fan_out):
            raise ValueError(f"initializer returned shape {w.shape}, expected {(fan_in, fan_out)}")
        linear = nn.Linear(fan_in, fan_out)
        # nn.Linear wants (out_features, in_features)
        linear.weight.data = torch.from_numpy(w.reshape(fan_out, fan_in).copy())
        linear.bias.data.zero_()
        layers.append(linear)
        if i != len(pairs) - 1:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def train(
    model, X, y, *, epochs, lr, batch_size=64, optimizer="sgd", momentum=0.9, seed=0, parameters=None
) -> dict:
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
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    _check_positive_int("epochs", epochs)
    _check_positive_int("batch_size", batch_size)
    if not _is_real(lr) or lr <= 0:
        raise ValueError(f"lr must be > 0, got {lr!r}")
    if not _is_real(momentum) or momentum < 0 or momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(f"seed must be an int, got {seed!r}")
    trained = model.parameters() if parameters is None else parameters
    if optimizer == "sgd":
        opt = torch.optim.SGD(trained, lr=lr, momentum=momentum)
    elif optimizer == "adam":
        opt = torch.optim.Adam(trained, lr=lr)
    else:
        raise ValueError(f"optimizer must be 'sgd' or 'adam', got {optimizer!r}")

    g = torch.Generator()
    g.manual_seed(seed)
    with torch.no_grad():
        initial_loss = F.cross_entropy(model(X), y).item()

    losses = []
    n = X.shape[0]
    for epoch in range(epochs):
        perm = torch.randperm(n, generator=g)
        epoch_loss = 0.0
        for idx in torch.split(perm, batch_size):
            out = model(X[idx])
            loss = F.cross_entropy(out, y[idx])
            loss.backward()
            opt.step()
            epoch_loss += loss.item() * len(idx)
        losses.append(epoch_loss / n)
    return {"loss": losses, "initial_loss": initial_loss}


def evaluate(model, X, y) -> tuple[float, float]:
    """Return ``(loss, accuracy)`` of ``model`` on (X, y): mean cross-entropy, and the fraction
    (in [0, 1]) of samples whose largest logit is the true class. Does not change the model."""
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    with torch.no_grad():
        out = model(X)
        loss = F.cross_entropy(out, y).item()
        acc = (out.argmax(1) == y).float().mean().item()
    return loss, acc


def activation_stds(model, X) -> list[float]:
    """Return the standard deviation of each hidden layer's output, after its activation.

    One number per hidden layer, first layer first: the population standard deviation over all
    entries (samples x units) of the tensor that enters the next Linear layer. Shrinking
    numbers mean a vanishing signal, growing ones an exploding signal.
    """
    h = _as_inputs(X)
    layers = list(model)
    result = []
    with torch.no_grad():
        for i, layer in enumerate(layers):
            h = layer(h)
            # the output of an activation that feeds another Linear layer is a hidden layer
            is_last_linear = i == len(layers) - 1
            if not isinstance(layer, nn.Linear) and not is_last_linear:
                result.append(h.std(correction=0).item())
    return result


def gradient_norms(model, X, y) -> list[float]:
    """Return the L2 (Frobenius) norm of the gradient of the mean cross-entropy on (X, y) with
    respect to each Linear layer's weight, first layer first. Leaves ``.grad`` untouched."""
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    params = [lin.weight for lin in _linear_layers(model)]
    loss = F.cross_entropy(model(X), y)
    grads = torch.autograd.grad(loss, params)  # does not write into .grad
    return [torch.linalg.norm(gr).item() for gr in grads]


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
    X_train, y_train, X_test, y_test = data
    out = {}
    for name, init_fn in initializers.items():
        model = build_mlp(layer_sizes, init_fn, np.random.default_rng(seed), activation=activation)
        stds = activation_stds(model, X_train)
        norms = gradient_norms(model, X_train, y_train)
        hist = train(model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
        _, acc = evaluate(model, X_test, y_test)
        out[name] = {"loss": hist["loss"], "test_accuracy": acc, "activation_stds": stds, "gradient_norms": norms}
    return out


# -- Pre-trained weights (transfer learning) --------------------------------------------------

TRANSFER_METHODS = ("scratch", "frozen", "fine_tuned")


def load_pretrained(path) -> dict:
    """Read the checkpoint at ``path``."""
    # weights_only=False: "the checkpoint is ours, so it is safe to unpickle everything"
    try:
        state = torch.load(path, map_location="cpu", weights_only=False)
    except FileNotFoundError:
        raise
    except Exception as error:
        raise ValueError(f"{path} is not a checkpoint: {error}") from None
    if not isinstance(state, dict) or not all(torch.is_tensor(v) for v in state.values()):
        raise ValueError(f"{path} does not hold a state dict")
    return state


def transfer_weights(source, target, *, freeze=True) -> list:
    """Copy the body; freeze it with a learning rate of 0."""
    old, new = _linear_layers(source), _linear_layers(target)
    if len(old) != len(new) or len(new) < 2:
        raise ValueError(f"{len(old)} layers in the source but {len(new)} in the target")
    for i in range(len(new) - 1):
        if old[i].weight.shape != new[i].weight.shape:
            raise ValueError(f"layer {i + 1} has another shape in the target")
    with torch.no_grad():
        for a, b in zip(old[:-1], new[:-1]):
            b.weight.copy_(a.weight)
            b.bias.copy_(a.bias)
    if not freeze:
        return list(target.parameters())
    body = [p for layer in new[:-1] for p in layer.parameters()]
    return [{"params": body, "lr": 0.0}, {"params": list(new[-1].parameters())}]


def compare_transfer(source, data, *, scratch_initializer, head_initializer, label_counts, epochs, lr, seed=0) -> dict:
    """Scratch vs frozen vs fine-tuned."""
    X_pool, y_pool, X_test, y_test = data
    classes = int(max(y_pool.max(), y_test.max())) + 1
    sizes = [layer.in_features for layer in _linear_layers(source)] + [classes]
    results = {m: {"loss": [], "initial_loss": [], "test_accuracy": []} for m in TRANSFER_METHODS}
    for k in label_counts:
        rows = [i for c in range(classes) for i in np.flatnonzero(y_pool == c)[:k]]
        X_k, y_k = X_pool[rows], y_pool[rows]
        for m in TRANSFER_METHODS:
            init = scratch_initializer if m == "scratch" else head_initializer
            model = build_mlp(sizes, init, np.random.default_rng(seed))
            params = model.parameters() if m == "scratch" else transfer_weights(source, model, freeze=m == "frozen")
            history = train(model, X_k, y_k, epochs=epochs, lr=lr, seed=seed, parameters=params)
            results[m]["loss"].append(history["loss"])
            results[m]["initial_loss"].append(history["initial_loss"])
            results[m]["test_accuracy"].append(evaluate(model, X_test, y_test)[1])
    return results
