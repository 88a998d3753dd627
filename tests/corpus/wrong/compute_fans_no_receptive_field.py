"""The student returned (shape[-2], shape[-1]) and forgot the receptive field of convolution
kernels: compute_fans((3, 3, 32, 64)) gives (32, 64) instead of (288, 576), so every fan-based
initializer is 9 times too wide on a 3x3 convolution. Dense kernels are right. Caught by the
public compute_fans test."""

MODULE = "initializers"
LOSES = "compute_fans"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape, min_rank=2)
    return dims[-2], dims[-1]
"""
