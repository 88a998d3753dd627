"""The student treated distribution="truncated_normal" like "untruncated_normal" and drew plain
N(0, scale / n): the variance is right but nothing is truncated (values beyond 2 s, kurtosis 3
instead of 2.37). The public tests do not catch it."""

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
    if mode == "fan_in":
        n = fan_in
    elif mode == "fan_out":
        n = fan_out
    else:
        n = (fan_in + fan_out) / 2
    variance = scale / n
    if distribution == "uniform":
        limit = math.sqrt(3.0 * variance)
        return rng.uniform(-limit, limit, size=dims)
    # both normal distributions
    return rng.normal(0.0, math.sqrt(variance), size=dims)
"""
