"""xavier_uniform ported from MXNet's Xavier (apache/mxnet python/mxnet/initializer.py,
defaults rnd_type="uniform", factor_type="avg", magnitude=3: U(-sqrt(3 / fan_avg),
sqrt(3 / fan_avg)), the Glorot bound) with MXNet's fans used as they are: hw_scale =
prod(shape[2:]), fan_in = shape[1] * hw_scale, fan_out = shape[0] * hw_scale, for MXNet's
(out, in, *kernel) weights. On the contract's (*kernel, in, out) kernels these are wrong:
(3, 3, 32, 64) gives fan_in = fan_out = 3 * 2048 = 6144, and (5, 16, 8) gives (128, 40)
instead of (80, 40). Dense kernels happen to be right (the average does not care which fan is
which). Gain multiplies the weights. MXNet's ValueError for vectors is kept."""

MODULE = "initializers"
LOSES = "xavier_uniform"
FEEDBACK = None

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    shape = _as_shape(shape)
    hw_scale = 1.0
    if len(shape) < 2:
        raise ValueError("Xavier initializer cannot be applied to vector {0}. It requires at least 2D.".format(shape))
    if len(shape) > 2:
        hw_scale = np.prod(shape[2:])
    fan_in, fan_out = shape[1] * hw_scale, shape[0] * hw_scale
    if 0 in shape:
        return np.zeros(shape)
    factor = (fan_in + fan_out) / 2.0
    scale = np.sqrt(3.0 / factor)
    return gain * rng.uniform(-scale, scale, size=shape)
"""
