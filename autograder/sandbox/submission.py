"""The one door between the hidden tests and a student's code.

Every operation takes plain values (names, shapes, seeds, keyword arguments, arrays, specs
from ``probes``) and returns plain values (float64 ndarrays, floats, lists and dicts of
those). Random generators, models and initializers are built on the student's side from
seeds and specs, so the tests never hand the student an object it could keep or alter.

``InProcessSubmission`` imports the student's modules into the grading process; an isolated
worker process can replace it without touching any test, as long as it answers the same calls.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.util
import itertools
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.sandbox.wire import MAX_ELEMENTS  # one cap for the answer and for the wire that carries it

_namespaces = itertools.count()
#: set by the code a hostile checkpoint runs when it is unpickled (see ``load_pretrained``)
UNPICKLED_MARKER = "INITGRADE_CHECKPOINT_UNPICKLED"


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

    def initializer_calls(self, name: str, calls: list[dict]) -> list[dict]:
        """Make every call of ``calls`` in order, each a dict of ``initializer``'s arguments
        (``shape``, ``seed``, and optionally ``calls``, ``global_seed``, ``options``), the later
        ones even after one raised, as a test calling them one by one would; one outcome per call:
        ``{"replies": [...], "error": "", "exception_type": ""}``, or no replies and the error."""
        outcomes = []
        for call in calls:
            try:
                replies = self.initializer(
                    name,
                    call["shape"],
                    call["seed"],
                    calls=call.get("calls", 1),
                    global_seed=call.get("global_seed"),
                    **call.get("options", {}),
                )
                outcomes.append({"replies": replies, "error": "", "exception_type": ""})
            except SubmissionError as error:
                outcomes.append({"replies": [], "error": str(error), "exception_type": error.exception_type})
        return outcomes

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
            history, accuracy = self._train_and_evaluate(
                model, (X_train, y_train), (X_test, y_test), epochs=epochs, lr=lr, seed=seed
            )
            found[name] = {
                "loss": history.get("loss"),
                "test_accuracy": accuracy,
                "activation_stds": stds,
                "gradient_norms": norms,
            }
        return _plain_comparison(found, "compare_initializers made from its parts")

    # -- training.py: pre-trained weights ------------------------------------------------------

    def load_pretrained(self, checkpoint: str, name: str) -> dict:
        """Write ``checkpoint`` (base64 of a file's bytes) as ``name`` in a fresh temporary folder and
        call the student's ``load_pretrained`` on its path. Returns ``{"raised": "", "message": "",
        "names": [...], "tensors": [float64 arrays], "unpickled": bool}``, or with ``raised`` the
        exception type it raised and its message: a refusal is an answer here, not a failure, since
        the judge also wants to know whether the file's code ran first (``unpickled``: the marker a
        hostile checkpoint sets). A NotImplementedError is a ``SubmissionError`` as ever."""
        os.environ.pop(UNPICKLED_MARKER, None)
        # TMPDIR as the sandbox set it: tempfile's default was fixed before, by the fork server
        with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as folder:
            path = Path(folder) / name
            path.write_bytes(base64.b64decode(checkpoint))
            answer = {"raised": "", "message": "", "names": [], "tensors": []}
            try:
                state = self._call("training", "load_pretrained", str(path))
            except SubmissionError as error:
                if error.exception_type == "NotImplementedError":
                    raise
                answer.update(raised=error.exception_type or "?", message=str(error))
            else:
                if not isinstance(state, dict):
                    raise SubmissionError(f"load_pretrained returned {type(state).__name__}, not a dict")
                answer["names"] = [str(key) for key in state]
                answer["tensors"] = [
                    to_float_array(value, what=f"load_pretrained[{key!r}]") for key, value in state.items()
                ]
        answer["unpickled"] = os.environ.pop(UNPICKLED_MARKER, None) is not None
        return answer

    def transfer(self, source: dict, target: dict, *, freeze, data=None, steps: int = 0, lr: float = 0.1) -> dict:
        """Run the student's ``transfer_weights(source, target, freeze=freeze)`` on two grader-built
        networks and report, as plain data: the target right after it (``"copied"``), each target
        parameter's ``requires_grad`` and whether its storage is one of the source's, and the
        parameter groups of ``torch.optim.SGD(<what it returned>, lr=lr, momentum=0.9)`` (each group's
        lr and the indices of its members in ``target.parameters()``, -1 for a stranger). With
        ``steps``, that optimizer then takes ``probes.sgd_steps`` on ``data`` = (X, y) and both
        networks are described again (``"trained"``, ``"source_after"``)."""
        import torch

        source_model, target_model = _probes().build_network(source), _probes().build_network(target)
        returned = self._call("training", "transfer_weights", source_model, target_model, freeze=freeze)
        parameters = list(target_model.parameters())
        theirs = {p.untyped_storage().data_ptr() for p in source_model.parameters()}
        try:
            optimizer = torch.optim.SGD(returned, lr=lr, momentum=0.9)
        except (TypeError, ValueError) as error:
            raise SubmissionError(
                f"transfer_weights returned {type(returned).__name__}, which torch.optim.SGD does not accept: {error}"
            ) from None
        position = {id(p): index for index, p in enumerate(parameters)}
        answer = {
            "copied": describe_model(target_model),
            "requires_grad": [p.requires_grad for p in parameters],
            "shared": [p.untyped_storage().data_ptr() in theirs for p in parameters],
            "groups": [
                {"lr": float(group["lr"]), "members": [position.get(id(p), -1) for p in group["params"]]}
                for group in optimizer.param_groups
            ],
        }
        if steps:
            _probes().sgd_steps(target_model, optimizer, *[np.array(d) for d in data], steps)
            answer.update(trained=describe_model(target_model), source_after=describe_model(source_model))
        return answer

    def compare_transfer(self, source: dict, initializers: dict, data, **options) -> dict:
        """Run the student's ``compare_transfer`` on a grader-built source network, with grader
        initializers given as specs (``{"scratch": spec, "head": spec}``)."""
        result = self._call(
            "training",
            "compare_transfer",
            _probes().build_network(source),
            tuple(np.array(d) for d in data),
            scratch_initializer=_probes().make_initializer(initializers["scratch"]),
            head_initializer=_probes().make_initializer(initializers["head"]),
            **options,
        )
        return _plain_transfer_comparison(result, "compare_transfer")

    def compare_transfer_from_parts(self, source: dict, initializers: dict, data, *, label_counts, epochs, lr, seed):
        """What ``compare_transfer`` must return, made from the student's own ``build_mlp``,
        ``transfer_weights``, ``train`` and ``evaluate`` in the order its docstring gives."""
        import torch

        source_model = _probes().build_network(source)
        X_pool, y_pool, X_test, y_test = (np.array(d) for d in data)
        classes = int(max(y_pool.max(), y_test.max())) + 1
        sizes = [layer.in_features for layer in source_model.modules() if isinstance(layer, torch.nn.Linear)]
        found = {method: {"loss": [], "initial_loss": [], "test_accuracy": []} for method in TRANSFER_METHODS}
        for k in label_counts:
            rows = np.concatenate([np.flatnonzero(y_pool == label)[:k] for label in range(int(y_pool.max()) + 1)])
            for method in TRANSFER_METHODS:
                spec = initializers["scratch" if method == "scratch" else "head"]
                model = self._call(
                    "training",
                    "build_mlp",
                    [*sizes, classes],
                    _probes().make_initializer(spec),
                    np.random.default_rng(seed),
                )
                if method == "scratch":
                    parameters = list(model.parameters())
                else:
                    freeze = method == "frozen"
                    parameters = self._call("training", "transfer_weights", source_model, model, freeze=freeze)
                history, accuracy = self._train_and_evaluate(
                    model,
                    (X_pool[rows], y_pool[rows]),
                    (X_test, y_test),
                    epochs=epochs,
                    lr=lr,
                    seed=seed,
                    parameters=parameters,
                )
                found[method]["loss"].append(history.get("loss"))
                found[method]["initial_loss"].append(history.get("initial_loss"))
                found[method]["test_accuracy"].append(accuracy)
        return _plain_transfer_comparison(found, "compare_transfer made from its parts")

    def _train_and_evaluate(self, model, training_set, test_set, **options) -> tuple[dict, object]:
        """The student's ``train(model, *training_set, **options)`` history, then the accuracy their
        ``evaluate`` gives on ``test_set``: the last two steps of both comparisons made from parts."""
        history = self._call("training", "train", model, *training_set, **options)
        if not isinstance(history, dict):
            raise SubmissionError(f"train returned {type(history).__name__}, not a dict")
        measured = plain(self._call("training", "evaluate", model, *test_set))
        if not isinstance(measured, list | tuple) or len(measured) != 2:
            raise SubmissionError(f"evaluate returned {type(measured).__name__}; expected a pair (loss, accuracy)")
        return history, measured[1]


#: compare_transfer's methods, as the reference's TRANSFER_METHODS names them (training.py's docstring)
TRANSFER_METHODS = ("scratch", "frozen", "fine_tuned")


def _plain_transfer_comparison(result, what: str) -> dict:
    """A transfer comparison as {method: {"loss": [[float]], "initial_loss": [float],
    "test_accuracy": [float]}}, or a ``SubmissionError``."""
    if not isinstance(result, dict):
        raise SubmissionError(f"{what} returned {type(result).__name__}, not a dict")
    converted = {}
    for method, entry in result.items():
        if not isinstance(entry, dict):
            raise SubmissionError(f"{what}[{method!r}] is {type(entry).__name__}, not a dict")
        histories = entry.get("loss")
        if not isinstance(histories, list | tuple):
            raise SubmissionError(
                f"{what}[{method!r}]['loss'] is {type(histories).__name__}, not a list per label count"
            )
        converted[str(method)] = {
            "loss": [
                [float(x) for x in to_float_array(h, what=f"{what}[{method!r}]['loss']").ravel()] for h in histories
            ],
            **{
                key: [float(x) for x in to_float_array(entry.get(key), what=f"{what}[{method!r}][{key!r}]").ravel()]
                for key in ("initial_loss", "test_accuracy")
            },
        }
    return converted


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
