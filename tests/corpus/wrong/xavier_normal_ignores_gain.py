"""The student validated gain but never used it: xavier_normal always has variance
2 / (fan_in + fan_out), so gain=2 gives a quarter of the target variance gain^2 * 2 / (fan_in +
fan_out). The public tests (all with the default gain=1) do not catch it."""

MODULE = "initializers"
LOSES = "xavier_normal"
FEEDBACK = "gain"

SOURCE = """
def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, scale=1.0, mode="fan_avg", distribution="untruncated_normal")
"""
