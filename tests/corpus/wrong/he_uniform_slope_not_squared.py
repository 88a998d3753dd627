"""The student divided by (1 + a) instead of (1 + a^2) for the leaky-ReLU slope a in he_uniform:
with a=0.5 the variance is 2 / (1.5 fan) instead of 2 / (1.25 fan) (0.83 times the target), with
a=2 it is 1.67 times; a=0 and a=1 happen to be right, so the public tests do not catch it."""

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
    bound = math.sqrt(6.0 / ((1.0 + negative_slope) * fan))
    return rng.uniform(-bound, bound, size=dims)
"""
