"""The student drew LeCun "uniform" weights from N(0, 1/fan_in): the variance is right but the
family is wrong (kurtosis 3 instead of 1.8) and values exceed the bound sqrt(3 / fan_in) (the
docstring example on (300, 10), max |w| <= 0.1, fails). The public tests do not catch it."""

MODULE = "initializers"
LOSES = "lecun_uniform"
FEEDBACK = None

SOURCE = """
def lecun_uniform(shape, rng):
    return variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="untruncated_normal")
"""
