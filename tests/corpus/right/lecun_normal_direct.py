"""lecun_normal computed directly from compute_fans with rng.normal(scale=1/sqrt(fan_in)) rather
than through variance_scaling (the reference already uses variance_scaling)."""

MODULE = "initializers"

SOURCE = """
def lecun_normal(shape, rng):
    rng = _require_generator(rng)
    fan_in, _ = compute_fans(shape)
    dims = _as_shape(shape)
    if fan_in == 0:
        return np.zeros(dims)
    return rng.normal(loc=0.0, scale=1.0 / math.sqrt(fan_in), size=dims)
"""
