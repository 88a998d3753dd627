"""random_normal written the way CS231n's fc_net.py / cnn.py initialize weights (cs231n
assignment 2: ``self.params['W1'] = weight_scale * np.random.randn(input_dim, hidden_dim)``):
``std * np.random.randn(*shape)``. The draws are N(0, std^2) as asked (the contract's default
std = 0.01 is kept; CS231n's weight_scale defaults to 1e-3), but they come from NumPy's global
random state, not from the rng passed in, which is never advanced: the contract says randomness
comes only from the Generator given."""

MODULE = "initializers"
LOSES = "random_normal"
FEEDBACK = None

SOURCE = """
def random_normal(shape, rng, std=0.01):
    _check_positive("std", std)
    _require_generator(rng)
    return std * np.random.randn(*_as_shape(shape))
"""
