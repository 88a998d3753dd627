"""The student used Var(W) = gain^2 / fan_in (LeCun's forward-only rule) for Xavier normal instead
of gain^2 * 2 / (fan_in + fan_out); on (512, 128) the variance is 0.625 times the target (on a
square shape it happens to be right). Caught by the public variance test."""

MODULE = "initializers"
LOSES = "xavier_normal"
FEEDBACK = None

SOURCE = """
def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, scale=gain**2, mode="fan_in", distribution="untruncated_normal")
"""
