"""xavier_uniform ported from Chainer's GlorotUniform (chainer/chainer
chainer/initializers/uniform.py: s = scale * sqrt(6 / (fan_in + fan_out)), then
Uniform(s, rng=rng), which draws rng.uniform(low=-s, high=s)), with Chainer's scale as the
contract's gain (both multiply the bound, i.e. the standard deviation) and Chainer's rng option
used with the Generator given. Chainer's get_fans assumes its (out, in, *kernel) layout; the
student uses the contract's compute_fans instead, which is what the contract's layout needs.
U(-s, s) does not depend on the sign of s, and rng.uniform refuses low > high, so the bound is
taken with abs(gain); empty shapes return empty arrays."""

MODULE = "initializers"

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims)
    s = abs(gain) * np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(low=-s, high=s, size=dims)
"""
