"""The source network's checkpoint, ``pretrained_digits.pt``: the weights Part 4 (transfer learning) starts from.

    train_source_network() -> {name: tensor}        write_checkpoint(path, state) -> path
    checkpoint_differences(path, *, atol=ATOL) -> [what differs]   (empty when the file is a fresh training's)

The network is the reference's ``build_mlp(SOURCE_SIZES, he_normal, np.random.default_rng(0), "relu")``
trained with the reference's ``train(model, X_train, y_train, epochs=20, lr=0.01, seed=0)`` on the source
task of ``load_transfer_digits()`` (all ten digits: 862 training images, 216 test images). Its accuracy
on the source test split is 0.972 (210 of 216; measured with torch 2.13.0 on CPU), 0.999 on its training
split; training takes about 0.3 s (2.4 s for the first call in a process, on a busy machine). The
checkpoint lives in ``solutions/`` (``initgrade pretrain`` writes it there), and the release copies it
to students unchanged.

Torch trains on one thread (``torch.set_num_threads(1)``, restored afterwards), so the weights do not
depend on the machine's cores: trained with two threads they came out up to 1.2e-7 from the one-thread
weights (measured), since a matrix product split over threads adds its terms in another order. The
file's bytes are the same at every run and whatever its name (``torch.save`` writes into memory, see
``write_checkpoint``).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from autograder.reference import load_reference

CHECKPOINT_NAME = "pretrained_digits.pt"
SOURCE_SIZES = [64, 64, 32, 10]
#: How far a weight of the file may lie from a fresh training's, see ``checkpoint_differences``.
ATOL = 1e-4


def train_source_network() -> dict[str, torch.Tensor]:
    """Build and train the source network (see the module docstring) on one thread and return its
    state dict, ``{"0.weight": (64, 64) float32 tensor, "0.bias": ..., "4.bias": (10,)}``; the same
    tensors at every call."""
    training, initializers = load_reference("training"), load_reference("initializers")
    X_train, y_train, _, _ = load_reference("data").load_transfer_digits()[0]
    model = training.build_mlp(SOURCE_SIZES, initializers.he_normal, np.random.default_rng(0), activation="relu")
    with _one_thread():
        training.train(model, X_train, y_train, epochs=20, lr=0.01, seed=0)
    return dict(model.state_dict())


def write_checkpoint(path: Path, state: dict[str, torch.Tensor]) -> Path:
    """Write ``state`` to ``path`` with ``torch.save``, atomically (a temporary sibling renamed over
    ``path``), and return ``path``. ``torch.save`` writes into memory first: saving to a file, it names
    the archive inside after the file, which would put the temporary name into the bytes. An
    ``OSError`` (a missing folder, a folder at ``path``, a full disk) leaves ``path`` as it was."""
    path = Path(path)
    buffer = io.BytesIO()
    torch.save(state, buffer)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(buffer.getvalue())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def checkpoint_differences(path: Path, *, atol: float = ATOL) -> list[str]:
    """What differs between the checkpoint at ``path`` (read with ``torch.load(weights_only=True)``) and a
    fresh ``train_source_network()``: a name missing or extra, a shape or dtype, values more than
    ``atol`` apart; an empty list when the file is what the kit makes.

    Why ``atol`` = 1e-4: the weights are float32 (machine epsilon 1.2e-7) of at most 0.89 in magnitude.
    Two trainings on this machine agree bit for bit (measured difference 0); other SIMD kernels (AVX2,
    AVX-512, NEON) add a product's terms in another order, as two threads do, which moved the weights by
    1.2e-7 after the 280 steps of 20 epochs (measured), about 800 times below the tolerance. A different
    recipe is far outside it: one epoch more or fewer, or lr 0.0101, moves some weight by 6.6e-3 to
    1.0e-2, another seed by 4.1e-2 (measured). Raises ``FileNotFoundError`` for a missing file and
    ``ValueError`` for one that is not a state dict of tensors (the reference's ``load_pretrained``)."""
    on_disk = load_reference("training").load_pretrained(path)
    fresh = train_source_network()
    differences = [f"{name}: in the file, not in a fresh training" for name in on_disk if name not in fresh]
    for name, expected in fresh.items():
        found = on_disk.get(name)
        if found is None:
            differences.append(f"{name}: missing from the file")
        elif (found.shape, found.dtype) != (expected.shape, expected.dtype):
            differences.append(
                f"{name}: {tuple(found.shape)} {found.dtype} in the file, {tuple(expected.shape)} {expected.dtype} "
                "fresh"
            )
        elif not (gap := (found - expected).abs().max().item()) <= atol:  # a NaN is never within
            differences.append(f"{name}: values differ by up to {gap:.3g} (allowed: {atol:g})")
    return differences


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
