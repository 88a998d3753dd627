"""xavier_normal written as Keras's GlorotNormal (keras-team/keras
keras/src/initializers/random_initializers.py: GlorotNormal = VarianceScaling(scale=1.0,
mode="fan_avg", distribution="truncated_normal")), with the gain folded in as scale = gain^2.
Keras's Glorot normal is a normal truncated at two standard deviations (with the 0.8796
correction, so the variance is right), but the contract's xavier_normal is PyTorch's
xavier_normal_: an untruncated N(0, gain^2 * 2 / (fan_in + fan_out)). The docstring of the
reference says so in as many words. The draws have the right variance but the wrong family
(kurtosis 2.37 instead of 3) and no value beyond 2.27 std."""

MODULE = "initializers"
LOSES = "xavier_normal"
FEEDBACK = None

SOURCE = """
def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, scale=gain**2, mode="fan_avg", distribution="truncated_normal")
"""
