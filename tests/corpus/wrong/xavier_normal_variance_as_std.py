"""The student computed the Xavier variance gain^2 * 2 / (fan_in + fan_out) and passed it to
rng.normal as the scale (a standard deviation) without taking the square root: on (512, 128) the
standard deviation is 0.0031 instead of 0.056. Caught by the public variance test."""

MODULE = "initializers"
LOSES = "xavier_normal"
FEEDBACK = None

SOURCE = """
def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    variance = gain**2 * 2.0 / (fan_in + fan_out)
    return rng.normal(0.0, variance, size=dims)
"""
