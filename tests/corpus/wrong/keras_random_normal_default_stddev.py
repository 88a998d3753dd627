"""random_normal ported from Keras's RandomNormal (keras-team/keras
keras/src/initializers/random_initializers.py: RandomNormal(mean=0.0, stddev=0.05)) with Keras's
default: std = 0.05. The contract's random_normal defaults to std = 0.01, so the default draws
have 25 times the variance asked for. With an explicit std the draws are right."""

MODULE = "initializers"
LOSES = "random_normal"
FEEDBACK = None

SOURCE = """
def random_normal(shape, rng, std=0.05):
    _check_positive("std", std)
    return _require_generator(rng).normal(loc=0.0, scale=std, size=_as_shape(shape))
"""
