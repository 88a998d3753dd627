"""he_uniform ported from Chainer's HeUniform (chainer/chainer chainer/initializers/uniform.py:
s = scale * sqrt(6 / fan_in), then Uniform(s, rng=rng)), with the leaky-ReLU slope a passed
in Keras's convention: scale = 1 / (1 + a^2). In Keras's VarianceScaling, scale multiplies the
variance; in Chainer it multiplies the bound (a standard deviation), so the bound is
sqrt(6 / fan) / (1 + a^2) and the variance 2 / ((1 + a^2)^2 fan): right for a = 0, 0.8 times
the contract's 2 / ((1 + a^2) fan) for a = 0.5 and half of it for a = 1. (The right mapping is
scale = 1 / sqrt(1 + a^2).) Chainer's HeUniform has no fan option; mode is handled as
Chainer's HeNormal does (fan_option "fan_in" or "fan_out", else ValueError), with the
contract's fans."""

MODULE = "initializers"
LOSES = "he_uniform"
FEEDBACK = None

SOURCE = """
def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    scale = 1.0 / (1.0 + negative_slope**2)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if mode == "fan_in":
        fan = fan_in
    elif mode == "fan_out":
        fan = fan_out
    else:
        raise ValueError("fan_option should be either 'fan_in' or 'fan_out'.")
    if 0 in dims:
        return np.zeros(dims)
    s = scale * np.sqrt(6.0 / fan)
    return rng.uniform(low=-s, high=s, size=dims)
"""
