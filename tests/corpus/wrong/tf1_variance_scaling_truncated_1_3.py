"""variance_scaling ported from TensorFlow 1's tf.contrib.layers.variance_scaling_initializer
(tensorflow/tensorflow tensorflow/contrib/layers/python/layers/initializers.py): fans
"estimated" as shape[-2] and shape[-1] times every leading dimension (the contract's fans at
every rank >= 2), limit = sqrt(3 factor / n) for uniform, and for the normal
``trunc_stddev = math.sqrt(1.3 * factor / n)`` ("to get stddev = math.sqrt(factor / n) need to
adjust for truncated"), then a normal truncated at two trunc_stddev. 1.3 is a rounded
1 / 0.8796^2 = 1.2925: the truncated draws have variance 1.3 * 0.7737 = 1.0058 times scale / n
instead of exactly scale / n, and their bound is 2 sqrt(1.3 scale / n) = 2.2804 sqrt(scale / n)
instead of the contract's 2 sqrt(scale / n) / 0.8796 = 2.2737 sqrt(scale / n), so draws land up to
0.3 % beyond the contract's bound. TF1's names (mode "FAN_IN", ..., uniform=True/False) are
mapped to the contract's, an untruncated branch is added for "untruncated_normal", and the
contract's ValueError below rank 2 is kept (TF1 uses fan_in = shape[-1] there), so only the 1.3
differs."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    shape = _as_shape(shape, min_rank=2)
    factor = scale
    fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
    fan_out = float(shape[-1])
    for dim in shape[:-2]:
        fan_in *= float(dim)
        fan_out *= float(dim)
    if 0 in shape:
        return np.zeros(shape)
    if mode == "fan_in":
        n = fan_in
    elif mode == "fan_out":
        n = fan_out
    else:
        n = (fan_in + fan_out) / 2.0
    if distribution == "uniform":
        limit = math.sqrt(3.0 * factor / n)
        return rng.uniform(-limit, limit, size=shape)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, math.sqrt(factor / n), size=shape)
    trunc_stddev = math.sqrt(1.3 * factor / n)
    return _truncated_normal(shape, rng, trunc_stddev)
"""
