"""orthogonal ported from Keras 2.0's Orthogonal (keras/initializers.py of Keras 2.0-2.1, and
tensorflow/python/keras/initializers.py of TensorFlow 1.4): the tensor is viewed as a
(prod(shape[:-1]), shape[-1]) matrix, as in the contract, a Gaussian matrix of that shape is
decomposed by SVD, and the factor with the right shape is kept (``q = u if u.shape ==
flat_shape else v``), times gain; then ``q[:shape[0], :shape[1]]``. The result is
(semi-)orthogonal, but U alone is not uniformly distributed over orthogonal matrices: LAPACK's
SVD fixes the signs of U's columns (paired with V's) by its own convention, so for a square
4 x 4 matrix E[W[0, 0]] is about -0.26 and E[W[3, 3]] about +0.23 instead of 0 (the orthogonal
polar factor U @ V^T, or QR with the sign correction, is uniform). np.random.normal is replaced
by rng, and the contract's ValueError below rank 2 is kept (Keras 2.0 has no check and fails
with an IndexError on a (10,) shape)."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = None

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    shape = _as_shape(shape, min_rank=2)
    num_rows = 1
    for dim in shape[:-1]:
        num_rows *= dim
    num_cols = shape[-1]
    flat_shape = (num_rows, num_cols)
    if num_rows * num_cols == 0:
        return np.zeros(shape)
    a = rng.normal(0.0, 1.0, flat_shape)
    u, _, v = np.linalg.svd(a, full_matrices=False)
    q = u if u.shape == flat_shape else v
    q = q.reshape(shape)
    return gain * q[: shape[0], : shape[1]]
"""
