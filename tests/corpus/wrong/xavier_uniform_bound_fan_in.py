"""The student used b = gain * sqrt(6 / fan_in) for Xavier uniform, i.e. variance 2 / fan_in
instead of 2 / (fan_in + fan_out): 1.25 times the target on (512, 128), 5 times on (128, 512),
right only for square kernels. The public variance test on (512, 128) accepts ratios below 1.25
and measures 1.247 with its seed, so it does not catch it."""

MODULE = "initializers"
LOSES = "xavier_uniform"
FEEDBACK = None

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    bound = abs(gain) * math.sqrt(6.0 / fan_in)
    return rng.uniform(-bound, bound, size=dims)
"""
