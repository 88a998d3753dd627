"""The transfer problems ``hidden_transfer`` may pose, decided once against the reference.

Problem ``number`` (0 <= number < PROBLEMS) is the target task of ``data.load_transfer_digits``
(digits 5-9, relabelled 0-4) with its labelled pool in the order
``default_rng(number).permutation``, so that the first k images of each class are other images,
and ``compare_transfer``'s options with ``seed = number``. It is posable when the reference's own
``compare_transfer`` on the kit's checkpoint clears the claim that
``test_compare_transfer_claim`` checks by ``CLAIM_MARGIN`` (``shows_the_claim``).

Deciding that is a training run of every method (about 0.1 s, and on a process's first optimizer
step the import of ``torch._dynamo``, 1.2 s), and the target task is built with scikit-learn
(1 s to import). A judge needs neither: both are decided once and shipped in
``transfer_problems.npz`` beside this module, holding the target task's arrays and the posable
numbers. ``python -m autograder.hidden.transfer_problems`` writes it again from the reference;
``tests/autograder/hidden/test_transfer_problems.py`` fails when it no longer matches.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

PROBLEMS = 1000
SHIPPED = Path(__file__).with_name("transfer_problems.npz")
TASK_ARRAYS = ("X_pool", "y_pool", "X_test", "y_test")
CHECKPOINT = "pretrained_digits.pt"
INITIALIZERS = {"scratch": {"kind": "he"}, "head": {"kind": "zeros"}}
CLAIM_MARGIN = {"test_accuracy": 0.05, "initial_loss": 0.01}  # 9 of the 174 test images; nats


@functools.cache
def kit_source() -> dict:
    """The source network the release ships, read from the kit's own checkpoint."""
    import torch

    from autograder.reference import solutions_dir

    state = torch.load(solutions_dir() / CHECKPOINT, weights_only=True, map_location="cpu")
    linear = sorted({int(name.split(".")[0]) for name in state})
    return {
        "weights": [state[f"{i}.weight"].numpy().astype(np.float64).T for i in linear],
        "biases": [state[f"{i}.bias"].numpy().astype(np.float64) for i in linear],
        "activation": "relu",
    }


@functools.cache
def shipped() -> dict:
    """The shipped file's arrays: the target task's four and ``posable``, the posable numbers."""
    with np.load(SHIPPED, allow_pickle=False) as arrays:
        return {name: arrays[name] for name in (*TASK_ARRAYS, "posable")}


def problem(number: int, task=None) -> tuple:
    """Problem ``number`` as ``(source, data, options)``, on ``task`` (the four arrays of the
    target task; the shipped ones by default)."""
    if task is None:
        task = tuple(shipped()[name] for name in TASK_ARRAYS)
    X_pool, y_pool, X_test, y_test = task
    order = np.random.default_rng(number).permutation(len(y_pool))
    options = {"label_counts": [1, 3], "epochs": 20, "lr": 0.01, "seed": number}
    return kit_source(), (X_pool[order], y_pool[order], X_test, y_test), options


@functools.cache
def posable() -> frozenset:
    """The numbers of the problems that may be posed, as shipped."""
    return frozenset(int(number) for number in shipped()["posable"])


def pose(seed: int) -> tuple | None:
    """The problem numbered ``seed % PROBLEMS`` if it is posable, else None (``first_posable``)."""
    number = seed % PROBLEMS
    return problem(number) if number in posable() else None


def shows_the_claim(result: dict, margin: dict) -> bool:
    """With the fewest labels, both pre-trained networks start ``margin["initial_loss"]`` lower than
    the scratch network, or more, and end ``margin["test_accuracy"]`` more accurate, or more."""
    scratch = result["scratch"]
    return all(
        result[method]["initial_loss"][0] <= scratch["initial_loss"][0] - margin["initial_loss"]
        and result[method]["test_accuracy"][0] >= scratch["test_accuracy"][0] + margin["test_accuracy"]
        for method in ("frozen", "fine_tuned")
    )


def reference_result(number: int, task) -> dict:
    """The reference's own ``compare_transfer`` on problem ``number`` of ``task``."""
    from autograder.reference import load_reference
    from autograder.sandbox import probes

    source, data, options = problem(number, task)
    return load_reference("training").compare_transfer(
        probes.build_network(source),
        data,
        scratch_initializer=probes.make_initializer(INITIALIZERS["scratch"]),
        head_initializer=probes.make_initializer(INITIALIZERS["head"]),
        **options,
    )


def reference_task() -> tuple:
    """The target task as the reference's ``data.load_transfer_digits`` builds it."""
    from autograder.reference import load_reference

    return load_reference("data").load_transfer_digits()[1]


def write(path: Path = SHIPPED) -> int:
    """Decide every problem against the reference and write ``path`` atomically; return how many
    are posable."""
    task = reference_task()
    numbers = [n for n in range(PROBLEMS) if shows_the_claim(reference_result(n, task), CLAIM_MARGIN)]
    arrays = dict(zip(TASK_ARRAYS, task), posable=np.array(numbers, dtype=np.int64))
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    try:
        os.fchmod(handle, 0o644)  # read by judges of every user, as the package's other files are
        with os.fdopen(handle, "wb") as file:
            np.savez_compressed(file, **arrays)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return len(numbers)


if __name__ == "__main__":
    if sys.argv[1:]:
        sys.exit(f"usage: python -m autograder.hidden.transfer_problems (takes no arguments; got {sys.argv[1:]})")
    count = write()
    print(f"{SHIPPED}: {count} of {PROBLEMS} transfer problems posable")
