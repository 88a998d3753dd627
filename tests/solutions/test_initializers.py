"""Tests for the reference initializers ``solutions/initializers.py``.

Statistical design
------------------
Every statistical check is built for a false-failure probability of ``P_FALSE = 1e-9`` (the
chance that a correct implementation fails it for an unlucky seed), never tuned until it passes.
With ``Z = norm.isf(P_FALSE / 2)`` (about 6.11, two-sided):

* variance: with ``n`` draws of known mean 0 and population kurtosis ``k``, the second moment
  ``m2 = mean(w**2)`` has mean ``sigma^2`` and standard deviation exactly
  ``sigma^2 * sqrt((k - 1) / n)``, and is close to normal by the central limit theorem (the
  skewness of m2 is at most 2.83 / sqrt(n) = 0.011 at n = 65,536, which moves the tail
  probability at 6 sigma by well under a factor of 2). We accept
  ``|m2 / target - 1| <= Z * sqrt((k - 1) / n)``: 3.4 % for a normal (k = 3), 2.8 % for a normal
  truncated at 2 standard deviations (k = 2.366, computed with scipy's truncnorm), 2.1 % for a
  uniform (k = 1.8). Getting a fan wrong changes the variance by a factor 1.33 or more for the
  non-square shapes used here, far beyond these tolerances;
* mean: ``|mean| <= Z * sigma / sqrt(n)``;
* family (normal, truncated normal, uniform): the sample kurtosis ``mean(w**4) / m2**2`` is
  compared with the family's. Its standard deviation, by the delta method with the population
  moments up to the 8th (``kurtosis_sd`` below), is 0.019 (normal), 0.0077 (truncated) and
  0.0045 (uniform) at n = 65,536, so ``Z`` standard deviations is at most 0.117. We accept
  ``|kurtosis - k| <= KURTOSIS_TOLERANCE = 0.15``, which holds ``Z`` standard deviations for every
  family (checked by ``test_kurtosis_tolerance_design``) and is less than half of the smallest
  gap between families (2.366 vs 3 and 1.8 vs 2.366): a draw from the wrong family fails;
* distribution: a Kolmogorov-Smirnov test against scipy's normal, truncnorm or uniform with the
  expected parameters rejects when its p-value is below ``P_FALSE`` (under the null the p-value
  is uniform, so the false-failure probability is exactly ``P_FALSE``);
* bounds: uniform draws must reach 99 % of the bound (all of 65,536 draws staying below it has
  probability 0.99^65536 = e^-659), truncated draws 99 % of 2s (probability below e^-150).

Each statistical check uses at least ``N_MIN = 65,536`` draws. There are fewer than a thousand
checks, so by the union bound the whole file fails falsely with probability below 1e-6.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from autograder.reference import load_reference

init = load_reference("initializers")

P_FALSE = 1e-9
Z = float(stats.norm.isf(P_FALSE / 2))
N_MIN = 65_536
KURTOSIS_TOLERANCE = 0.15

# Standard families, scaled to unit variance for the kurtosis design.
TRUNCATED = stats.truncnorm(-2, 2)
FAMILIES = {
    "normal": stats.norm(),
    "truncated": TRUNCATED,
    "uniform": stats.uniform(-1, 2),
}
KURTOSIS = {name: float(dist.stats(moments="k")) + 3.0 for name, dist in FAMILIES.items()}
DISTRIBUTION_FAMILY = {
    "untruncated_normal": "normal",
    "truncated_normal": "truncated",
    "uniform": "uniform",
}

# Non-square shapes both ways and a convolution kernel, each with >= 65,536 entries.
# (512, 128): fans (512, 128); (128, 512): fans (128, 512); (3, 3, 64, 128): fans (576, 1152).
STAT_SHAPES = [(512, 128), (128, 512), (3, 3, 64, 128)]
STAT_SHAPE_IDS = ["dense-512x128", "dense-128x512", "conv-3x3x64x128"]
SEED = 20240611


# ---------------------------------------------------------------- helpers


def fans(shape):
    """(fan_in, fan_out) computed here, independently of the module."""
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def fan(shape, mode):
    fan_in, fan_out = fans(shape)
    return {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]


def kurtosis_sd(dist, n):
    """Delta-method standard deviation of ``mean(x**4) / mean(x**2)**2`` for n draws of the
    symmetric, mean-zero ``dist``."""
    m2, m4, m6, m8 = (float(dist.moment(k)) for k in (2, 4, 6, 8))
    variance = (m8 - m4**2) / m2**4 - 4 * m4 * (m6 - m2 * m4) / m2**5 + 4 * m4**2 * (m4 - m2**2) / m2**6
    return math.sqrt(variance / n)


def as_matrix(w):
    """The (prod(shape[:-1]), shape[-1]) matrix view used for rows/columns of a kernel."""
    return w.reshape(-1, w.shape[-1])


def gram_error(w, gain):
    """Largest deviation of the small-side Gram matrix from gain^2 I."""
    m = as_matrix(w)
    gram = m.T @ m if m.shape[0] >= m.shape[1] else m @ m.T
    return float(np.abs(gram - gain**2 * np.eye(len(gram))).max())


# ---------------------------------------------------------------- cases


class Case:
    """One random initializer with fixed parameters and the law of its draws."""

    def __init__(self, name, make, family, variance, bound=None):
        self.name = name
        self.make = make  # make(shape, rng) -> ndarray
        self.family = family  # "normal", "truncated" or "uniform"
        self.variance = variance  # variance(shape) -> float
        self.bound = bound  # bound(shape) -> float for uniform and truncated families

    def __repr__(self):
        return self.name


def normal_case(name, make, variance):
    return Case(name, make, "normal", variance)


def uniform_case(name, make, variance):
    return Case(name, make, "uniform", variance, lambda shape: math.sqrt(3.0 * variance(shape)))


def truncated_case(name, make, variance):
    # Bound 2s with s = sqrt(variance) / TRUNCATED_NORMAL_STD, spelled out from the docstring.
    return Case(
        name,
        make,
        "truncated",
        variance,
        lambda shape: 2.0 * (math.sqrt(variance(shape)) / 0.87962566103423978),
    )


def he_variance(a, mode):
    return lambda shape: 2.0 / ((1.0 + a**2) * fan(shape, mode))


def vs_variance(scale, mode):
    return lambda shape: scale / fan(shape, mode)


CASE_MAKERS = {
    "normal": normal_case,
    "uniform": uniform_case,
    "truncated": truncated_case,
}

CASES = [
    normal_case("random_normal-default", lambda s, r: init.random_normal(s, r), lambda s: 0.01**2),
    normal_case("random_normal-std0.5", lambda s, r: init.random_normal(s, r, std=0.5), lambda s: 0.25),
    uniform_case("random_uniform-default", lambda s, r: init.random_uniform(s, r), lambda s: 0.05**2 / 3),
    uniform_case("random_uniform-limit2", lambda s, r: init.random_uniform(s, r, limit=2.0), lambda s: 4.0 / 3),
    normal_case("xavier_normal-default", lambda s, r: init.xavier_normal(s, r), lambda s: 2.0 / sum(fans(s))),
    normal_case(
        "xavier_normal-gain2.5", lambda s, r: init.xavier_normal(s, r, gain=2.5), lambda s: 2.5**2 * 2.0 / sum(fans(s))
    ),
    normal_case(
        "xavier_normal-gain-minus0.5",
        lambda s, r: init.xavier_normal(s, r, gain=-0.5),
        lambda s: 0.25 * 2.0 / sum(fans(s)),
    ),
    uniform_case("xavier_uniform-default", lambda s, r: init.xavier_uniform(s, r), lambda s: 2.0 / sum(fans(s))),
    uniform_case(
        "xavier_uniform-gain0.5", lambda s, r: init.xavier_uniform(s, r, gain=0.5), lambda s: 0.25 * 2.0 / sum(fans(s))
    ),
    normal_case("he_normal-default", lambda s, r: init.he_normal(s, r), he_variance(0.0, "fan_in")),
    uniform_case("he_uniform-default", lambda s, r: init.he_uniform(s, r), he_variance(0.0, "fan_in")),
    normal_case("lecun_normal", lambda s, r: init.lecun_normal(s, r), lambda s: 1.0 / fans(s)[0]),
    uniform_case("lecun_uniform", lambda s, r: init.lecun_uniform(s, r), lambda s: 1.0 / fans(s)[0]),
    truncated_case("variance_scaling-default", lambda s, r: init.variance_scaling(s, r), vs_variance(1.0, "fan_in")),
]
for _a in (0.0, 0.5, 1.0):
    for _mode in ("fan_in", "fan_out"):
        CASES.append(
            normal_case(
                f"he_normal-a{_a}-{_mode}",
                lambda s, r, a=_a, m=_mode: init.he_normal(s, r, negative_slope=a, mode=m),
                he_variance(_a, _mode),
            )
        )
        CASES.append(
            uniform_case(
                f"he_uniform-a{_a}-{_mode}",
                lambda s, r, a=_a, m=_mode: init.he_uniform(s, r, negative_slope=a, mode=m),
                he_variance(_a, _mode),
            )
        )
for _distribution, _family in DISTRIBUTION_FAMILY.items():
    for _mode in ("fan_in", "fan_out", "fan_avg"):
        for _scale in (0.5, 2.0):
            CASES.append(
                CASE_MAKERS[_family](
                    f"variance_scaling-{_distribution}-{_mode}-scale{_scale}",
                    lambda s, r, sc=_scale, m=_mode, d=_distribution: init.variance_scaling(
                        s, r, scale=sc, mode=m, distribution=d
                    ),
                    vs_variance(_scale, _mode),
                )
            )
CASE_IDS = [case.name for case in CASES]
BOUNDED_CASES = [case for case in CASES if case.bound is not None]


def draw(case, shape, seed=SEED):
    w = case.make(shape, np.random.default_rng(seed))
    assert w.size >= N_MIN, f"{case}: only {w.size} draws for a statistical check"
    return w


# Initializers with their default parameters, for the contract tests.
RANDOM_INITIALIZERS = {
    "random_normal": init.random_normal,
    "random_uniform": init.random_uniform,
    "xavier_normal": init.xavier_normal,
    "xavier_uniform": init.xavier_uniform,
    "he_normal": init.he_normal,
    "he_uniform": init.he_uniform,
    "lecun_normal": init.lecun_normal,
    "lecun_uniform": init.lecun_uniform,
    "variance_scaling-truncated": init.variance_scaling,
    "variance_scaling-untruncated": lambda s, r: init.variance_scaling(s, r, distribution="untruncated_normal"),
    "variance_scaling-uniform": lambda s, r: init.variance_scaling(s, r, distribution="uniform"),
    "orthogonal": init.orthogonal,
}
RANDOM_IDS = list(RANDOM_INITIALIZERS)
RANDOM = list(RANDOM_INITIALIZERS.values())
DETERMINISTIC_INITIALIZERS = {
    "zeros": init.zeros,
    "constant-default": init.constant,
    "constant-0.25": lambda s, r: init.constant(s, r, value=0.25),
}
ALL_INITIALIZERS = {**RANDOM_INITIALIZERS, **DETERMINISTIC_INITIALIZERS}
CONTRACT_SHAPES = [(6, 4), (4, 6), (5, 5), (3, 3, 2, 4), (2, 5, 3)]
CONTRACT_SHAPE_IDS = ["6x4", "4x6", "5x5", "conv2d-3x3x2x4", "conv1d-2x5x3"]


@pytest.fixture
def global_state():
    """Seed the legacy global NumPy generator and restore its state afterwards."""
    saved = np.random.get_state()
    yield
    np.random.set_state(saved)


# ---------------------------------------------------------------- the design itself


def test_truncated_normal_std_constant_matches_scipy():
    expected = TRUNCATED.std()
    assert init.TRUNCATED_NORMAL_STD == pytest.approx(expected, rel=1e-12), (
        f"TRUNCATED_NORMAL_STD is {init.TRUNCATED_NORMAL_STD!r}; scipy's truncnorm(-2, 2).std() is {expected!r}"
    )


@pytest.mark.parametrize("family", list(FAMILIES), ids=list(FAMILIES))
def test_kurtosis_tolerance_design(family):
    """The kurtosis tolerance covers Z standard deviations and keeps the families apart."""
    spread = Z * kurtosis_sd(FAMILIES[family], N_MIN)
    assert spread <= KURTOSIS_TOLERANCE, (
        f"{family}: Z * sd of the sample kurtosis at n={N_MIN} is {spread:.4f} > {KURTOSIS_TOLERANCE}"
    )
    gaps = [abs(KURTOSIS[family] - k) for name, k in KURTOSIS.items() if name != family]
    assert min(gaps) > 2 * KURTOSIS_TOLERANCE, (
        f"{family}: kurtosis {KURTOSIS[family]:.4f} is only {min(gaps):.4f} from another family"
    )


# ---------------------------------------------------------------- compute_fans, calculate_gain


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ((512, 128), (512, 128)),
        ((128, 512), (128, 512)),
        ([7, 3], (7, 3)),
        ((5, 16, 32), (80, 160)),
        ((3, 3, 32, 64), (288, 576)),
        ((3, 5, 7, 4, 8), (420, 840)),
        ((np.int64(3), np.int64(2)), (3, 2)),
        ((1, 1, 1, 1), (1, 1)),
    ],
    ids=["dense-512x128", "dense-128x512", "list", "conv1d", "conv2d", "conv3d", "numpy-ints", "ones"],
)
def test_compute_fans(shape, expected):
    result = init.compute_fans(shape)
    assert result == expected, f"compute_fans({shape!r}) = {result!r}, expected {expected!r}"
    assert all(type(v) is int for v in result), f"compute_fans returned {result!r}, not ints"


@pytest.mark.parametrize(
    ("nonlinearity", "param", "expected"),
    [
        ("linear", None, 1.0),
        ("sigmoid", None, 1.0),
        ("tanh", None, 5.0 / 3.0),
        ("relu", None, math.sqrt(2.0)),
        ("leaky_relu", None, math.sqrt(2.0 / (1.0 + 0.01**2))),
        ("leaky_relu", 0, math.sqrt(2.0)),
        ("leaky_relu", 0.5, math.sqrt(2.0 / 1.25)),
        ("leaky_relu", 1, 1.0),
        ("leaky_relu", -0.2, math.sqrt(2.0 / 1.04)),
        ("selu", None, 0.75),
    ],
    ids=[
        "linear",
        "sigmoid",
        "tanh",
        "relu",
        "leaky-default",
        "leaky-0",
        "leaky-0.5",
        "leaky-1",
        "leaky-minus0.2",
        "selu",
    ],
)
def test_calculate_gain(nonlinearity, param, expected):
    result = init.calculate_gain(nonlinearity, param)
    assert result == pytest.approx(expected, rel=1e-12), (
        f"calculate_gain({nonlinearity!r}, {param!r}) = {result!r}, expected {expected!r}"
    )


# ---------------------------------------------------------------- moments and families


@pytest.mark.parametrize("shape", STAT_SHAPES, ids=STAT_SHAPE_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_variance_matches_formula(case, shape):
    """|m2 / target - 1| <= Z * sqrt((k - 1) / n); see the module docstring."""
    w = draw(case, shape)
    target = case.variance(shape)
    k = KURTOSIS[case.family]
    tolerance = Z * math.sqrt((k - 1) / w.size)
    m2 = float(np.mean(w**2))
    assert abs(m2 / target - 1) <= tolerance, (
        f"{case} on {shape}: second moment {m2:.6g}, expected {target:.6g} "
        f"(ratio {m2 / target:.4f}, allowed 1 +- {tolerance:.4f}); fans {fans(shape)}"
    )


@pytest.mark.parametrize("shape", STAT_SHAPES, ids=STAT_SHAPE_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_mean_is_zero(case, shape):
    """|mean| <= Z * sigma / sqrt(n)."""
    w = draw(case, shape)
    limit = Z * math.sqrt(case.variance(shape) / w.size)
    mean = float(w.mean())
    assert abs(mean) <= limit, f"{case} on {shape}: mean {mean:.3g}, allowed +- {limit:.3g}"


@pytest.mark.parametrize("shape", STAT_SHAPES, ids=STAT_SHAPE_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_kurtosis_identifies_family(case, shape):
    """|mean(w^4) / m2^2 - k| <= 0.15; see test_kurtosis_tolerance_design."""
    w = draw(case, shape)
    m2 = np.mean(w**2)
    kurtosis = float(np.mean(w**4) / m2**2)
    expected = KURTOSIS[case.family]
    assert abs(kurtosis - expected) <= KURTOSIS_TOLERANCE, (
        f"{case} on {shape}: sample kurtosis {kurtosis:.4f}, expected {expected:.4f} "
        f"({case.family}) +- {KURTOSIS_TOLERANCE}; normal 3, "
        f"truncated {KURTOSIS['truncated']:.3f}, uniform 1.8"
    )


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_distribution_matches_scipy(case):
    """Kolmogorov-Smirnov against scipy's law; reject only when p < P_FALSE. One (conv) shape
    per case: the fans are already checked on all shapes by the moment tests."""
    shape = STAT_SHAPES[-1]
    w = draw(case, shape)
    sigma = math.sqrt(case.variance(shape))
    if case.family == "normal":
        reference = stats.norm(scale=sigma)
    elif case.family == "uniform":
        bound = case.bound(shape)
        reference = stats.uniform(-bound, 2 * bound)
    else:
        s = sigma / TRUNCATED.std()
        reference = stats.truncnorm(-2, 2, scale=s)
    result = stats.kstest(w.ravel(), reference.cdf)
    assert result.pvalue >= P_FALSE, (
        f"{case} on {shape}: KS statistic {result.statistic:.4g} against {case.family} with "
        f"variance {sigma**2:.4g}, p = {result.pvalue:.3g} < {P_FALSE}"
    )


@pytest.mark.parametrize("shape", STAT_SHAPES, ids=STAT_SHAPE_IDS)
@pytest.mark.parametrize("case", BOUNDED_CASES, ids=[c.name for c in BOUNDED_CASES])
def test_draws_fill_but_respect_bound(case, shape):
    """Uniform: within +-b = sqrt(3 var); truncated: within +-2s. Both reach 99 % of it."""
    w = draw(case, shape)
    bound = case.bound(shape)
    largest = float(np.abs(w).max())
    assert largest <= bound * (1 + 1e-12), (
        f"{case} on {shape}: largest |w| is {largest:.6g}, above the bound {bound:.6g}"
    )
    assert largest >= 0.99 * bound, (
        f"{case} on {shape}: largest |w| is {largest:.6g}, below 99 % of the bound {bound:.6g}"
    )


# ---------------------------------------------------------------- orthogonal


ORTHOGONAL_SHAPES = [(256, 64), (64, 256), (50, 50), (3, 3, 16, 32), (2, 8, 64)]
ORTHOGONAL_IDS = ["tall", "wide", "square", "conv-tall", "conv-wide"]


@pytest.mark.parametrize("gain", [1.0, 3.0, -2.0], ids=["gain1", "gain3", "gain-minus2"])
@pytest.mark.parametrize("shape", ORTHOGONAL_SHAPES, ids=ORTHOGONAL_IDS)
def test_orthogonal_small_side_is_orthonormal_times_gain(shape, gain):
    w = init.orthogonal(shape, np.random.default_rng(SEED), gain=gain)
    assert w.shape == shape, f"shape {w.shape}, expected {shape}"
    error = gram_error(w, gain)
    assert error <= 1e-6, (
        f"orthogonal{shape} gain={gain}: Gram matrix of the smaller side is off gain^2 I by {error:.3g}"
    )


@pytest.mark.parametrize("shape", [(3, 3), (3, 2), (2, 3)], ids=["square", "tall", "wide"])
def test_orthogonal_is_uniformly_distributed(shape):
    """Haar check. The first column (tall/square) or row (wide) of a uniformly distributed
    (semi-)orthogonal matrix with 3 entries is uniform on the unit sphere of R^3, whose
    coordinates are U(-1, 1) (Archimedes). KS test of W[0, 0] over 2,000 matrices, rejecting when
    p < P_FALSE. Skipping the sign correction makes W[0, 0] <= 0 always with LAPACK's QR."""
    rng = np.random.default_rng(SEED)
    corner = np.array([init.orthogonal(shape, rng)[0, 0] for _ in range(2000)])
    result = stats.kstest(corner, stats.uniform(-1, 2).cdf)
    assert result.pvalue >= P_FALSE, (
        f"orthogonal{shape}: W[0, 0] over 2000 draws is not U(-1, 1): mean {corner.mean():.3f}, "
        f"share positive {np.mean(corner > 0):.3f}, KS p = {result.pvalue:.3g}"
    )


# ---------------------------------------------------------------- the shared contract


@pytest.mark.parametrize(
    "spell",
    [tuple, list, lambda shape: tuple(np.int64(d) for d in shape)],
    ids=["tuple", "list", "numpy-ints"],
)
@pytest.mark.parametrize("shape", CONTRACT_SHAPES, ids=CONTRACT_SHAPE_IDS)
@pytest.mark.parametrize("initializer", list(ALL_INITIALIZERS.values()), ids=list(ALL_INITIALIZERS))
def test_returns_float64_array_of_exact_shape(initializer, shape, spell):
    given = spell(shape)
    w = initializer(given, np.random.default_rng(0))
    assert isinstance(w, np.ndarray), f"shape {given!r}: returned {type(w).__name__}"
    assert w.dtype == np.float64, f"shape {given!r}: dtype {w.dtype}, expected float64"
    assert w.shape == shape, f"shape {given!r}: returned shape {w.shape}, expected {shape}"
    assert np.isfinite(w).all(), f"shape {given!r}: non-finite weights"


@pytest.mark.parametrize("initializer", list(ALL_INITIALIZERS.values()), ids=list(ALL_INITIALIZERS))
def test_returns_a_new_array_every_call(initializer):
    first = initializer((6, 4), np.random.default_rng(1))
    kept = first.copy()
    second = initializer((6, 4), np.random.default_rng(1))
    assert not np.shares_memory(first, second), "two calls return arrays sharing memory"
    first[...] = 123.0
    third = initializer((6, 4), np.random.default_rng(1))
    assert np.array_equal(third, kept), "writing into a returned array changed a later call's result"


@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_same_seed_gives_same_weights(initializer):
    first = initializer((64, 32), np.random.default_rng(7))
    second = initializer((64, 32), np.random.default_rng(7))
    assert np.array_equal(first, second), (
        f"two generators seeded 7 gave different weights (max diff {np.abs(first - second).max():.3g})"
    )


@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_different_seed_gives_different_weights(initializer):
    first = initializer((64, 32), np.random.default_rng(7))
    second = initializer((64, 32), np.random.default_rng(8))
    same = float(np.mean(first == second))
    assert same < 0.01, f"seeds 7 and 8 agree on {same:.1%} of the weights"


@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_global_numpy_state_is_neither_used_nor_advanced(initializer, global_state):
    np.random.seed(0)
    first = initializer((64, 32), np.random.default_rng(3))
    np.random.seed(12345)
    before = np.random.get_state()[1].copy(), np.random.get_state()[2]
    second = initializer((64, 32), np.random.default_rng(3))
    after = np.random.get_state()[1], np.random.get_state()[2]
    assert np.array_equal(first, second), "the weights depend on np.random.seed"
    assert np.array_equal(before[0], after[0]) and before[1] == after[1], (
        "the initializer advanced the global np.random state"
    )


@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_makes_no_generator_of_its_own(initializer, monkeypatch):
    """The only randomness is the generator passed in: making another one, or drawing from the
    legacy global functions, fails the test."""
    rng = np.random.default_rng(5)
    expected = initializer((16, 8), np.random.default_rng(5))

    def forbidden(*args, **kwargs):
        raise AssertionError("the initializer used a random source other than the rng argument")

    for name in (
        "default_rng",
        "RandomState",
        "seed",
        "normal",
        "uniform",
        "standard_normal",
        "randn",
        "rand",
        "random",
        "random_sample",
        "get_state",
    ):
        monkeypatch.setattr(np.random, name, forbidden)
    w = initializer((16, 8), rng)
    monkeypatch.undo()
    assert np.array_equal(w, expected), "weights differ from an unpatched call with the same seed"


@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_generator_passed_in_is_advanced(initializer):
    rng = np.random.default_rng(11)
    state = rng.bit_generator.state
    first = initializer((64, 32), rng)
    assert rng.bit_generator.state != state, "the generator's state did not change"
    second = initializer((64, 32), rng)
    same = float(np.mean(first == second))
    assert same < 0.01, f"two calls with the same generator object agree on {same:.1%} of weights"


@pytest.mark.parametrize("initializer", list(DETERMINISTIC_INITIALIZERS.values()), ids=list(DETERMINISTIC_INITIALIZERS))
def test_deterministic_initializers_ignore_rng(initializer):
    rng = np.random.default_rng(11)
    state = rng.bit_generator.state
    with_rng = initializer((5, 3), rng)
    assert rng.bit_generator.state == state, "zeros/constant advanced the generator"
    without = initializer((5, 3), None)
    assert np.array_equal(with_rng, without), "the result depends on rng"


@pytest.mark.parametrize(
    ("initializer", "value"),
    [
        (init.zeros, 0.0),
        (init.constant, 1.0),
        (lambda s, r: init.constant(s, r, value=-0.3), -0.3),
        (lambda s, r: init.constant(s, r, value=2), 2.0),
    ],
    ids=["zeros", "constant-default", "constant-minus0.3", "constant-int-2"],
)
@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (3, 3, 2, 4)], ids=["6x4", "4x6", "conv"])
def test_zeros_and_constant_have_identical_units(initializer, value, shape):
    w = initializer(shape, None)
    assert np.all(w == value), f"entries {np.unique(w)}, expected all {value}"
    m = as_matrix(w)
    assert np.all(m == m[:, :1]) and np.all(m == m[:1, :]), "units (rows or columns) differ"


@pytest.mark.parametrize("shape", [(128, 64), (64, 128), (3, 3, 8, 16)], ids=["tall", "wide", "conv"])
@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_random_weights_have_no_identical_units(initializer, shape):
    m = as_matrix(initializer(shape, np.random.default_rng(2)))
    rows, cols = len(np.unique(m, axis=0)), len(np.unique(m, axis=1).T)
    assert rows == m.shape[0], f"only {rows} distinct rows among {m.shape[0]}"
    assert cols == m.shape[1], f"only {cols} distinct columns among {m.shape[1]}"


# ---------------------------------------------------------------- errors


# compute_fans and every public initializer, as f(shape, rng).
SHAPE_CALLS = {
    "compute_fans": lambda s, r: init.compute_fans(s),
    "zeros": init.zeros,
    "constant": init.constant,
    **RANDOM_INITIALIZERS,
}
BAD_SHAPES = [
    (True, 3),
    (3, False),
    (3, float("nan")),
    (float("inf"), 3),
    (3, 2.5),
    (3.0, 4),
    (3, -1),
    ("3", 4),
    (3, 3, None, 4),
]
BAD_SHAPE_IDS = ["bool-true", "bool-false", "nan", "inf", "fraction", "integral-float", "negative", "string", "none"]


@pytest.mark.parametrize("shape", BAD_SHAPES, ids=BAD_SHAPE_IDS)
@pytest.mark.parametrize("call", list(SHAPE_CALLS.values()), ids=list(SHAPE_CALLS))
def test_bad_shape_entries_are_rejected(call, shape):
    with pytest.raises(
        ValueError,
        match=r"shape must be a sequence of non-negative integers; "
        r"received ",
    ):
        call(shape, np.random.default_rng(0))


RANK_CALLS = {
    "compute_fans": lambda s, r: init.compute_fans(s),
    "xavier_normal": init.xavier_normal,
    "xavier_uniform": init.xavier_uniform,
    "he_normal": init.he_normal,
    "he_uniform": init.he_uniform,
    "lecun_normal": init.lecun_normal,
    "lecun_uniform": init.lecun_uniform,
    "variance_scaling": init.variance_scaling,
    "orthogonal": init.orthogonal,
}


@pytest.mark.parametrize("shape", [(5,), (), 5], ids=["rank1", "rank0", "int"])
@pytest.mark.parametrize("call", list(RANK_CALLS.values()), ids=list(RANK_CALLS))
def test_fan_based_initializers_need_two_dimensions(call, shape):
    with pytest.raises(ValueError, match=r"shape must have at least 2 dimensions"):
        call(shape, np.random.default_rng(0))


@pytest.mark.parametrize(
    "rng",
    [None, 0, np.random.RandomState(0), np.random.PCG64(0), "seed"],
    ids=["none", "int-seed", "RandomState", "bit-generator", "string"],
)
@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_non_generator_rng_is_a_type_error(initializer, rng):
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator .*; received " + type(rng).__name__):
        initializer((4, 3), rng)


BAD_POSITIVE = [0, 0.0, -0.1, float("nan"), float("inf"), True, "0.1", None]
BAD_POSITIVE_IDS = ["zero", "zero-float", "negative", "nan", "inf", "bool", "string", "none"]


@pytest.mark.parametrize("value", BAD_POSITIVE, ids=BAD_POSITIVE_IDS)
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda v: init.random_normal((4, 3), np.random.default_rng(0), std=v), "std"),
        (lambda v: init.random_uniform((4, 3), np.random.default_rng(0), limit=v), "limit"),
        (lambda v: init.variance_scaling((4, 3), np.random.default_rng(0), scale=v), "scale"),
    ],
    ids=["random_normal-std", "random_uniform-limit", "variance_scaling-scale"],
)
def test_non_positive_parameters_are_rejected(call, name, value):
    with pytest.raises(ValueError, match=rf"{name} must be a positive finite number; received "):
        call(value)


BAD_GAINS = [0, 0.0, -0.0, float("nan"), float("inf"), -float("inf"), True, "1", None]
BAD_GAIN_IDS = ["zero", "zero-float", "minus-zero", "nan", "inf", "minus-inf", "bool", "string", "none"]


@pytest.mark.parametrize("gain", BAD_GAINS, ids=BAD_GAIN_IDS)
@pytest.mark.parametrize(
    "initializer",
    [init.xavier_normal, init.xavier_uniform, init.orthogonal],
    ids=["xavier_normal", "xavier_uniform", "orthogonal"],
)
def test_zero_or_non_finite_gain_is_rejected(initializer, gain):
    with pytest.raises(ValueError, match=r"gain must be a nonzero finite number; received "):
        initializer((4, 3), np.random.default_rng(0), gain=gain)


@pytest.mark.parametrize(
    "nonlinearity", ["swish", "ReLU", "gelu", "", None], ids=["swish", "capitalized", "gelu", "empty", "none"]
)
def test_unknown_nonlinearity_is_rejected(nonlinearity):
    with pytest.raises(
        ValueError,
        match=r"nonlinearity must be one of 'linear', 'sigmoid', "
        r"'tanh', 'relu', 'leaky_relu', 'selu'; received ",
    ):
        init.calculate_gain(nonlinearity)


@pytest.mark.parametrize(
    "param", ["0.2", float("nan"), float("inf"), True, [0.1]], ids=["string", "nan", "inf", "bool", "list"]
)
def test_leaky_relu_param_must_be_a_number(param):
    with pytest.raises(
        ValueError,
        match=r"param \(the negative slope\) must be a finite number; "
        r"received ",
    ):
        init.calculate_gain("leaky_relu", param)


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), "1", True, None], ids=["nan", "inf", "string", "bool", "none"]
)
def test_constant_value_must_be_finite_number(value):
    with pytest.raises(ValueError, match=r"value must be a finite number; received "):
        init.constant((2, 2), value=value)


@pytest.mark.parametrize(
    "mode", ["fan_avg", "fan_sum", "FAN_IN", None], ids=["fan_avg", "fan_sum", "uppercase", "none"]
)
@pytest.mark.parametrize("initializer", [init.he_normal, init.he_uniform], ids=["he_normal", "he_uniform"])
def test_he_mode_is_fan_in_or_fan_out(initializer, mode):
    with pytest.raises(ValueError, match=r"mode must be one of 'fan_in', 'fan_out'; received "):
        initializer((4, 3), np.random.default_rng(0), mode=mode)


@pytest.mark.parametrize(
    "slope", [float("nan"), float("inf"), "0.1", None, True], ids=["nan", "inf", "string", "none", "bool"]
)
@pytest.mark.parametrize("initializer", [init.he_normal, init.he_uniform], ids=["he_normal", "he_uniform"])
def test_he_negative_slope_must_be_finite_number(initializer, slope):
    with pytest.raises(ValueError, match=r"negative_slope must be a finite number; received "):
        initializer((4, 3), np.random.default_rng(0), negative_slope=slope)


@pytest.mark.parametrize("mode", ["fan_sum", "avg", None], ids=["fan_sum", "avg", "none"])
def test_variance_scaling_rejects_unknown_mode(mode):
    with pytest.raises(
        ValueError,
        match=r"mode must be one of 'fan_in', 'fan_out', 'fan_avg'; "
        r"received ",
    ):
        init.variance_scaling((4, 3), np.random.default_rng(0), mode=mode)


@pytest.mark.parametrize(
    "distribution", ["normal", "truncated", "Uniform", None], ids=["normal", "truncated", "capitalized", "none"]
)
def test_variance_scaling_rejects_unknown_distribution(distribution):
    with pytest.raises(
        ValueError,
        match=r"distribution must be one of 'truncated_normal', "
        r"'untruncated_normal', 'uniform'; received ",
    ):
        init.variance_scaling((4, 3), np.random.default_rng(0), distribution=distribution)


@pytest.mark.parametrize(
    "shape", [(0, 5), (5, 0), (3, 0, 4), (0, 0)], ids=["no-rows", "no-cols", "conv-empty", "empty"]
)
@pytest.mark.parametrize("initializer", RANDOM, ids=RANDOM_IDS)
def test_zero_size_shapes_give_an_empty_array(initializer, shape):
    weights = initializer(shape, np.random.default_rng(0))
    assert weights.shape == shape and weights.dtype == np.float64, (weights.shape, weights.dtype)


@pytest.mark.parametrize("shape", [2.5, None, object()], ids=["float", "none", "object"])
def test_a_shape_that_is_not_a_sequence_is_a_value_error(shape):
    with pytest.raises(ValueError, match="shape must be a sequence of non-negative integers"):
        init.compute_fans(shape)
