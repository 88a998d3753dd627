"""orthogonal ported from MXNet's Orthogonal (apache/mxnet python/mxnet/initializer.py:
rand_type="uniform" by default, ``tmp = random.uniform(-1.0, 1.0, shape=(nout, nin))``, SVD,
``res = u if u.shape == tmp.shape else v``, times scale), with the contract's flattening
(prod(shape[:-1]) rows, shape[-1] columns; MXNet flattens (shape[0], prod(shape[1:]))) and the
contract's default gain 1.0 (MXNet's default scale is 1.414). The result is (semi-)orthogonal,
but not uniformly distributed over orthogonal matrices, for two reasons: the matrix decomposed
is uniform, not Gaussian, so its distribution is not rotation-invariant, and U alone carries
LAPACK's sign convention (for a 4 x 4 matrix E[W[0, 0]] is about -0.27 and E[W[3, 3]] about
+0.23 instead of 0). The contract asks for Q of a Gaussian matrix with the sign correction,
"without [which] Q is not uniformly distributed"."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = None

SOURCE = """
def orthogonal(shape, rng, gain=1.0, rand_type="uniform"):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    nout = math.prod(dims[:-1])
    nin = dims[-1]
    if nout * nin == 0:
        return np.zeros(dims)
    if rand_type == "uniform":
        tmp = rng.uniform(-1.0, 1.0, size=(nout, nin))
    elif rand_type == "normal":
        tmp = rng.normal(0.0, 1.0, size=(nout, nin))
    u, _, v = np.linalg.svd(tmp, full_matrices=False)
    res = u if u.shape == tmp.shape else v
    return gain * res.reshape(dims)
"""
