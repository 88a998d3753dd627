"""variance_scaling whose truncated normal comes from scipy.stats.truncnorm.rvs(-2, 2, scale=s,
random_state=rng) (the passed Generator is the only source of randomness) instead of a redraw
loop; the other branches use rng.standard_normal and rng.uniform with an if/elif on mode."""

MODULE = "initializers"

SOURCE = """
from scipy import stats


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims)
    if mode == "fan_in":
        n = fan_in
    elif mode == "fan_out":
        n = fan_out
    else:
        n = (fan_in + fan_out) / 2.0
    std = math.sqrt(scale / n)
    if distribution == "uniform":
        limit = std * math.sqrt(3.0)
        return rng.uniform(-limit, limit, size=dims)
    if distribution == "untruncated_normal":
        return std * rng.standard_normal(dims)
    s = std / TRUNCATED_NORMAL_STD
    return stats.truncnorm.rvs(-2.0, 2.0, loc=0.0, scale=s, size=dims, random_state=rng)
"""
