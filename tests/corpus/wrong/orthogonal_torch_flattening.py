"""The student flattened the tensor the PyTorch way, rows = shape[0] and columns = the product of
the other dimensions, instead of rows = prod(shape[:-1]) and columns = shape[-1]. Dense kernels
are unaffected, but for a convolution kernel such as (3, 3, 16, 32) the orthonormal side is the
wrong one: W viewed as (144, 32) does not have W^T W = gain^2 I. The public tests (dense only) do
not catch it."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = None

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows = dims[0]
    cols = math.prod(dims[1:])
    if rows * cols == 0:
        return np.zeros(dims)
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return gain * q.reshape(dims)
"""
