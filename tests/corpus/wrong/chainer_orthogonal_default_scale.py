"""orthogonal ported faithfully from Chainer's Orthogonal (chainer/chainer
chainer/initializers/orthogonal.py): ``scale=1.1`` by default ("increased from 1.0"), the array
viewed as (len(array), prod(shape[1:])) (Chainer's (out, in, *kernel) layout), QR of a Gaussian
matrix (transposed when the second side is longer) and ``q *= numpy.copysign(scale,
numpy.diag(r))``, a correct sign correction. Unlike the contract: the default gain is 1.1, so
W^T W = 1.21 I; on a (*kernel, in, out) kernel such as (3, 3, 16, 32) the orthonormal side is
the 3 rows of a 3 x 1536 matrix, not the 32 columns of the contract's 144 x 32 view; an empty
shape raises ValueError ("Array to be initialized must be non-empty") where the contract returns
an empty array; a rank-0 shape gives +-scale and a rank-1 shape a unit column instead of the
ValueError below rank 2. Chainer's global numpy.random is replaced by rng."""

MODULE = "initializers"
LOSES = "orthogonal"
FEEDBACK = None

SOURCE = """
_orthogonal_constraints = {
    "auto": (False, False),
    "projection": (False, True),
    "embedding": (True, False),
    "basis": (True, True),
}


def orthogonal(shape, rng, gain=1.1, mode="auto"):
    try:
        checks = _orthogonal_constraints[mode]
    except KeyError:
        raise ValueError("Invalid mode: {}. Choose from {}.".format(repr(mode), ", ".join(map(repr, _orthogonal_constraints))))
    rng = _require_generator(rng)
    dims = _as_shape(shape)
    if not dims:
        a = int(rng.integers(2))
        return np.array(gain * (2 * a - 1), dtype=np.float64)
    if math.prod(dims) == 0:
        raise ValueError("Array to be initialized must be non-empty.")
    out_dim = dims[0]
    in_dim = math.prod(dims[1:])
    if (in_dim > out_dim and checks[0]) or (in_dim < out_dim and checks[1]):
        raise ValueError(
            "Cannot make orthogonal {}. shape = {}, interpreted as {}-dim input and {}-dim output.".format(
                mode, dims, in_dim, out_dim
            )
        )
    transpose = in_dim > out_dim
    a = rng.normal(size=(out_dim, in_dim))
    if transpose:
        a = a.T
    q, r = np.linalg.qr(a)
    q *= np.copysign(gain, np.diag(r))
    if transpose:
        q = q.T
    return q.reshape(dims)
"""
