"""The student swapped the two fans (torch's weight layout is (out, in), the kit's is (in, out)):
compute_fans((512, 128)) returns (128, 512). Every fan-based initializer inherits the swap. Caught
by the public compute_fans test."""

MODULE = "initializers"
LOSES = "compute_fans"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape, min_rank=2)
    receptive_field = 1
    for d in dims[:-2]:
        receptive_field *= d
    fan_in = dims[-1] * receptive_field
    fan_out = dims[-2] * receptive_field
    return fan_in, fan_out
"""
