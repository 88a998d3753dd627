"""Every random initializer drawn in float32 from the rng given (``rng.standard_normal(dtype=np.float32)``,
``rng.random(dtype=np.float32)``), its scale computed in float32 too, so that the bounds and the
orthogonal matrices carry float32's rounding (the largest uniform draw can round up past the float64
bound): float32 results are allowed, and the grader's allowances must hold for them."""

MODULE = "initializers"

SOURCE = """
def _bounded_uniform(dims, rng, bound):
    bound = np.float32(bound)
    return (rng.random(dims, dtype=np.float32) * np.float32(2) - np.float32(1)) * bound


def random_normal(shape, rng, std=0.01):
    _check_positive("std", std)
    return _require_generator(rng).standard_normal(_as_shape(shape), dtype=np.float32) * np.float32(std)


def random_uniform(shape, rng, limit=0.05):
    _check_positive("limit", limit)
    return _bounded_uniform(_as_shape(shape), _require_generator(rng), limit)


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims, dtype=np.float32)
    n = np.float32({"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode])
    variance = np.float32(scale) / n
    if distribution == "uniform":
        return _bounded_uniform(dims, rng, np.sqrt(np.float32(3) * variance))
    if distribution == "untruncated_normal":
        return rng.standard_normal(dims, dtype=np.float32) * np.sqrt(variance)
    values = rng.standard_normal(dims, dtype=np.float32)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()), dtype=np.float32)
        outside = np.abs(values) > 2
    return values * (np.sqrt(variance) / np.float32(TRUNCATED_NORMAL_STD))


def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows, cols = math.prod(dims[:-1]), dims[-1]
    if rows * cols == 0:
        return np.zeros(dims, dtype=np.float32)
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols)), dtype=np.float32))
    q = q * np.where(np.diag(r) < 0, np.float32(-1), np.float32(1))
    return (np.float32(gain) * (q.T if rows < cols else q)).reshape(dims)
"""
