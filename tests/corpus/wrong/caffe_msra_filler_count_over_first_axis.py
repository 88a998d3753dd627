"""compute_fans ported from Caffe's MSRAFiller / XavierFiller (BVLC/caffe
include/caffe/filler.hpp) without translating Caffe's layout: fan_in = count / shape(0) and
fan_out = count / shape(1) (count for a 1-D blob). Caffe's blobs are (num_output, channels,
*kernel); on the contract's (fan_in, fan_out) dense kernels this swaps the fans ((512, 128)
gives (128, 512)) and on a (3, 3, 32, 64) convolution kernel it gives (6144, 6144) instead of
(288, 576). It also accepts a 1-D shape (fan_in = 1, fan_out = count) where the contract raises
ValueError, and divides by zero on a zero-size shape. he_normal (Caffe's MSRA filler,
std = sqrt(2 / n)) takes its fan from compute_fans and draws with the wrong variance."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape)
    count = math.prod(dims)
    fan_in = count // dims[0]
    fan_out = count // dims[1] if len(dims) > 1 else count
    return fan_in, fan_out
"""
