"""variance_scaling for a student coming from TensorFlow 1's
tf.contrib.layers.variance_scaling_initializer (tensorflow/tensorflow
tensorflow/contrib/layers/python/layers/initializers.py), whose modes are "FAN_IN", "FAN_OUT"
and "FAN_AVG": the port accepts TF1's upper-case names as well as the contract's. TF1's fan
estimate (shape[-2] and shape[-1] times every leading dimension) is the contract's, and the
truncation here uses the contract's exact 0.8796 correction, so every argument the contract
allows is right; but mode="FAN_IN", "FAN_OUT", "FAN_AVG" are accepted where the contract says
variance_scaling raises ValueError for an unknown mode (its modes are exactly "fan_in",
"fan_out", "fan_avg")."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
_TF1_MODES = {"FAN_IN": "fan_in", "FAN_OUT": "fan_out", "FAN_AVG": "fan_avg"}


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    if isinstance(mode, str) and mode in _TF1_MODES:
        mode = _TF1_MODES[mode]
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    shape = _as_shape(shape, min_rank=2)
    fan_in = float(shape[-2])
    fan_out = float(shape[-1])
    for dim in shape[:-2]:
        fan_in *= float(dim)
        fan_out *= float(dim)
    if 0 in shape:
        return np.zeros(shape)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    if distribution == "uniform":
        limit = math.sqrt(3.0 * scale / n)
        return rng.uniform(-limit, limit, size=shape)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, math.sqrt(scale / n), size=shape)
    return _truncated_normal(shape, rng, math.sqrt(scale / n) / TRUNCATED_NORMAL_STD)
"""
