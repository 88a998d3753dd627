"""he_normal as MXNet users write it (apache/mxnet python/mxnet/initializer.py):
``Xavier(rnd_type="gaussian", factor_type="in", magnitude=2)``, generalised with MSRAPrelu's
magnitude = 2 / (1 + slope^2) and factor_type "in" or "out" from the contract's mode:
scale = sqrt(magnitude / factor), random.normal(0, scale). That is N(0, 2 / ((1 + a^2) fan)),
the contract's he_normal. MXNet's fans (shape[1] * hw, shape[0] * hw of an (out, in, *kernel)
weight) are replaced by the contract's compute_fans; the mode is checked exactly (fan_in or
fan_out, no "avg"); MXNet's global random is replaced by rng."""

MODULE = "initializers"

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    if 0 in dims:
        return np.zeros(dims)
    magnitude = 2.0 / (1 + negative_slope**2)
    fan_in, fan_out = compute_fans(dims)
    factor_type = {"fan_in": "in", "fan_out": "out"}[mode]
    factor = fan_in if factor_type == "in" else fan_out
    scale = np.sqrt(magnitude / factor)
    return rng.normal(0, scale, size=dims)
"""
