"""compute_fans ported from Chainer 1's get_fans (chainer/chainer chainer/initializer.py of
Chainer v1, "forked from keras": ``fan_in = numpy.prod(shape[1:])``, ``fan_out = shape[0]``),
translated to the contract's layout (Chainer's shape[0] is the output axis, the contract's is
shape[-1]): fan_in = prod(shape[:-1]), fan_out = shape[-1]. fan_in is the contract's at every
rank, but fan_out leaves out the receptive field: (3, 3, 32, 64) gives (288, 64) instead of
(288, 576). Dense kernels are right. he_normal(mode="fan_out"), which takes its fan from
compute_fans, draws a 3 x 3 convolution kernel with 9 times the variance asked for (and
xavier_* and variance_scaling's fan_out/fan_avg modes go wrong the same way). Rank < 2 raises
ValueError, as in Chainer and the contract."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape)
    if len(dims) < 2:
        raise ValueError("shape must be of length >= 2: shape={}".format(dims))
    fan_in = math.prod(dims[:-1])
    fan_out = dims[-1]
    return fan_in, fan_out
"""
