"""For a wide matrix (fewer rows than columns) the student took Q of shape (cols, rows) and
reshaped it to (rows, cols) instead of transposing it: the shape is right but neither W W^T nor
W^T W is a multiple of the identity. Tall and square shapes are right, so the public test
(128, 64) does not catch it."""

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
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    q = q * np.sign(np.diag(r))
    return gain * q.reshape(dims)
"""
