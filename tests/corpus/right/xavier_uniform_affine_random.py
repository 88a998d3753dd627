"""xavier_uniform written directly with rng.random(shape) * 2b - b, which maps U[0, 1) onto
U[-b, b), instead of rng.uniform through variance_scaling."""

MODULE = "initializers"

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if fan_in + fan_out == 0:
        return np.zeros(dims)
    b = abs(gain) * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.random(dims) * 2.0 * b - b
"""
