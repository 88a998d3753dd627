"""orthogonal ported from JAX's jax.nn.initializers.orthogonal (google/jax
jax/_src/nn/initializers.py): n_rows = prod(shape) // shape[-1], n_cols = shape[-1], a normal
matrix with the larger side first, QR, Q times sign(diag(R)) broadcast over its columns,
transposed when n_rows < n_cols, reshaped to shape (column_axis = -1), times gain. That is the
contract's construction. JAX divides by shape[-1] and so fails on an empty last axis; the
student returns an empty array for any empty shape before that, as the contract asks, and keeps
the reference's gain check (orthogonal's docstring lists no error)."""

MODULE = "initializers"

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    shape = _as_shape(shape)
    if len(shape) < 2:
        raise ValueError("orthogonal initializer requires at least a 2D shape")
    if math.prod(shape) == 0:
        return np.zeros(shape)
    n_rows, n_cols = math.prod(shape) // shape[-1], shape[-1]
    matrix_shape = (n_cols, n_rows) if n_rows < n_cols else (n_rows, n_cols)
    a = rng.normal(size=matrix_shape)
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    if n_rows < n_cols:
        q = q.T
    return gain * np.reshape(q, shape)
"""
