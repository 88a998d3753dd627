"""The student validated scale but computed the variance as 1 / n, so variance_scaling(scale=2)
(He) has half the target variance; every initializer built on it with scale != 1 (he_*, xavier
with a gain) inherits the bug. Caught by the public variance test (scale=2, fan_out)."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    variance = 1.0 / n
    if distribution == "uniform":
        bound = math.sqrt(3.0 * variance)
        return rng.uniform(-bound, bound, size=dims)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, math.sqrt(variance), size=dims)
    return _truncated_normal(dims, rng, math.sqrt(variance) / TRUNCATED_NORMAL_STD)
"""
