"""he_normal ported from Chainer's HeNormal (chainer/chainer chainer/initializers/normal.py:
s = scale * sqrt(2 / fan) with fan_option "fan_in" or "fan_out", then Normal(s)), whose Normal
fills the array with ``xp.random.normal(loc=0.0, scale=s, size=shape)``: NumPy's global random
state, not the rng passed in. The contract says randomness comes only from the Generator given,
so that the same generator state always gives the same weights; here the weights depend on
np.random's global state and rng is never advanced. The arithmetic is right (the leaky-ReLU
slope enters as scale = 1 / sqrt(1 + a^2), the contract's fans)."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    scale = 1.0 / math.sqrt(1.0 + negative_slope**2)
    _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if mode == "fan_in":
        s = scale * np.sqrt(2.0 / fan_in) if fan_in else 0.0
    elif mode == "fan_out":
        s = scale * np.sqrt(2.0 / fan_out) if fan_out else 0.0
    else:
        raise ValueError("fan_option should be either 'fan_in' or 'fan_out'.")
    return np.random.normal(loc=0.0, scale=s, size=dims)
"""
