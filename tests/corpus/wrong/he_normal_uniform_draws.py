"""The student drew He "normal" weights from a uniform distribution with the right variance,
U(-sqrt(3 Var), sqrt(3 Var)): the variance is correct but the family is wrong (kurtosis 1.8
instead of 3, no tails). The public tests do not catch it."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = "uniform"

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    return _he(shape, rng, negative_slope, mode, "uniform")
"""
