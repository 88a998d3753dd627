"""orthogonal ported faithfully from Lasagne's Orthogonal (Lasagne/Lasagne lasagne/init.py),
Saxe et al.'s recipe: the tensor is viewed as (shape[0], prod(shape[1:])), a Gaussian matrix of
that shape is decomposed by SVD and the factor with the right shape is kept (``q = u if
u.shape == flat_shape else v``), times gain (gain="relu" means sqrt(2)), cast to floatX
(float32). Unlike the contract: (1) the flattening is Lasagne's (out, in, *kernel) one, so a
(3, 3, 16, 32) kernel gets 3 orthonormal rows of a 3 x 1536 matrix, not the 32 orthonormal
columns of the contract's 144 x 32 view; (2) U alone is not uniformly distributed over
orthogonal matrices (LAPACK's SVD fixes its column signs: for a 4 x 4 matrix E[W[0, 0]] is about
-0.26 instead of 0); (3) a shape with fewer than two dimensions raises RuntimeError, not
ValueError; (4) gain="relu" is accepted where the contract's gain is a number. Lasagne's
get_rng() is replaced by rng."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = None

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    if gain == "relu":
        gain = np.sqrt(2)
    rng = _require_generator(rng)
    shape = _as_shape(shape)
    if len(shape) < 2:
        raise RuntimeError("Only shapes of length 2 or more are supported.")
    flat_shape = (shape[0], int(np.prod(shape[1:])))
    a = rng.normal(0.0, 1.0, flat_shape)
    u, _, v = np.linalg.svd(a, full_matrices=False)
    q = u if u.shape == flat_shape else v
    q = q.reshape(shape)
    return np.asarray(gain * q, dtype=np.float32)
"""
