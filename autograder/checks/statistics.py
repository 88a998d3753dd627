"""Acceptance intervals from sampling distributions, and the verdict type every check returns.

Each statistical check has a false-failure probability of at most ``P_FALSE`` = 1e-9: a
correct initializer fails it by bad luck less than once in a billion checks.

* Variance of normal draws: (n - 1) s^2 / sigma^2 follows chi-square with n - 1 degrees of
  freedom, so the ratio s^2 / sigma^2 is accepted between its 0.5e-9 and 1 - 0.5e-9 quantiles
  divided by n - 1 (about +-3.4 % at n = 65,536).
* Variance of the bounded families (uniform, truncated normal), by Bernstein's inequality (below)
  rather than a normal approximation: with sigma = 1, the mean of x^2 lies within t2 of 1 (x^2
  has variance k - 1 for kurtosis k and lies within max(1, R^2 - 1) of 1, R the largest |x|) and
  the sample mean within t1 of 0, each except with probability P_FALSE / 2; so the ratio
  s^2 / sigma^2 = n / (n - 1) (mean(x^2) - mean(x)^2) lies in n / (n - 1) [1 - t2 - t1^2, 1 + t2]
  (+-2.35 % for uniform, +-3.1 % for the truncated normal at n = 65,536).
* Mean: normal draws' mean is normal with standard deviation sigma / sqrt(n), accepted within
  z sigma / sqrt(n) with z = 6.109 the two-sided 1e-9 normal quantile; bounded draws' mean within
  Bernstein's half-width.
* Every interval is widened by 4 float32 roundings (``FLOAT32_WIDENING``), the most that storing
  draws as float32 moves a mean or a variance, so that float32 results meet the same bound.
* Kurtosis: at n = 65,536 its sampling standard deviation is below 0.02 for these light-tailed
  families, so 6.1 of them (0.12) separates normal (3.0), truncated normal at +-2 (2.366) and
  uniform (1.8) with room to spare; the family is the one whose kurtosis is nearest.
* Means of bounded draws (the entries of random orthogonal matrices): Bernstein's inequality,
  P(|mean - mu| >= t) <= 2 exp(-n t^2 / (2 var + 2 b t / 3)) for n independent draws within b of
  their mean mu, holds at every n, without a normal approximation (``bernstein_half_width``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special  # scipy.stats would cost the grader's start-up 0.9 s of imports

from autograder.mistakes import explain

P_FALSE = 1e-9
MIN_DRAWS = 65_536
FLOAT32_WIDENING = 4 * 2.0**-24


def _truncated_normal_moments(a: float) -> tuple[float, float]:
    """E[X^2] and the kurtosis E[X^4] / E[X^2]^2 of a standard normal truncated to [-a, a]. With
    phi = pdf(a) and mass = P(|X| <= a): E[X^2] = 1 - 2 a phi / mass, and by parts
    E[X^4] = 3 E[X^2] - 2 a^3 phi / mass."""
    phi, mass = math.exp(-a * a / 2) / math.sqrt(2 * math.pi), math.erf(a / math.sqrt(2))
    second = 1 - 2 * a * phi / mass
    return second, (3 * second - 2 * a**3 * phi / mass) / second**2


#: Kurtosis (fourth standardized moment) of each family of draws.
KURTOSIS = {
    "normal": 3.0,
    "truncated_normal": _truncated_normal_moments(2.0)[1],
    "uniform": 1.8,
}
#: Largest |x| / sigma of each bounded family: sqrt(3) for uniform, 2 / 0.8796 truncated at 2 sigma'.
REACH = {"uniform": math.sqrt(3.0), "truncated_normal": 2.0 / math.sqrt(_truncated_normal_moments(2.0)[0])}
FAMILY_WORDS = {"normal": "normal", "truncated_normal": "normal truncated at +-2 sigma", "uniform": "uniform"}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: whether it passed and, either way, what was measured."""

    passed: bool
    message: str
    mistake: str = ""
    """The id of the catalogued mistake (``autograder.mistakes``) a failed verdict's evidence
    singles out, or empty; its sentence is not in ``message`` but in ``explained``."""

    @property
    def explained(self) -> str:
        """``message``, followed by the sentence of the mistake it names, if any."""
        return explain(self.message, self.mistake)


def variance_ratio_interval(n: int, family: str) -> tuple[float, float]:
    """Accepted range of (sample variance / expected variance) for ``n`` draws of ``family``."""
    if family == "normal":
        low = float(special.chdtri(n - 1, 1 - P_FALSE / 2)) / (n - 1)  # chi2 quantile P/2
        high = float(special.chdtri(n - 1, P_FALSE / 2)) / (n - 1)  # chi2 quantile 1 - P/2
    else:
        reach = REACH[family]
        t2 = bernstein_half_width(n, KURTOSIS[family] - 1.0, max(1.0, reach**2 - 1.0), P_FALSE / 2)
        t1 = mean_half_width(n, family, p=P_FALSE / 2)
        low, high = n / (n - 1) * (1 - t2 - t1**2), n / (n - 1) * (1 + t2)
    return low * (1 - FLOAT32_WIDENING), high * (1 + FLOAT32_WIDENING)


def mean_half_width(n: int, family: str, *, p: float = P_FALSE) -> float:
    """How far from 0 the mean of ``n`` draws of ``family`` with sigma = 1 may lie, except with
    probability ``p``: the normal quantile for normal draws, Bernstein's half-width for bounded ones."""
    if family == "normal":
        return -float(special.ndtri(p / 2)) / math.sqrt(n)
    return bernstein_half_width(n, 1.0, REACH[family], p)


def bernstein_half_width(n: int, variance: float, bound: float, p: float) -> float:
    """The t at which Bernstein's bound 2 exp(-n t^2 / (2 variance + 2 bound t / 3)) equals ``p``:
    the mean of ``n`` independent draws, each within ``bound`` of its expectation and of that
    ``variance``, lies within t of the expectation except with probability at most ``p``. (The
    positive root of n t^2 - (2 bound L / 3) t - 2 variance L = 0 with L = ln(2 / p).)"""
    log_term = math.log(2 / p)
    linear, constant = 2 * bound * log_term / 3, 2 * variance * log_term
    return (linear + math.sqrt(linear**2 + 4 * n * constant)) / (2 * n)


def sample_kurtosis(samples: np.ndarray) -> float:
    """m4 / m2^2 of the samples' central moments (squares multiplied out: numpy's ``x**4`` is a
    general power, several times slower on the judge's large samples)."""
    centred = samples - samples.mean()
    squared = centred * centred
    variance = float(np.mean(squared))
    return float(np.mean(squared * squared)) / variance**2 if variance > 0 else math.nan


def nearest_family(kurtosis: float) -> str:
    return min(KURTOSIS, key=lambda family: abs(KURTOSIS[family] - kurtosis))
