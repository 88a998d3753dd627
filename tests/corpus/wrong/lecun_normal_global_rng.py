"""The student drew LeCun normal weights from the global np.random.normal instead of the rng
argument: the weights ignore the generator (same rng seed, different weights; different seeds can
give equal weights only by accident) and depend on np.random.seed. Caught by the public
reproducibility and global-state tests."""

MODULE = "initializers"
LOSES = "lecun_normal"
FEEDBACK = None

SOURCE = """
def lecun_normal(shape, rng):
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    return np.random.normal(0.0, math.sqrt(1.0 / fan_in), size=dims)
"""
