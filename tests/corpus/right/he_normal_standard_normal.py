"""he_normal written directly, scaling rng.standard_normal(shape) by the He standard deviation
sqrt(2 / ((1 + a^2) fan)) instead of going through variance_scaling and rng.normal."""

MODULE = "initializers"

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be one of 'fan_in', 'fan_out'; received {mode!r}")
    slope_ok = isinstance(negative_slope, numbers.Real) and not isinstance(negative_slope, bool)
    if not slope_ok or not math.isfinite(negative_slope):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (e.g. np.random.default_rng(0)); received {type(rng).__name__}"
        )
    fan_in, fan_out = compute_fans(shape)
    dims = tuple(int(d) for d in shape)
    fan = fan_in if mode == "fan_in" else fan_out
    if fan == 0:
        return np.zeros(dims)
    std = math.sqrt(2.0 / (1.0 + negative_slope * negative_slope) / fan)
    return rng.standard_normal(dims) * std
"""
