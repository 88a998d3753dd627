"""random_normal ported from Lasagne's Normal (Lasagne/Lasagne lasagne/init.py:
``Normal(std=0.01, mean=0.0)`` samples ``floatX(get_rng().normal(self.mean, self.std,
size=shape))``): Lasagne's default std 0.01 is the contract's, get_rng() is replaced by the rng
given, and floatX is float32 (theano.config.floatX = "float32"), which the contract allows. The
contract's check (std > 0, finite) is added."""

MODULE = "initializers"

SOURCE = """
def random_normal(shape, rng, std=0.01, mean=0.0):
    _check_positive("std", std)
    rng = _require_generator(rng)
    return np.asarray(rng.normal(mean, std, size=_as_shape(shape)), dtype=np.float32)
"""
