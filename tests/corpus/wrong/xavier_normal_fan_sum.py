"""The student forgot the 2 in Xavier's formula and used Var(W) = gain^2 / (fan_in + fan_out),
half the target variance on every shape. Caught by the public variance test."""

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
    std = math.sqrt(gain**2 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=dims)
"""
