"""xavier_uniform ported from the Theano Deep Learning Tutorials (lisa-lab/DeepLearningTutorials
code/mlp.py HiddenLayer and code/convolutional_mlp.py LeNetConvPoolLayer): dense weights get
U(+-sqrt(6 / (n_in + n_out))); convolution filters get ``fan_in = prod(filter_shape[1:])`` and
``fan_out = filter_shape[0] * prod(filter_shape[2:]) // prod(poolsize)``, with poolsize=(2, 2):
"each unit in the lower layer receives a gradient from num output feature maps * filter height *
filter width / pooling size". Translated to the contract's (*kernel, in, out) layout, the
convolution fan_out is divided by 4 (the layer's max-pooling), which the contract's
fan_out = shape[-1] * prod(shape[:-2]) does not do: (3, 3, 32, 64) gives
fan_in + fan_out = 288 + 144 instead of 288 + 576, a variance 2 times too large. Dense kernels
are right. Gain multiplies the bound; floatX is float32; the tutorial's
numpy.random.RandomState(23455) passed in as rng becomes the contract's Generator."""

MODULE = "initializers"
LOSES = "xavier_uniform"
FEEDBACK = None

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0, poolsize=(2, 2)):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    filter_shape = _as_shape(shape, min_rank=2)
    if len(filter_shape) == 2:
        n_in, n_out = filter_shape
    else:
        receptive = math.prod(filter_shape[:-2])
        n_in = filter_shape[-2] * receptive
        n_out = filter_shape[-1] * receptive // math.prod(poolsize)
    if 0 in filter_shape:
        return np.zeros(filter_shape, dtype=np.float32)
    W_bound = abs(gain) * np.sqrt(6.0 / (n_in + n_out))
    return np.asarray(rng.uniform(low=-W_bound, high=W_bound, size=filter_shape), dtype=np.float32)
"""
