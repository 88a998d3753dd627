"""The student never validated mode: anything other than "fan_out" or "fan_avg" (e.g. the typo
"fan_sum") silently falls back to fan_in instead of raising ValueError. Caught by the public
bad-arguments test."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    if mode == "fan_out":
        n = fan_out
    elif mode == "fan_avg":
        n = (fan_in + fan_out) / 2
    else:
        n = fan_in
    variance = scale / n
    if distribution == "uniform":
        bound = math.sqrt(3.0 * variance)
        return rng.uniform(-bound, bound, size=dims)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, math.sqrt(variance), size=dims)
    return _truncated_normal(dims, rng, math.sqrt(variance) / TRUNCATED_NORMAL_STD)
"""
