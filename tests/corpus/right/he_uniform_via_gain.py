"""he_uniform written PyTorch-style: bound = calculate_gain("leaky_relu", a) * sqrt(3 / fan),
which equals sqrt(6 / ((1 + a^2) fan))."""

MODULE = "initializers"

SOURCE = """
def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    dims = _as_shape(shape)
    if fan == 0:
        return np.zeros(dims)
    gain = calculate_gain("leaky_relu", negative_slope)
    bound = gain * math.sqrt(3.0 / fan)
    return rng.uniform(-bound, bound, size=dims)
"""
