"""The student made a generator of their own, np.random.default_rng(0), inside random_normal and
ignored rng: every call returns the same weights whatever generator is passed in (two layers of
the same shape get identical weights). Caught by the public "other seed, other weights" test."""

MODULE = "initializers"
LOSES = "random_normal"
FEEDBACK = None

SOURCE = """
def random_normal(shape, rng, std=0.01):
    _check_positive("std", std)
    generator = np.random.default_rng(0)
    return generator.normal(0.0, std, size=_as_shape(shape))
"""
