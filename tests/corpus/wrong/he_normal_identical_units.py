"""The student drew a single output unit's column of He normal weights and repeated it for every
output unit (np.repeat along the last axis): each weight has the right distribution and
variance, but all units of the layer are identical, so symmetry is never broken. The public
tests do not catch it."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    fan = fan_in if mode == "fan_in" else fan_out
    std = math.sqrt(2.0 / ((1.0 + negative_slope**2) * fan))
    column = rng.normal(0.0, std, size=dims[:-1] + (1,))
    return np.repeat(column, dims[-1], axis=-1)
"""
