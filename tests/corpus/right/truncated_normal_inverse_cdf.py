"""The truncated normal of variance_scaling drawn by inverse-CDF sampling: u ~ U(Phi(-2), Phi(2))
from rng, then std * Phi^-1(u) (statistics.NormalDist), with no rejection loop."""

MODULE = "initializers"

SOURCE = """
from statistics import NormalDist


def _truncated_normal(shape, rng, std):
    unit = NormalDist()
    low, high = unit.cdf(-2.0), unit.cdf(2.0)
    u = rng.uniform(low, high, size=shape)
    z = np.vectorize(unit.inv_cdf, otypes=[np.float64])(u)
    return std * z
"""
