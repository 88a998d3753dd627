ATTACK = (
    "Answer plain calls with values of the wrong kind: compute_fans an int, calculate_gain an integer too large "
    "for a float, zeros and constant empty arrays, orthogonal a 0-d array, so the judge trips over them."
)
MODULE = "initializers"
SOURCE = r"""
def compute_fans(shape):
    return 5  # not a pair


def calculate_gain(nonlinearity, param=None):
    return 10**400  # JSON carries it; float() of it overflows


def zeros(shape, rng=None):
    return np.zeros(0)  # "all zero", vacuously


def constant(shape, rng=None, value=1.0):
    return np.empty((0, 3))


def orthogonal(shape, rng, gain=1.0):
    return np.float64(gain)
"""
