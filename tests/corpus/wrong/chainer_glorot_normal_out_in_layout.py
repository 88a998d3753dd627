"""xavier_normal ported from Chainer's GlorotNormal (chainer/chainer
chainer/initializers/normal.py: s = scale * sqrt(2 / (fan_in + fan_out)), then Normal(s)) with
Chainer's get_fans (chainer/initializer.py: receptive field = prod(shape[2:]),
fan_in = shape[1] * rf, fan_out = shape[0] * rf) used as is. Chainer's weights are
(out, in, *kernel); on the contract's (*kernel, in_channels, out_channels) kernels these fans
are wrong: (3, 3, 32, 64) gives fan_in = fan_out = 3 * 2048 = 6144 instead of (288, 576), so
the variance is about 14 times too small. Dense kernels happen to be right because
fan_in + fan_out does not care which is which. Chainer's ``scale`` is the contract's gain (it
multiplies the standard deviation). Chainer's Normal draws from the global xp.random; this port
draws from rng. A negative gain makes the scale negative, which rng.normal refuses with
ValueError (the contract allows any nonzero gain)."""

MODULE = "initializers"
LOSES = "xavier_normal"
FEEDBACK = None

SOURCE = """
def _chainer_get_fans(shape):
    if not isinstance(shape, tuple):
        raise ValueError("shape must be tuple")
    if len(shape) < 2:
        raise ValueError("shape must be of length >= 2: shape={}".format(shape))
    receptive_field_size = np.prod(shape[2:], dtype=np.int32)
    fan_in = shape[1] * receptive_field_size
    fan_out = shape[0] * receptive_field_size
    return fan_in, fan_out


def xavier_normal(shape, rng, gain=1.0):
    rng = _require_generator(rng)
    dims = _as_shape(shape)
    fan_in, fan_out = _chainer_get_fans(dims)
    if 0 in dims:
        return np.zeros(dims)
    s = gain * np.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(loc=0.0, scale=s, size=dims)
"""
