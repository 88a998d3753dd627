"""Classification data sets for the weight-initialization experiments.

Three sources are offered, all returning the same 4-tuple
``(X_train, y_train, X_test, y_test)``:

* ``load_digits`` -- the 8x8 UCI handwritten digits bundled with scikit-learn (the default);
* ``make_synthetic`` -- a Gaussian-cluster problem from ``sklearn.datasets.make_classification``;
* ``load_mnist`` -- MNIST, read from IDX files you have downloaded yourself.

``load_transfer_digits`` splits the digits in two for the transfer-learning part: a source task
with plenty of labels and a target task with its own classes (see its docstring).

``X_train`` and ``X_test`` are C-contiguous ``float32`` arrays of shape ``(n, features)``;
``y_train`` and ``y_test`` are ``int64`` arrays of class labels ``0 .. k-1``. Every feature is
standardized with the mean and standard deviation of the *training* split, and the test split
goes through the very same transform. A feature that never varies in the training split is
only centred (its scale is taken as 1), so it becomes all zeros there instead of ``nan``.

``read_idx`` is the IDX parser behind ``load_mnist``, exposed for other IDX files.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
from sklearn import datasets as _sk_datasets
from sklearn.model_selection import train_test_split

# IDX type byte -> element type as stored in the file (multi-byte values are big-endian).
_IDX_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"
_MNIST_IMAGE_SHAPE = (28, 28)


def load_digits(*, test_fraction=0.2, seed=0):
    """Load scikit-learn's bundled 8x8 digits, split and standardized.

    The data set has 1797 images of the digits 0-9, each flattened to 64 pixel features.
    The split is stratified, so every digit keeps its share in both parts.

    Args:
        test_fraction: share of the samples held out for testing, strictly between 0 and 1.
        seed: integer fixing which samples land in the test split.

    Returns:
        ``(X_train, y_train, X_test, y_test)`` as described in the module docstring.

    Example:
        >>> X_train, y_train, X_test, y_test = load_digits()
        >>> X_train.shape, X_test.shape
        ((1437, 64), (360, 64))
    """
    _check_fraction(test_fraction)
    digits = _sk_datasets.load_digits()
    return _split_and_standardize(digits.data, digits.target, test_fraction, seed)


#: The target task's classes in ``load_transfer_digits``: digits 5-9, relabelled 0-4.
TARGET_DIGITS = (5, 6, 7, 8, 9)


def load_transfer_digits(*, source_fraction=0.6, seed=0):
    """Split scikit-learn's digits into a source task and a target task for transfer learning.

    The images are shuffled (fixed by ``seed``) and cut in two. The first ``source_fraction``
    of them form the *source task*: all ten digits, plenty of labels, the task a network is
    pre-trained on. Of the rest, the digits in ``TARGET_DIGITS`` form the *target task*, five
    classes relabelled 0-4 (digit 5 is class 0): its images are never seen in pre-training,
    and its head cannot be the source's (five outputs, not ten). The target images are split
    in half, stratified: a pool to draw the few labelled training images from, and a test set.
    Both tasks are standardized with the *source* training split's statistics, the inputs the
    pre-trained network was made for.

    Returns:
        ``(source, target)``: ``source`` is ``(X_train, y_train, X_test, y_test)`` (80/20,
        stratified) and ``target`` is ``(X_pool, y_pool, X_test, y_test)``, with the dtypes of
        the module docstring.

    Example:
        >>> source, target = load_transfer_digits()
        >>> source[0].shape, target[0].shape, sorted(set(target[1].tolist()))
        ((862, 64), (173, 64), [0, 1, 2, 3, 4])
    """
    _check_fraction(source_fraction)
    digits = _sk_datasets.load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.target))
    cut = int(round(source_fraction * len(order)))
    source_rows, rest = order[:cut], order[cut:]
    rest = rest[np.isin(digits.target[rest], TARGET_DIGITS)]
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data[source_rows],
        digits.target[source_rows],
        test_size=0.2,
        random_state=seed,
        stratify=digits.target[source_rows],
    )
    X_pool, X_target_test, y_pool, y_target_test = train_test_split(
        digits.data[rest],
        digits.target[rest] - TARGET_DIGITS[0],
        test_size=0.5,
        random_state=seed,
        stratify=digits.target[rest],
    )
    X_train, X_test, X_pool, X_target_test = _standardize(X_train, X_test, X_pool, X_target_test)
    labels = (y.astype(np.int64) for y in (y_train, y_test, y_pool, y_target_test))
    y_train, y_test, y_pool, y_target_test = labels
    return (X_train, y_train, X_test, y_test), (X_pool, y_pool, X_target_test, y_target_test)


def make_synthetic(*, n_samples=2000, n_features=20, n_classes=4, test_fraction=0.2, seed=0):
    """Generate a synthetic classification problem, split and standardized.

    Each class is one Gaussian cluster placed in a subspace of informative features; the
    remaining features are pure noise. The same ``seed`` gives the same data and split.

    Args:
        n_samples: total number of samples (train plus test), a positive integer.
        n_features: number of features, a positive integer.
        n_classes: number of classes, an integer >= 2 and at most ``2 ** n_features``.
        test_fraction: share of the samples held out for testing, strictly between 0 and 1.
        seed: integer fixing both the generated data and the split.

    Returns:
        ``(X_train, y_train, X_test, y_test)`` as described in the module docstring.

    Example:
        >>> X_train, y_train, X_test, y_test = make_synthetic(n_samples=500, n_classes=3)
        >>> X_train.shape, sorted(set(y_test.tolist()))
        ((400, 20), [0, 1, 2])
    """
    _check_int("n_samples", n_samples, 1)
    _check_int("n_features", n_features, 1)
    _check_int("n_classes", n_classes, 2)
    _check_fraction(test_fraction)
    X, y = _sk_datasets.make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=_informative_count(n_features, n_classes),
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        random_state=seed,
    )
    return _split_and_standardize(X, y, test_fraction, seed)


def load_mnist(directory, *, limit=None):
    """Load MNIST from the four IDX files in ``directory``, standardized.

    The files ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``,
    ``t10k-images-idx3-ubyte`` and ``t10k-labels-idx1-ubyte`` are looked up under those names,
    or with a ``.gz`` suffix when gzipped; an uncompressed file wins if both are present.
    Pixels are flattened to 784 features and divided by 255 before standardization. The
    official train/test split is kept as it is, in file order.

    Args:
        directory: folder holding the IDX files (``str`` or ``pathlib.Path``).
        limit: ``None`` to keep everything, or a positive integer: keep only the first
            ``limit`` training samples and the first ``limit`` test samples.

    Returns:
        ``(X_train, y_train, X_test, y_test)`` as described in the module docstring.

    Example:
        >>> X_train, y_train, X_test, y_test = load_mnist("mnist", limit=1000)  # doctest: +SKIP
        >>> X_train.shape, X_test.shape  # doctest: +SKIP
        ((1000, 784), (1000, 784))
    """
    _check_int("limit", limit, 1, none_allowed=True)
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(
            f"the MNIST directory {str(directory)!r} does not exist or is not a directory; "
            "pass the folder that holds the four MNIST IDX files"
        )
    train_images, y_train = _read_mnist_part(directory, "train", limit)
    test_images, y_test = _read_mnist_part(directory, "t10k", limit)
    X_train, X_test = _standardize(train_images / 255.0, test_images / 255.0)
    return X_train, y_train, X_test, y_test


def read_idx(path):
    """Read one IDX file (raw or gzip-compressed) into a numpy array.

    Compression is recognised by the gzip magic bytes, whatever the file is called. The
    array has the shape written in the header and the file's element type, in the machine's
    native byte order.

    Args:
        path: the file to read (``str`` or ``pathlib.Path``).

    Returns:
        ``np.ndarray`` holding the file's data.

    Example:
        >>> labels = read_idx("mnist/train-labels-idx1-ubyte.gz")  # doctest: +SKIP
        >>> labels.shape, labels.dtype  # doctest: +SKIP
        ((60000,), dtype('uint8'))
    """
    content = Path(path).read_bytes()
    if content[:2] == _GZIP_MAGIC:
        content = gzip.decompress(content)
    dtype, shape, data_start = _parse_idx_header(content, path)
    expected = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
    found = len(content) - data_start
    if found != expected:
        raise ValueError(
            f"{path}: the IDX header announces shape {shape} of {dtype.name}, i.e. {expected} "
            f"data bytes; found {found} data bytes"
        )
    data = np.frombuffer(content, dtype=dtype, offset=data_start)
    return data.reshape(shape).astype(dtype.newbyteorder("="))


def _parse_idx_header(content, path):
    """Return ``(dtype, shape, offset of the first data byte)`` from an IDX file's bytes."""
    if content[:2] != b"\x00\x00":
        raise ValueError(
            f"{path}: not an IDX file; its first two bytes must be 00 00, found {content[:2].hex(' ') or 'nothing'}"
        )
    header_length = 4 + 4 * content[3] if len(content) >= 4 else 4
    if len(content) < header_length:
        raise ValueError(
            f"{path}: the IDX header is truncated; expected {header_length} header bytes, found {len(content)}"
        )
    type_code = content[2]
    if type_code not in _IDX_DTYPES:
        allowed = ", ".join(f"0x{code:02X}" for code in _IDX_DTYPES)
        raise ValueError(f"{path}: unknown IDX type byte 0x{type_code:02X}; allowed codes are {allowed}")
    shape = struct.unpack(f">{content[3]}I", content[4:header_length])
    return _IDX_DTYPES[type_code], shape, header_length


def _read_mnist_part(directory, prefix, limit):
    """Read the images (flattened to rows) and int64 labels of one MNIST part."""
    images = read_idx(_find_idx_file(directory, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(_find_idx_file(directory, f"{prefix}-labels-idx1-ubyte"))
    if images.ndim != 3 or images.shape[1:] != _MNIST_IMAGE_SHAPE:
        raise ValueError(f"{prefix} images in {directory} must have shape (n, 28, 28); received shape {images.shape}")
    if labels.shape != (len(images),):
        raise ValueError(
            f"{prefix} labels in {directory} must be one label per image, shape "
            f"({len(images)},); received shape {labels.shape}"
        )
    images, labels = images[:limit], labels[:limit]
    return images.reshape(len(images), -1), labels.astype(np.int64)


def _find_idx_file(directory, name):
    """Return ``directory/name`` if it exists, else ``directory/name.gz``, else raise."""
    candidates = [directory / name, directory / f"{name}.gz"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked_for = " or ".join(candidate.name for candidate in candidates)
    raise FileNotFoundError(f"MNIST file missing in {directory}; looked for {looked_for}")


def _split_and_standardize(X, y, test_fraction, seed):
    """Stratified split fixed by ``seed``, then standardization with training statistics."""
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_fraction, random_state=seed, stratify=y)
    X_train, X_test = _standardize(X_train, X_test)
    return X_train, y_train.astype(np.int64), X_test, y_test.astype(np.int64)


def _standardize(X_train, *others):
    """Centre and scale the training split and every other one by the training split's
    per-feature mean and std."""
    X_train = np.asarray(X_train, dtype=np.float64)
    constant = np.ptp(X_train, axis=0) == 0
    # A constant feature is centred on its exact value, so it becomes exact zeros.
    mean = np.where(constant, X_train[0], X_train.mean(axis=0))
    scale = np.where(constant, 1.0, X_train.std(axis=0))
    standardized = [(X - mean) / scale for X in (X_train, *(np.asarray(X, dtype=np.float64) for X in others))]
    return tuple(np.ascontiguousarray(X, dtype=np.float32) for X in standardized)


def _informative_count(n_features, n_classes):
    """Number of informative features: about half, yet enough to give each class a cluster."""
    needed = (n_classes - 1).bit_length()  # smallest k with 2**k >= n_classes
    if needed > n_features:
        raise ValueError(
            f"n_classes={n_classes} needs n_features >= {needed} (one cluster per class "
            f"requires n_classes <= 2 ** n_features); received n_features={n_features}"
        )
    return min(n_features, max(2, n_features // 2, needed))


def _check_fraction(test_fraction):
    """Raise ``ValueError`` unless ``test_fraction`` is a number in the open interval (0, 1)."""
    is_number = isinstance(test_fraction, (int, float, np.integer, np.floating))
    if isinstance(test_fraction, bool) or not is_number or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be strictly between 0 and 1; received {test_fraction!r}")


def _check_int(name, value, minimum, *, none_allowed=False):
    """Raise ``ValueError`` unless ``value`` is an integer >= ``minimum`` (or allowed ``None``)."""
    if none_allowed and value is None:
        return
    is_integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not is_integer or value < minimum:
        allowed = f"an integer >= {minimum}" + (" or None" if none_allowed else "")
        raise ValueError(f"{name} must be {allowed}; received {value!r}")
