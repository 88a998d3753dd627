"""variance_scaling ported faithfully from JAX's jax.nn.initializers.variance_scaling
(google/jax jax/_src/nn/initializers.py), including JAX's names and its lack of checks: the
distributions are "truncated_normal", "normal" (untruncated) and "uniform", so the contract's
"untruncated_normal" raises ValueError ("invalid distribution for variance scaling
initializer"); "fan_geo_avg" is an extra mode; scale is never checked, so scale=0.0 returns
all-zero weights instead of raising ValueError (a negative scale only fails by accident, in
math.sqrt); and a zero-size shape divides by a zero fan (ZeroDivisionError) instead of
returning an empty array. The truncated normal is JAX's random.truncated_normal
(jax/_src/random.py: a uniform between erf(-2/sqrt2) and erf(2/sqrt2), then sqrt2 * erfinv,
clipped to the open interval), drawn from rng."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
from scipy import special


def _jax_truncated_normal(dims, rng, lower=-2.0, upper=2.0):
    sqrt2 = math.sqrt(2.0)
    a, b = math.erf(lower / sqrt2), math.erf(upper / sqrt2)
    out = sqrt2 * special.erfinv(rng.uniform(a, b, size=dims))
    return np.clip(out, np.nextafter(lower, np.inf), np.nextafter(upper, -np.inf))


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if mode == "fan_in":
        denominator = fan_in
    elif mode == "fan_out":
        denominator = fan_out
    elif mode == "fan_avg":
        denominator = (fan_in + fan_out) / 2
    elif mode == "fan_geo_avg":
        denominator = (fan_in * fan_out) ** 0.5
    else:
        raise ValueError(f"invalid mode for variance scaling initializer: {mode}")
    variance = scale / denominator
    if distribution == "truncated_normal":
        stddev = math.sqrt(variance) / 0.87962566103423978
        return _jax_truncated_normal(dims, rng) * stddev
    elif distribution == "normal":
        return rng.standard_normal(dims) * math.sqrt(variance)
    elif distribution == "uniform":
        return rng.uniform(-1.0, 1.0, size=dims) * math.sqrt(3 * variance)
    else:
        raise ValueError(f"invalid distribution for variance scaling initializer: {distribution}")
"""
