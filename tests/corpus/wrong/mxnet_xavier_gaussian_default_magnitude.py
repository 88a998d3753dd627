"""xavier_normal ported from MXNet's Xavier(rnd_type="gaussian") (apache/mxnet
python/mxnet/initializer.py: scale = sqrt(magnitude / factor), factor_type="avg" by default,
magnitude=3 by default, random.normal(0, scale)), with the gain multiplying the weights. MXNet's
magnitude is the numerator of the uniform bound's square (sqrt(3 / fan_avg) is the Glorot
uniform bound); with rnd_type="gaussian" it becomes the variance's numerator, so the draws have
variance 3 gain^2 / fan_avg: three times the contract's gain^2 * 2 / (fan_in + fan_out).
(MXNet users get Glorot normal with magnitude=1.) The fans are the contract's (MXNet's own are
shape[1] * hw and shape[0] * hw of an (out, in, *kernel) weight)."""

MODULE = "initializers"
LOSES = "xavier_normal"
FEEDBACK = None

SOURCE = """
def _mxnet_xavier(dims, rng, rnd_type="uniform", factor_type="avg", magnitude=3):
    fan_in, fan_out = compute_fans(dims)
    if factor_type == "avg":
        factor = (fan_in + fan_out) / 2.0
    elif factor_type == "in":
        factor = fan_in
    elif factor_type == "out":
        factor = fan_out
    else:
        raise ValueError("Incorrect factor type")
    scale = np.sqrt(magnitude / factor)
    if rnd_type == "uniform":
        return rng.uniform(-scale, scale, size=dims)
    elif rnd_type == "gaussian":
        return rng.normal(0, scale, size=dims)
    else:
        raise ValueError("Unknown random type")


def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    if 0 in dims:
        return np.zeros(dims)
    return gain * _mxnet_xavier(dims, rng, rnd_type="gaussian")
"""
