"""The student multiplied the variance by gain instead of gain^2 (gain scales the standard
deviation): b = sqrt(gain * 6 / (fan_in + fan_out)), so gain=2 gives half the target variance and
a negative gain raises (scale must be positive). Right for gain=1, so the public tests do not
catch it."""

MODULE = "initializers"
LOSES = "xavier_uniform"
FEEDBACK = None

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, scale=gain, mode="fan_avg", distribution="uniform")
"""
