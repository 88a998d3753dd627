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
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}")
    if len(layer_sizes) < 2:
        raise ValueError("need at least an input size and an output size")
    net = nn.Sequential()
    n_linear = len(layer_sizes) - 1
    for i in range(n_linear):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        layer = nn.Linear(n_in, n_out)
        kernel = initializer((n_in, n_out), rng)  # (fan_in, fan_out)
        layer.weight = nn.Parameter(torch.tensor(np.asarray(kernel).T, dtype=torch.float32))
        nn.init.zeros_(layer.bias)
        net.append(layer)
        if i < n_linear - 1:
            net.append(ACTIVATIONS[activation]())
    return net


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
    # YOUR CODE HERE
    raise NotImplementedError("train is not written yet: replace this line with your code")


def evaluate(model, X, y) -> tuple[float, float]:
    """Return ``(loss, accuracy)`` of ``model`` on (X, y): mean cross-entropy, and the fraction
    (in [0, 1]) of samples whose largest logit is the true class. Does not change the model."""
    # YOUR CODE HERE
    raise NotImplementedError("evaluate is not written yet: replace this line with your code")


def activation_stds(model, X) -> list[float]:
    """Return the standard deviation of each hidden layer's output, after its activation.

    One number per hidden layer, first layer first: the population standard deviation over all
    entries (samples x units) of the tensor that enters the next Linear layer. Shrinking
    numbers mean a vanishing signal, growing ones an exploding signal.
    """
    # YOUR CODE HERE
    raise NotImplementedError("activation_stds is not written yet: replace this line with your code")


def gradient_norms(model, X, y) -> list[float]:
    """Return the L2 (Frobenius) norm of the gradient of the mean cross-entropy on (X, y) with
    respect to each Linear layer's weight, first layer first. Leaves ``.grad`` untouched."""
    # YOUR CODE HERE
    raise NotImplementedError("gradient_norms is not written yet: replace this line with your code")


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
    # YOUR CODE HERE
    raise NotImplementedError("compare_initializers is not written yet: replace this line with your code")


# -- Pre-trained weights (transfer learning) --------------------------------------------------

#: The networks ``compare_transfer`` trains on the target task, by name.
TRANSFER_METHODS = ("scratch", "frozen", "fine_tuned")


def load_pretrained(path) -> dict:
    """Read the state dict (names -> tensors) that ``torch.save(model.state_dict(), path)`` wrote.

    A checkpoint is a pickle inside a zip, and unpickling runs whatever code the file names,
    so read it only with ``torch.load(path, weights_only=True, map_location="cpu")``, which
    refuses every object but tensors and plain containers (never ``pickle.load`` or
    ``weights_only=False``). Returns a dict of str to ``torch.Tensor``. Raises
    ``FileNotFoundError`` when ``path`` does not exist, and ``ValueError`` naming ``path`` when
    the file is not a torch checkpoint, would unpickle an object, or holds anything but a
    mapping of names to tensors.

    >>> state = load_pretrained("pretrained_digits.pt")
    >>> {name: tuple(tensor.shape) for name, tensor in state.items()}["0.weight"]
    (64, 64)
    """
    # YOUR CODE HERE
    raise NotImplementedError("load_pretrained is not written yet: replace this line with your code")


def transfer_weights(source, target, *, freeze=True) -> list:
    """Start ``target`` from ``source``'s pre-trained body; return the parameters to train.

    The *body* is every Linear layer but the last; the last is the *head*, which answers the
    source task's question and stays in ``target`` as its own initializer made it. Each body
    layer's weight and bias are copied into the target's layer at the same position, in place,
    as copies: training ``target`` afterwards never changes ``source``. With ``freeze`` the
    copied body is frozen: no optimizer step may change it (``requires_grad=False``, or left out
    of what is returned, or both). Returns what ``torch.optim.SGD`` accepts (tensors or
    parameter groups) holding the parameters to train: the head's with ``freeze``, all of
    ``target``'s without. Raises ``ValueError`` naming the layer when the networks' numbers of
    Linear layers differ or a body layer's weight shapes differ (even when one is the other
    transposed), and changes nothing then.

    >>> source = build_mlp([64, 32, 10], lambda shape, rng: rng.normal(0, 0.1, shape), np.random.default_rng(0))
    >>> target = build_mlp([64, 32, 5], lambda shape, rng: np.zeros(shape), np.random.default_rng(0))
    >>> [tuple(p.shape) for p in transfer_weights(source, target, freeze=True)]
    [(5, 32), (5,)]
    """
    # YOUR CODE HERE
    raise NotImplementedError("transfer_weights is not written yet: replace this line with your code")


def compare_transfer(source, data, *, scratch_initializer, head_initializer, label_counts, epochs, lr, seed=0) -> dict:
    """Train on a target task from scratch and from ``source``'s pre-trained weights, with few labels.

    ``data`` is ``(X_pool, y_pool, X_test, y_test)``; for each ``k`` of ``label_counts`` the
    training set is the first ``k`` images of each class of the pool, in pool order (see
    ``_first_per_class``). Each network has ``source``'s layer sizes with a head of one output
    per class (``max(y) + 1`` over both label sets) and is built with
    ``np.random.default_rng(seed)``:

    * "scratch": ``build_mlp`` with ``scratch_initializer`` throughout, training every parameter;
    * "frozen": ``build_mlp`` with ``head_initializer``, then ``transfer_weights(source, model,
      freeze=True)``, training what it returns (the head);
    * "fine_tuned": the same with ``freeze=False`` (every parameter, from the pre-trained body).

    Each is trained with ``train(..., epochs=epochs, lr=lr, seed=seed, parameters=...)`` and
    ``train``'s defaults otherwise. Returns, per method of ``TRANSFER_METHODS``, lists with one
    entry per label count::

        {"loss": [train's per-epoch history, ...], "initial_loss": [...],
         "test_accuracy": [accuracy on (X_test, y_test) after training, ...]}
    """
    # YOUR CODE HERE
    raise NotImplementedError("compare_transfer is not written yet: replace this line with your code")


def _first_per_class(X, y, k: int):
    """The first ``k`` rows of each class of ``y`` (classes 0 .. max(y)), classes in turn, in row
    order within a class: ``(X_k, y_k)``. Raises ``ValueError`` when a class has fewer than ``k``."""
    labels = y.detach().cpu().numpy() if torch.is_tensor(y) else np.asarray(y)
    rows = []
    for label in range(int(labels.max()) + 1):
        found = np.flatnonzero(labels == label)[:k]
        if len(found) < k:
            raise ValueError(f"class {label} has {len(found)} images in the pool; {k} were asked for")
        rows.extend(found.tolist())
    return X[rows], y[rows]
