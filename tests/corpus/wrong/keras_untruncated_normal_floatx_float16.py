"""he_normal as Keras's VarianceScaling(scale=2 / (1 + a^2), mode, "untruncated_normal")
(keras-team/keras keras/src/initializers/random_initializers.py) drawn by Keras's NumPy
backend (keras/src/backend/numpy/random.py: ``rng.normal(size=shape, loc=mean,
scale=stddev).astype(dtype)`` with ``dtype = dtype or floatx()``), in a session where
``keras.config.set_floatx("float16")`` was called: the weights come back as float16. The
contract allows float64 or float32 results only (float16 keeps about three significant digits,
and its largest value is 65504). The distribution itself is the contract's: untruncated
N(0, 2 / ((1 + a^2) fan)) with the contract's fans and modes."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
FLOATX = "float16"  # keras.config.set_floatx("float16")


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    scale = 2.0 / (1.0 + negative_slope**2)
    scale /= max(1.0, fan_in if mode == "fan_in" else fan_out)
    return rng.normal(size=dims, loc=0.0, scale=math.sqrt(scale)).astype(FLOATX)
"""
