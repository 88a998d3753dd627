"""The one door between the hidden tests and a student's code.

Every operation takes plain values (names, shapes, seeds, keyword arguments, arrays, specs
from ``probes``) and returns plain values (float64 ndarrays, floats, lists and dicts of
those). Random generators, models and initializers are built on the student's side from
seeds and specs, so the tests never hand the student an object it could keep or alter.

``InProcessSubmission`` imports the student's modules into the grading process; an isolated
worker process can replace it without touching any test, as long as it answers the same calls.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.sandbox.wire import MAX_ELEMENTS  # one cap for the answer and for the wire that carries it

_namespaces = itertools.count()


class SubmissionError(Exception):
    """The student's code raised, or answered with something the contract does not allow.

    ``exception_type`` is the name of the student's exception class ("ValueError", ...), or
    "" when the answer itself was unusable; ``str(error)`` says what happened in plain words.
    """

    def __init__(self, message: str, *, exception_type: str = ""):
        super().__init__(message)
        self.exception_type = exception_type


@dataclass(frozen=True)
class ArrayReply:
    """An array the student returned: its values copied to float64, and what it was."""

    values: np.ndarray
    type_name: str
    dtype: str


def plain(value):
    """``value`` with torch tensors and NumPy scalars turned into NumPy arrays and Python numbers,
    inside lists, tuples and dicts too; anything else is returned as it is."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        return type(value)(plain(item) for item in value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def to_float_array(value, *, what: str) -> np.ndarray:
    """Copy ``value`` into a plain float64 ndarray, or raise ``SubmissionError`` saying why not."""
    size = getattr(value, "size", None)  # an ndarray or tensor: refuse it before copying it
    if isinstance(size, int) and size > MAX_ELEMENTS:
        raise SubmissionError(f"{what} returned {size:,} numbers, more than the {MAX_ELEMENTS:,} allowed")
    try:
        array = np.array(plain(value), dtype=np.float64, copy=True, subok=False)
    except MemoryError:
        raise SubmissionError(f"{what} returned something too large to copy") from None
    except (TypeError, ValueError) as error:
        raise SubmissionError(
            f"{what} returned {type(value).__name__}, which is not an array of numbers ({error})"
        ) from None
    if array.size > MAX_ELEMENTS:
        raise SubmissionError(f"{what} returned {array.size:,} numbers, more than the {MAX_ELEMENTS:,} allowed")
    return array


def _probes():
    """``autograder.sandbox.probes``, imported on first use: it needs torch, which the judge's side of
    the door (``autograder.sandbox.isolated`` imports this module) should not pay for at start-up."""
    from autograder.sandbox import probes

    return probes


class InProcessSubmission:
    """A student's folder, its modules imported into this process under private names."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._namespace = f"initgrade_submission_{next(_namespaces)}"
        self._modules: dict = {}

    def module(self, name: str):
        """Import ``<folder>/<name>.py`` once; a failure becomes a ``SubmissionError``."""
        if name not in self._modules:
            path = self.folder / f"{name}.py"
            if not path.is_file():
                raise SubmissionError(f"{name}.py is missing from the submission")
            qualified = f"{self._namespace}.{name}"
            spec = importlib.util.spec_from_file_location(qualified, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[qualified] = module
            try:
                with self._siblings_importable():
                    spec.loader.exec_module(module)
            except BaseException as error:  # noqa: BLE001 - any failure of student code is reported
                del sys.modules[qualified]
                raise SubmissionError(
                    f"importing {name}.py failed: {type(error).__name__}: {error}", exception_type=type(error).__name__
                ) from None
            self._modules[name] = module
        return self._modules[name]

    @contextlib.contextmanager
    def _siblings_importable(self):
        """Let a student module import its siblings by plain name (``from initializers import
        ...``) while it is imported; afterwards forget every plain-named module loaded from the
        folder, so the next submission graded in this process cannot get this one's."""
        folder = str(self.folder.resolve())
        sys.path.insert(0, folder)
        try:
            yield
        finally:
            sys.path.remove(folder)
            for name, module in list(sys.modules.items()):
                origin = getattr(module, "__file__", None) or ""
                if not name.startswith(self._namespace) and origin.startswith(folder + "/"):
                    del sys.modules[name]

    def _call(self, module: str, function: str, *args, **kwargs):
        target = getattr(self.module(module), function, None)
        if not callable(target):
            raise SubmissionError(f"{module}.py has no function {function}")
        try:
            return target(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001
            raise SubmissionError(
                f"{function} raised {type(error).__name__}: {error}", exception_type=type(error).__name__
            ) from None

    # -- initializers.py ------------------------------------------------------------------

    def initializer(self, name: str, shape, seed: int, *, calls: int = 1, global_seed=None, **kwargs):
        """Call ``initializers.<name>(shape, rng, **kwargs)`` ``calls`` times with ONE generator
        ``np.random.default_rng(seed)``; with ``global_seed``, seed NumPy's global state first.
        Returns a list of ``ArrayReply``, one per call."""
        if global_seed is not None:
            np.random.seed(global_seed)
        rng = np.random.default_rng(seed)
        replies = []
        for _ in range(calls):
            value = self._call("initializers", name, tuple(shape), rng, **kwargs)
            replies.append(
                ArrayReply(to_float_array(value, what=name), type(value).__name__, str(getattr(value, "dtype", "none")))
            )
        return replies

    def plain_call(self, module: str, function: str, *args, **kwargs):
        """Call a function whose arguments and result are plain values (compute_fans, ...)."""
        result = plain(self._call(module, function, *args, **kwargs))
        if isinstance(result, np.ndarray):
            return result.tolist()
        return list(result) if isinstance(result, tuple) else result

    # -- training.py ----------------------------------------------------------------------

    def build_mlp(self, layer_sizes, initializer: dict, seed: int, activation: str) -> dict:
        """Build with the student's ``build_mlp`` and describe the result as plain data."""
        model = self._call(
            "training",
            "build_mlp",
            list(layer_sizes),
            _probes().make_initializer(initializer),
            np.random.default_rng(seed),
            activation=activation,
        )
        return describe_model(model)

    def train(self, network: dict, X, y, **options) -> dict:
        """Run the student's ``train`` on a network the grader built; return the history and the
        trained kernels in (fan_in, fan_out) layout."""
        model = _probes().build_network(network)
        history = self._call("training", "train", model, np.array(X), np.array(y), **options)
        if not isinstance(history, dict):
            raise SubmissionError(f"train returned {type(history).__name__}, not a dict")
        seen = model[0].batches if network.get("record_inputs") else []
        return {
            "loss": [float(x) for x in to_float_array(history.get("loss"), what="train's 'loss'").ravel()],
            "initial_loss": float(to_float_array(history.get("initial_loss"), what="train's 'initial_loss'")),
            "batches": [to_float_array(batch, what="a batch train passed to the model") for batch in seen],
            **describe_model(model),
        }

    def measure(self, function: str, network: dict, *data) -> dict:
        """Call ``evaluate``, ``activation_stds`` or ``gradient_norms`` on a grader-built network;
        returns its numbers as ``"values"`` and the model afterwards (``describe_model``)."""
        model = _probes().build_network(network)
        result = self._call("training", function, model, *[np.array(d) for d in data])
        return {"values": [float(x) for x in to_float_array(result, what=function).ravel()], **describe_model(model)}

    def compare_initializers(self, initializers: dict, data, **options) -> dict:
        """Run the student's ``compare_initializers`` with grader initializers given as specs."""
        chosen = {name: _probes().make_initializer(spec) for name, spec in initializers.items()}
        result = self._call("training", "compare_initializers", chosen, tuple(np.array(d) for d in data), **options)
        return _plain_comparison(result, "compare_initializers")

    def compare_from_parts(
        self, initializers: dict, data, *, layer_sizes, activation, epochs, lr, seed, shared_rng=False
    ) -> dict:
        """What ``compare_initializers`` must return, made from the student's own ``build_mlp``,
        ``activation_stds``, ``gradient_norms``, ``train`` and ``evaluate`` in the order its docstring
        gives: each model built from a fresh ``np.random.default_rng(seed)``, or with ``shared_rng``
        from one generator, model after model."""
        X_train, y_train, X_test, y_test = (np.array(d) for d in data)
        shared, found = np.random.default_rng(seed), {}
        for name, spec in initializers.items():
            rng = shared if shared_rng else np.random.default_rng(seed)
            initializer = _probes().make_initializer(spec)
            model = self._call("training", "build_mlp", list(layer_sizes), initializer, rng, activation=activation)
            stds = self._call("training", "activation_stds", model, X_train)
            norms = self._call("training", "gradient_norms", model, X_train, y_train)
            history = self._call("training", "train", model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
            if not isinstance(history, dict):
                raise SubmissionError(f"train returned {type(history).__name__}, not a dict")
            accuracy = plain(self._call("training", "evaluate", model, X_test, y_test))
            if not isinstance(accuracy, list | tuple) or len(accuracy) != 2:
                raise SubmissionError(f"evaluate returned {type(accuracy).__name__}; expected a pair (loss, accuracy)")
            found[name] = {
                "loss": history.get("loss"),
                "test_accuracy": accuracy[1],
                "activation_stds": stds,
                "gradient_norms": norms,
            }
        return _plain_comparison(found, "compare_initializers made from its parts")


def _plain_comparison(result, what: str) -> dict:
    """A comparison as a dict of names to dicts of lists of floats, or a ``SubmissionError``."""
    if not isinstance(result, dict):
        raise SubmissionError(f"{what} returned {type(result).__name__}, not a dict")
    converted = {}
    for name, entry in result.items():
        if not isinstance(entry, dict):
            raise SubmissionError(f"{what}[{name!r}] is {type(entry).__name__}, not a dict")
        converted[str(name)] = {
            key: [float(x) for x in to_float_array(value, what=f"{what}[{name!r}][{key!r}]").ravel()]
            for key, value in entry.items()
        }
    return converted


def describe_model(model) -> dict:
    """A torch model as plain data: module class names, kernels (fan_in, fan_out), biases."""
    from torch import nn

    if not isinstance(model, nn.Module):
        raise SubmissionError(f"build_mlp returned {type(model).__name__}, not a torch.nn.Module")
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    return {
        "modules": [type(m).__name__ for m in model.children()],
        "weights": [to_float_array(m.weight.detach().numpy(), what="a Linear weight").T for m in linears],
        "biases": [
            to_float_array(m.bias.detach().numpy(), what="a Linear bias") if m.bias is not None else None
            for m in linears
        ],
        "weight_dtypes": [str(m.weight.dtype).replace("torch.", "") for m in linears],
        "gradients_set": [p.grad is not None and bool(p.grad.detach().abs().sum() > 0) for p in model.parameters()],
    }
