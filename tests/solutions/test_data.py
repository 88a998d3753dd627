"""Tests for the reference data module ``solutions/data.py``.

IDX and MNIST files are written by the tests themselves into ``tmp_path``; the digits come
from scikit-learn, so nothing needs the network.
"""

from __future__ import annotations

import gzip
import re
import struct

import numpy as np
import pytest
from sklearn.datasets import load_digits as sklearn_load_digits

from autograder.reference import load_reference

data = load_reference("data")

# IDX type byte -> numpy type code of one element (written big-endian).
IDX_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: "i2", 0x0C: "i4", 0x0D: "f4", 0x0E: "f8"}
N_TRAIN, N_TEST = 12, 5
# The loaders that split with a seed and a test fraction.
SPLIT_LOADERS, SPLIT_IDS = [data.load_digits, data.make_synthetic], ["digits", "synthetic"]


# ---------------------------------------------------------------- helpers


def idx_bytes(array, type_code):
    """Header plus big-endian data of ``array`` as an IDX file of type ``type_code``."""
    array = np.asarray(array)
    header = bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(">" + IDX_TYPES[type_code]).tobytes()


def write_bytes(path, content, *, compress=False):
    """Write ``content`` to ``path``, gzip-compressed if asked; return ``path``."""
    path.write_bytes(gzip.compress(content) if compress else content)
    return path


def write_idx(path, array, type_code, *, compress=False):
    """Write ``array`` as an IDX file (raw or gzip) and return ``path``."""
    return write_bytes(path, idx_bytes(array, type_code), compress=compress)


def write_mnist_part(directory, prefix, images, labels, *, compress=False):
    """Write one MNIST part (``train`` or ``t10k``) as IDX files, optionally gzipped."""
    suffix = ".gz" if compress else ""
    write_idx(directory / f"{prefix}-images-idx3-ubyte{suffix}", images, 0x08, compress=compress)
    write_idx(directory / f"{prefix}-labels-idx1-ubyte{suffix}", labels, 0x08, compress=compress)


def fake_mnist_part(n, seed):
    """Random 28x28 uint8 images and labels 0-9 (shifted by ``seed``) for ``n`` samples."""
    images = np.random.default_rng(seed).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = ((np.arange(n) + seed) % 10).astype(np.uint8)
    return images, labels


def write_fake_mnist(directory, *, compress=False, seed=0):
    """Write a tiny MNIST (12 train, 5 test images); return the raw arrays written.

    In the training images pixel 0 is always 0 and pixel 1 always 51, so both are constant in
    the training split while varying in the test split.
    """
    train_images, train_labels = fake_mnist_part(N_TRAIN, seed)
    test_images, test_labels = fake_mnist_part(N_TEST, seed + 1)
    train_images[:, 0, :2] = (0, 51)
    write_mnist_part(directory, "train", train_images, train_labels, compress=compress)
    write_mnist_part(directory, "t10k", test_images, test_labels, compress=compress)
    return train_images, train_labels, test_images, test_labels


def expected_standardized(train_images, test_images):
    """Both splits scaled by 1/255 and standardized with training statistics, per the spec."""
    train = train_images.reshape(len(train_images), -1).astype(np.float64)
    test = test_images.reshape(len(test_images), -1).astype(np.float64)
    constant = train.max(axis=0) == train.min(axis=0)
    train, test = train / 255.0, test / 255.0
    mean = train.mean(axis=0)
    scale = np.where(constant, 1.0, train.std(axis=0))
    return (train - mean) / scale, (test - mean) / scale


def assert_close(actual, expected, what):
    """Assert two arrays agree to float32 precision, naming the worst mismatch."""
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    error = np.abs(actual.astype(np.float64) - expected)
    assert np.all(error <= 1e-5 + 1e-6 * np.abs(expected)), (
        f"{what}: largest difference {error.max():.3g} at index {np.unravel_index(error.argmax(), error.shape)}"
    )


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


@pytest.fixture(scope="module")
def synthetic():
    return data.make_synthetic()


@pytest.fixture(scope="module")
def mnist(tmp_path_factory):
    directory = tmp_path_factory.mktemp("mnist")
    write_fake_mnist(directory)
    return data.load_mnist(directory)


@pytest.fixture
def mnist_dir(tmp_path):
    write_fake_mnist(tmp_path)
    return tmp_path


# ---------------------------------------------------------------- the shared contract


LOADED = ["digits", "synthetic", "mnist"]


@pytest.mark.parametrize("split", ["train", "test"], ids=["train", "test"])
@pytest.mark.parametrize("loaded", LOADED, ids=LOADED)
def test_features_are_float32_c_contiguous_matrices(loaded, split, request):
    result = request.getfixturevalue(loaded)
    assert isinstance(result, tuple) and len(result) == 4, f"expected a 4-tuple, got {result!r}"
    X = result[0] if split == "train" else result[2]
    assert X.dtype == np.float32, f"X_{split} dtype is {X.dtype}, expected float32"
    assert X.ndim == 2, f"X_{split} has shape {X.shape}, expected (n, features)"
    assert X.flags.c_contiguous, f"X_{split} is not C-contiguous"
    assert np.isfinite(X).all(), f"X_{split} contains nan or inf"


@pytest.mark.parametrize("split", ["train", "test"], ids=["train", "test"])
@pytest.mark.parametrize("loaded", LOADED, ids=LOADED)
def test_labels_are_int64_vectors_matching_rows(loaded, split, request):
    X_train, y_train, X_test, y_test = request.getfixturevalue(loaded)
    X, y = (X_train, y_train) if split == "train" else (X_test, y_test)
    assert y.dtype == np.int64, f"y_{split} dtype is {y.dtype}, expected int64"
    assert y.shape == (len(X),), f"y_{split} has shape {y.shape}, expected ({len(X)},)"
    assert y.min() >= 0, f"y_{split} has the negative label {y.min()}"
    assert X_train.shape[1] == X_test.shape[1], f"features differ: {X_train.shape}, {X_test.shape}"


@pytest.mark.parametrize("loaded", ["digits", "synthetic"], ids=["digits", "synthetic"])
def test_training_split_is_standardized(loaded, request):
    X_train = request.getfixturevalue(loaded)[0].astype(np.float64)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    assert np.abs(mean).max() < 1e-5, f"largest |train mean| is {np.abs(mean).max():.3g}"
    varying = std > 0
    assert varying.sum() > 0, "no feature varies in the training split"
    worst = np.abs(std[varying] - 1).max()
    assert worst < 1e-5, f"non-constant training features have std off 1 by up to {worst:.3g}"


# ---------------------------------------------------------------- digits


def test_digits_sizes_and_classes(digits):
    X_train, y_train, X_test, y_test = digits
    assert (X_train.shape, X_test.shape) == ((1437, 64), (360, 64)), (
        f"shapes {X_train.shape}, {X_test.shape}; expected (1437, 64), (360, 64)"
    )
    assert len(y_train) + len(y_test) == 1797, f"{len(y_train) + len(y_test)} samples, not 1797"
    assert set(y_train.tolist()) == set(range(10)), f"train classes {sorted(set(y_train))}"
    assert set(y_test.tolist()) == set(range(10)), f"test classes {sorted(set(y_test))}"


def test_digits_constant_pixels_become_zero(digits):
    raw = sklearn_load_digits().data
    constant = raw.max(axis=0) == raw.min(axis=0)
    assert constant.any(), "expected some pixel to be constant over the whole digits data set"
    X_train, _, X_test, _ = digits
    assert np.all(X_train[:, constant] == 0), "constant pixels are not centred to 0 in train"
    assert np.all(X_test[:, constant] == 0), "constant pixels are not centred to 0 in test"


@pytest.mark.parametrize(("test_fraction", "n_test"), [(0.1, 180), (0.2, 360), (0.5, 899)], ids=["10%", "20%", "50%"])
def test_digits_split_is_stratified_with_requested_size(test_fraction, n_test):
    _, y_train, _, y_test = data.load_digits(test_fraction=test_fraction)
    assert len(y_test) == n_test, f"{len(y_test)} test samples, expected {n_test}"
    total = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    share = np.bincount(y_test, minlength=10) - test_fraction * total
    assert np.abs(share).max() <= 1, f"per-class test counts off the stratified share: {share}"


# ---------------------------------------------------------------- seeds


@pytest.mark.parametrize("load", SPLIT_LOADERS, ids=SPLIT_IDS)
def test_same_seed_gives_identical_data(load):
    first, second = load(seed=3), load(seed=3)
    same = [np.array_equal(a, b) for a, b in zip(first, second)]
    assert all(same), f"two calls with seed=3 differ (per array equal: {same})"


@pytest.mark.parametrize("load", SPLIT_LOADERS, ids=SPLIT_IDS)
def test_other_seed_gives_another_split(load):
    _, _, X_test_a, y_test_a = load(seed=0)
    _, _, X_test_b, y_test_b = load(seed=1)
    assert not np.array_equal(X_test_a, X_test_b), "seeds 0 and 1 give the same X_test"
    assert not np.array_equal(y_test_a, y_test_b), "seeds 0 and 1 give the same y_test"


# ---------------------------------------------------------------- synthetic


@pytest.mark.parametrize(
    ("options", "train_shape", "test_shape", "n_classes"),
    [
        ({}, (1600, 20), (400, 20), 4),
        ({"n_samples": 300, "n_features": 7, "n_classes": 3}, (240, 7), (60, 7), 3),
        ({"n_samples": 200, "n_features": 1, "n_classes": 2, "test_fraction": 0.25}, (150, 1), (50, 1), 2),
        ({"n_samples": 400, "n_features": 2, "n_classes": 4, "test_fraction": 0.5}, (200, 2), (200, 2), 4),
        ({"n_samples": 600, "n_features": 5, "n_classes": 30, "test_fraction": 0.5}, (300, 5), (300, 5), 30),
    ],
    ids=["defaults", "3-classes", "1-feature", "2-features-4-classes", "30-classes"],
)
def test_synthetic_shapes_and_classes(options, train_shape, test_shape, n_classes):
    X_train, y_train, X_test, y_test = data.make_synthetic(**options)
    assert (X_train.shape, X_test.shape) == (train_shape, test_shape), (
        f"shapes {X_train.shape}, {X_test.shape}; expected {train_shape}, {test_shape}"
    )
    classes = set(range(n_classes))
    assert set(y_train.tolist()) == classes, f"train classes {sorted(set(y_train.tolist()))}"
    assert set(y_test.tolist()) == classes, f"test classes {sorted(set(y_test.tolist()))}"


# ---------------------------------------------------------------- read_idx


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
@pytest.mark.parametrize(
    ("type_code", "array"),
    [
        (0x08, np.arange(12, dtype=np.uint8).reshape(3, 4) * 21),
        (0x09, np.array([-128, -1, 0, 1, 127], dtype=np.int8)),
        (0x0B, np.array([-30000, -300, 0, 258, 1000, 32767], dtype=np.int16).reshape(2, 3, 1)),
        (0x0C, np.array([[-70000], [1], [2**31 - 1], [16909060]], dtype=np.int32)),
        (0x0D, np.array([[1.5, -2.25], [3e10, -1e-7]], dtype=np.float32)),
        (0x0E, np.array([np.pi, -1e300, 5e-324], dtype=np.float64)),
        (0x08, np.zeros((0, 28, 28), dtype=np.uint8)),
    ],
    ids=["uint8-2d", "int8-1d", "int16-3d", "int32-2d", "float32-2d", "float64-1d", "empty"],
)
def test_read_idx_round_trip(tmp_path, type_code, array, compress):
    path = write_idx(tmp_path / "values.idx", array, type_code, compress=compress)
    result = data.read_idx(path)
    assert result.dtype == array.dtype, f"dtype {result.dtype}, expected {array.dtype}"
    assert result.dtype.isnative, f"dtype {result.dtype} is not in native byte order"
    assert result.shape == array.shape, f"shape {result.shape}, expected {array.shape}"
    assert np.array_equal(result, array), f"read {result!r}, wrote {array!r}"


@pytest.mark.parametrize(
    ("name", "compress"),
    [("no-suffix", True), ("misleading.gz", False)],
    ids=["gzip-without-gz-name", "raw-with-gz-name"],
)
def test_read_idx_detects_gzip_by_content(tmp_path, name, compress):
    array = np.array([7, 8, 9], dtype=np.uint8)
    path = write_idx(tmp_path / name, array, 0x08, compress=compress)
    result = data.read_idx(str(path))
    assert np.array_equal(result, array), f"read {result!r}, wrote {array!r}"


GOOD_IDX = idx_bytes(np.arange(6, dtype=np.int16).reshape(2, 3), 0x0B)


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"\x01\x00" + GOOD_IDX[2:], "first two bytes must be 00 00, found 01 00"),
        (b"", "first two bytes must be 00 00, found nothing"),
        (b"\x00\x00\x08", "header is truncated; expected 4 header bytes, found 3"),
        (GOOD_IDX[:10], "header is truncated; expected 12 header bytes, found 10"),
        (
            GOOD_IDX[:2] + b"\x0a" + GOOD_IDX[3:],
            "unknown IDX type byte 0x0A; allowed codes are 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E",
        ),
        (GOOD_IDX[:-1], r"12 data bytes; found 11 data bytes"),
        (GOOD_IDX + b"\x00\x00", r"12 data bytes; found 14 data bytes"),
    ],
    ids=["bad-magic", "empty", "short-header", "missing-sizes", "unknown-type", "short-data", "long-data"],
)
def test_read_idx_rejects_malformed_files(tmp_path, content, match, compress):
    path = write_bytes(tmp_path / "broken", content, compress=compress)
    with pytest.raises(ValueError, match=match):
        data.read_idx(path)


# ---------------------------------------------------------------- load_mnist


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
def test_load_mnist_reads_scales_and_standardizes(tmp_path, compress):
    train_images, train_labels, test_images, test_labels = write_fake_mnist(tmp_path, compress=compress)
    X_train, y_train, X_test, y_test = data.load_mnist(tmp_path)
    assert (X_train.shape, X_test.shape) == ((N_TRAIN, 784), (N_TEST, 784)), (
        f"shapes {X_train.shape}, {X_test.shape}; expected ({N_TRAIN}, 784), ({N_TEST}, 784)"
    )
    assert np.array_equal(y_train, train_labels), f"train labels {y_train}, wrote {train_labels}"
    assert np.array_equal(y_test, test_labels), f"test labels {y_test}, wrote {test_labels}"
    expected_train, expected_test = expected_standardized(train_images, test_images)
    assert_close(X_train, expected_train, "X_train")
    assert_close(X_test, expected_test, "X_test")


def test_load_mnist_constant_training_pixels_are_only_centred(tmp_path):
    *_, test_images, _ = write_fake_mnist(tmp_path)
    X_train, _, X_test, _ = data.load_mnist(tmp_path)
    assert np.all(X_train[:, :2] == 0), f"constant train pixels became {X_train[:, :2]}"
    assert_close(X_test[:, 0], test_images[:, 0, 0] / 255.0, "test pixel 0 (train mean 0)")
    assert_close(X_test[:, 1], test_images[:, 0, 1] / 255.0 - 0.2, "test pixel 1 (train mean 0.2)")


@pytest.mark.parametrize("limit", [None, 1, 3, 100], ids=["none", "one", "three", "above-size"])
def test_load_mnist_limit_keeps_first_samples(tmp_path, limit):
    train_images, train_labels, test_images, test_labels = write_fake_mnist(tmp_path)
    X_train, y_train, X_test, y_test = data.load_mnist(tmp_path, limit=limit)
    assert np.array_equal(y_train, train_labels[:limit]), f"train labels {y_train}"
    assert np.array_equal(y_test, test_labels[:limit]), f"test labels {y_test}"
    expected_train, expected_test = expected_standardized(train_images[:limit], test_images[:limit])
    assert_close(X_train, expected_train, f"X_train with limit={limit}")
    assert_close(X_test, expected_test, f"X_test with limit={limit}")


def test_load_mnist_prefers_raw_over_gzip(tmp_path):
    train_images, train_labels, test_images, test_labels = write_fake_mnist(tmp_path, seed=0)
    write_fake_mnist(tmp_path, compress=True, seed=5)
    X_train, y_train, _, y_test = data.load_mnist(tmp_path)
    assert np.array_equal(y_train, train_labels), f"train labels {y_train} are not the raw ones"
    assert np.array_equal(y_test, test_labels), f"test labels {y_test} are not the raw ones"
    assert_close(X_train, expected_standardized(train_images, test_images)[0], "X_train")


def test_load_mnist_uses_gzip_when_raw_is_missing(tmp_path):
    train_images, train_labels, _, _ = write_fake_mnist(tmp_path)
    test_images, test_labels = fake_mnist_part(N_TEST, seed=8)
    (tmp_path / "t10k-images-idx3-ubyte").unlink()
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    write_mnist_part(tmp_path, "t10k", test_images, test_labels, compress=True)
    _, _, X_test, y_test = data.load_mnist(tmp_path)
    assert np.array_equal(y_test, test_labels), f"test labels {y_test}, gzipped {test_labels}"
    assert_close(X_test, expected_standardized(train_images, test_images)[1], "X_test")


# ---------------------------------------------------------------- errors


BAD_FRACTIONS = [0, 1, 1.5, -0.1, float("nan"), "0.2", None, True]
BAD_FRACTION_IDS = ["zero", "one", "above-one", "negative", "nan", "string", "none", "bool"]


@pytest.mark.parametrize("test_fraction", BAD_FRACTIONS, ids=BAD_FRACTION_IDS)
@pytest.mark.parametrize("load", SPLIT_LOADERS, ids=SPLIT_IDS)
def test_bad_test_fraction_is_rejected(load, test_fraction):
    message = f"test_fraction must be strictly between 0 and 1; received {test_fraction!r}"
    with pytest.raises(ValueError, match=re.escape(message)):
        load(test_fraction=test_fraction)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n_samples": 0}, "n_samples must be an integer >= 1; received 0"),
        ({"n_samples": 100.0}, "n_samples must be an integer >= 1; received 100.0"),
        ({"n_features": -3}, "n_features must be an integer >= 1; received -3"),
        ({"n_classes": 1}, "n_classes must be an integer >= 2; received 1"),
        ({"n_classes": True}, "n_classes must be an integer >= 2; received True"),
        (
            {"n_features": 2, "n_classes": 5},
            "n_classes=5 needs n_features >= 3 (one cluster per class requires n_classes <= "
            "2 ** n_features); received n_features=2",
        ),
    ],
    ids=["zero-samples", "float-samples", "negative-features", "one-class", "bool-classes", "too-many-classes"],
)
def test_make_synthetic_rejects_bad_sizes(options, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        data.make_synthetic(**options)


@pytest.mark.parametrize("limit", [0, -2, 2.5, True, "3"], ids=["zero", "negative", "float", "bool", "string"])
def test_load_mnist_rejects_bad_limit(mnist_dir, limit):
    match = re.escape(f"limit must be an integer >= 1 or None; received {limit!r}")
    with pytest.raises(ValueError, match=match):
        data.load_mnist(mnist_dir, limit=limit)


@pytest.mark.parametrize("make_file", [False, True], ids=["missing", "is-a-file"])
def test_load_mnist_rejects_missing_directory(tmp_path, make_file):
    path = tmp_path / "no-mnist-here"
    if make_file:
        path.write_bytes(b"")
    with pytest.raises(FileNotFoundError, match=re.escape(repr(str(path)))):
        data.load_mnist(path)


@pytest.mark.parametrize(
    "name",
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
    ids=["train-images", "train-labels", "test-images", "test-labels"],
)
def test_load_mnist_names_the_missing_file(mnist_dir, name):
    (mnist_dir / name).unlink()
    match = re.escape(f"looked for {name} or {name}.gz")
    with pytest.raises(FileNotFoundError, match=match):
        data.load_mnist(mnist_dir)


@pytest.mark.parametrize(("prefix", "n_labels"), [("train", N_TRAIN - 1), ("t10k", N_TEST + 2)], ids=["train", "test"])
def test_load_mnist_rejects_label_count_mismatch(mnist_dir, prefix, n_labels):
    write_idx(mnist_dir / f"{prefix}-labels-idx1-ubyte", np.zeros(n_labels, np.uint8), 0x08)
    n_images = N_TRAIN if prefix == "train" else N_TEST
    match = re.escape(f"one label per image, shape ({n_images},); received shape ({n_labels},)")
    with pytest.raises(ValueError, match=match):
        data.load_mnist(mnist_dir)


@pytest.mark.parametrize(
    "shape",
    [(N_TRAIN, 27, 28), (N_TRAIN, 28, 29), (N_TRAIN, 784)],
    ids=["27x28", "28x29", "flat"],
)
def test_load_mnist_rejects_images_that_are_not_28x28(mnist_dir, shape):
    write_idx(mnist_dir / "train-images-idx3-ubyte", np.zeros(shape, np.uint8), 0x08)
    match = re.escape(f"must have shape (n, 28, 28); received shape {shape}")
    with pytest.raises(ValueError, match=match):
        data.load_mnist(mnist_dir)
