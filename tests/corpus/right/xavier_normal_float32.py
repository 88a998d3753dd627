"""xavier_normal that draws float64 normals and returns them as float32 (astype(np.float32)); the
values are the reference's rounded to single precision. NOTE: allowed only if the contract is
"a floating ndarray" (as the public tests check); the module docstring of initializers.py says
float64, so a grader that insists on float64 would (deliberately) fail this entry."""

MODULE = "initializers"

SOURCE = """
def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims, dtype=np.float32)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, abs(std), size=dims).astype(np.float32)
"""
