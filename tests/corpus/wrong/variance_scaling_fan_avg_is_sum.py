"""The student computed fan_avg as fan_in + fan_out (forgetting the division by 2), so mode
"fan_avg" gives half the target variance; xavier_normal and xavier_uniform, built on it, inherit
the bug. The public tests catch it through the xavier variance tests only."""

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
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": fan_in + fan_out}[mode]
    variance = scale / n
    if distribution == "uniform":
        bound = math.sqrt(3.0 * variance)
        return rng.uniform(-bound, bound, size=dims)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, math.sqrt(variance), size=dims)
    return _truncated_normal(dims, rng, math.sqrt(variance) / TRUNCATED_NORMAL_STD)
"""
