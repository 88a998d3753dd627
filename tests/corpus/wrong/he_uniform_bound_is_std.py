"""The student set the He uniform bound to the target standard deviation, b = sqrt(Var), instead of
b = sqrt(3 Var): U(-b, b) has variance b^2 / 3, so the weights have a third of the target
variance. Caught by the public variance test."""

MODULE = "initializers"
LOSES = "he_uniform"
FEEDBACK = None

SOURCE = """
def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    fan = fan_in if mode == "fan_in" else fan_out
    bound = math.sqrt(2.0 / ((1.0 + negative_slope**2) * fan))
    return rng.uniform(-bound, bound, size=dims)
"""
