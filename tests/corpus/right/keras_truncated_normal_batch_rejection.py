"""variance_scaling's truncated normal drawn the way Keras 3's NumPy backend does it
(keras-team/keras keras/src/backend/numpy/random.py: truncated_normal): draw a whole batch of
N(0, s^2) of the full size, keep the values within [-2 s, 2 s], append, repeat until there are
enough, keep the first prod(shape). The kept values are independent draws of N(0, s^2)
restricted to [-2 s, 2 s], exactly the contract's truncated normal (the reference redraws only
the values outside; both are rejection sampling). Keras's own default_rng(seed) is replaced by
the rng passed in, so randomness comes only from it."""

MODULE = "initializers"

SOURCE = """
def _truncated_normal(shape, rng, std):
    lower_bound, upper_bound = -2 * std, 2 * std
    flat_shape = math.prod(shape)
    random_numbers = np.empty(0)
    while random_numbers.shape[0] < flat_shape:
        batch = rng.normal(loc=0.0, scale=std, size=flat_shape)
        valid = batch[(batch >= lower_bound) & (batch <= upper_bound)]
        random_numbers = np.append(random_numbers, valid)
    return random_numbers[:flat_shape].reshape(shape)
"""
