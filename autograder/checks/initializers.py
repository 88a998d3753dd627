"""Checks of initializer output: what each initializer must draw, and how to judge draws.

``target(function, shape, options)`` states the distribution the contract asks for;
each ``check_*`` function takes the draws the student returned (already copied into float64
arrays by the submission door) and returns a ``Verdict`` whose message says what was measured,
what was expected and, when the numbers match a known mistake, names it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from autograder.checks.statistics import (
    FAMILY_WORDS,
    FLOAT32_WIDENING,
    KURTOSIS,
    MIN_DRAWS,
    P_FALSE,
    Verdict,
    bernstein_half_width,
    mean_half_width,
    nearest_family,
    sample_kurtosis,
    variance_ratio_interval,
)
from autograder.mistakes import only
from autograder.reference import load_reference

_reference = load_reference("initializers")  # the contract's fans and constants, stated once
compute_fans = _reference.compute_fans
TRUNCATED_NORMAL_STD = _reference.TRUNCATED_NORMAL_STD
DTYPES = ("float64", "float32")  # what an initializer may return
FLOAT32_ROUNDING = 2.0**-24  # float32's unit roundoff: every allowance below holds for float32 results
#: Relative amount by which a correct bounded draw may exceed its bound: the bound computed in float32
#: (a division, a square root, a product by the gain: 3 roundings), the draw scaled and shifted into
#: [-b, b] (3 more) and stored as float32 (1 more), rounded up to 8.
BOUND_SLACK = 8 * FLOAT32_ROUNDING


@dataclass(frozen=True)
class Target:
    """The distribution an initializer must draw from."""

    family: str  # "normal", "truncated_normal" or "uniform"
    variance: float
    formula: str  # how the variance follows from the shape and options, for feedback

    @property
    def bound(self) -> float:
        """Largest |w| allowed: the uniform limit, or 2 sigma' for the truncated normal."""
        if self.family == "uniform":
            return math.sqrt(3.0 * self.variance)
        return 2.0 * math.sqrt(self.variance) / TRUNCATED_NORMAL_STD


def _fan(shape, mode: str) -> tuple[float, str]:
    fan_in, fan_out = compute_fans(shape)
    return {
        "fan_in": (fan_in, f"fan_in = {fan_in}"),
        "fan_out": (fan_out, f"fan_out = {fan_out}"),
        "fan_avg": ((fan_in + fan_out) / 2, f"fan_avg = ({fan_in} + {fan_out}) / 2"),
    }[mode]


def target(function: str, shape, options: dict) -> Target:
    """The distribution ``initializers.<function>(shape, rng, **options)`` must draw from."""
    if function in ("random_normal", "random_uniform"):
        if function == "random_normal":
            std = options.get("std", 0.01)
            return Target("normal", std**2, f"std^2 = {std:g}^2")
        limit = options.get("limit", 0.05)
        return Target("uniform", limit**2 / 3, f"limit^2 / 3 = {limit:g}^2 / 3")
    if function.startswith("xavier"):
        gain = options.get("gain", 1.0)
        scale, mode, how = gain**2, "fan_avg", f"gain^2 / fan_avg with gain = {gain:g}"
    elif function.startswith("he"):
        slope = options.get("negative_slope", 0.0)
        scale, mode = 2.0 / (1.0 + slope**2), options.get("mode", "fan_in")
        how = f"2 / ((1 + a^2) {mode}) with a = {slope:g}"
    elif function.startswith("lecun"):
        scale, mode, how = 1.0, "fan_in", "1 / fan_in"
    else:  # variance_scaling
        scale, mode = options.get("scale", 1.0), options.get("mode", "fan_in")
        how = f"scale / {mode} with scale = {scale:g}"
    n, fan_text = _fan(shape, mode)
    if function == "variance_scaling":
        family = {"truncated_normal": "truncated_normal", "untruncated_normal": "normal", "uniform": "uniform"}[
            options.get("distribution", "truncated_normal")
        ]
    else:
        family = "uniform" if function.endswith("uniform") else "normal"
    return Target(family, scale / n, f"{how}, {fan_text}")


def mistakes(function: str, shape, options: dict) -> list[tuple[str, float]]:
    """Known mistakes for this call, each as its id in ``autograder.mistakes.MISTAKES`` with
    the variance it would produce. A mistake of the bound (sqrt(Var) for sqrt(3 Var)) is listed for
    uniform draws only, and the missing truncation correction for truncated ones only: a normal
    draw cannot make them."""
    right = target(function, shape, options)
    fan_in, fan_out = compute_fans(shape)
    mode = options.get("mode", "fan_avg" if function.startswith("xavier") else "fan_in")
    scale = right.variance * _fan(shape, mode)[0]
    small_fans = {"fan_in": shape[-2], "fan_out": shape[-1], "fan_avg": (shape[-2] + shape[-1]) / 2}
    gain, slope = options.get("gain"), options.get("negative_slope")
    uniform = right.family == "uniform"
    found = [
        ("fans-swapped", scale / fan_out if mode == "fan_in" else None),
        ("fans-swapped", scale / fan_in if mode == "fan_out" else None),
        ("fan-in-for-xavier", scale / fan_in if mode == "fan_avg" else None),
        ("fans-summed", scale / (fan_in + fan_out)),
        ("receptive-field-ignored", scale / small_fans[mode]),
        ("variance-as-std", right.variance**2),
        ("std-as-variance", math.sqrt(right.variance)),
        ("truncation-uncorrected", right.variance * TRUNCATED_NORMAL_STD**2 if right.family != "normal" else None),
        ("uniform-bound-sqrt-var", right.variance / 3 if uniform else None),
        ("he-factor-missing", right.variance / 2 if function.startswith("he") else None),
        ("gain-ignored", right.variance / gain**2 if gain else None),
        ("gain-on-variance", right.variance / abs(gain) if gain else None),
        ("slope-ignored", right.variance * (1 + slope**2) if slope else None),
        ("slope-not-squared", right.variance * (1 + slope**2) / (1 + slope) if slope else None),
        ("scale-ignored", right.variance / options["scale"] if "scale" in options else None),
        ("mode-ignored", scale / fan_in if options.get("mode", "fan_in") != "fan_in" else None),
        ("std-param-as-variance", options.get("std")),
    ]
    return [(mistake, value) for mistake, value in found if value is not None]


def pooled(replies) -> np.ndarray:
    """All values of several replies in one flat float64 array."""
    return np.concatenate([reply.values.ravel() for reply in replies])


def check_array(reply, shape, function: str) -> Verdict:
    """A float64 or float32 ndarray of exactly ``shape`` with finite values."""
    if reply.type_name != "ndarray":
        return Verdict(False, f"{function} returned a {reply.type_name}; expected a numpy ndarray")
    if reply.dtype not in DTYPES:
        return Verdict(False, f"{function} returned dtype {reply.dtype}; expected float64 or float32")
    if reply.values.shape != tuple(shape):
        return Verdict(False, f"{function}{tuple(shape)} returned shape {reply.values.shape}; expected {tuple(shape)}")
    if not np.all(np.isfinite(reply.values)):
        return Verdict(False, f"{function}{tuple(shape)} returned NaN or infinite values")
    return Verdict(True, f"{function}{tuple(shape)}: a {reply.dtype} ndarray of the right shape")


def check_mean(samples: np.ndarray, goal: Target, where: str) -> Verdict:
    """The mean within ``mean_half_width`` sigma of 0 (and the float32 rounding of the largest draw)."""
    limit = mean_half_width(samples.size, goal.family) * math.sqrt(goal.variance)
    limit += FLOAT32_WIDENING * float(np.abs(samples).max())
    mean = float(samples.mean())
    if abs(mean) <= limit:
        return Verdict(True, f"{where}: mean {mean:.3g}, within +-{limit:.3g} of 0")
    from_zero = goal.family == "uniform" and samples.min() >= 0
    message = f"{where}: mean {mean:.4g} over {samples.size:,} draws; expected 0 (+-{limit:.3g})."
    return Verdict(False, message, "uniform-from-zero" if from_zero else "")


def check_variance(samples: np.ndarray, goal: Target, where: str, known: list[tuple[str, float]]) -> Verdict:
    """Sample variance against the target, with the chi-square or kurtosis-based interval."""
    if samples.size < MIN_DRAWS:
        raise ValueError(f"a variance check needs at least {MIN_DRAWS} draws; received {samples.size}")
    low, high = variance_ratio_interval(samples.size, goal.family)
    measured = float(samples.var(ddof=1))
    ratio = measured / goal.variance
    message = (
        f"{where}: variance {measured:.4g} over {samples.size:,} draws, ratio {ratio:.3f} to the expected "
        f"{goal.variance:.4g} ({goal.formula}); accepted ratio {low:.3f} to {high:.3f}"
    )
    if low <= ratio <= high:
        return Verdict(True, message)
    return Verdict(False, message + ".", _variance_mistake(samples, goal, measured, (low, high), known))


def _variance_mistake(samples, goal: Target, measured: float, accepted, known) -> str:
    """The one known mistake whose variance the measured one matches, or "" when none or several do.
    A variance mistake is told apart from a draw of the wrong family or centre (whose variance may
    match one by chance: ``rng.normal(-b, b)`` for ``U(-b, b)`` has 3 times the variance, as
    fan_out for fan_in has on a (3n, n) kernel) only when the draws have the right family and mean."""
    low, high = accepted
    if nearest_family(sample_kurtosis(samples)) != goal.family or not check_mean(samples, goal, "").passed:
        return ""
    right = goal.variance
    return only(name for name, value in known if low <= measured / value <= high and not math.isclose(value, right))


def check_family(samples: np.ndarray, goal: Target, where: str) -> Verdict:
    kurtosis = sample_kurtosis(samples)
    seen = nearest_family(kurtosis)
    message = (
        f"{where}: kurtosis {kurtosis:.2f}; expected {KURTOSIS[goal.family]:.2f} for {FAMILY_WORDS[goal.family]} "
        f"draws (normal 3.00, truncated normal 2.37, uniform 1.80)"
    )
    if seen == goal.family:
        return Verdict(True, message)
    return Verdict(
        False,
        f"{message}. These look like {FAMILY_WORDS[seen]} draws where {FAMILY_WORDS[goal.family]} draws were asked.",
        "wrong-family",
    )


def check_bounds(samples: np.ndarray, goal: Target, where: str) -> Verdict:
    """Uniform draws stay within +-limit and come near it; truncated draws stay within +-2 sigma'."""
    largest, bound = float(np.abs(samples).max()), goal.bound
    if largest > bound * (1 + BOUND_SLACK):
        return Verdict(False, f"{where}: largest |w| is {largest:.4g}, beyond the bound {bound:.4g}")
    if goal.family == "uniform" and largest < bound * 0.99:
        at_sqrt_var = abs(largest / bound - 1 / math.sqrt(3.0)) <= 0.01  # within 1 % of sqrt(Var)
        return Verdict(
            False,
            f"{where}: largest |w| is {largest:.4g}; uniform draws should come within 1 % of the bound {bound:.4g}",
            "uniform-bound-sqrt-var" if at_sqrt_var else "",
        )
    return Verdict(True, f"{where}: largest |w| {largest:.4g}, bound {bound:.4g}")


def check_units_differ(weights: np.ndarray, where: str) -> Verdict:
    """No two rows and no two columns of the (fan_in, fan_out) view are identical."""
    matrix = weights.reshape(-1, weights.shape[-1])
    for axis, name in ((0, "rows (input units)"), (1, "columns (output units)")):
        distinct = np.unique(matrix, axis=axis).shape[axis]
        if distinct < matrix.shape[axis]:
            return Verdict(
                False,
                f"{where}: {matrix.shape[axis] - distinct} of the {name} repeat another; every unit "
                "must get its own random weights or symmetry is never broken",
            )
    return Verdict(True, f"{where}: every row and column differs")


def orthogonality_tolerance(rows: int, cols: int, gain: float) -> float:
    """How far from gain^2 I a correct float32 orthogonal matrix's Gram matrix may be: Householder QR
    in precision u gives |Q^T Q - I| <= c m n u (Higham, Accuracy and Stability of Numerical
    Algorithms, Theorem 19.4), taken with c = 1 and float32's u, times gain^2 (for (256, 64),
    1e-3; torch's float32 QR errs by 1e-6 there, NumPy's float64 by 1e-15)."""
    return gain**2 * rows * cols * FLOAT32_ROUNDING


def check_orthogonal(weights: np.ndarray, gain: float, where: str) -> Verdict:
    """W^T W = gain^2 I when rows >= columns, W W^T = gain^2 I otherwise, to ``orthogonality_tolerance``."""
    matrix = weights.reshape(-1, weights.shape[-1])
    rows, cols = matrix.shape
    product = matrix.T @ matrix if rows >= cols else matrix @ matrix.T
    side = "W^T W" if rows >= cols else "W W^T"
    error = float(np.abs(product - gain**2 * np.eye(min(rows, cols))).max())
    if error <= orthogonality_tolerance(rows, cols, gain):
        return Verdict(True, f"{where}: {side} = gain^2 I to {error:.1e}")
    diagonal = np.diag(product)
    message = f"{where}: {side} differs from gain^2 I = {gain**2:g} I by up to {error:.3g}."
    if np.allclose(diagonal, diagonal[0]) and not math.isclose(diagonal[0], gain**2, rel_tol=1e-3):
        # gain is the mistake only if the matrix is orthogonal up to that scale
        scaled = float(np.abs(product / diagonal[0] - np.eye(len(diagonal))).max()) <= orthogonality_tolerance(
            rows, cols, 1.0
        )
        message += f" The diagonal is {diagonal[0]:.4g}, not gain^2 = {gain**2:g}."
        return Verdict(False, message, "orthogonal-gain" if scaled else "")
    return Verdict(False, message)


def check_orthogonal_uniform(matrices: np.ndarray, where: str) -> Verdict:
    """Draws (count, n, n) of a uniformly random (Haar) orthogonal matrix have every entry's mean 0.
    Each entry lies in [-1, 1] with variance 1/n, so by Bernstein's inequality its mean over the
    draws stays within ``bernstein_half_width(count, 1/n, 1, P_FALSE / n^2)`` of 0 for all n^2 entries
    at once except with probability P_FALSE. Tested entry by entry, not pooled: a construction whose
    bias sits in single entries (an SVD's U, whose first entry leans negative and last positive)
    cannot average it away."""
    count, n, _ = matrices.shape
    limit = bernstein_half_width(count, 1.0 / n, 1.0, P_FALSE / n**2)
    means = matrices.mean(axis=0)
    row, col = np.unravel_index(int(np.argmax(np.abs(means))), means.shape)
    message = (
        f"{where} over {count:,} calls: entry ({row}, {col}) averages {means[row, col]:.3f}; for a uniformly "
        f"random orthogonal matrix every entry averages 0 (+-{limit:.3f})"
    )
    if abs(means[row, col]) <= limit:
        return Verdict(True, message)
    # a construction that is random in every entry, as QR's Q and an SVD's U are; a fixed matrix
    # (the identity, a seeded draw) is biased too, but that is another mistake
    varied = float(np.ptp(matrices, axis=0).min()) > 0
    return Verdict(False, message + ".", "orthogonal-sign" if varied else "")
