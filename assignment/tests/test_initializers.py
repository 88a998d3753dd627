"""Public tests for initializers.py: run them with ``python -m pytest`` in the assignment folder.

They check the contract (signatures, shapes, dtypes, errors) and that the numbers are roughly
right. The grader's hidden tests are much stricter: passing these does not mean full marks.

The variance checks use 65,536 draws and accept a ratio to the target between 0.8 and 1.25.
The sample variance of that many draws is within 3 % of the truth except with probability far
below 1e-12, so a correct initializer never fails them by bad luck.
"""

import inspect
import math

import initializers as init
import numpy as np
import pytest

RANDOM = [
    "random_normal",
    "random_uniform",
    "xavier_normal",
    "xavier_uniform",
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "lecun_uniform",
    "variance_scaling",
    "orthogonal",
]
SHAPES = [(64, 32), (32, 64), (3, 3, 8, 16)]


def draw(name, shape=(512, 128), seed=0, **options):
    return getattr(init, name)(shape, np.random.default_rng(seed), **options)


@pytest.mark.parametrize(
    "shape, fans",
    [((512, 128), (512, 128)), ((128, 512), (128, 512)), ((3, 3, 32, 64), (288, 576)), ((5, 4, 6), (20, 30))],
    ids=["dense", "dense-wide", "conv2d", "conv1d"],
)
def test_compute_fans(shape, fans):
    assert init.compute_fans(shape) == fans


@pytest.mark.parametrize("shape", [(), (7,)], ids=["scalar", "vector"])
def test_compute_fans_needs_two_dimensions(shape):
    with pytest.raises(ValueError, match="at least 2"):
        init.compute_fans(shape)


@pytest.mark.parametrize(
    "name, param, gain",
    [
        ("linear", None, 1.0),
        ("sigmoid", None, 1.0),
        ("tanh", None, 5 / 3),
        ("relu", None, math.sqrt(2)),
        ("leaky_relu", 0.2, math.sqrt(2 / 1.04)),
        ("selu", None, 0.75),
    ],
    ids=["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"],
)
def test_calculate_gain(name, param, gain):
    assert init.calculate_gain(name, param) == pytest.approx(gain)


def test_calculate_gain_rejects_unknown_nonlinearity():
    with pytest.raises(ValueError, match="nonlinearity"):
        init.calculate_gain("swish")


@pytest.mark.parametrize("name", RANDOM + ["zeros", "constant"])
@pytest.mark.parametrize("shape", SHAPES, ids=["dense", "dense-wide", "conv"])
def test_returns_float_array_of_the_shape(name, shape):
    weights = draw(name, shape)
    assert isinstance(weights, np.ndarray), f"{name} returned {type(weights).__name__}, not an ndarray"
    assert weights.shape == shape, f"{name} returned shape {weights.shape} for {shape}"
    assert np.issubdtype(weights.dtype, np.floating), f"{name} returned dtype {weights.dtype}"


@pytest.mark.parametrize("name", RANDOM)
def test_same_seed_same_weights_other_seed_other_weights(name):
    assert np.array_equal(draw(name, seed=1), draw(name, seed=1)), f"{name}: one seed gave two different arrays"
    assert not np.array_equal(draw(name, seed=1), draw(name, seed=2)), f"{name}: two seeds gave the same array"


@pytest.mark.parametrize("name", RANDOM)
def test_ignores_the_global_numpy_random_state(name):
    np.random.seed(1)
    first = draw(name, seed=3)
    np.random.seed(2)
    assert np.array_equal(first, draw(name, seed=3)), f"{name} used np.random's global state instead of rng"


@pytest.mark.parametrize(
    "name, options, variance",
    [
        ("random_normal", {"std": 0.1}, 0.01),
        ("random_uniform", {"limit": 0.3}, 0.03),
        ("xavier_normal", {}, 2 / 640),
        ("xavier_uniform", {}, 2 / 640),
        ("he_normal", {}, 2 / 512),
        ("he_uniform", {}, 2 / 512),
        ("lecun_normal", {}, 1 / 512),
        ("lecun_uniform", {}, 1 / 512),
        ("variance_scaling", {"scale": 2.0, "mode": "fan_out"}, 2 / 128),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_variance_is_roughly_right(name, options, variance):
    weights = draw(name, (512, 128), **options)
    ratio = weights.var() / variance
    assert 0.8 < ratio < 1.25, (
        f"{name}{options} on (512, 128): variance {weights.var():.3g}, expected about {variance:.3g}"
    )
    assert abs(weights.mean()) < 0.05 * math.sqrt(variance), f"{name}: mean {weights.mean():.3g} is not near 0"


def test_zeros_and_constant_values():
    assert np.all(init.zeros((4, 3)) == 0)
    assert np.all(init.constant((4, 3), value=0.25) == 0.25)


def test_orthogonal_columns_are_orthonormal():
    weights = draw("orthogonal", (128, 64), gain=2.0)
    assert np.allclose(weights.T @ weights, 4.0 * np.eye(64), atol=1e-6)


@pytest.mark.parametrize(
    "name, options, message",
    [
        ("variance_scaling", {"mode": "fan_sum"}, "mode"),
        ("variance_scaling", {"distribution": "cauchy"}, "distribution"),
        ("variance_scaling", {"scale": 0.0}, "scale"),
        ("variance_scaling", {"scale": -1.0}, "scale"),
        ("he_normal", {"mode": "fan_sideways"}, "mode"),
    ],
    ids=["mode", "distribution", "zero-scale", "negative-scale", "he-mode"],
)
def test_bad_arguments_raise_value_error(name, options, message):
    with pytest.raises(ValueError, match=message):
        draw(name, **options)


@pytest.mark.parametrize("name", ["xavier_normal", "he_uniform", "lecun_normal", "variance_scaling", "orthogonal"])
def test_fan_based_initializers_reject_a_vector_shape(name):
    with pytest.raises(ValueError):
        draw(name, (10,))


@pytest.mark.parametrize(
    "name, parameters",
    [
        ("compute_fans", ["shape"]),
        ("calculate_gain", ["nonlinearity", "param"]),
        ("zeros", ["shape", "rng"]),
        ("constant", ["shape", "rng", "value"]),
        ("random_normal", ["shape", "rng", "std"]),
        ("random_uniform", ["shape", "rng", "limit"]),
        ("xavier_normal", ["shape", "rng", "gain"]),
        ("xavier_uniform", ["shape", "rng", "gain"]),
        ("he_normal", ["shape", "rng", "negative_slope", "mode"]),
        ("he_uniform", ["shape", "rng", "negative_slope", "mode"]),
        ("lecun_normal", ["shape", "rng"]),
        ("lecun_uniform", ["shape", "rng"]),
        ("variance_scaling", ["shape", "rng", "scale", "mode", "distribution"]),
        ("orthogonal", ["shape", "rng", "gain"]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_signature_and_a_call(name, parameters):
    function = getattr(init, name)
    assert list(inspect.signature(function).parameters) == parameters, f"{name} has the wrong parameters"
    arguments = (
        ("relu",)
        if name == "calculate_gain"
        else ((6, 4),)
        if name == "compute_fans"
        else ((6, 4), np.random.default_rng(0))
    )
    function(*arguments)  # a signature alone is not enough: the function must run
