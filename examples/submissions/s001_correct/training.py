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
from torch.utils.data import DataLoader, TensorDataset

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
        raise ValueError(f"unknown activation {activation!r}; use one of {sorted(ACTIVATIONS)}")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least 2 sizes (inputs and outputs), got {layer_sizes!r}")
    for size in sizes:
        _check_positive_int("each layer size", size)

    modules = []
    n_layers = len(sizes) - 1
    for i in range(n_layers):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        # the initializer works in (fan_in, fan_out), torch stores (out, in): transpose
        kernel = np.asarray(initializer((fan_in, fan_out), rng))
        if kernel.shape != (fan_in, fan_out):
            raise ValueError(f"initializer gave shape {kernel.shape} for layer {i + 1}, expected {(fan_in, fan_out)}")
        # nn.Linear fills itself with torch's global RNG first; fork it so building the
        # model leaves that state alone (our weights come only from rng)
        with torch.random.fork_rng(devices=[]):
            layer = nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            layer.weight.copy_(torch.tensor(kernel.T, dtype=torch.float32))
            layer.bias.fill_(0.0)
        modules.append(layer)
        if i < n_layers - 1:  # no activation after the output layer (we want logits)
            modules.append(ACTIVATIONS[activation]())
    return nn.Sequential(*modules)


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
    # check everything before touching the model
    _check_positive_int("epochs", epochs)
    _check_positive_int("batch_size", batch_size)
    if not _is_real(lr) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not _is_real(momentum) or not (0 <= momentum < 1):
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    trained = model.parameters() if parameters is None else parameters
    if optimizer == "sgd":
        opt = torch.optim.SGD(trained, lr=lr, momentum=momentum)
    elif optimizer == "adam":
        opt = torch.optim.Adam(trained, lr=lr)
    else:
        raise ValueError(f"unknown optimizer {optimizer!r}; use 'sgd' or 'adam'")
    X = _as_inputs(X)
    y = _as_labels(y, len(X))

    loader = DataLoader(
        TensorDataset(X, y),
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(int(seed)),
    )

    with torch.no_grad():
        initial_loss = F.cross_entropy(model(X), y).item()

    epoch_losses = []
    for _ in range(epochs):
        running, seen = 0.0, 0
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            # weight by batch size so a smaller last batch counts less
            running += loss.item() * len(xb)
            seen += len(xb)
        epoch_losses.append(running / seen)
    return {"loss": epoch_losses, "initial_loss": initial_loss}


def evaluate(model, X, y) -> tuple[float, float]:
    """Return ``(loss, accuracy)`` of ``model`` on (X, y): mean cross-entropy, and the fraction
    (in [0, 1]) of samples whose largest logit is the true class. Does not change the model."""
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    with torch.no_grad():
        logits = model(X)
        loss = F.cross_entropy(logits, y).item()
        predictions = torch.argmax(logits, dim=1)
        correct = int((predictions == y).sum().item())
    return loss, correct / len(y)


def activation_stds(model, X) -> list[float]:
    """Return the standard deviation of each hidden layer's output, after its activation.

    One number per hidden layer, first layer first: the population standard deviation over all
    entries (samples x units) of the tensor that enters the next Linear layer. Shrinking
    numbers mean a vanishing signal, growing ones an exploding signal.
    """
    X = _as_inputs(X)
    stds = []

    def record(module, inputs):
        # what goes into a Linear layer (other than the first) is the previous hidden layer's
        # output after its activation
        stds.append(inputs[0].std(correction=0).item())

    linears = _linear_layers(model)
    handles = [layer.register_forward_pre_hook(record) for layer in linears[1:]]
    try:
        with torch.no_grad():
            model(X)
    finally:
        for handle in handles:
            handle.remove()
    return stds


def gradient_norms(model, X, y) -> list[float]:
    """Return the L2 (Frobenius) norm of the gradient of the mean cross-entropy on (X, y) with
    respect to each Linear layer's weight, first layer first. Leaves ``.grad`` untouched."""
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    weights = [layer.weight for layer in _linear_layers(model)]
    loss = F.cross_entropy(model(X), y)
    # autograd.grad returns the gradients instead of adding them to .grad
    grads = torch.autograd.grad(loss, weights)
    return [math.sqrt(float((g.double() ** 2).sum())) for g in grads]


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
    report = {}
    for name in initializers:
        rng = np.random.default_rng(seed)  # same generator state for every initializer
        model = build_mlp(layer_sizes, initializers[name], rng, activation=activation)

        # measure at initialization, before any training step
        stds_at_init = activation_stds(model, X_train)
        norms_at_init = gradient_norms(model, X_train, y_train)

        history = train(model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
        _, accuracy = evaluate(model, X_test, y_test)
        report[name] = {
            "loss": history["loss"],
            "test_accuracy": accuracy,
            "activation_stds": stds_at_init,
            "gradient_norms": norms_at_init,
        }
    return report


# -- Pre-trained weights (transfer learning) --------------------------------------------------

TRANSFER_METHODS = ("scratch", "frozen", "fine_tuned")


def load_pretrained(path) -> dict:
    """Read the state dict (names -> tensors) that ``torch.save(model.state_dict(), path)`` wrote,
    with weights_only=True so that no pickled object is ever built. ValueError for anything else."""
    import pickle
    import zipfile

    try:
        loaded = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise
    except (pickle.UnpicklingError, RuntimeError, EOFError, zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValueError(f"cannot read {path} safely as a checkpoint: {error}") from None
    if not isinstance(loaded, dict) or not loaded:
        raise ValueError(f"{path}: expected a state dict, got {type(loaded).__name__}")
    for key, value in loaded.items():
        if not (isinstance(key, str) and isinstance(value, torch.Tensor)):
            raise ValueError(f"{path}: entry {key!r} is a {type(value).__name__}, not a tensor")
    return dict(loaded)


def transfer_weights(source, target, *, freeze=True) -> list:
    """Copy every Linear layer of ``source`` but the last into ``target`` (state-dict style), freeze
    them when asked (left out of the returned list), and return the parameters to optimize."""
    source_layers = [m for m in source if isinstance(m, nn.Linear)]
    target_layers = [m for m in target if isinstance(m, nn.Linear)]
    if len(source_layers) != len(target_layers) or len(target_layers) < 2:
        raise ValueError(
            f"cannot transfer: {len(source_layers)} Linear layers in the source vs {len(target_layers)} in the target"
        )
    for i, (src, dst) in enumerate(zip(source_layers[:-1], target_layers[:-1])):
        if src.weight.shape != dst.weight.shape:
            raise ValueError(
                f"layer {i + 1}: source weight {tuple(src.weight.shape)} does not fit target weight "
                f"{tuple(dst.weight.shape)}"
            )
    for src, dst in zip(source_layers[:-1], target_layers[:-1]):
        dst.load_state_dict({name: tensor.clone() for name, tensor in src.state_dict().items()})
    if freeze:
        return [p for p in target_layers[-1].parameters()]
    return [p for p in target.parameters()]


def compare_transfer(source, data, *, scratch_initializer, head_initializer, label_counts, epochs, lr, seed=0) -> dict:
    """Scratch vs frozen vs fine-tuned on the first k images of each class, for each k."""
    X_pool, y_pool, X_test, y_test = data
    n_classes = int(max(np.max(y_pool), np.max(y_test))) + 1
    sizes = [m.in_features for m in source if isinstance(m, nn.Linear)] + [n_classes]
    out = {name: {"loss": [], "initial_loss": [], "test_accuracy": []} for name in TRANSFER_METHODS}
    for k in label_counts:
        X_few, y_few = _first_per_class(X_pool, y_pool, k)
        for name in TRANSFER_METHODS:
            if name == "scratch":
                net = build_mlp(sizes, scratch_initializer, np.random.default_rng(seed))
                params = net.parameters()
            else:
                net = build_mlp(sizes, head_initializer, np.random.default_rng(seed))
                params = transfer_weights(source, net, freeze=(name == "frozen"))
            history = train(net, X_few, y_few, epochs=epochs, lr=lr, seed=seed, parameters=params)
            out[name]["loss"].append(history["loss"])
            out[name]["initial_loss"].append(history["initial_loss"])
            out[name]["test_accuracy"].append(evaluate(net, X_test, y_test)[1])
    return out


def _first_per_class(X, y, k: int):
    """The first ``k`` rows of each class, class by class."""
    labels = np.asarray(y)
    rows = []
    for label in range(int(labels.max()) + 1):
        found = np.flatnonzero(labels == label)[:k]
        if len(found) < k:
            raise ValueError(f"class {label} has only {len(found)} images")
        rows.extend(found.tolist())
    return X[rows], y[rows]
