"""The student truncated the normal at 2 s but used s = sqrt(scale / n) without dividing by
0.87962566103423978, so the truncated draws have variance 0.774 * scale / n (and the bound is
2 sqrt(scale / n) instead of 2.27 sqrt(scale / n)). Caught, just, by the public variance test
(ratio 0.774 < 0.8)."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = "0.8796"

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
    std = math.sqrt(scale / n)
    if distribution == "uniform":
        return rng.uniform(-math.sqrt(3.0) * std, math.sqrt(3.0) * std, size=dims)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, std, size=dims)
    return _truncated_normal(dims, rng, std)
"""
