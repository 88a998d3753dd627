"""The student always used the ReLU variance 2 / fan in he_normal and ignored negative_slope: with
negative_slope=1 (a linear unit) the variance should be 1 / fan but is 2 / fan. The public tests
(default slope 0) do not catch it."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    return variance_scaling(shape, rng, scale=2.0, mode=mode, distribution="untruncated_normal")
"""
