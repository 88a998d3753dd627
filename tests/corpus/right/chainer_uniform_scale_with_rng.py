"""random_uniform ported from Chainer's Uniform (chainer/chainer
chainer/initializers/uniform.py: ``Uniform(scale=0.05, rng=rng)`` draws
``rng.uniform(low=-scale, high=scale, size=array.shape)``): Chainer's default scale 0.05 is the
contract's default limit, and with the rng option Chainer draws from the generator it is given,
as the contract asks. The contract's check (limit > 0, finite) is added."""

MODULE = "initializers"

SOURCE = """
def random_uniform(shape, rng, limit=0.05):
    _check_positive("limit", limit)
    rng = _require_generator(rng)
    return rng.uniform(low=-limit, high=limit, size=_as_shape(shape))
"""
