"""orthogonal via the SVD of a Gaussian matrix of the flattened shape: U @ Vt (the orthogonal
polar factor) is uniformly distributed over (semi-)orthogonal matrices, so no sign correction
or transposition is needed, unlike the reference's QR."""

MODULE = "initializers"

SOURCE = """
def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows = 1
    for d in dims[:-1]:
        rows *= d
    cols = dims[-1]
    if rows == 0 or cols == 0:
        return np.zeros(dims)
    a = rng.standard_normal((rows, cols))
    u, _, vt = np.linalg.svd(a, full_matrices=False)
    return (gain * (u @ vt)).reshape(dims)
"""
