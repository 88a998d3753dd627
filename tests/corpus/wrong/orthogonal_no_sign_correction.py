"""The student returned the Q of np.linalg.qr without multiplying its columns by the signs of R's
diagonal: Q is still (semi-)orthogonal, but not uniformly distributed (with LAPACK's Householder
QR, W[0, 0] is never positive). The public tests do not catch it."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = None

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows = math.prod(dims[:-1])
    cols = dims[-1]
    if rows * cols == 0:
        return np.zeros(dims)
    gaussian = rng.standard_normal((max(rows, cols), min(rows, cols)))
    q, _ = np.linalg.qr(gaussian)
    if rows < cols:
        q = q.T
    return gain * q.reshape(dims)
"""
