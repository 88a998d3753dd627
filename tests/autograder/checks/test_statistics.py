"""The acceptance intervals: their width, and their false-failure rate measured by simulation."""

import math

import numpy as np
import pytest

from autograder.checks import statistics


@pytest.mark.parametrize(
    "family, half_width",
    [("normal", 0.034), ("uniform", 0.0235), ("truncated_normal", 0.031)],
    ids=["normal", "uniform", "truncated"],
)
def test_interval_width_at_65536_draws(family, half_width):
    low, high = statistics.variance_ratio_interval(65_536, family)
    assert low == pytest.approx(1 - half_width, abs=0.002) and high == pytest.approx(1 + half_width, abs=0.002)


def test_truncated_normal_kurtosis_matches_the_closed_form():
    """For N(0, 1) truncated to [-a, a], with Z = 2 Phi(a) - 1: E[x^2] = 1 - 2 a phi(a) / Z and
    E[x^4] = 3 - 2 (a^3 + 3a) phi(a) / Z."""
    a, phi = 2.0, math.exp(-2.0) / math.sqrt(2 * math.pi)
    z = math.erf(a / math.sqrt(2))
    second, fourth = 1 - 2 * a * phi / z, 3 - 2 * (a**3 + 3 * a) * phi / z
    assert statistics.KURTOSIS["truncated_normal"] == pytest.approx(fourth / second**2, rel=1e-9)
    assert math.sqrt(second) == pytest.approx(0.87962566103423978, rel=1e-12)


@pytest.mark.parametrize("family", ["normal", "uniform", "truncated_normal"])
def test_the_interval_holds_the_sampling_distribution(family):
    """1000 simulated variance ratios at n = 65,536 have the standard deviation the asymptotic theory
    gives (within 10 %, far more than 5 sigma of the estimate) and all fall inside the 1e-9 interval;
    for the bounded families, Bernstein's half-width is at least the normal approximation's 6.1
    standard deviations."""
    rng = np.random.default_rng(11)
    n, runs = 65_536, 1000
    draws = {
        "normal": lambda: rng.standard_normal(n),
        "uniform": lambda: rng.uniform(-1, 1, n) * math.sqrt(3),
        "truncated_normal": lambda: truncated(rng, n),
    }[family]
    ratios = np.array([draws().var(ddof=1) for _ in range(runs)])
    expected_sd = math.sqrt((statistics.KURTOSIS[family] - 1) / n)
    assert ratios.std() == pytest.approx(expected_sd, rel=0.1)
    low, high = statistics.variance_ratio_interval(n, family)
    assert low < ratios.min() and ratios.max() < high
    if family != "normal":  # chi-square's own quantiles for the normal: its lower tail is the lighter one
        assert min(1 - low, high - 1) >= 6.1 * expected_sd, (low, high, expected_sd)


@pytest.mark.parametrize("family", ["uniform", "truncated_normal"])
def test_bernstein_bounds_the_tail_it_claims(family):
    """At n = 200 the interval's P_FALSE is too small to see, but the same half-width formula at
    p = 0.01 must hold in simulation: at most 1 % of 20,000 means of n draws fall outside it."""
    rng = np.random.default_rng(5)
    n, runs = 200, 20_000
    if family == "uniform":
        samples = rng.uniform(-1, 1, (runs, n)) * math.sqrt(3)
    else:
        samples = np.stack([truncated(rng, n) for _ in range(runs)])
    half_width = statistics.bernstein_half_width(n, 1.0, statistics.REACH[family], 0.01)
    outside = np.mean(np.abs(samples.mean(axis=1)) > half_width)
    assert outside <= 0.01, f"{outside:.4f} of the means fell outside the 1 % half-width {half_width:.4f}"
    assert statistics.mean_half_width(n, family, p=0.01) == half_width


def test_the_reach_of_the_bounded_families():
    assert statistics.REACH["uniform"] == pytest.approx(math.sqrt(3))
    assert statistics.REACH["truncated_normal"] == pytest.approx(2 / 0.87962566103423978, rel=1e-12)


def truncated(rng, n):
    values = rng.standard_normal(n)
    while np.any(np.abs(values) > 2):
        outside = np.abs(values) > 2
        values[outside] = rng.standard_normal(outside.sum())
    return values / 0.87962566103423978  # unit variance
