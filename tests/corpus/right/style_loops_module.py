"""Fans, gains and the orthogonal matrix written with plain Python loops, as a student new to NumPy
writes them: the receptive field multiplied out dimension by dimension, the gain looked up by
if/elif, and the orthogonal matrix made by modified Gram-Schmidt on the columns of a Gaussian matrix
(column j made orthogonal to the columns before it, one at a time), which is QR with R's diagonal
positive, so no sign correction is needed."""

MODULE = "initializers"

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape, min_rank=2)
    receptive_field = 1
    for size in dims[:-2]:
        receptive_field = receptive_field * size
    return dims[-2] * receptive_field, dims[-1] * receptive_field


def calculate_gain(nonlinearity, param=None):
    if nonlinearity == "linear" or nonlinearity == "sigmoid":
        return 1.0
    elif nonlinearity == "tanh":
        return 5.0 / 3.0
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    elif nonlinearity == "selu":
        return 3.0 / 4.0
    elif nonlinearity == "leaky_relu":
        if param is None:
            param = 0.01
        if isinstance(param, bool) or not isinstance(param, numbers.Real) or not math.isfinite(param):
            raise ValueError("param must be a finite number, got " + repr(param))
        return math.sqrt(2.0 / (1.0 + param * param))
    raise ValueError("nonlinearity must be one of linear, sigmoid, tanh, relu, leaky_relu, selu; got " + repr(nonlinearity))


def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows = 1
    for size in dims[:-1]:
        rows = rows * size
    cols = dims[-1]
    if rows * cols == 0:
        return np.zeros(dims)
    tall, narrow = max(rows, cols), min(rows, cols)
    a = rng.standard_normal((tall, narrow))
    q = np.zeros((tall, narrow))
    for j in range(narrow):
        v = a[:, j].copy()
        for i in range(j):
            v = v - (q[:, i] @ v) * q[:, i]
        q[:, j] = v / np.linalg.norm(v)
    if rows < cols:
        q = q.T
    return gain * q.reshape(dims)
"""
