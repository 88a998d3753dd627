"""The student passed std**2 to rng.normal as its scale (confusing variance and standard
deviation): random_normal(std=0.1) has standard deviation 0.01. Caught by the public variance test
(std=0.1)."""

MODULE = "initializers"
LOSES = "random_normal"
FEEDBACK = None

SOURCE = """
def random_normal(shape, rng, std=0.01):
    _check_positive("std", std)
    rng = _require_generator(rng)
    return rng.normal(0.0, std**2, size=_as_shape(shape))
"""
