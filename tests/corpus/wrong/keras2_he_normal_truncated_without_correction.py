"""he_normal ported from Keras <= 2.2.0's he_normal (keras/initializers.py, and
tensorflow/python/keras/initializers.py of TensorFlow 1.x): VarianceScaling(scale=2.,
mode="fan_in", distribution="normal"), whose "normal" is ``K.truncated_normal(shape, 0.,
stddev)`` with stddev = sqrt(scale / n): a normal cut at two standard deviations without the
0.8796 correction that Keras added in 2.2.3. The draws have variance 0.774 * 2 / fan and the
truncated family; the contract's he_normal is an untruncated N(0, 2 / ((1 + a^2) fan)). The
leaky-ReLU factor and mode (Keras's fan_in/fan_out) are handled as the contract asks."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims)
    scale = 2.0 / (1.0 + negative_slope**2)
    scale /= max(1.0, fan_in if mode == "fan_in" else fan_out)
    stddev = math.sqrt(scale)
    return _truncated_normal(dims, rng, stddev)
"""
