"""he_normal ported from Lasagne's HeNormal (Lasagne/Lasagne lasagne/init.py: He with
initializer=Normal; std = gain * sqrt(1 / fan_in), fan_in = shape[0] for a 2-D shape and
prod(shape[1:]) otherwise), with the gain for a leaky ReLU that Lasagne's docstring gives,
sqrt(2 / (1 + a^2)). Lasagne's He knows only fan_in, and for convolutions it assumes its own
(out, in, *kernel) layout: here mode is accepted (and checked) but ignored, so
he_normal(mode="fan_out") still uses fan_in, and a (3, 3, 32, 64) kernel gets
fan_in = 3 * 32 * 64 = 6144 instead of 288. Dense kernels with mode="fan_in" are right. floatX
is float32."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    gain = np.sqrt(2.0 / (1.0 + negative_slope**2))
    rng = _require_generator(rng)
    shape = _as_shape(shape)
    if len(shape) == 2:
        fan_in = shape[0]
    elif len(shape) > 2:
        fan_in = np.prod(shape[1:])
    else:
        raise ValueError("This initializer only works with shapes of length >= 2")
    if 0 in shape:
        return np.zeros(shape, dtype=np.float32)
    std = gain * np.sqrt(1.0 / fan_in)
    return np.asarray(rng.normal(0.0, std, size=shape), dtype=np.float32)
"""
