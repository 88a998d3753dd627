"""The student followed PyTorch's (out_features, in_features) habit and unpacked compute_fans the
wrong way round, so the default mode="fan_in" uses fan_out (and "fan_out" uses fan_in): on
(512, 128) the variance is 2/128 instead of 2/512. Caught by the public variance test."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = "fan_out"

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_out, fan_in = compute_fans(shape)  # torch layout: (out, in)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    fan = fan_in if mode == "fan_in" else fan_out
    std = math.sqrt(2.0 / ((1.0 + negative_slope**2) * fan))
    return rng.normal(0.0, std, size=dims)
"""
