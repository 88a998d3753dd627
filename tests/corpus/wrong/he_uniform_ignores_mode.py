"""The student checked mode but always used fan_in in he_uniform: mode="fan_out" on (512, 128)
gives variance 2/512 instead of 2/128. The public tests (default mode) do not catch it."""

MODULE = "initializers"
LOSES = "he_uniform"
FEEDBACK = None

SOURCE = """
def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    scale = 2.0 / (1.0 + negative_slope**2)
    return variance_scaling(shape, rng, scale=scale, mode="fan_in", distribution="uniform")
"""
