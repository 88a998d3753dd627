"""compute_fans with an explicit loop over the kernel dimensions for the receptive field instead
of math.prod."""

MODULE = "initializers"

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape, min_rank=2)
    receptive_field = 1
    for size in dims[:-2]:
        receptive_field *= size
    fan_in = dims[-2] * receptive_field
    fan_out = dims[-1] * receptive_field
    return fan_in, fan_out
"""
