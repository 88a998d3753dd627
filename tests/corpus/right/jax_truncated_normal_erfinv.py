"""variance_scaling's truncated normal drawn the way JAX's random.truncated_normal does it
(google/jax jax/_src/random.py: _truncated_normal): u uniform between erf(lower / sqrt2) and
erf(upper / sqrt2), out = sqrt2 * erfinv(u), clipped to the open interval (lower, upper), then
scaled by the standard deviation (jax.nn.initializers.variance_scaling multiplies
truncated_normal(key, -2, 2) by stddev). Inverse-CDF sampling gives exactly N(0, s^2)
restricted to [-2 s, 2 s] with no rejection loop; the clip only guards rounding. erfinv is
scipy.special.erfinv, the uniform comes from rng."""

MODULE = "initializers"

SOURCE = """
from scipy import special


def _truncated_normal(shape, rng, std):
    lower, upper = -2.0, 2.0
    sqrt2 = math.sqrt(2.0)
    a = math.erf(lower / sqrt2)
    b = math.erf(upper / sqrt2)
    u = rng.uniform(a, b, size=shape)
    out = sqrt2 * special.erfinv(u)
    out = np.clip(out, np.nextafter(lower, np.inf), np.nextafter(upper, -np.inf))
    return out * std
"""
