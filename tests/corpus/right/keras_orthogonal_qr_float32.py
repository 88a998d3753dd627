"""orthogonal ported from Keras 3's Orthogonal (keras-team/keras
keras/src/initializers/random_initializers.py): rows = prod(shape[:-1]), cols = shape[-1],
flat_shape = (max, min), a normal matrix in floatx (float32), ``q, r = ops.qr(a)``,
``q *= ops.sign(ops.diag(r))`` (the sign correction on Q's columns), transposed when rows < cols,
reshaped, times gain. This is the contract's construction, in float32 (allowed by the
contract); Keras's seed generator is replaced by rng. Keras does not check gain; the student
adds the reference's check (the docstring of orthogonal lists no error, so either is fine), and
returns an empty array for an empty shape."""

MODULE = "initializers"

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    shape = _as_shape(shape)
    if len(shape) < 2:
        raise ValueError(
            f"The tensor to initialize must be at least two-dimensional. Received: shape={shape} of rank {len(shape)}."
        )
    num_rows = 1
    for dim in shape[:-1]:
        num_rows *= dim
    num_cols = shape[-1]
    if num_rows * num_cols == 0:
        return np.zeros(shape, dtype=np.float32)
    flat_shape = (max(num_cols, num_rows), min(num_cols, num_rows))
    a = rng.normal(size=flat_shape).astype(np.float32)
    q, r = np.linalg.qr(a)
    q *= np.sign(np.diag(r))
    if num_rows < num_cols:
        q = q.T
    return (np.float32(gain) * q.reshape(shape)).astype(np.float32)
"""
