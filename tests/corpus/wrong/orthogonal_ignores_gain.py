"""The student validated gain but returned the orthogonal matrix without multiplying by it, so
W^T W = I instead of gain^2 I. Caught by the public orthogonal test (gain=2)."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = "gain"

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows, cols = math.prod(dims[:-1]), dims[-1]
    if rows * cols == 0:
        return np.zeros(dims)
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return q.reshape(dims)
"""
