"""The student drew random_uniform from U(0, limit) instead of U(-limit, limit): every weight is
positive, the mean is limit / 2 and the variance limit^2 / 12. Caught by the public variance and
mean test."""

MODULE = "initializers"
LOSES = "random_uniform"
FEEDBACK = None

SOURCE = """
def random_uniform(shape, rng, limit=0.05):
    _check_positive("limit", limit)
    rng = _require_generator(rng)
    return rng.uniform(0.0, limit, size=_as_shape(shape))
"""
