"""The student returned np.zeros(shape, dtype=int): the values are zero but the array is an
integer array, not a float array. Caught by the public dtype test."""

MODULE = "initializers"
LOSES = "zeros"
FEEDBACK = None

SOURCE = """
def zeros(shape, rng=None):
    return np.zeros(_as_shape(shape), dtype=int)
"""
